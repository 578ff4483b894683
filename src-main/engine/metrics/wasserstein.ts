/**
 * Wasserstein-1 (earth mover's) distance between two 1-D samples, as
 * `scipy.stats.wasserstein_distance(u, v)`, and the paper's pooled-z-scored variant
 * (`compute_w1_distance`: sklearn `StandardScaler` fitted on u ∪ v, then W1).
 */

import { DspParamError } from '../errors';

function sortedCopy(values: ArrayLike<number>, name: string): Float64Array {
  if (values.length === 0) {
    throw new DspParamError(`Wasserstein distance needs a non-empty sample (${name} is empty)`);
  }
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new DspParamError(`Wasserstein distance needs finite values (${name}[${i}] = ${out[i]})`);
    }
  }
  return out.sort();
}

/**
 * W1 between the empirical distributions of `u` and `v` (equal weights):
 * ∫ |F_u(t) − F_v(t)| dt, summed over the gaps between consecutive pooled values.
 *
 * @param u - first sample (any units).
 * @param v - second sample (same units); sizes may differ.
 * @returns the distance, in the samples' units.
 * @throws DspParamError for an empty sample or a non-finite value.
 */
export function wasserstein1(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const a = sortedCopy(u, 'u');
  const b = sortedCopy(v, 'v');
  let i = 0;
  let j = 0;
  let distance = 0;
  let previous = Math.min(a[0], b[0]);
  // Walk the pooled sorted values; between two of them both CDFs are constant.
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    distance += Math.abs(i / a.length - j / b.length) * (next - previous);
    while (i < a.length && a[i] === next) {
      i++;
    }
    while (j < b.length && b[j] === next) {
      j++;
    }
    previous = next;
  }
  return distance;
}

/**
 * W1 after z-scoring both samples with the mean and population standard deviation of their union,
 * as the reference `compute_w1_distance`. Like sklearn's `StandardScaler`, a (numerically)
 * constant union keeps scale 1 (criterion of sklearn `_is_constant_feature`: var ≤ n·ε·var +
 * (n·mean·ε)²).
 *
 * @param u - first sample, e.g. PSNR (dB) of clean-labelled segments.
 * @param v - second sample, e.g. PSNR of noise-labelled segments.
 * @returns dimensionless distance (≥ 0).
 * @throws DspParamError for an empty sample or a non-finite value.
 */
export function zscoredW1(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const n = u.length + v.length;
  let sum = 0;
  for (let i = 0; i < u.length; i++) {
    sum += u[i];
  }
  for (let i = 0; i < v.length; i++) {
    sum += v[i];
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < u.length; i++) {
    squares += (u[i] - mean) ** 2;
  }
  for (let i = 0; i < v.length; i++) {
    squares += (v[i] - mean) ** 2;
  }
  const variance = squares / n;
  const eps = Number.EPSILON;
  const constant = variance <= n * eps * variance + (n * mean * eps) ** 2;
  const scale = constant ? 1 : Math.sqrt(variance);
  const transform = (x: ArrayLike<number>): Float64Array => Float64Array.from(x, (value) => (value - mean) / scale);
  return wasserstein1(transform(u), transform(v));
}
