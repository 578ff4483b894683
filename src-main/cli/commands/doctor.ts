/**
 * `ecgnq doctor`: what runs where on this machine — Node/npm, native modules and their ABI, ONNX
 * Runtime and the providers that start, the GPU, the superlet back end, the model, Chromium — and for
 * each problem the command that fixes it. Exits 1 when scoring or the tests cannot run.
 */
import type { Command } from 'commander';
import {
  type Check,
  checkBackend,
  checkChromium,
  checkGpu,
  checkModel,
  checkNativeModules,
  checkOnnxRuntime,
  checkPython,
  checkRuntime,
} from '../doctor/checks';
import { DEFAULT_MODEL_DIR } from '../../engine/package-info';

/** Runs every check, in report order. */
export async function runDoctor(modelDir: string = DEFAULT_MODEL_DIR): Promise<Check[]> {
  return [
    checkRuntime(),
    ...checkNativeModules(),
    ...(await checkOnnxRuntime()),
    checkGpu(),
    await checkBackend(),
    await checkModel(modelDir),
    checkChromium(),
    checkPython(),
  ];
}

/** The report as text: one line per check, its fix indented below. */
export function formatDoctor(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.flatMap((c) => {
    const head = `${`[${c.status}]`.padEnd(6)} ${c.name.padEnd(width)}  ${c.detail}`;
    return c.fix && c.status !== 'ok' ? [head, `${' '.repeat(width + 9)}fix: ${c.fix}`] : [head];
  });
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  lines.push('', failed > 0 ? `${failed} problem(s) stop scoring or the tests; see the fixes above.` : `ready${warned > 0 ? ` (${warned} warning(s) for optional parts)` : ''}.`);
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('Check what runs where: Node/npm, native modules and ABI, ONNX Runtime providers, GPU, superlet back end, model, Chromium')
    .option('--model <dir>', 'model folder to check', DEFAULT_MODEL_DIR)
    .option('--json', 'print the checks as JSON')
    .action(async (o: { model: string; json?: boolean }) => {
      const checks = await runDoctor(o.model);
      process.stdout.write(o.json ? `${JSON.stringify(checks, null, 2)}\n` : `${formatDoctor(checks)}\n`);
      if (checks.some((c) => c.status === 'fail')) {
        process.exitCode = 1;
      }
    });
}
