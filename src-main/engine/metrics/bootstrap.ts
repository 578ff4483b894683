/**
 * Stratified percentile bootstrap (Efron & Tibshirani 1993, ch. 13): each replicate resamples every
 * stratum (e.g. the clean leads and each noisy group) with replacement at its own size, evaluates a
 * statistic on the replicate, and the interval is the (α/2, 1 − α/2) quantiles of the replicates.
 * Deterministic: the resampling stream is the engine's xoshiro128** (inference/prng.ts) seeded by
 * `seed`, so the same inputs and options give the same interval on every platform.
 */
import { DspParamError } from '../errors';
import { Xoshiro128ss } from '../inference/prng';

/** Options of {@link bootstrapIntervals}. */
export interface BootstrapOptions {
  /** Replicates (default 1000). */
  resamples?: number;
  /** Seed of the resampling stream (default 0). */
  seed?: number;
  /** Coverage of the interval, in (0, 1) (default 0.95). */
  level?: number;
}

/** A point estimate with its percentile bootstrap interval. */
export interface BootstrapInterval {
  /** The statistic on the original sample. */
  estimate: number;
  /** Lower and upper interval ends (NaN when no replicate gave a finite value). */
  lo: number;
  hi: number;
  /** Coverage, e.g. 0.95. */
  level: number;
  /** Replicates with a finite value (those that were not are left out). */
  resamples: number;
}

/**
 * Quantile `q` ∈ [0, 1] of an ascending sample by linear interpolation between order statistics
 * (numpy's default, Hyndman & Fan type 7).
 * @throws DspParamError for an empty sample or q outside [0, 1].
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) {
    throw new DspParamError('quantile of an empty sample');
  }
  if (!(q >= 0 && q <= 1)) {
    throw new DspParamError(`quantile level must be in [0, 1] (got ${q})`);
  }
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Fills `out` with a resample (with replacement) of `values`, each draw uniform over the indices. */
function resampleInto(rng: Xoshiro128ss, values: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    out[i] = values[Math.floor(rng.nextFloat64() * values.length)];
  }
  return out;
}

/**
 * Percentile intervals of a vector-valued statistic under the stratified bootstrap. `statistic`
 * receives one array per stratum (the originals first, then each replicate's resamples, same
 * sizes; it must not keep them: the buffers are reused) and returns a fixed-length vector; a
 * non-finite component (e.g. NaN for "not defined") is left out of that component's replicates.
 *
 * @param strata - samples to resample independently (an empty stratum stays empty).
 * @param statistic - the statistics (any units) of one set of strata.
 * @returns one interval per component of the statistic, or null where the original is not finite.
 * @throws DspParamError for resamples < 1 or a level outside (0, 1).
 */
export function bootstrapIntervals(
  strata: ReadonlyArray<ArrayLike<number>>,
  statistic: (strata: Float64Array[]) => number[],
  options: BootstrapOptions = {},
): Array<BootstrapInterval | null> {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new DspParamError(`bootstrap resamples must be a positive integer (got ${resamples})`);
  }
  if (!(level > 0 && level < 1)) {
    throw new DspParamError(`bootstrap level must be in (0, 1) (got ${level})`);
  }
  const estimates = statistic(strata.map((s) => Float64Array.from(s)));
  const replicates = estimates.map(() => [] as number[]);
  const rng = new Xoshiro128ss(BigInt(options.seed ?? 0));
  const buffers = strata.map((s) => new Float64Array(s.length));
  for (let b = 0; b < resamples; b++) {
    const values = statistic(strata.map((s, k) => resampleInto(rng, s, buffers[k])));
    values.forEach((v, k) => {
      if (Number.isFinite(v)) {
        replicates[k].push(v);
      }
    });
  }
  const alpha = 1 - level;
  return estimates.map((estimate, k) => {
    if (!Number.isFinite(estimate)) {
      return null;
    }
    const sorted = replicates[k].sort((x, y) => x - y);
    const ends = sorted.length ? [quantileSorted(sorted, alpha / 2), quantileSorted(sorted, 1 - alpha / 2)] : [Number.NaN, Number.NaN];
    return { estimate, lo: ends[0], hi: ends[1], level, resamples: sorted.length };
  });
}

/**
 * {@link bootstrapIntervals} for a scalar statistic.
 * @returns the interval, or null where the statistic of the original sample is not finite.
 */
export function bootstrapInterval(
  strata: ReadonlyArray<ArrayLike<number>>,
  statistic: (strata: Float64Array[]) => number,
  options: BootstrapOptions = {},
): BootstrapInterval | null {
  return bootstrapIntervals(strata, (s) => [statistic(s)], options)[0];
}
