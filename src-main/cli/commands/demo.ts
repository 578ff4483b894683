/** `ecgnq demo`: the README's first command — runs the main job on the bundled sample records. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run the workbench on the bundled sample records (resources/samples) and print a summary')
    .action(async () => {
      process.stdout.write('ECG Noise Workbench demo: engine under construction.\n');
    });
}
