/**
 * End-to-end check of the signal chain on real data: the raw PTB-XL record HR06005 (500 Hz, from
 * ../shared/data/ptbxl/raw-wfdb) band-passed 0.5–40 Hz (zero phase), z-scored per lead and resampled
 * 500 → 100 Hz must reproduce the shared subset's copy of ecg_id 6005, which its publisher
 * prepared that way and stored as float16. Expected values: test/fixtures/dsp/ptbxl_6005_subset_100hz.json,
 * copied out of ../shared/data/ptbxl/ptbxl_subset_100hz.npz by
 *   .venv/bin/python test/fixtures/dsp/extract_ptbxl_6005.py
 * Tolerance: half a float16 spacing of the stored value + 1e-4. Measured with scipy (same chain):
 * max error 0.00191, 94.3% of samples round to the identical float16; the other order
 * (resample before z-scoring) matches only 15.6%, so the test pins the order down.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bandpassZeroPhase } from '../../../src-main/engine/dsp/filter';
import { zscore } from '../../../src-main/engine/dsp/normalize';
import { resampleToRate } from '../../../src-main/engine/dsp/resample';
import { loadRecords } from '../../../src-main/engine/io/load';

const RAW = new URL('../../../../shared/data/ptbxl/raw-wfdb/HR06005.hea', import.meta.url);

interface SubsetRecord {
  ecgId: number;
  fsHz: number;
  float16Bits: number[][];
}

/** IEEE 754 binary16 → number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) {
    return sign * mantissa * 2 ** -24;
  }
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Half the gap between consecutive float16 values around v (normal range), or subnormal spacing / 2. */
function halfSpacing(v: number): number {
  const a = Math.abs(v);
  return a < 2 ** -14 ? 2 ** -25 : 2 ** (Math.floor(Math.log2(a)) - 11);
}

describe.skipIf(!existsSync(RAW))('PTB-XL chain reproduces the published 100 Hz subset', () => {
  it('HR06005: band-pass → z-score → resample matches ecg_id 6005 within float16 rounding', () => {
    const expected = JSON.parse(
      readFileSync(new URL('../../fixtures/dsp/ptbxl_6005_subset_100hz.json', import.meta.url), 'utf8'),
    ) as SubsetRecord;
    const [record] = loadRecords(RAW.pathname);
    expect(record.fsHz).toBe(500);
    expect(record.signals).toHaveLength(12);
    let worst = 0;
    let identical = 0;
    let total = 0;
    record.signals.forEach((lead, l) => {
      const ours = resampleToRate(zscore(bandpassZeroPhase(lead, 500)).values, 500, expected.fsHz);
      const target = expected.float16Bits[l].map(halfToNumber);
      expect(ours.length).toBe(target.length);
      target.forEach((t, i) => {
        const error = Math.abs(ours[i] - t);
        worst = Math.max(worst, error);
        expect(error).toBeLessThanOrEqual(halfSpacing(t) + 1e-4);
        identical += error <= halfSpacing(t) ? 1 : 0;
        total += 1;
      });
    });
    expect(worst).toBeLessThan(0.002);
    expect(identical / total).toBeGreaterThan(0.9);
  });
});
