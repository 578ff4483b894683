/**
 * Synthetic noise at a known SNR, as in the MIT-BIH Noise Stress Test Database (Moody, Muldrow &
 * Mark 1984): a noise segment is scaled so that the power of the clean signal over the power of
 * the added noise equals the target SNR, then added. Plus the statistics the check reports
 * (Spearman rank correlation with average ranks for ties, median). Pure functions: arrays in,
 * new arrays out.
 */
import { DspParamError } from '../errors';

/** Mean square of `signal` (power per sample, in the signal's units squared). */
export function meanPower(signal: ArrayLike<number>): number {
  if (signal.length === 0) {
    throw new DspParamError('power of an empty signal');
  }
  let sum = 0;
  for (let i = 0; i < signal.length; i++) {
    sum += signal[i] * signal[i];
  }
  return sum / signal.length;
}

/** 10·log10(power of `signal` / power of `noise`), dB. */
export function snrDb(signal: ArrayLike<number>, noise: ArrayLike<number>): number {
  return 10 * Math.log10(meanPower(signal) / meanPower(noise));
}

/** Result of {@link mixAtSnr}. */
export interface NoiseMix {
  /** clean + scaled noise, same length as the clean signal. */
  mix: Float64Array;
  /** The noise actually added (mean-removed segment × gain). */
  addedNoise: Float64Array;
  /** Factor applied to the mean-removed noise segment. */
  gain: number;
}

/**
 * Adds `noiseSegment` (mean removed: a noise recording's DC offset carries no noise) to `clean`,
 * scaled so that meanPower(clean) / meanPower(added noise) = 10^(targetSnrDb / 10).
 * @throws DspParamError when lengths differ, the clean signal is all zero or the noise is constant.
 */
export function mixAtSnr(clean: ArrayLike<number>, noiseSegment: ArrayLike<number>, targetSnrDb: number): NoiseMix {
  if (clean.length !== noiseSegment.length) {
    throw new DspParamError(`noise segment has ${noiseSegment.length} samples, the clean signal ${clean.length}`);
  }
  if (!Number.isFinite(targetSnrDb)) {
    throw new DspParamError(`target SNR must be finite, got ${targetSnrDb}`);
  }
  const n = clean.length;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    mean += noiseSegment[i];
  }
  mean /= n;
  const centred = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    centred[i] = noiseSegment[i] - mean;
  }
  const signalPower = meanPower(clean);
  const noisePower = meanPower(centred);
  if (signalPower === 0) {
    throw new DspParamError('the clean signal is all zero: SNR is undefined');
  }
  if (noisePower === 0) {
    throw new DspParamError('the noise segment is constant: it cannot be scaled to an SNR');
  }
  const gain = Math.sqrt(signalPower / (noisePower * 10 ** (targetSnrDb / 10)));
  const addedNoise = new Float64Array(n);
  const mix = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    addedNoise[i] = centred[i] * gain;
    mix[i] = clean[i] + addedNoise[i];
  }
  return { mix, addedNoise, gain };
}

/**
 * Deterministic start offsets for noise segments: `count` integers in [0, maxStart], from a
 * 32-bit seed through mulberry32 (same seed → same offsets on every platform).
 */
export function noiseOffsets(seed: number, count: number, maxStart: number): number[] {
  if (!Number.isInteger(maxStart) || maxStart < 0) {
    throw new DspParamError(`maxStart must be a non-negative integer, got ${maxStart}`);
  }
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Math.floor(next() * (maxStart + 1)));
}

/** Ranks 1..n, ties get the average of the ranks they span (as scipy.stats.rankdata 'average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) {
      j += 1;
    }
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      ranks[order[k]] = rank;
    }
    i = j + 1;
  }
  return ranks;
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/**
 * Spearman rank correlation: Pearson correlation of the average ranks (ties averaged, as
 * scipy.stats.spearmanr). ±Infinity rank like any value; NaN pairs are not allowed.
 * @returns ρ in [−1, 1], or NaN when either side is constant.
 * @throws DspParamError when lengths differ, fewer than 2 pairs are given or a value is NaN.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) {
    throw new DspParamError(`spearman: ${x.length} x values but ${y.length} y values`);
  }
  if (x.length < 2) {
    throw new DspParamError('spearman needs at least 2 pairs');
  }
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) {
      throw new DspParamError(`spearman: NaN at pair ${i}`);
    }
  }
  return pearson(averageRanks(x), averageRanks(y));
}

/** Median (mean of the middle two for even counts); null for no values. */
export function median(values: ArrayLike<number>): number | null {
  if (values.length === 0) {
    return null;
  }
  const s = Array.from(values).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
