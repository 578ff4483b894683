/**
 * Adaptive superlet scalogram of one lead, as the paper's reference implementation (Han et al.,
 * arXiv 2506.11815; JAX port of irhum/superlets) computes it — but evaluated only where the final
 * 256-column linear resize reads: direct taps for short wavelets, an ES-kernel NUFFT for
 * narrow-band ones, a full FFT otherwise, and exact taps for values too small to trust a transform.
 */
import { DspParamError } from '../errors';
import {
  type DirectKernel,
  type FftKernel,
  NUFFT_SPREAD,
  type NufftKernel,
  SUPERLET_COLUMNS,
  SUPERLET_EPS,
  SUPERLET_FREQS_HZ,
  type SuperletPlan,
  superletPlan,
} from './superlet-plan';

export { SUPERLET_COLUMNS, SUPERLET_FREQS_HZ, superletOrder, morletWavelet } from './superlet-plan';

/** Rows of the scalogram (frequencies). */
export const SUPERLET_ROWS = SUPERLET_FREQS_HZ.length;

/** Per-call scratch buffers, reused while the plan stays the same. */
interface Scratch {
  plan: SuperletPlan;
  padded: Float64Array;
  spectrum: Float64Array;
  work: Float64Array;
  out: Float64Array;
  /** Transform buffers per NUFFT grid size. */
  grid: Map<number, { work: Float64Array; out: Float64Array }>;
  mag2: Float64Array;
  /** Factor applied to every |√2·z + eps|² before it is multiplied into a running product. */
  scale: number;
}
let scratch: Scratch | null = null;

function scratchFor(plan: SuperletPlan): Scratch {
  if (scratch?.plan !== plan) {
    scratch = {
      plan,
      padded: new Float64Array(plan.nSamples + 2 * plan.pad),
      spectrum: new Float64Array(2 * plan.fftSize),
      work: new Float64Array(2 * plan.fftSize),
      out: new Float64Array(2 * plan.fftSize),
      grid: new Map(),
      mag2: new Float64Array(plan.needed.length),
      scale: 1,
    };
  }
  return scratch;
}

/** |√2·z + eps|² of a direct kernel at needed sample index p. */
function directMag2(k: DirectKernel, s: Scratch, p: number): number {
  const x = s.padded;
  const { re, im } = k;
  const taps = re.length;
  const start = s.plan.pad + s.plan.needed[p] - k.dHi;
  let zr = 0;
  let zi = 0;
  for (let j = 0; j < taps; j++) {
    const v = x[start + j];
    zr += v * re[j];
    zi += v * im[j];
  }
  zr += SUPERLET_EPS;
  return zr * zr + zi * zi;
}

/** Multiplies |√2·z + eps|²·s.scale of a direct kernel at every needed sample into `prod`. */
function accumulateDirect(k: DirectKernel, s: Scratch, prod: Float64Array): void {
  const { needed, pad } = s.plan;
  const x = s.padded;
  const { re, im } = k;
  const taps = re.length;
  for (let p = 0; p < prod.length; p++) {
    if (p + 1 < prod.length && needed[p + 1] === needed[p] + 1) {
      // Adjacent samples (the two a resize column reads) share one pass over the taps.
      const start = pad + needed[p] - k.dHi;
      let ar = 0;
      let ai = 0;
      let br = 0;
      let bi = 0;
      let v0 = x[start];
      for (let j = 0; j < taps; j++) {
        const v1 = x[start + j + 1];
        const tr = re[j];
        const ti = im[j];
        ar += v0 * tr;
        ai += v0 * ti;
        br += v1 * tr;
        bi += v1 * ti;
        v0 = v1;
      }
      ar += SUPERLET_EPS;
      br += SUPERLET_EPS;
      prod[p] *= (ar * ar + ai * ai) * s.scale;
      prod[p + 1] *= (br * br + bi * bi) * s.scale;
      p++;
    } else {
      prod[p] *= directMag2(k, s, p) * s.scale;
    }
  }
}

/**
 * Below this fraction of the kernel's largest response (or this absolute magnitude, where the
 * reference's +1e-12 starts to matter) a transform value is recomputed exactly with direct taps:
 * NUFFT error (~1e-11) and FFT round-off (~1e-15) are relative to the largest response, so only
 * relatively tiny values need it. (The reference convolves directly.)
 */
const TRUST_REL = 1e-6;
/** Orders multiplied together before one log is taken (factors are ≤ ~1 and ≥ ~1e-60 each). */
const LOGS_EVERY = 4;
const TRUST_ABS = 1e-7;

/** Multiplies |√2·z + eps|²·s.scale of a narrow-band kernel (NUFFT; exact fallback for tiny values) into `prod`. */
function accumulateNufft(k: NufftKernel, s: Scratch, prod: Float64Array): void {
  const { size, fft, base, weights } = k.grid;
  let bufs = s.grid.get(size);
  if (!bufs) {
    // `out` has NUFFT_SPREAD·2 extra complex slots holding a copy of its start (periodic grid).
    bufs = { work: new Float64Array(2 * size), out: new Float64Array(2 * (size + 2 * NUFFT_SPREAD)) };
    s.grid.set(size, bufs);
  }
  const { work, out } = bufs;
  const L = s.plan.fftSize;
  const X = s.spectrum;
  const spec = k.spec;
  const len = spec.length / 2;
  const half = Math.floor(len / 2);
  const mask = size - 1;
  const width = 2 * NUFFT_SPREAD;
  work.fill(0);
  for (let j = 0; j < len; j++) {
    let kk = k.k0 + j;
    if (kk < 0) {
      kk += L;
    } else if (kk >= L) {
      kk -= L;
    }
    const xr = X[2 * kk];
    const xi = X[2 * kk + 1];
    const wr = spec[2 * j];
    const wi = spec[2 * j + 1];
    const q = (j - half) & mask;
    work[2 * q] = xr * wr - xi * wi;
    work[2 * q + 1] = xr * wi + xi * wr;
  }
  fft.transform(out, work);
  out.copyWithin(2 * size, 0, 2 * width);
  const mag2 = s.mag2;
  let max2 = 0;
  for (let p = 0; p < prod.length; p++) {
    const ob = 2 * base[p];
    const wo = p * width;
    if (p + 1 < prod.length && base[p + 1] === base[p]) {
      // Two samples on the same grid neighbourhood share the loads.
      let ar = 0;
      let ai = 0;
      let br = 0;
      let bi = 0;
      for (let t = 0; t < width; t++) {
        const g = weights[wo + t];
        const h = weights[wo + width + t];
        const vr = out[ob + 2 * t];
        const vi = out[ob + 2 * t + 1];
        ar += g * vr;
        ai += g * vi;
        br += h * vr;
        bi += h * vi;
      }
      const a = ar * ar + ai * ai;
      const b = br * br + bi * bi;
      mag2[p] = a;
      mag2[p + 1] = b;
      max2 = Math.max(max2, a, b);
      p++;
      continue;
    }
    let zr = 0;
    let zi = 0;
    for (let t = 0; t < width; t++) {
      const g = weights[wo + t];
      zr += g * out[ob + 2 * t];
      zi += g * out[ob + 2 * t + 1];
    }
    const a = zr * zr + zi * zi;
    mag2[p] = a;
    if (a > max2) {
      max2 = a;
    }
  }
  accumulateTrusted(k.exact, s, prod, max2);
}

/**
 * Multiplies mag2[p]·s.scale into `prod` for every needed sample whose transform value is large
 * enough to trust, and the exact direct-tap value for the others (see TRUST_REL / TRUST_ABS).
 */
function accumulateTrusted(exact: DirectKernel, s: Scratch, prod: Float64Array, max2: number): void {
  const mag2 = s.mag2;
  const trust2 = Math.max(max2 * TRUST_REL * TRUST_REL, TRUST_ABS * TRUST_ABS);
  for (let p = 0; p < prod.length; p++) {
    prod[p] *= (mag2[p] >= trust2 ? mag2[p] : directMag2(exact, s, p)) * s.scale;
  }
}

/** Multiplies |√2·z + eps|²·s.scale of an FFT kernel into `prod` (z = conj of the transform). */
function accumulateFft(k: FftKernel, s: Scratch, prod: Float64Array): void {
  const { fftSize: L, needed } = s.plan;
  const X = s.spectrum; // conj(FFT(x))
  const work = s.work;
  const spec = k.spec;
  const len = spec.length / 2;
  for (let j = 0; j < len; j++) {
    let kk = k.k0 + j;
    if (kk < 0) {
      kk += L;
    } else if (kk >= L) {
      kk -= L;
    }
    const xr = X[2 * kk];
    const xi = X[2 * kk + 1];
    const wr = spec[2 * j];
    const wi = spec[2 * j + 1];
    work[2 * kk] = xr * wr - xi * wi;
    work[2 * kk + 1] = xr * wi + xi * wr;
  }
  // FFT(conj(√2·X·W/L))[n] = conj(√2·z[n]); |conj(a) + eps| = |a + eps|.
  s.plan.fft.transform(s.out, work);
  const out = s.out;
  const mag2 = s.mag2;
  let max2 = 0;
  for (let p = 0; p < needed.length; p++) {
    const n = needed[p];
    const zr = out[2 * n] + SUPERLET_EPS;
    const zi = out[2 * n + 1];
    mag2[p] = zr * zr + zi * zi;
    max2 = Math.max(max2, mag2[p]);
  }
  accumulateTrusted(k.exact, s, prod, max2);
  for (let j = 0; j < len; j++) {
    let kk = k.k0 + j;
    if (kk < 0) {
      kk += L;
    } else if (kk >= L) {
      kk -= L;
    }
    work[2 * kk] = 0;
    work[2 * kk + 1] = 0;
  }
}

/**
 * Adaptive superlet scalogram of one lead, exactly as the reference `compute_superlet_scalogram`:
 * freqs = linspace(0.5, 40, 32) Hz; orders 1 … 1 + round(15·(f − 0.5)/39.5), cycles = order
 * (base cycle 1, multiplicative); complex Morlet with t = linspace(−1, 1, 2·fs) and
 * bc = cycles/(5f), normalised by Σ|w|; 'same' convolution ×√2; geometric mean of |z + 1e-12|
 * over the orders; log10 of its square (power); cast to float32; torch linear resize of the time
 * axis to 256 columns (align_corners=False, no antialiasing) in float32; rows flipped so row 0 is
 * 40 Hz. A flat (all-zero) signal gives log10((1e-12)²) = −24 everywhere, as the reference.
 *
 * Internally float64; the wavelets are evaluated only at the ≤ 512 samples the resize reads.
 *
 * @param signal - one lead, any units (the paper uses mV), length n ≥ 2.
 * @param fsHz - sampling rate, a whole number of Hz.
 * @returns float32 [32 rows × 256 columns], row-major; row 0 = 40 Hz, row 31 = 0.5 Hz;
 *   log10 power.
 * @throws DspParamError for a non-integer/non-positive fsHz, < 2 samples or non-finite samples.
 */
export function superlet(signal: ArrayLike<number>, fsHz: number): Float32Array {
  const plan = superletPlan(fsHz, signal.length);
  const s = scratchFor(plan);
  const { nSamples: n, pad, fftSize: L } = plan;
  s.padded.fill(0);
  let allZero = true;
  for (let i = 0; i < n; i++) {
    const v = signal[i];
    if (!Number.isFinite(v)) {
      throw new DspParamError(`superlet input has a non-finite sample (${v}) at index ${i}`);
    }
    s.padded[pad + i] = v;
    allZero &&= v === 0;
  }
  // conj(FFT(x)) of the zero-padded signal.
  s.work.fill(0);
  for (let i = 0; i < n; i++) {
    s.work[2 * i] = signal[i];
  }
  plan.fft.transform(s.spectrum, s.work);
  for (let k = 0; k < L; k++) {
    s.spectrum[2 * k + 1] = -s.spectrum[2 * k + 1];
  }
  s.work.fill(0);

  const needed = plan.needed.length;
  const acc = new Float64Array(needed);
  const logPow = new Float32Array(needed);
  const result = new Float32Array(SUPERLET_ROWS * SUPERLET_COLUMNS);
  const f = Math.fround;
  const toLog10Power = 2 / Math.LN10;
  // Σ log|√2·z + eps|² over orders is taken as log of running products (one log per
  // LOGS_EVERY orders instead of per order). Each factor is scaled by 1/(2·max|x|²) — |√2·z| ≤
  // √2·max|x| because Σ|w| = 1 — so products stay far from overflow and underflow.
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(signal[i]));
  }
  s.scale = Math.min(Math.max(1 / (2 * maxAbs * maxAbs), 1e-60), 1e60);
  const logScale = Math.log(s.scale);
  const prod = new Float64Array(needed);
  plan.kernels.forEach((kernels, fi) => {
    const order = kernels.length;
    if (allZero) {
      // z = 0 for every wavelet: each term is log|0 + eps|² (the −24 floor).
      acc.fill(2 * order * Math.log(SUPERLET_EPS));
    } else {
      acc.fill(0);
      prod.fill(1);
      kernels.forEach((k, i) => {
        if (k.kind === 'direct') {
          accumulateDirect(k, s, prod);
        } else if (k.kind === 'nufft') {
          accumulateNufft(k, s, prod);
        } else {
          accumulateFft(k, s, prod);
        }
        if ((i + 1) % LOGS_EVERY === 0 || i === order - 1) {
          for (let p = 0; p < needed; p++) {
            acc[p] += Math.log(prod[p]);
            prod[p] = 1;
          }
        }
      });
      for (let p = 0; p < needed; p++) {
        acc[p] -= order * logScale;
      }
    }
    for (let p = 0; p < needed; p++) {
      logPow[p] = (toLog10Power * 0.5 * acc[p]) / order;
    }
    const row = SUPERLET_ROWS - 1 - fi;
    for (let c = 0; c < SUPERLET_COLUMNS; c++) {
      result[row * SUPERLET_COLUMNS + c] = f(
        f(plan.wLeft[c] * logPow[plan.left[c]]) + f(plan.wRight[c] * logPow[plan.right[c]]),
      );
    }
  });
  return result;
}
