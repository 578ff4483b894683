/**
 * zscore / zscoreLeads / unit conversion. Expected values are worked out by hand (population std,
 * i.e. numpy's default ddof=0).
 */
import { describe, expect, it } from 'vitest';
import { DspParamError } from '../../../src-main/engine/errors';
import { millivoltsPerUnit, toMillivolts, zscore, zscoreLeads } from '../../../src-main/engine/dsp/normalize';

describe('zscore', () => {
  it('uses the population standard deviation', () => {
    // x = [1, 2, 3, 4]: mean 2.5, var = (2.25+0.25+0.25+2.25)/4 = 1.25, std = √1.25.
    const r = zscore([1, 2, 3, 4]);
    const s = Math.sqrt(1.25);
    expect(r.mean).toBe(2.5);
    expect(r.std).toBeCloseTo(s, 15);
    expect(r.flat).toBe(false);
    expect(Array.from(r.values)).toEqual([-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
  });

  it('gives zeros and a flag for a flat lead, also when rounding leaves a tiny std', () => {
    const r = zscore(new Float64Array(1000).fill(0.1));
    expect(r.flat).toBe(true);
    expect(r.values.every((v) => v === 0)).toBe(true);
    expect(zscore([0, 0, 0]).flat).toBe(true);
  });

  it('rejects empty and non-finite input', () => {
    expect(() => zscore([])).toThrow(DspParamError);
    expect(() => zscore([1, Number.NaN])).toThrow(/index 1/);
  });

  it('zscoreLeads reports flat leads by index', () => {
    const { signals, flatLeads } = zscoreLeads([[1, 3], [5, 5], [2, 0]]);
    expect(flatLeads).toEqual([1]);
    expect(Array.from(signals[0])).toEqual([-1, 1]);
    expect(Array.from(signals[2])).toEqual([1, -1]);
  });
});

describe('unit conversion', () => {
  it('converts voltages to millivolts', () => {
    expect(millivoltsPerUnit('uV')).toBe(0.001);
    expect(millivoltsPerUnit('µV')).toBe(0.001);
    expect(millivoltsPerUnit('mV')).toBe(1);
    expect(millivoltsPerUnit(' V ')).toBe(1000);
    expect(Array.from(toMillivolts([1000, -500], 'uV'))).toEqual([1, -0.5]);
    expect(() => millivoltsPerUnit('bpm')).toThrow(DspParamError);
  });
});
