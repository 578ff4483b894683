/**
 * Classical ECG signal quality indices of one lead-window, computed on the recorded signal (gaps
 * filled, before the model's band-pass, at the source rate) so that baseline and out-of-band
 * content still count:
 *
 * - basSQI, relative baseline power: 1 − P(0–1 Hz) / P(0–40 Hz) (Clifford et al. 2012, Physiol.
 *   Meas. 33:1419, "Signal quality indices and data fusion for determining clinical acceptability
 *   of electrocardiograms"). 1 = no baseline; lower = more drift.
 * - kSQI, kurtosis E[(x−μ)⁴]/σ⁴ (Pearson, normal = 3; Li & Clifford 2012; Clifford et al. 2012:
 *   clean ECG is peaked, > 5).
 * - sSQI, skewness E[(x−μ)³]/σ³ (Clifford et al. 2012; Behar et al. 2013, IEEE TBME 60:1660,
 *   "ECG signal quality during arrhythmia and its application to false alarm reduction").
 * - pSQI, QRS-band power ratio P(5–15 Hz) / P(5–40 Hz) (Li, Mark & Clifford 2008, Physiol. Meas.
 *   29:15; Clifford et al. 2012).
 * - hfSQI, high-frequency power ratio P(20–40 Hz) / P(0.5–40 Hz): muscle and static noise above
 *   the QRS band, within the band every record keeps (the model's 40-Hz edge).
 * - burstSQI, max / median energy of the window's 1-s blocks (around the window mean): a burst,
 *   a step or a drift excursion puts one block far above the typical one.
 *
 * Power is the periodogram of the mean-removed window (rectangular window, zero-padded to a power
 * of two); band edges are inclusive. Expected values come from numpy/scipy
 * (test/fixtures/metrics/make_sqi_fixtures.py).
 */
import FFT from 'fft.js';
import { DspParamError } from '../errors';

/** The six indices of one lead-window (dimensionless). */
export interface SegmentSqi {
  basSqi: number;
  kSqi: number;
  sSqi: number;
  pSqi: number;
  hfSqi: number;
  burstSqi: number;
}

/** Names of {@link SegmentSqi}'s fields in a fixed order (CSV columns, evaluation rows, UI columns). */
export const SQI_NAMES = ['basSqi', 'kSqi', 'sSqi', 'pSqi', 'hfSqi', 'burstSqi'] as const;
/** One of {@link SQI_NAMES}. */
export type SqiName = (typeof SQI_NAMES)[number];

/** How each index reads: its display name, which end means noisy, and whether the sign counts. */
export interface SqiMeta {
  name: SqiName;
  /** Display label, e.g. 'basSQI'. */
  label: string;
  /** 'low': lower values mean noisier (like PSNR); 'high': higher values mean noisier. */
  noisyWhen: 'low' | 'high';
  /** Compare |value| (skewness: a lead's polarity sets its sign). */
  magnitude: boolean;
}

/** {@link SqiMeta} of every index, in {@link SQI_NAMES} order. */
export const SQI_META: readonly SqiMeta[] = [
  { name: 'basSqi', label: 'basSQI', noisyWhen: 'low', magnitude: false },
  { name: 'kSqi', label: 'kSQI', noisyWhen: 'low', magnitude: false },
  { name: 'sSqi', label: 'sSQI', noisyWhen: 'low', magnitude: true },
  { name: 'pSqi', label: 'pSQI', noisyWhen: 'low', magnitude: false },
  { name: 'hfSqi', label: 'hfSQI', noisyWhen: 'high', magnitude: false },
  { name: 'burstSqi', label: 'burstSQI', noisyWhen: 'high', magnitude: false },
];

/**
 * An index value mapped so that lower means noisier, as PSNR (negated for 'high' indices, |·| for
 * magnitude ones): what evaluations rank. W1 after z-scoring is unchanged by the sign flip.
 */
export function cleanerIsHigher(meta: SqiMeta, value: number): number {
  const v = meta.magnitude ? Math.abs(value) : value;
  return meta.noisyWhen === 'low' ? v : -v;
}

/** Frequency bands (Hz, inclusive) of the power-ratio indices. */
export const SQI_BANDS_HZ = {
  baseline: [0, 1],
  baselineTotal: [0, 40],
  qrs: [5, 15],
  qrsTotal: [5, 40],
  high: [20, 40],
  highTotal: [0.5, 40],
} as const;

/** Block length of burstSQI, seconds. */
export const BURST_BLOCK_S = 1;

const fftCache = new Map<number, FFT>();

function nextPowerOfTwo(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(2, n)));
}

/** |X(f)|² of the mean-removed signal at bins f = k · fs / nfft, k = 0..nfft/2 (float64). */
function periodogram(centred: Float64Array): Float64Array {
  const nfft = nextPowerOfTwo(centred.length);
  let fft = fftCache.get(nfft);
  if (!fft) {
    fft = new FFT(nfft);
    fftCache.set(nfft, fft);
  }
  const input = new Float64Array(nfft);
  input.set(centred);
  const out = fft.createComplexArray() as number[];
  fft.realTransform(out, input);
  const power = new Float64Array(nfft / 2 + 1);
  for (let k = 0; k <= nfft / 2; k++) {
    power[k] = out[2 * k] ** 2 + out[2 * k + 1] ** 2;
  }
  return power;
}

function bandPower(power: Float64Array, binHz: number, [lo, hi]: readonly [number, number]): number {
  let sum = 0;
  const first = Math.max(0, Math.ceil(lo / binHz - 1e-9));
  const last = Math.min(power.length - 1, Math.floor(hi / binHz + 1e-9));
  for (let k = first; k <= last; k++) {
    sum += power[k];
  }
  return sum;
}

function ratio(num: number, den: number): number {
  return den > 0 ? num / den : Number.NaN;
}

/**
 * The six SQIs of one lead-window.
 * @param signal - samples of the window (any unit; every index is scale-free), at least 2 s.
 * @param fsHz - sampling rate, Hz; must reach 40 Hz bands (fs > 80 Hz).
 * @returns the indices; a flat window gives NaN for those that divide by its power.
 * @throws DspParamError for a window under 2 s, a rate ≤ 80 Hz or a non-finite sample.
 */
export function segmentSqi(signal: ArrayLike<number>, fsHz: number): SegmentSqi {
  const n = signal.length;
  if (!(fsHz > 2 * SQI_BANDS_HZ.baselineTotal[1])) {
    throw new DspParamError(`SQIs need a sampling rate above 80 Hz, got ${fsHz}`);
  }
  if (n < 2 * fsHz) {
    throw new DspParamError(`SQIs need at least 2 s of signal, got ${n} samples at ${fsHz} Hz`);
  }
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(signal[i])) {
      throw new DspParamError(`SQIs need finite samples, sample ${i} is ${signal[i]}`);
    }
    mean += signal[i];
  }
  mean /= n;
  const centred = new Float64Array(n);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = signal[i] - mean;
    centred[i] = d;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const power = periodogram(centred);
  const binHz = fsHz / (2 * (power.length - 1));
  const band = (b: readonly [number, number]): number => bandPower(power, binHz, b);
  return {
    basSqi: 1 - ratio(band(SQI_BANDS_HZ.baseline), band(SQI_BANDS_HZ.baselineTotal)),
    kSqi: ratio(m4, m2 * m2),
    sSqi: ratio(m3, m2 ** 1.5),
    pSqi: ratio(band(SQI_BANDS_HZ.qrs), band(SQI_BANDS_HZ.qrsTotal)),
    hfSqi: ratio(band(SQI_BANDS_HZ.high), band(SQI_BANDS_HZ.highTotal)),
    burstSqi: burstIndex(centred, Math.round(BURST_BLOCK_S * fsHz)),
  };
}

/** Max / median energy of the whole `block`-sample blocks of a mean-removed window. */
function burstIndex(centred: Float64Array, block: number): number {
  const energies: number[] = [];
  for (let start = 0; start + block <= centred.length; start += block) {
    let e = 0;
    for (let i = start; i < start + block; i++) {
      e += centred[i] * centred[i];
    }
    energies.push(e);
  }
  energies.sort((a, b) => a - b);
  const m = energies.length >> 1;
  const median = energies.length % 2 ? energies[m] : (energies[m - 1] + energies[m]) / 2;
  return ratio(energies[energies.length - 1], median);
}
