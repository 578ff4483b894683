/**
 * Butterworth band-pass design in second-order sections and zero-phase filtering, matching
 * `scipy.signal.butter(order, [lowHz, highHz], btype='band', fs=fsHz, output='sos')` followed by
 * `scipy.signal.sosfiltfilt(sos, x)` (odd padding, padlen = 3·(2·sections+1), sosfilt_zi states).
 */

import { DspParamError } from '../errors';
import { type Complex, cAbs, cAdd, cConj, cDiv, cMul, cSqrt, cSub, complex } from './complex';

/**
 * Second-order sections, one row `[b0, b1, b2, a0, a1, a2]` per section (a0 = 1), in the order
 * scipy's `zpk2sos` returns them (the section with poles closest to the unit circle last).
 */
export type SosMatrix = Float64Array[];

/** Digital zeros, poles and gain of a filter (z-plane). */
interface Zpk {
  zeros: Complex[];
  poles: Complex[];
  gain: number;
}

const CPLX_TOL = 100 * Number.EPSILON;

function isReal(z: Complex): boolean {
  return Math.abs(z.im) <= CPLX_TOL * cAbs(z);
}

/**
 * scipy's `_cplxreal`: the complex roots as one member (positive imaginary part) of each conjugate
 * pair, averaged with its partner, followed by the real roots, each group sorted by real part.
 */
function splitConjugates(roots: Complex[]): Complex[] {
  const sorted = [...roots].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const reals = sorted.filter(isReal).map((z) => complex(z.re, 0));
  const upper = sorted.filter((z) => !isReal(z) && z.im > 0);
  const lower = sorted.filter((z) => !isReal(z) && z.im < 0);
  if (upper.length !== lower.length) {
    throw new DspParamError('filter design produced roots that are not conjugate pairs');
  }
  const paired = upper.map((zp, i) => {
    const zn = lower[i];
    return complex((zp.re + zn.re) / 2, (zp.im - zn.im) / 2);
  });
  return [...paired, ...reals];
}

/** Index of the root in `roots` nearest to `target` restricted to real/complex/any (scipy's `_nearest_real_complex_idx`). */
function nearestIndex(roots: Complex[], target: Complex, which: 'real' | 'complex' | 'any'): number {
  const order = roots
    .map((z, i) => ({ i, d: cAbs(cSub(z, target)) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((e) => e.i);
  for (const i of order) {
    if (which === 'any' || (which === 'real') === isReal(roots[i])) {
      return i;
    }
  }
  throw new DspParamError(`no ${which} root left to pair in zpk2sos`);
}

/** Polynomial with the given roots, highest power first, real part (as `np.poly` then `.real`). */
function realPoly(roots: Complex[]): number[] {
  let coefficients: Complex[] = [complex(1, 0)];
  for (const root of roots) {
    const next: Complex[] = coefficients.map((c) => complex(c.re, c.im));
    next.push(complex(0, 0));
    for (let j = 0; j < coefficients.length; j++) {
      next[j + 1] = cSub(next[j + 1], cMul(coefficients[j], root));
    }
    coefficients = next;
  }
  return coefficients.map((c) => c.re);
}

function sectionFrom(zeros: Complex[], poles: Complex[]): Float64Array {
  const b = realPoly(zeros);
  const a = realPoly(poles);
  const row = new Float64Array(6);
  row.set(b, 3 - b.length);
  row.set(a, 6 - a.length);
  return row;
}

/** Index of the pole closest to the unit circle (scipy: `argmin(|1 − |p||)`, first on ties). */
function worstIndex(poles: Complex[]): number {
  let best = 0;
  for (let i = 1; i < poles.length; i++) {
    if (Math.abs(1 - cAbs(poles[i])) < Math.abs(1 - cAbs(poles[best]))) {
      best = i;
    }
  }
  return best;
}

/**
 * `scipy.signal.zpk2sos(z, p, k)` for digital filters with the default 'nearest' pairing, for
 * filters with as many zeros as poles (true after the bilinear transform).
 */
function zpkToSos({ zeros, poles, gain }: Zpk): SosMatrix {
  let z = [...zeros];
  let p = [...poles];
  const nSections = Math.floor((Math.max(p.length, z.length) + 1) / 2);
  if (p.length % 2 === 1) {
    p.push(complex(0, 0));
    z.push(complex(0, 0));
  }
  z = splitConjugates(z);
  p = splitConjugates(p);
  const sos: SosMatrix = new Array<Float64Array>(nSections);
  const take = (list: Complex[], i: number): Complex => list.splice(i, 1)[0];
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, worstIndex(p));
    const realPolesLeft = p.filter(isReal).length;
    const realZerosLeft = z.filter(isReal).length;
    if (isReal(p1) && realPolesLeft === 0) {
      const z1 = take(z, nearestIndex(z, p1, 'real'));
      sos[si] = sectionFrom([z1, complex(0, 0)], [p1, complex(0, 0)]);
    } else if (p.length + 1 === z.length && !isReal(p1) && realPolesLeft === 1 && realZerosLeft === 1) {
      const z1 = take(z, nearestIndex(z, p1, 'complex'));
      sos[si] = sectionFrom([z1, cConj(z1)], [p1, cConj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.map((q, i) => (isReal(q) ? i : -1)).filter((i) => i >= 0);
        p2 = take(p, realIdx[worstIndex(realIdx.map((i) => p[i]))]);
      } else {
        p2 = cConj(p1);
      }
      if (z.length === 0) {
        sos[si] = sectionFrom([], [p1, p2]);
      } else {
        const z1 = take(z, nearestIndex(z, p1, 'any'));
        if (!isReal(z1)) {
          sos[si] = sectionFrom([z1, cConj(z1)], [p1, p2]);
        } else if (z.length > 0) {
          const z2 = take(z, nearestIndex(z, p1, 'real'));
          sos[si] = sectionFrom([z1, z2], [p1, p2]);
        } else {
          sos[si] = sectionFrom([z1], [p1, p2]);
        }
      }
    }
  }
  for (let j = 0; j < 3; j++) {
    sos[0][j] *= gain;
  }
  return sos;
}

/**
 * Designs a digital Butterworth band-pass as second-order sections, the same steps as
 * `scipy.signal.butter(order, [lowHz, highHz], btype='band', fs=fsHz, output='sos')`: analog
 * prototype poles, pre-warping, low-pass→band-pass, bilinear transform (fs = 2), zpk2sos
 * ('nearest' pairing). The resulting filter has order 2·`order` (`order` sections).
 *
 * @param order - prototype order (the paper's chain uses 4), positive integer.
 * @param lowHz - lower −3 dB edge, Hz.
 * @param highHz - upper −3 dB edge, Hz.
 * @param fsHz - sampling rate, Hz.
 * @throws DspParamError unless 0 < lowHz < highHz < fsHz/2 and order is a positive integer.
 */
export function butterBandpassSos(order: number, lowHz: number, highHz: number, fsHz: number): SosMatrix {
  if (!Number.isInteger(order) || order < 1 || order > 20) {
    throw new DspParamError(`Butterworth order must be an integer in 1..20, got ${order}`);
  }
  if (!Number.isFinite(fsHz) || fsHz <= 0) {
    throw new DspParamError(`sampling rate must be a positive finite number of Hz, got ${fsHz}`);
  }
  if (!(lowHz > 0 && lowHz < highHz && highHz < fsHz / 2)) {
    throw new DspParamError(
      `band-pass edges must satisfy 0 < low < high < fs/2; got ${lowHz}–${highHz} Hz at fs ${fsHz} Hz`,
    );
  }
  const nyquist = fsHz / 2;
  const warped = [lowHz / nyquist, highHz / nyquist].map((w) => 2 * 2 * Math.tan((Math.PI * w) / 2));
  const bw = warped[1] - warped[0];
  const wo2 = complex(warped[0] * warped[1], 0);
  const poles: Complex[] = [];
  const upper: Complex[] = [];
  const lower: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const angle = (Math.PI * m) / (2 * order);
    const prototype = complex(-Math.cos(angle), -Math.sin(angle));
    const pLp = complex((prototype.re * bw) / 2, (prototype.im * bw) / 2);
    const root = cSqrt(cSub(cMul(pLp, pLp), wo2));
    upper.push(cAdd(pLp, root));
    lower.push(cSub(pLp, root));
  }
  poles.push(...upper, ...lower);
  // Bilinear transform with fs = 2 (fs2 = 4): band-pass zeros at s = 0 → z = +1, zeros at ∞ → z = −1.
  const fs2 = complex(4, 0);
  const digitalPoles = poles.map((s) => cDiv(cAdd(fs2, s), cSub(fs2, s)));
  let denominator = complex(1, 0);
  for (const s of poles) {
    denominator = cMul(denominator, cSub(fs2, s));
  }
  const gain = Math.pow(bw, order) * cDiv(complex(Math.pow(4, order), 0), denominator).re;
  const zeros: Complex[] = [];
  for (let i = 0; i < order; i++) {
    zeros.push(complex(1, 0));
  }
  for (let i = 0; i < order; i++) {
    zeros.push(complex(-1, 0));
  }
  return zpkToSos({ zeros, poles: digitalPoles, gain });
}

/**
 * Steady-state initial conditions of a cascade for a unit-step input, as `scipy.signal.sosfilt_zi`.
 * @returns one `[z0, z1]` pair per section.
 */
export function sosfiltZi(sos: SosMatrix): Float64Array[] {
  let scale = 1;
  return sos.map(([b0, b1, b2, , a1, a2]) => {
    // Solve (I − Aᵀ) zi = b[1:] − a[1:]·b0 for the 2×2 companion matrix (scipy's lfilter_zi).
    const r0 = b1 - a1 * b0;
    const r1 = b2 - a2 * b0;
    const z0 = (r0 + r1) / (1 + a1 + a2);
    const z1 = r1 - a2 * z0;
    const state = Float64Array.of(scale * z0, scale * z1);
    scale *= (b0 + b1 + b2) / (1 + a1 + a2);
    return state;
  });
}

/** Direct-form-II-transposed cascade (scipy's `sosfilt`), states updated in place. */
function sosfiltInPlace(sos: SosMatrix, data: Float64Array, states: Float64Array[]): void {
  const n = sos.length;
  for (let t = 0; t < data.length; t++) {
    let x = data[t];
    for (let s = 0; s < n; s++) {
      const row = sos[s];
      const st = states[s];
      const y = row[0] * x + st[0];
      st[0] = row[1] * x - row[4] * y + st[1];
      st[1] = row[2] * x - row[5] * y;
      x = y;
    }
    data[t] = x;
  }
}

/** Largest pole radius of a cascade: how slowly its impulse response decays (|h[d]| ~ r^d). */
function slowestPoleRadius(sos: SosMatrix): number {
  let r = 0;
  for (const [, , , , a1, a2] of sos) {
    const disc = a1 * a1 - 4 * a2;
    r = Math.max(r, disc < 0 ? Math.sqrt(a2) : (Math.abs(a1) + Math.sqrt(disc)) / 2);
  }
  return r;
}

/**
 * Samples after which the causal impulse response of `sos` stays below `tolerance` × its peak:
 * how far a zero-phase filter's result at a sample depends on samples before or after it. Filtering
 * a span that reaches this far beyond the samples one keeps gives those samples as filtering the
 * whole signal would, up to `tolerance` × the signal's level (plus float rounding).
 *
 * Computed by running the cascade on a unit impulse for twice the samples its slowest pole needs to
 * decay to `tolerance / 1000`, and taking the last sample above `tolerance` × the peak.
 *
 * @throws DspParamError for an unstable cascade (a pole on or outside the unit circle).
 */
export function impulseSettleSamples(sos: SosMatrix, tolerance: number): number {
  const radius = slowestPoleRadius(sos);
  if (!(radius < 1)) {
    throw new DspParamError(`the filter is not stable (pole radius ${radius})`);
  }
  const horizon = Math.ceil((2 * Math.log(tolerance / 1000)) / Math.log(radius)) + 16;
  const response = new Float64Array(horizon);
  response[0] = 1;
  sosfiltInPlace(sos, response, sos.map(() => new Float64Array(2)));
  let peak = 0;
  for (const v of response) {
    peak = Math.max(peak, Math.abs(v));
  }
  for (let d = horizon - 1; d >= 0; d--) {
    if (Math.abs(response[d]) > tolerance * peak) {
      return d + 1;
    }
  }
  return 0;
}

/**
 * Zero-phase forward–backward filtering, as `scipy.signal.sosfiltfilt(sos, x)` with its defaults
 * (`padtype='odd'`, `padlen=None` → 3·(2·sections+1) minus sections with a zero b2/a2, states
 * from `sosfilt_zi` scaled by the first sample of each pass).
 *
 * @param sos - sections from {@link butterBandpassSos}.
 * @param signal - one lead, samples.
 * @returns a new Float64Array of the same length.
 * @throws DspParamError when the signal is not longer than the pad length.
 */
export function sosfiltfilt(sos: SosMatrix, signal: ArrayLike<number>): Float64Array {
  const zeroB2 = sos.filter((row) => row[2] === 0).length;
  const zeroA2 = sos.filter((row) => row[5] === 0).length;
  const padLength = 3 * (2 * sos.length + 1 - Math.min(zeroB2, zeroA2));
  const n = signal.length;
  if (n <= padLength) {
    throw new DspParamError(
      `zero-phase filtering needs more than ${padLength} samples, got ${n}`,
    );
  }
  const ext = new Float64Array(n + 2 * padLength);
  const first = signal[0];
  const last = signal[n - 1];
  for (let i = 0; i < padLength; i++) {
    ext[i] = 2 * first - signal[padLength - i];
    ext[padLength + n + i] = 2 * last - signal[n - 2 - i];
  }
  for (let i = 0; i < n; i++) {
    ext[padLength + i] = signal[i];
  }
  const zi = sosfiltZi(sos);
  const x0 = ext[0];
  sosfiltInPlace(sos, ext, zi.map((z) => Float64Array.of(z[0] * x0, z[1] * x0)));
  ext.reverse();
  const y0 = ext[0];
  sosfiltInPlace(sos, ext, zi.map((z) => Float64Array.of(z[0] * y0, z[1] * y0)));
  ext.reverse();
  return ext.slice(padLength, padLength + n);
}

/**
 * The paper's band-pass: 4th-order Butterworth 0.5–40 Hz applied forward and backward (zero
 * phase; effective order 8 in magnitude), i.e.
 * `sosfiltfilt(butter(4, [0.5, 40], btype='band', fs=fsHz, output='sos'), x)`.
 *
 * @param signal - one lead, samples.
 * @param fsHz - sampling rate, Hz (must exceed 2·highHz).
 * @returns a new Float64Array of the same length.
 * @throws DspParamError for invalid band edges or a signal of ≤ 27 samples.
 */
export function bandpassZeroPhase(
  signal: ArrayLike<number>,
  fsHz: number,
  lowHz = 0.5,
  highHz = 40,
  order = 4,
): Float64Array {
  return sosfiltfilt(butterBandpassSos(order, lowHz, highHz, fsHz), signal);
}

/**
 * Relative level at which the band-pass's impulse response counts as gone when chunks are filtered
 * with margins (inference/contract-plan.ts): far below float64 rounding (~1e-16), so the margin
 * itself adds no error beyond the rounding differences of the recursive filter.
 */
export const BANDPASS_SETTLE_TOLERANCE = 1e-20;

const marginCache = new Map<string, number>();

/**
 * Margin in samples that a span filtered by {@link bandpassZeroPhase} needs on each side of the
 * samples kept, for those samples to equal whole-signal filtering: {@link impulseSettleSamples} at
 * {@link BANDPASS_SETTLE_TOLERANCE} (0.5–40 Hz, order 4: about 36 s at any rate). Cached.
 *
 * @throws DspParamError as {@link butterBandpassSos}.
 */
export function bandpassMarginSamples(fsHz: number, lowHz = 0.5, highHz = 40, order = 4): number {
  const key = `${fsHz}|${lowHz}|${highHz}|${order}`;
  let margin = marginCache.get(key);
  if (margin === undefined) {
    margin = impulseSettleSamples(butterBandpassSos(order, lowHz, highHz, fsHz), BANDPASS_SETTLE_TOLERANCE);
    marginCache.set(key, margin);
  }
  return margin;
}
