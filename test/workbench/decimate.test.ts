/** Min/max decimation of traces for the other-leads strip (hand-computed expectations). */
import { describe, expect, it } from 'vitest';
import { minMaxDecimate } from '../../src-main/workbench/decimate';

describe('minMaxDecimate', () => {
  it('keeps min and max of each bucket in time order', () => {
    // Buckets of 3: [0, 5, -1] → min -1 (i=2) after max 5 (i=1) → 5, -1; [2, 2, 9] → 2, 9.
    expect(minMaxDecimate([0, 5, -1, 2, 2, 9], 2)).toEqual([5, -1, 2, 9]);
  });

  it('returns short signals unchanged (rounded to 1e-4)', () => {
    expect(minMaxDecimate([0.123456, 1], 4)).toEqual([0.1235, 1]);
  });

  it('keeps a one-sample spike that plain subsampling would drop', () => {
    const signal = new Float64Array(5000);
    signal[2501] = 3.2;
    const out = minMaxDecimate(signal, 300);
    expect(out).toHaveLength(600);
    expect(Math.max(...out)).toBe(3.2);
  });
});
