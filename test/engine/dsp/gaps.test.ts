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

describe('fillInvalidRuns on a span with anchors', () => {
  it('fills every span of a lead exactly as the whole lead, given the finite samples outside it', () => {
    // Runs at the span edges, a span inside one run, leading and trailing runs of the lead.
    const lead = [N, N, 3, N, N, N, 7.5, 1, N, N, N, N, N, -2, N, 0.25, N, N];
    const whole = fillInvalidRuns(lead) as Float64Array;
    const finite = lead.map((v, i) => (Number.isNaN(v) ? -1 : i)).filter((i) => i >= 0);
    for (let start = 0; start < lead.length; start++) {
      for (let end = start + 1; end <= lead.length; end++) {
        const before = finite.filter((i) => i < start).pop();
        const after = finite.find((i) => i >= end);
        const anchors = {
          before: before === undefined ? null : { distance: start - before, value: lead[before] },
          after: after === undefined ? null : { distance: after - (end - 1), value: lead[after] },
        };
        const span = fillInvalidRuns(lead.slice(start, end), anchors) as Float64Array;
        expect(Array.from(span), `span [${start}, ${end})`).toEqual(Array.from(whole.subarray(start, end)));
      }
    }
  });

  it('returns null only when neither the span nor an anchor holds a finite sample', () => {
    expect(fillInvalidRuns([N, N], { before: null, after: null })).toBeNull();
    expect(Array.from(fillInvalidRuns([N, N], { before: { distance: 1, value: 4 }, after: null }) as Float64Array)).toEqual([4, 4]);
    expect(Array.from(fillInvalidRuns([N, N], { before: null, after: { distance: 2, value: 6 } }) as Float64Array)).toEqual([6, 6]);
    // 0 at −1 and 6 at index 2 (distance 1 after the last): 2 per sample
    expect(Array.from(fillInvalidRuns([N, N], { before: { distance: 1, value: 0 }, after: { distance: 1, value: 6 } }) as Float64Array)).toEqual([2, 4]);
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
