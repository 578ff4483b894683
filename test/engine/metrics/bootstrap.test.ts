/**
 * The stratified percentile bootstrap: quantiles as numpy's default (type 7, values worked out in
 * the comments), determinism per seed, coverage and width of the interval of a normal sample's
 * mean (σ/√n known in closed form), strata resampled independently.
 */
import { describe, expect, it } from 'vitest';
import { DspParamError } from '../../../src-main/engine/errors';
import { gaussianFromSeed } from '../../../src-main/engine/inference/prng';
import { bootstrapInterval, bootstrapIntervals, quantileSorted } from '../../../src-main/engine/metrics/bootstrap';

const mean = (s: ArrayLike<number>): number => Array.from(s).reduce((a, b) => a + b, 0) / s.length;

describe('quantileSorted', () => {
  it('interpolates between order statistics (numpy.quantile default)', () => {
    // numpy.quantile([1, 2, 3, 4], [0, 0.25, 0.5, 1]) = [1, 1.75, 2.5, 4]
    expect([0, 0.25, 0.5, 1].map((q) => quantileSorted([1, 2, 3, 4], q))).toEqual([1, 1.75, 2.5, 4]);
    expect(quantileSorted([7], 0.975)).toBe(7);
    expect(() => quantileSorted([], 0.5)).toThrow(DspParamError);
    expect(() => quantileSorted([1], 1.5)).toThrow(DspParamError);
  });
});

describe('bootstrapInterval', () => {
  it('is deterministic per seed and gives the statistic of the original sample as the estimate', () => {
    const sample = Array.from(gaussianFromSeed(1n, 200));
    const a = bootstrapInterval([sample], (s) => mean(s[0]), { seed: 3, resamples: 300 });
    const b = bootstrapInterval([sample], (s) => mean(s[0]), { seed: 3, resamples: 300 });
    const c = bootstrapInterval([sample], (s) => mean(s[0]), { seed: 4, resamples: 300 });
    expect(a).toEqual(b);
    expect(a?.lo).not.toBe(c?.lo);
    expect(a?.estimate).toBeCloseTo(mean(sample), 12);
    expect(a?.resamples).toBe(300);
    expect(a?.level).toBe(0.95);
  });

  it('covers the true mean of N(0, 1) in about 95 % of samples, with width ≈ 2·1.96/√n that narrows with n', () => {
    let covered = 0;
    const trials = 40;
    for (let k = 0; k < trials; k++) {
      const sample = gaussianFromSeed(BigInt(100 + k), 200);
      const ci = bootstrapInterval([sample], (s) => mean(s[0]), { seed: k, resamples: 400 });
      if (ci && ci.lo <= 0 && ci.hi >= 0) {
        covered += 1;
      }
    }
    // Binomial(40, 0.95): P(≤ 33 covered) < 1 %.
    expect(covered).toBeGreaterThanOrEqual(34);
    const width = (n: number): number => {
      const ci = bootstrapInterval([gaussianFromSeed(7n, n)], (s) => mean(s[0]), { resamples: 1000 });
      return (ci?.hi ?? Number.NaN) - (ci?.lo ?? Number.NaN);
    };
    for (const n of [100, 1600]) {
      expect(Math.abs(width(n) / ((2 * 1.96) / Math.sqrt(n)) - 1)).toBeLessThan(0.15);
    }
    expect(width(1600)).toBeLessThan(width(100) / 3);
  });

  it('resamples each stratum at its own size, independently', () => {
    // A constant stratum stays constant; the difference of means then varies only with the other.
    const sizes: number[][] = [];
    const ci = bootstrapIntervals(
      [[5, 5, 5], gaussianFromSeed(9n, 50)],
      (s) => {
        sizes.push(s.map((x) => x.length));
        return [mean(s[0]), mean(s[1]) - mean(s[0])];
      },
      { resamples: 200 },
    );
    expect(sizes.every((n) => n[0] === 3 && n[1] === 50)).toBe(true);
    expect(ci[0]).toMatchObject({ estimate: 5, lo: 5, hi: 5 });
    expect((ci[1]?.hi ?? 0) - (ci[1]?.lo ?? 0)).toBeGreaterThan(0.2);
  });

  it('returns null for a statistic that is not finite on the original sample and leaves out non-finite replicates', () => {
    expect(bootstrapInterval([[]], () => Number.NaN)).toBeNull();
    // max(s) is NaN-free, but "only when the resample holds a 1" makes some replicates NaN.
    const ci = bootstrapInterval([[0, 0, 0, 1]], (s) => (s[0].includes(1) ? 1 : Number.NaN), { resamples: 500 });
    expect(ci?.resamples).toBeLessThan(500);
    expect(ci).toMatchObject({ estimate: 1, lo: 1, hi: 1 });
  });

  it('rejects invalid options', () => {
    expect(() => bootstrapInterval([[1]], (s) => s[0][0], { resamples: 0 })).toThrow(DspParamError);
    expect(() => bootstrapInterval([[1]], (s) => s[0][0], { level: 1 })).toThrow(DspParamError);
  });
});
