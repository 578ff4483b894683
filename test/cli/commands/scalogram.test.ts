/**
 * `ecgnq scalogram`: the golden signals of ../shared/golden/superlet_golden_cpu_x64.npz (outputs of
 * the paper's original code, float64) must come back through the CLI within the parity tolerance
 * (|Δ| ≤ 1e-3 where golden ≥ −8); a 12-lead PTB-XL record (../shared/data/ptbxl/raw-wfdb/HR06000)
 * gives [12, 1, 32, 256] whose lead II slice equals a --lead II run; errors are typed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runScalogram } from '../../../src-main/cli/commands/scalogram';
import { DspParamError } from '../../../src-main/engine/errors';
import { readNpy } from '../../../src-main/engine/io/npy';
import { readNpz } from '../../../src-main/engine/io/npz';

const ROOT = join(__dirname, '../../..');
const GOLDEN = join(ROOT, '../shared/golden/superlet_golden_cpu_x64.npz');
const PTBXL = join(ROOT, '../shared/data/ptbxl/raw-wfdb/HR06000.hea');
const tmp = mkdtempSync(join(tmpdir(), 'ecgnq-scalogram-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const golden = readNpz(new Uint8Array(readFileSync(GOLDEN)), GOLDEN);
const names = [...new Set([...golden.keys()].map((k) => k.split('.')[0]))].sort();

function readOut(path: string): { shape: number[]; data: Float32Array } {
  const a = readNpy(new Uint8Array(readFileSync(path)), path);
  expect(a.dtype).toBe('<f4');
  return { shape: a.shape, data: a.data as Float32Array };
}

function maxErrAboveFloor(ours: ArrayLike<number>, gold: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] >= -8) {
      e = Math.max(e, Math.abs(ours[i] - gold[i]));
    }
  }
  return e;
}

describe('ecgnq scalogram', () => {
  it.each(names)('reproduces golden %s through --key', async (name) => {
    const out = join(tmp, `${name}.npy`);
    const s = await runScalogram(GOLDEN, { key: `${name}.signal`, outPath: out });
    const { shape, data } = readOut(out);
    expect(shape).toEqual([32, 256]);
    expect(s.segments).toBe(1);
    expect(maxErrAboveFloor(data, golden.get(`${name}.scalogram`)!.data)).toBeLessThanOrEqual(1e-3);
  });

  it('runs as `node bin/ecgnq.js scalogram … --key example_500hz.signal --fs 500`', async () => {
    const out = join(tmp, 'cli.npy');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'bin/ecgnq.js'), 'scalogram', GOLDEN, '--key', 'example_500hz.signal', '--fs', '500', '--out', out],
      { env: { ...process.env, ECGNQ_NO_PROGRESS: '1' } },
    );
    expect(stdout).toMatch(/example_500hz: 1 lead\(s\) × 1 segment\(s\) at 500 Hz/);
    const { data } = readOut(out);
    expect(maxErrAboveFloor(data, golden.get('example_500hz.scalogram')!.data)).toBeLessThanOrEqual(1e-3);
  });

  it('writes [leads, segments, 32, 256] for a 12-lead record on worker threads, equal to a single-lead run', async () => {
    const all = join(tmp, 'hr.npy');
    const one = join(tmp, 'hr-ii.npy');
    const s = await runScalogram(PTBXL, { outPath: all, workers: 2 });
    expect(s.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    await runScalogram(PTBXL, { outPath: one, lead: 'II', workers: 1 });
    const a = readOut(all);
    const b = readOut(one);
    expect(a.shape).toEqual([12, 1, 32, 256]);
    expect(b.shape).toEqual([32, 256]);
    expect(Array.from(a.data.subarray(32 * 256, 2 * 32 * 256))).toEqual(Array.from(b.data));
  });

  it('refuses ambiguous or unknown selections with typed errors', async () => {
    const out = join(tmp, 'bad.npy');
    await expect(runScalogram(GOLDEN, { outPath: out })).rejects.toThrow(/holds 8 records; choose one with --key/);
    await expect(runScalogram(GOLDEN, { outPath: out, key: 'nope' })).rejects.toThrow(DspParamError);
    await expect(runScalogram(PTBXL, { outPath: out, lead: 'V7' })).rejects.toThrow(/no lead 'V7'/);
  });
});
