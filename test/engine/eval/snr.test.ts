/**
 * Pure helpers of the synthetic SNR check (src-main/engine/eval/snr.ts). Expected Spearman values
 * and ranks come from scipy 1.x:
 *   .venv/bin/python -c "from scipy.stats import spearmanr, rankdata; print(spearmanr(x, y).statistic, rankdata(v))"
 * with the arrays written below. The SNR of a mix is measured independently of the gain formula
 * (power ratio of clean over mix − clean).
 */
import { describe, expect, it } from 'vitest';
import { DspParamError } from '../../../src-main/engine/errors';
import { averageRanks, meanPower, median, mixAtSnr, noiseOffsets, snrDb, spearman } from '../../../src-main/engine/eval/snr';

describe('averageRanks / spearman', () => {
  it('ranks ties by their average rank (scipy rankdata "average")', () => {
    expect(Array.from(averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]))).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
  });

  it('matches scipy.stats.spearmanr with ties on both sides', () => {
    const x = [24, 24, 18, 18, 12, 12, 6, 6, 0, 0, -6, -6];
    const y = [30.1, 29.5, 28.0, 29.9, 25.2, 26.0, 22.1, 22.1, 18.4, 20.0, 17.0, 16.5];
    expect(spearman(x, y)).toBeCloseTo(0.9770294090586085, 12);
    const a = [1.5, 2.5, 2.5, 0.3, 7.1, 7.1, 7.1, -2.0];
    const b = [3.0, 1.0, 2.0, 2.0, 5.0, 4.0, 4.0, 0.5];
    expect(spearman(a, b)).toBeCloseTo(0.8138058888328231, 12);
  });

  it('is ±1 for monotone relations, invariant to monotone transforms, NaN for a constant side', () => {
    const x = [1, 2, 3, 4, 5];
    expect(spearman(x, x.map((v) => Math.exp(v)))).toBeCloseTo(1, 15);
    expect(spearman(x, x.map((v) => -(v ** 3)))).toBeCloseTo(-1, 15);
    expect(spearman(x, [Infinity, 9, 8, 7, -Infinity])).toBeCloseTo(-1, 15);
    expect(spearman(x, [2, 2, 2, 2, 2])).toBeNaN();
  });

  it('rejects mismatched lengths, < 2 pairs and NaN', () => {
    expect(() => spearman([1, 2], [1])).toThrow(DspParamError);
    expect(() => spearman([1], [1])).toThrow(DspParamError);
    expect(() => spearman([1, Number.NaN], [1, 2])).toThrow(DspParamError);
  });
});

describe('mixAtSnr', () => {
  // A synthetic "ECG-like" clean signal and a drifting, offset noise segment.
  const n = 1000;
  const clean = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 1.2 * i) / 100) + 0.3 * Math.sin((2 * Math.PI * 17 * i) / 100) ** 9);
  const noise = Float64Array.from({ length: n }, (_, i) => 5 + 0.8 * Math.sin((2 * Math.PI * 0.2 * i) / 100) + 0.1 * Math.cos(i * 1.7));

  for (const target of [24, 18, 12, 6, 0, -6, 3.7]) {
    it(`measured SNR of the mix equals ${target} dB within 1e-9`, () => {
      const { mix, addedNoise, gain } = mixAtSnr(clean, noise, target);
      const added = Float64Array.from(mix, (v, i) => v - clean[i]);
      expect(Math.abs(snrDb(clean, added) - target)).toBeLessThan(1e-9);
      expect(Math.abs(snrDb(clean, addedNoise) - target)).toBeLessThan(1e-9);
      expect(gain).toBeGreaterThan(0);
      // The added noise has zero mean (the segment's DC offset is removed).
      expect(Math.abs(added.reduce((a, b) => a + b, 0) / n)).toBeLessThan(1e-9);
    });
  }

  it('lower SNR adds more noise power (power ratio 10 dB apart = ×10)', () => {
    const p12 = meanPower(mixAtSnr(clean, noise, 12).addedNoise);
    const p2 = meanPower(mixAtSnr(clean, noise, 2).addedNoise);
    expect(p2 / p12).toBeCloseTo(10, 9);
  });

  it('does not mutate its inputs and rejects bad input', () => {
    const before = Float64Array.from(noise);
    mixAtSnr(clean, noise, 0);
    expect(noise).toEqual(before);
    expect(() => mixAtSnr(clean, noise.subarray(1), 0)).toThrow(DspParamError);
    expect(() => mixAtSnr(new Float64Array(n), noise, 0)).toThrow(DspParamError);
    expect(() => mixAtSnr(clean, new Float64Array(n).fill(3), 0)).toThrow(DspParamError);
    expect(() => mixAtSnr(clean, noise, Number.POSITIVE_INFINITY)).toThrow(DspParamError);
  });
});

describe('noiseOffsets / median', () => {
  it('are deterministic per seed, in range, and differ across seeds', () => {
    const a = noiseOffsets(7, 50, 179_555);
    expect(noiseOffsets(7, 50, 179_555)).toEqual(a);
    expect(a.every((v) => Number.isInteger(v) && v >= 0 && v <= 179_555)).toBe(true);
    expect(noiseOffsets(8, 50, 179_555)).not.toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(45);
    expect(noiseOffsets(1, 5, 0)).toEqual([0, 0, 0, 0, 0]);
  });

  it('median of odd/even counts, Infinity kept, null when empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, Infinity, Infinity])).toBe(Infinity);
    expect(median([])).toBeNull();
  });
});
