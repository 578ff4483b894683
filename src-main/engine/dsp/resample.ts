/**
 * Rational polyphase resampling with the same Kaiser-windowed FIR design, zero padding and output
 * alignment as `scipy.signal.resample_poly(x, up, down)` with its defaults
 * (`window=('kaiser', 5.0)`, `padtype='constant'`, `cval=0`).
 */

import { DspParamError } from '../errors';

/** Kaiser window β of scipy's default `('kaiser', 5.0)`. */
const KAISER_BETA = 5.0;

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Modified Bessel function of the first kind, order 0, by its power series (all terms positive). */
function besselI0(x: number): number {
  const half = x / 2;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= (half / k) * (half / k);
    sum += term;
    if (term < sum * 1e-17) {
      break;
    }
  }
  return sum;
}

/** `np.sinc`: sin(πx)/(πx), 1 at 0. */
function sinc(x: number): number {
  if (x === 0) {
    return 1;
  }
  const y = Math.PI * x;
  return Math.sin(y) / y;
}

/**
 * Low-pass FIR as `scipy.signal.firwin(numTaps, cutoff, window=('kaiser', 5.0))`: windowed sinc,
 * symmetric Kaiser window, scaled to unit gain at DC.
 *
 * @param numTaps - odd number of taps.
 * @param cutoff - cutoff relative to Nyquist, in (0, 1].
 */
export function firwinKaiserLowpass(numTaps: number, cutoff: number, beta = KAISER_BETA): Float64Array {
  const h = new Float64Array(numTaps);
  const alpha = 0.5 * (numTaps - 1);
  const i0Beta = besselI0(beta);
  let sum = 0;
  for (let n = 0; n < numTaps; n++) {
    const m = n - alpha;
    const r = alpha === 0 ? 0 : m / alpha;
    const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    h[n] = cutoff * sinc(cutoff * m) * window;
    sum += h[n];
  }
  for (let n = 0; n < numTaps; n++) {
    h[n] /= sum;
  }
  return h;
}

/** Output length of `upfirdn` for a filter of `filterLength` taps (scipy's `_output_len`). */
function upfirdnOutputLength(filterLength: number, inputLength: number, up: number, down: number): number {
  const padded = inputLength + Math.floor((filterLength + ((up - (filterLength % up)) % up)) / up) - 1;
  const total = padded * up;
  return Math.floor(total / down) + (total % down > 0 ? 1 : 0);
}

/**
 * The polyphase filter of one reduced ratio p/q, as `scipy.signal.resample_poly` builds it: taps
 * `firwin(2·10·max(p,q) + 1, 1/max(p,q), window=('kaiser', 5.0)) · p`, zero-padded in front so
 * output samples land on the filter centre, and the number of leading outputs upfirdn makes that
 * resample_poly drops.
 */
export interface PolyphasePlan {
  /** Reduced upsampling factor. */
  p: number;
  /** Reduced downsampling factor. */
  q: number;
  /** Padded, scaled taps (upfirdn's h). */
  h: Float64Array;
  /** Leading upfirdn outputs dropped (scipy's n_pre_remove). */
  preRemove: number;
}

const planCache = new Map<string, PolyphasePlan>();

/**
 * The {@link PolyphasePlan} of `up / down` for an input of `nIn` samples (the post-padding, and so
 * `h`'s length, depends on `nIn` only through upfirdn's output length; plans are cached per ratio
 * and padded length).
 *
 * @throws DspParamError when up or down is not a positive integer.
 */
export function polyphasePlan(up: number, down: number, nIn: number): PolyphasePlan {
  if (!Number.isInteger(up) || up < 1 || !Number.isInteger(down) || down < 1) {
    throw new DspParamError(`resampling factors must be positive integers, got up=${up}, down=${down}`);
  }
  const g = gcd(up, down);
  const p = up / g;
  const q = down / g;
  const nOut = resampledLength(nIn, p, q);
  const maxRate = Math.max(p, q);
  const halfLength = 10 * maxRate;
  const tapCount = 2 * halfLength + 1;
  const prePad = q - (halfLength % q);
  const preRemove = Math.floor((halfLength + prePad) / q);
  let postPad = 0;
  while (upfirdnOutputLength(tapCount + prePad + postPad, nIn, p, q) < nOut + preRemove) {
    postPad += 1;
  }
  const key = `${p}/${q}/${postPad}`;
  const cached = planCache.get(key);
  if (cached) {
    return cached;
  }
  const taps = firwinKaiserLowpass(tapCount, 1 / maxRate);
  const h = new Float64Array(prePad + taps.length + postPad);
  for (let j = 0; j < taps.length; j++) {
    h[prePad + j] = taps[j] * p;
  }
  const plan = { p, q, h, preRemove };
  planCache.set(key, plan);
  return plan;
}

/** Output length of resampling `nIn` samples by p/q: `ceil(nIn · p / q)`. */
export function resampledLength(nIn: number, p: number, q: number): number {
  return Math.floor((nIn * p) / q) + ((nIn * p) % q > 0 ? 1 : 0);
}

/**
 * Input samples `[first, end)` that outputs `[mStart, mEnd)` read (clipped to the signal): what a
 * span must hold for {@link resampleRange} to give the whole-signal values.
 */
export function resampleInputSpan(plan: PolyphasePlan, nIn: number, mStart: number, mEnd: number): [number, number] {
  const { p, q, h, preRemove } = plan;
  const first = Math.max(0, Math.ceil(((preRemove + mStart) * q - h.length + 1) / p));
  const last = Math.min(nIn - 1, Math.floor(((preRemove + mEnd - 1) * q) / p));
  return [Math.min(first, nIn), Math.max(first, last + 1)];
}

/**
 * Outputs `[mStart, mEnd)` of resampling a signal of `nIn` samples, computed from a span of it that
 * starts at input sample `offset` and covers {@link resampleInputSpan} of those outputs. The sums
 * run in the same order as over the whole signal, so equal input samples give bit-identical outputs.
 *
 * @throws DspParamError when the span does not cover the inputs the outputs read.
 */
export function resampleRange(span: ArrayLike<number>, offset: number, nIn: number, plan: PolyphasePlan, mStart: number, mEnd: number): Float64Array {
  const { p, q, h, preRemove } = plan;
  const [need0, need1] = resampleInputSpan(plan, nIn, mStart, mEnd);
  if (mEnd > mStart && (need0 < offset || need1 > offset + span.length)) {
    throw new DspParamError(`resampling outputs [${mStart}, ${mEnd}) needs input [${need0}, ${need1}) but the span holds [${offset}, ${offset + span.length})`);
  }
  const hLength = h.length;
  const out = new Float64Array(Math.max(0, mEnd - mStart));
  // upfirdn: y[k] = Σ_i h[k·q − i·p] · x[i], over 0 ≤ k·q − i·p < len(h) and 0 ≤ i < nIn.
  for (let m = mStart; m < mEnd; m++) {
    const t = (preRemove + m) * q;
    const iLast = Math.min(nIn - 1, Math.floor(t / p));
    const iFirst = Math.max(0, Math.ceil((t - hLength + 1) / p));
    let acc = 0;
    for (let i = iFirst; i <= iLast; i++) {
      acc += h[t - i * p] * span[i - offset];
    }
    out[m - mStart] = acc;
  }
  return out;
}

/**
 * Resamples by the rational factor `up / down`, matching
 * `scipy.signal.resample_poly(x, up, down)` (defaults) to float rounding: the ratio is reduced by
 * its gcd, the anti-alias filter is `firwin(2·10·max(up,down) + 1, 1/max(up,down),
 * window=('kaiser', 5.0)) · up`, the signal is treated as zero outside its ends, and the output
 * has `ceil(n · up / down)` samples aligned so that output sample k sits at input time
 * `k · down / up`.
 *
 * @param signal - one lead, samples.
 * @param up - upsampling factor, positive integer.
 * @param down - downsampling factor, positive integer.
 * @returns a new Float64Array of `ceil(signal.length · up / down)` samples (a copy when up = down).
 * @throws DspParamError when up or down is not a positive integer.
 */
export function resamplePoly(signal: ArrayLike<number>, up: number, down: number): Float64Array {
  const plan = polyphasePlan(up, down, signal.length);
  if (plan.p === 1 && plan.q === 1) {
    return Float64Array.from(signal);
  }
  return resampleRange(signal, 0, signal.length, plan, 0, resampledLength(signal.length, plan.p, plan.q));
}

/**
 * Resamples from one integer rate to another with {@link resamplePoly} (ratio reduced by gcd,
 * e.g. 500→360 Hz is up 18, down 25).
 *
 * @param signal - one lead, samples at `fromHz`.
 * @param fromHz - input sampling rate, Hz (positive integer).
 * @param toHz - output sampling rate, Hz (positive integer).
 * @returns a new Float64Array at `toHz`, `ceil(n · toHz / fromHz)` samples.
 * @throws DspParamError when a rate is not a positive integer.
 */
export function resampleToRate(signal: ArrayLike<number>, fromHz: number, toHz: number): Float64Array {
  const [up, down] = rateRatio(fromHz, toHz);
  return resamplePoly(signal, up, down);
}

/**
 * The reduced ratio `[up, down]` that takes integer rate `fromHz` to `toHz` (500→360 Hz is [18, 25]).
 *
 * @throws DspParamError when a rate is not a positive integer.
 */
export function rateRatio(fromHz: number, toHz: number): [number, number] {
  if (!Number.isInteger(fromHz) || fromHz < 1 || !Number.isInteger(toHz) || toHz < 1) {
    throw new DspParamError(
      `resampling needs positive integer rates in Hz, got ${fromHz} Hz → ${toHz} Hz`,
    );
  }
  const g = gcd(fromHz, toHz);
  return [toHz / g, fromHz / g];
}
