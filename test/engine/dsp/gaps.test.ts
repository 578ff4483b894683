/**
 * Invalid-sample fill and counting (dsp/gaps.ts). Expected values are worked by hand: a run between
 * finite neighbours L (index a) and R (index b) takes L + (R − L)·(i − a)/(b − a); runs at the ends
 * take the nearest finite value.
 */
import { describe, expect, it } from 'vitest';
import { fillInvalidRuns, invalidInSpan, invalidPrefixCounts } from '../../../src-main/engine/dsp/gaps';

const N = Number.NaN;

describe('fillInvalidRuns', () => {
  it('interpolates an interior run linearly between its finite neighbours', () => {
    // 1 at index 0, 5 at index 4: step 1 per sample
    expect(Array.from(fillInvalidRuns([1, N, N, N, 5]) as Float64Array)).toEqual([1, 2, 3, 4, 5]);
    // descending, two runs of different length: 10 → 4 over 3 steps, 4 → 6 over 2 steps
    expect(Array.from(fillInvalidRuns([10, N, N, 4, N, 6]) as Float64Array)).toEqual([10, 8, 6, 4, 5, 6]);
  });

  it('extends the first/last finite value over a leading/trailing run', () => {
    expect(Array.from(fillInvalidRuns([N, N, 3, 4]) as Float64Array)).toEqual([3, 3, 3, 4]);
    expect(Array.from(fillInvalidRuns([-1, 2, N, N, N]) as Float64Array)).toEqual([-1, 2, 2, 2, 2]);
    expect(Array.from(fillInvalidRuns([N, 2, N, N, 8, N]) as Float64Array)).toEqual([2, 2, 4, 6, 8, 8]);
  });

  it('treats ±Infinity as invalid, copies finite samples unchanged and leaves the input alone', () => {
    const input = Float64Array.from([0.25, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1]);
    expect(Array.from(fillInvalidRuns(input) as Float64Array)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(input[1]).toBe(Number.POSITIVE_INFINITY);
    const clean = Float64Array.from([0.1, -0.3, 7e-9]);
    expect(fillInvalidRuns(clean)).toEqual(clean);
  });

  it('returns null when no sample is finite (and for an empty signal)', () => {
    expect(fillInvalidRuns([N, N, N])).toBeNull();
    expect(fillInvalidRuns(new Float64Array(0))).toBeNull();
  });
});

describe('invalid sample counting', () => {
  it('prefix counts give the invalid samples of any span, clipped to the signal', () => {
    const signal = [1, N, N, 4, N, 6, 7, N];
    const prefix = invalidPrefixCounts(signal);
    expect(Array.from(prefix)).toEqual([0, 0, 1, 2, 2, 3, 3, 3, 4]);
    expect(invalidInSpan(prefix, 0, 8)).toBe(4);
    expect(invalidInSpan(prefix, 1, 3)).toBe(2);
    expect(invalidInSpan(prefix, 3, 4)).toBe(0);
    expect(invalidInSpan(prefix, 5, 20)).toBe(1); // end past the signal is clipped
    expect(invalidInSpan(prefix, -3, 2)).toBe(1);
    expect(prefix[signal.length]).toBe(4); // the whole signal's count
  });
});
