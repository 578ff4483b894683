/**
 * The prepared GPU benchmark (scripts/bench-gpu.ts) stays runnable: a dry run on the CPU provider with
 * tiny sizes writes its JSON with every path, and the CPU and ONNX superlets agree on the images.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'ecgnq-bench-gpu-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('dry-runs on the CPU with tiny sizes', async () => {
  const out = join(tmp, 'bench.json');
  const args = ['--import', 'tsx', 'scripts/bench-gpu.ts', '--device', 'cpu', '--batches', '1,2', '--leads', '2', '--cpu-leads', '2', '--agree', '2', '--runs', '1', '--out', out];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT });
  expect(stdout).toMatch(/best end to end \(float64 superlet, as scoring runs\): \d+ lead-segments\/s at batch [12]/);
  const result = JSON.parse(readFileSync(out, 'utf8')) as { rows: { path: string; batch: number; endToEndPerS: number }[]; agreement: { leads: number; imagesIdentical: number; maxAbsPsnrDb: number } };
  expect(result.rows.map((r) => `${r.path} @${r.batch}`)).toEqual([
    'CPU, TypeScript superlet workers @16',
    'CPU, ONNX superlet float64 @1',
    'CPU, ONNX superlet float64 @2',
    'CPU, ONNX superlet float32 @2',
  ]);
  for (const r of result.rows) {
    expect(r.endToEndPerS).toBeGreaterThan(0);
  }
  expect(result.agreement).toEqual({ leads: 2, imagesIdentical: 2, maxAbsPsnrDb: 0 });
}, 120_000);
