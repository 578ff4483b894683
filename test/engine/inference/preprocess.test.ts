/**
 * The input contract applied before the superlet (preprocess.ts). Expected values are built from
 * the DSP modules' own functions (tested against scipy in test/engine/dsp), so these tests check the
 * order and wiring: band-pass at the source rate → resample → 10-s windows → z-score per window.
 */
import { describe, expect, it } from 'vitest';
import { DspParamError } from '../../../src-main/engine/errors';
import { bandpassZeroPhase } from '../../../src-main/engine/dsp/filter';
import { zscore } from '../../../src-main/engine/dsp/normalize';
import { resampleToRate } from '../../../src-main/engine/dsp/resample';
import type { InputContract } from '../../../src-main/engine/inference/model-spec';
import { prepareSegments } from '../../../src-main/engine/inference/preprocess';
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
