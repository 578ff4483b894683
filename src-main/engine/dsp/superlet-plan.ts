/**
 * Precomputed work plan for the adaptive superlet at one (sampling rate, signal length): the Morlet
 * wavelet of every (frequency, order) pair as direct taps, a band-limited NUFFT spectrum, or a
 * full FFT spectrum — whichever is cheapest for evaluating it at the few samples the 256-column
 * resize reads. Plans are cached, so a batch of leads pays for them once.
 */
import FFT from 'fft.js';
import { DspParamError } from '../errors';

/** Frequencies of the paper: linspace(0.5, 40, 32) Hz, ascending (row 31 of the scalogram is 0.5 Hz). */
export const SUPERLET_FREQS_HZ: readonly number[] = Array.from({ length: 32 }, (_, i) =>
  i === 31 ? 40 : 0.5 + i * ((40 - 0.5) / 31), // numpy: start + i·step, endpoint set exactly
);
/** Scalogram time columns. */
export const SUPERLET_COLUMNS = 256;
/** Base number of cycles (order 1). */
export const SUPERLET_BASE_CYCLE = 1;
/** Smallest and largest superlet order (multiplicative: cycles = base · order). */
export const SUPERLET_MIN_ORDER = 1;
export const SUPERLET_MAX_ORDER = 16;
/** Added to each complex wavelet response before the log, as the reference's geometric mean. */
export const SUPERLET_EPS = 1e-12;

/**
 * Wavelet taps (or spectrum bins) below this fraction of the wavelet's peak magnitude are dropped.
 * The Morlet Gaussian falls below it ~8.3 standard deviations out; the dropped mass is < 1e-14 of
 * the total, far under the 1e-3 log10 parity tolerance (checked against the goldens in the tests).
 */
const NEGLIGIBLE = 1e-15;
/**
 * Cost model (ns, measured with fft.js on V8 / Node 20, x86-64): one FFT point per radix-2 stage,
 * one direct tap for one output sample, one NUFFT grid tap for one output sample, one band bin.
 * Only the ratios matter: they pick the cheapest evaluation per (frequency, order).
 */
const COST_FFT_POINT_STAGE = 1.8;
const COST_DIRECT_TAP = 2.9;
const COST_GRID_TAP = 2.4;
const COST_BAND_BIN = 6;

/** Order used at each frequency: o_min + round((o_max − o_min)·(f − f_min)/(f_max − f_min)). */
export function superletOrder(freqHz: number): number {
  const fMin = SUPERLET_FREQS_HZ[0];
  const fMax = SUPERLET_FREQS_HZ[SUPERLET_FREQS_HZ.length - 1];
  const x = ((SUPERLET_MAX_ORDER - SUPERLET_MIN_ORDER) * (freqHz - fMin)) / (fMax - fMin);
  // No value of this grid is a .5 tie, so Math.round agrees with numpy's half-to-even round.
  return SUPERLET_MIN_ORDER + Math.round(x);
}

/**
 * Complex Morlet wavelet of the reference: t = linspace(−1, 1, 2·fs), bc = cycles/(5·f),
 * w = exp(−t²/(2bc²))·exp(i2πft)/(bc√(2π)), normalised so Σ|w| = 1.
 *
 * @returns interleaved [re0, im0, re1, im1, …] of length 2·(2·fs).
 */
export function morletWavelet(freqHz: number, cycles: number, fsHz: number): Float64Array {
  const m = 2 * fsHz;
  const bc = cycles / (5 * freqHz);
  const norm = 1 / (bc * Math.sqrt(2 * Math.PI));
  const step = 2 / (m - 1);
  const out = new Float64Array(2 * m);
  let sumAbs = 0;
  for (let i = 0; i < m; i++) {
    const t = i === m - 1 ? 1 : -1 + i * step; // numpy linspace sets the endpoint exactly
    const g = norm * Math.exp(-(t * t) / (2 * bc * bc));
    const ph = 2 * Math.PI * freqHz * t;
    out[2 * i] = g * Math.cos(ph);
    out[2 * i + 1] = g * Math.sin(ph);
    sumAbs += Math.abs(g);
  }
  for (let i = 0; i < 2 * m; i++) {
    out[i] /= sumAbs;
  }
  return out;
}

/** One (frequency, order) wavelet evaluated by direct taps at the needed samples. */
export interface DirectKernel {
  kind: 'direct';
  /** Reversed taps (re, im) scaled by √2: z[n] = Σ_j x[n − dHi + j]·taps[j]. */
  re: Float64Array;
  im: Float64Array;
  /** Largest kernel offset d with a kept tap (z[n] = Σ_d x[n − d]·w[d + off]). */
  dHi: number;
}

/** One (frequency, order) wavelet evaluated through a full-size FFT (spectrum never negligible). */
export interface FftKernel {
  kind: 'fft';
  /** First bin of the band (may be negative: the band wraps around bin 0). */
  k0: number;
  /** conj(√2·W[k]/L) for k = k0 … k0 + len − 1, interleaved re/im. */
  spec: Float64Array;
  /** Direct taps for values too small relative to the largest to trust FFT round-off. */
  exact: DirectKernel;
}

/**
 * Oversampled grid of a type-2 NUFFT with the "exponential of semicircle" kernel (Barnett, Magland
 * & af Klinteberg 2019, FINUFFT): for a band of < size/R modes, values at the needed samples = Σ_s g[p, s]·h[base[p] + s], with h the size-point
 * transform of the deconvolved band. Shared by every kernel with the same grid size.
 */
export interface NufftGrid {
  size: number;
  fft: FFT;
  /** Per needed sample: first grid index (in [0, size)) of its 2·NUFFT_SPREAD neighbours. */
  base: Int32Array;
  /** Per needed sample × neighbour: kernel weight φ(d), d = grid distance (see esKernel). */
  weights: Float64Array;
  /** 1/Φ(q/size) for q = 0 … size/(2R): the kernel's Fourier transform, inverted (deconvolution). */
  deconv: Float64Array;
}

/**
 * One (frequency, order) wavelet whose spectrum is negligible outside a narrow band: evaluated by a
 * small NUFFT (see {@link NufftGrid}); samples where the result is too small to trust its relative
 * accuracy are recomputed exactly with the direct taps.
 */
export interface NufftKernel {
  kind: 'nufft';
  k0: number;
  /** conj(√2·W[k]/L)/Φ(q/size) for the band's modes q = k − k0 − ⌊len/2⌋ (deconvolved). */
  spec: Float64Array;
  grid: NufftGrid;
  exact: DirectKernel;
}

export type SuperletKernel = DirectKernel | FftKernel | NufftKernel;

/** Everything that depends only on (fsHz, nSamples). */
export interface SuperletPlan extends ResizePlan {
  fsHz: number;
  nSamples: number;
  /** FFT length (power of two ≥ nSamples + fs, so the 'same' convolution does not wrap). */
  fftSize: number;
  fft: FFT;
  /** Zero padding on each side of the signal for direct taps. */
  pad: number;
  /** kernels[f] holds orders 1 … superletOrder(f) for frequency index f. */
  kernels: SuperletKernel[][];
  /** NUFFT grids by size. */
  grids: Map<number, NufftGrid>;
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) {
    p *= 2;
  }
  return p;
}

/** Which samples the 256-column resize reads and how it weighs them (depends only on the signal length). */
export interface ResizePlan {
  /** Sorted distinct sample indices the resize reads. */
  needed: Int32Array;
  /** Per column: index into `needed` of the left/right sample and the float32 weights. */
  left: Int32Array;
  right: Int32Array;
  wLeft: Float32Array;
  wRight: Float32Array;
}

/**
 * Source samples and weights of torch F.interpolate(mode='linear', align_corners=False) from
 * `nSamples` to {@link SUPERLET_COLUMNS} columns, in float32 as torch computes them.
 */
export function resizePlan(nSamples: number): ResizePlan {
  const f = Math.fround;
  const columns = SUPERLET_COLUMNS;
  const scale = f(nSamples / columns);
  const i0 = new Int32Array(columns);
  const i1 = new Int32Array(columns);
  const wLeft = new Float32Array(columns);
  const wRight = new Float32Array(columns);
  for (let c = 0; c < columns; c++) {
    let src = f(f(scale * f(c + 0.5)) - 0.5);
    if (src < 0) {
      src = 0;
    }
    const a = Math.min(Math.floor(src), nSamples - 1);
    const lambda = Math.min(Math.max(f(src - a), 0), 1);
    i0[c] = a;
    i1[c] = a < nSamples - 1 ? a + 1 : a;
    wRight[c] = lambda;
    wLeft[c] = f(1 - lambda);
  }
  const needed = Int32Array.from(new Set([...i0, ...i1])).sort();
  const where = new Map<number, number>();
  needed.forEach((n, i) => where.set(n, i));
  return {
    needed,
    left: Int32Array.from(i0, (n) => where.get(n) as number),
    right: Int32Array.from(i1, (n) => where.get(n) as number),
    wLeft,
    wRight,
  };
}

/**
 * Kept taps of a wavelet (`morletWavelet` output), reversed and scaled by √2, for direct
 * evaluation; `first`/`last` are the kept range in the wavelet's own indexing.
 */
export function directTaps(w: Float64Array, fsHz: number): { kernel: DirectKernel; first: number; last: number } {
  const m = 2 * fsHz;
  const off = Math.floor((m - 1) / 2); // start of the 'same' window in the full convolution
  const abs2 = (i: number): number => w[2 * i] * w[2 * i] + w[2 * i + 1] * w[2 * i + 1];
  let peak2 = 0;
  for (let i = 0; i < m; i++) {
    peak2 = Math.max(peak2, abs2(i));
  }
  const floor2 = NEGLIGIBLE * NEGLIGIBLE * peak2;
  let first = 0;
  let last = m - 1;
  while (abs2(first) <= floor2) {
    first++;
  }
  while (abs2(last) <= floor2) {
    last--;
  }
  const taps = last - first + 1;
  const re = new Float64Array(taps);
  const im = new Float64Array(taps);
  for (let j = 0; j < taps; j++) {
    re[j] = Math.SQRT2 * w[2 * (last - j)];
    im[j] = Math.SQRT2 * w[2 * (last - j) + 1];
  }
  return { kernel: { kind: 'direct', re, im, dHi: last - off }, first, last };
}

/** Reused buffers for wavelet spectra while plans are built (one plan at a time). */
const specScratch = { placed: new Float64Array(0), spec: new Float64Array(0) };

/**
 * Full-length spectrum of the wavelet placed for circular 'same' convolution, and its band. The
 * returned `spec` is a shared scratch buffer, valid until the next call.
 */
function spectrumBand(w: Float64Array, fsHz: number, first: number, last: number, L: number, fft: FFT): { spec: Float64Array; k0: number; len: number } {
  const off = Math.floor((2 * fsHz - 1) / 2);
  if (specScratch.spec.length !== 2 * L) {
    specScratch.placed = new Float64Array(2 * L);
    specScratch.spec = new Float64Array(2 * L);
  }
  const { placed, spec } = specScratch;
  placed.fill(0);
  for (let i = first; i <= last; i++) {
    const k = (((i - off) % L) + L) % L;
    placed[2 * k] = w[2 * i];
    placed[2 * k + 1] = w[2 * i + 1];
  }
  fft.transform(spec, placed);
  const abs2 = (k: number): number => {
    const kk = k & (L - 1); // L is a power of two: also wraps negative k
    return spec[2 * kk] * spec[2 * kk] + spec[2 * kk + 1] * spec[2 * kk + 1];
  };
  let peak2 = 0;
  let peakBin = 0;
  for (let k = 0; k < L; k++) {
    const a = abs2(k);
    if (a > peak2) {
      peak2 = a;
      peakBin = k;
    }
  }
  const floor2 = NEGLIGIBLE * NEGLIGIBLE * peak2;
  let lo = 0;
  while (lo < L / 2 && abs2(peakBin - lo - 1) > floor2) {
    lo++;
  }
  let hi = 0;
  while (hi < L / 2 - 1 && abs2(peakBin + hi + 1) > floor2) {
    hi++;
  }
  // A wavelet whose spectrum never gets negligible (truncated at ±1 s) keeps every bin.
  if (lo >= L / 2 || hi >= L / 2 - 1) {
    return { spec, k0: 0, len: L };
  }
  return { spec, k0: peakBin - lo, len: lo + hi + 1 };
}

/**
 * NUFFT oversampling R = grid size / modes and spreading half-width (grid points each side). With
 * the ES kernel below the relative error is ~1e-12 of the largest value (checked numerically for
 * bands filling all size/R modes); smaller values are recomputed exactly (superlet.ts).
 */
export const NUFFT_OVERSAMPLING = 1.5;
export const NUFFT_SPREAD = 8;
/** ES shape β = 0.97·π·w·(1 − 1/(2R)) for width w = 2·SPREAD (FINUFFT's choice, γ = 0.97). */
const ES_BETA = 0.97 * Math.PI * (2 * NUFFT_SPREAD) * (1 - 1 / (2 * NUFFT_OVERSAMPLING));

/** ES kernel φ(d) = exp(β·(√(1 − (d/SPREAD)²) − 1)) for |d| < SPREAD (grid units), else 0. */
function esKernel(d: number): number {
  const z = d / NUFFT_SPREAD;
  return z * z < 1 ? Math.exp(ES_BETA * (Math.sqrt(1 - z * z) - 1)) : 0;
}

/**
 * 1/Φ(q/size) for q = 0 … qMax, Φ(ξ) = ∫ φ(t)·cos(2πξt) dt over |t| < SPREAD, by the trapezoid rule
 * on 2·QUAD + 1 points (φ and its derivatives vanish at ±SPREAD to e^{−β} ≈ 1e-14, so the rule
 * converges spectrally; cosines by the stable three-term recurrence).
 */
function esDeconvolution(size: number, qMax: number): Float64Array {
  const QUAD = 1000;
  const h = NUFFT_SPREAD / QUAD;
  const phi = Float64Array.from({ length: QUAD + 1 }, (_, i) => esKernel(i * h));
  const out = new Float64Array(qMax + 1);
  for (let q = 0; q <= qMax; q++) {
    const w = (2 * Math.PI * q * h) / size;
    const c1 = Math.cos(w);
    let prev = c1; // cos(−w)
    let cur = 1; // cos(0)
    let sum = phi[0];
    for (let i = 1; i <= QUAD; i++) {
      const next = 2 * c1 * cur - prev;
      prev = cur;
      cur = next;
      sum += 2 * phi[i] * cur;
    }
    out[q] = 1 / (sum * h);
  }
  return out;
}

function nufftGrid(plan: Pick<SuperletPlan, 'fftSize' | 'needed' | 'grids'>, size: number): NufftGrid {
  const cached = plan.grids.get(size);
  if (cached) {
    return cached;
  }
  const L = plan.fftSize;
  const P = plan.needed.length;
  const width = 2 * NUFFT_SPREAD;
  const base = new Int32Array(P);
  const weights = new Float64Array(P * width);
  for (let p = 0; p < P; p++) {
    const u = (plan.needed[p] * size) / L; // grid coordinate (exact: both sizes are powers of two)
    const b = Math.floor(u) - NUFFT_SPREAD + 1;
    base[p] = ((b % size) + size) % size; // neighbours past the end wrap (see superlet.ts)
    for (let s = 0; s < width; s++) {
      weights[p * width + s] = esKernel(u - (b + s));
    }
  }
  const deconv = esDeconvolution(size, Math.ceil(size / (2 * NUFFT_OVERSAMPLING)) + 1);
  const grid = { size, fft: new FFT(size), base, weights, deconv };
  plan.grids.set(size, grid);
  return grid;
}

function buildKernel(w: Float64Array, fsHz: number, plan: Pick<SuperletPlan, 'fftSize' | 'fft' | 'needed' | 'grids'>): SuperletKernel {
  const { kernel: exact, first, last } = directTaps(w, fsHz);
  const L = plan.fftSize;
  const P = plan.needed.length;
  const directCost = COST_DIRECT_TAP * P * exact.re.length;
  const fftCost = COST_FFT_POINT_STAGE * L * Math.log2(L);
  if (directCost <= fftCost / 4) {
    return exact; // short wavelet: cheaper than any transform
  }
  const { spec, k0, len } = spectrumBand(w, fsHz, first, last, L, plan.fft);
  const size = nextPow2(Math.ceil(NUFFT_OVERSAMPLING * (len + 1)));
  const nufftCost =
    COST_FFT_POINT_STAGE * size * Math.log2(size) + COST_BAND_BIN * len + COST_GRID_TAP * P * 2 * NUFFT_SPREAD;
  const best = Math.min(directCost, fftCost, size < L ? nufftCost : Infinity);
  if (best === directCost) {
    return exact;
  }
  const scale = Math.SQRT2 / L;
  const band = new Float64Array(2 * len);
  if (best === fftCost) {
    for (let j = 0; j < len; j++) {
      const kk = (((k0 + j) % L) + L) % L;
      band[2 * j] = scale * spec[2 * kk];
      band[2 * j + 1] = -scale * spec[2 * kk + 1];
    }
    return { kind: 'fft', k0, spec: band, exact };
  }
  // Type-2 NUFFT: grid values b_m = Σ_q (Y_q/Φ(q/size))·e^{2πiqm/size}, then
  // value(u) ≈ Σ_m b_m·φ(u − m) (u = n·size/L); |q| ≤ len/2 < size/(2R).
  const grid = nufftGrid(plan, size);
  const half = Math.floor(len / 2);
  for (let j = 0; j < len; j++) {
    const kk = (((k0 + j) % L) + L) % L;
    const f = scale * grid.deconv[Math.abs(j - half)];
    band[2 * j] = f * spec[2 * kk];
    band[2 * j + 1] = -f * spec[2 * kk + 1];
  }
  return { kind: 'nufft', k0, spec: band, grid, exact };
}

/** Plans kept (least recently used dropped first); 10-s windows need one per sampling rate. */
const MAX_CACHED_PLANS = 6;
const planCache = new Map<string, SuperletPlan>();

/**
 * Checks the superlet's arguments.
 * @throws DspParamError when fsHz is not a positive integer (the reference builds its wavelet time
 *   axis with `2·fs` samples, so fs must be whole) or the signal has fewer than 2 samples.
 */
export function checkSuperletArgs(fsHz: number, nSamples: number): void {
  if (!Number.isInteger(fsHz) || fsHz < 1) {
    throw new DspParamError(`superlet needs a whole, positive sampling rate in Hz (wavelets have 2·fs samples), got ${fsHz}`);
  }
  if (!Number.isInteger(nSamples) || nSamples < 2) {
    throw new DspParamError(`superlet needs at least 2 samples, got ${nSamples}`);
  }
}

/**
 * The plan for signals of `nSamples` samples at `fsHz` (cached; a few MB at 500 Hz).
 * @throws DspParamError as {@link checkSuperletArgs}.
 */
export function superletPlan(fsHz: number, nSamples: number): SuperletPlan {
  checkSuperletArgs(fsHz, nSamples);
  const key = `${fsHz}:${nSamples}`;
  const cached = planCache.get(key);
  if (cached) {
    planCache.delete(key); // most recently used last
    planCache.set(key, cached);
    return cached;
  }
  const fftSize = nextPow2(nSamples + fsHz + 1);
  const fft = new FFT(fftSize);
  const { needed, left, right, wLeft, wRight } = resizePlan(nSamples);
  const grids = new Map<number, NufftGrid>();
  const base = { fftSize, fft, needed, grids };
  const kernels = SUPERLET_FREQS_HZ.map((freqHz) => {
    const list: SuperletKernel[] = [];
    for (let order = 1; order <= superletOrder(freqHz); order++) {
      list.push(buildKernel(morletWavelet(freqHz, SUPERLET_BASE_CYCLE * order, fsHz), fsHz, base));
    }
    return list;
  });
  const plan: SuperletPlan = {
    fsHz,
    nSamples,
    fftSize,
    fft,
    pad: 2 * fsHz,
    needed,
    left,
    right,
    wLeft,
    wRight,
    kernels,
    grids,
  };
  planCache.set(key, plan);
  while (planCache.size > MAX_CACHED_PLANS) {
    planCache.delete(planCache.keys().next().value as string);
  }
  return plan;
}
