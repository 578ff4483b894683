/**
 * The `ecgnq` command-line interface. Each subcommand lives in its own module under
 * `commands/` and exports `register(program)`; this file only assembles them.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { EngineError } from '../engine/errors';
import { APP_VERSION } from '../engine/package-info';

/** A command module: adds one subcommand (with its `--help`) to the program. */
export interface CommandModule {
  register(program: Command): void;
}

async function loadCommands(program: Command): Promise<void> {
  const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(commandsDir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(commandsDir, file)).href)) as Partial<CommandModule>;
    if (typeof mod.register === 'function') {
      mod.register(program);
    }
  }
}

/** Builds the full program (exported for tests that want to inspect `--help`). */
export async function buildProgram(): Promise<Command> {
  const program = new Command()
    .name('ecgnq')
    .description('ECG Noise Workbench: score ECG segment noise with a latent-diffusion anomaly model')
    .version(APP_VERSION)
    .showHelpAfterError();
  await loadCommands(program);
  return program;
}

/** Runs the CLI with `argv` (as `process.argv`); sets `process.exitCode` on failure. */
export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof EngineError) {
      process.stderr.write(`ecgnq: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
