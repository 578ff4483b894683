/**
 * The input contract applied before the superlet (preprocess.ts). Expected values are built from
 * the DSP modules' own functions (tested against scipy in test/engine/dsp), so these tests check the
 * order and wiring: band-pass at the source rate → resample → 10-s windows → z-score per window,
 * and for invalid (NaN) samples: fill before the filter, count per window at the source rate, skip.
 */
import { describe, expect, it } from 'vitest';
import { DspParamError } from '../../../src-main/engine/errors';
import { bandpassZeroPhase } from '../../../src-main/engine/dsp/filter';
import { zscore } from '../../../src-main/engine/dsp/normalize';
import { resampleToRate } from '../../../src-main/engine/dsp/resample';
import type { InputContract } from '../../../src-main/engine/inference/model-spec';
import { fillInvalidRuns } from '../../../src-main/engine/dsp/gaps';
import { MAX_INVALID_FRACTION, prepareRecordSegments, prepareSegments } from '../../../src-main/engine/inference/preprocess';
import type { EcgRecord } from '../../../src-main/engine/types';

const CONTRACT: InputContract = { fsHz: 100, bandpassHz: [0.5, 40], normalization: 'zscore', units: 'zscore', segmentS: 10 };

function record(fsHz: number | null, seconds: number, leads = 2, unitsKnown = true): EcgRecord {
  const n = Math.round((fsHz ?? 100) * seconds);
  const signals = Array.from({ length: leads }, (_, l) =>
    Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 1.2 * i) / (fsHz ?? 100) + l) + 0.3 * Math.sin(i * 0.37 * (l + 1)) + 0.5),
  );
  return {
    source: 'synthetic.npy',
    name: 'synthetic',
    format: 'npy',
    fsHz,
    leadNames: ['I', 'II', 'III'].slice(0, leads),
    signals,
    unitsKnown,
    sourceUnits: signals.map(() => (unitsKnown ? 'mV' : 'unknown')),
    metadata: {},
  };
}

describe('prepareSegments', () => {
  it('band-passes at the source rate, resamples to the model rate, windows, z-scores each window', () => {
    const rec = record(500, 25);
    const segs = prepareSegments(rec, CONTRACT);
    // 25 s → windows [0,10), [10,20) and the trailing [15,25) with 5 s (128 columns) new
    expect(segs.map((s) => [s.leadIndex, s.segmentIndex, s.startS, s.endS, s.validColumns])).toEqual([
      [0, 0, 0, 10, 256],
      [0, 1, 10, 20, 256],
      [0, 2, 15, 25, 128],
      [1, 0, 0, 10, 256],
      [1, 1, 10, 20, 256],
      [1, 2, 15, 25, 128],
    ]);
    const chain = resampleToRate(bandpassZeroPhase(rec.signals[1], 500, 0.5, 40), 500, 100);
    const expected = zscore(chain.slice(1500, 2500)).values;
    expect(segs[5].signal).toEqual(expected);
    expect(segs[5].leadName).toBe('II');
    let sum = 0;
    for (const v of segs[0].signal) {
      sum += v;
    }
    expect(Math.abs(sum / 1000)).toBeLessThan(1e-12);
  });

  it("'mv' contract keeps millivolts and needs known units; no band-pass when null", () => {
    const mv: InputContract = { ...CONTRACT, bandpassHz: null, normalization: 'mv' };
    const rec = record(100, 10);
    expect(prepareSegments(rec, mv)[0].signal).toEqual(rec.signals[0]);
    expect(() => prepareSegments(record(100, 10, 1, false), mv)).toThrow(/millivolts/);
  });

  it('a file without a rate needs fsHz; leads can be selected; short records fail', () => {
    expect(() => prepareSegments(record(null, 10), CONTRACT)).toThrow(DspParamError);
    expect(prepareSegments(record(null, 10), CONTRACT, { fsHz: 100 })).toHaveLength(2);
    expect(prepareSegments(record(100, 10, 3), CONTRACT, { leads: [2] }).map((s) => s.leadName)).toEqual(['III']);
    expect(() => prepareSegments(record(100, 10), CONTRACT, { leads: [5] })).toThrow(/no lead 5/);
    expect(() => prepareSegments(record(100, 8), CONTRACT)).toThrow(/at least 10 s/);
  });
});

describe('prepareRecordSegments: invalid samples', () => {
  it('fills NaN runs before the filter, counts them per window (tail window included), skips an all-NaN lead', () => {
    const rec = record(500, 25, 3);
    // 500 Hz, 25 s: windows [0,5000), [5000,10000) and the trailing [7500,12500) (source samples)
    rec.signals[0].fill(Number.NaN, 2000, 2100); // window 0 only: 100
    rec.signals[0].fill(Number.NaN, 9000, 9300); // window 1 and the tail window: 300
    rec.signals[0].fill(Number.NaN, 12000, 12100); // tail window only: 100
    rec.signals[1].fill(Number.NaN);
    const { segments, skipped } = prepareRecordSegments(rec, CONTRACT);
    expect(segments.map((s) => [s.leadName, s.segmentIndex, s.invalidSamples, s.invalidFraction])).toEqual([
      ['I', 0, 100, 0.02],
      ['I', 1, 300, 0.06],
      ['I', 2, 400, 0.08],
      ['III', 0, 0, 0],
      ['III', 1, 0, 0],
      ['III', 2, 0, 0],
    ]);
    for (const s of segments) {
      expect(s.signal.every(Number.isFinite)).toBe(true);
    }
    // the chain runs on the filled lead
    const filled = fillInvalidRuns(rec.signals[0]) as Float64Array;
    expect(segments[1].signal).toEqual(zscore(resampleToRate(bandpassZeroPhase(filled, 500, 0.5, 40), 500, 100).slice(1000, 2000)).values);
    // a clean lead of the same record is prepared exactly as before
    const chain = resampleToRate(bandpassZeroPhase(rec.signals[2], 500, 0.5, 40), 500, 100);
    expect(segments[5].signal).toEqual(zscore(chain.slice(1500, 2500)).values);
    expect(skipped).toEqual([
      { leadIndex: 1, leadName: 'II', segmentIndex: null, startS: null, endS: null, invalidSamples: 12500, invalidFraction: 1, reason: 'synthetic.npy: lead II has no valid samples; not scored' },
    ]);
  });

  it('maps windows to source spans at a non-integer rate ratio (360 Hz → 100 Hz)', () => {
    const rec = record(360, 25, 1);
    // 9000 samples → 2500 at 100 Hz; windows [0,3600), [3600,7200), tail [5400,9000) at 360 Hz
    rec.signals[0].fill(Number.NaN, 5300, 5500);
    const segs = prepareSegments(rec, CONTRACT);
    expect(segs.map((s) => [s.segmentIndex, s.invalidSamples])).toEqual([
      [0, 0],
      [1, 200],
      [2, 100],
    ]);
    expect(segs[2].invalidFraction).toBe(100 / 3600);
  });

  it('skips windows above the limit with a reason naming file, lead, window and fraction', () => {
    expect(MAX_INVALID_FRACTION).toBe(0.1);
    const rec = record(500, 25, 1);
    rec.signals[0].fill(Number.NaN, 1000, 1600); // window 0: 600 of 5000 = 12 %
    rec.signals[0].fill(Number.NaN, 9000, 9300); // window 1: 6 %, tail: 6 %
    const byDefault = prepareRecordSegments(rec, CONTRACT);
    expect(byDefault.segments.map((s) => s.segmentIndex)).toEqual([1, 2]);
    expect(byDefault.skipped).toEqual([
      {
        leadIndex: 0,
        leadName: 'I',
        segmentIndex: 0,
        startS: 0,
        endS: 10,
        invalidSamples: 600,
        invalidFraction: 0.12,
        reason: 'synthetic.npy: lead I window 0 (0–10 s) has 12.0 % invalid samples (600 of 5000), above the 10.0 % limit; not scored',
      },
    ]);
    const strict = prepareRecordSegments(rec, CONTRACT, { maxInvalidFraction: 0.05 });
    expect(strict.segments).toEqual([]);
    expect(strict.skipped.map((s) => s.reason)).toEqual([
      'synthetic.npy: lead I window 0 (0–10 s) has 12.0 % invalid samples (600 of 5000), above the 5.0 % limit; not scored',
      'synthetic.npy: lead I window 1 (10–20 s) has 6.0 % invalid samples (300 of 5000), above the 5.0 % limit; not scored',
      'synthetic.npy: lead I window 2 (15–25 s) has 6.0 % invalid samples (300 of 5000), above the 5.0 % limit; not scored',
    ]);
    // only requested windows are reported
    expect(prepareRecordSegments(rec, CONTRACT, { segments: [1] }).skipped).toEqual([]);
    expect(prepareRecordSegments(rec, CONTRACT, { maxInvalidFraction: 1 }).segments).toHaveLength(3);
    // a trailing window without new columns is never scored, so it is not reported as skipped:
    // 10002 samples at 500 Hz → 2001 at 100 Hz: windows [0,1000), [1000,2000) and the tail [1001,2001)
    // with trunc(256 · 1/1000) = 0 new columns; its source span [5005, 10005) is clipped to 10002
    const tail = record(500, 20.004, 1);
    tail.signals[0].fill(Number.NaN, 9000, 10002);
    const tailPrep = prepareRecordSegments(tail, CONTRACT);
    expect(tailPrep.skipped.map((s) => s.segmentIndex)).toEqual([1]);
    expect(tailPrep.segments.map((s) => [s.segmentIndex, s.validColumns, s.invalidSamples])).toEqual([
      [0, 256, 0],
      [2, 0, 1002],
    ]);
    expect(() => prepareRecordSegments(rec, CONTRACT, { maxInvalidFraction: 10 })).toThrow(/fraction in \[0, 1\], got 10/);
    expect(() => prepareRecordSegments(rec, CONTRACT, { maxInvalidFraction: Number.NaN })).toThrow(DspParamError);
  });
});
