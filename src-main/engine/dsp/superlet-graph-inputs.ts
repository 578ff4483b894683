/**
 * The constant inputs of the ONNX superlet graph (`models/superlet/`, built by
 * `training/superlet_onnx.py`) for one (sampling rate, signal length), from the same wavelets, tap
 * trimming and resize taps as the TypeScript superlet — so both evaluate the same sums.
 */
import {
  checkSuperletArgs,
  directTaps,
  morletWavelet,
  resizePlan,
  SUPERLET_BASE_CYCLE,
  SUPERLET_COLUMNS,
  SUPERLET_FREQS_HZ,
  superletOrder,
} from './superlet-plan';

/** Everything the graph reads besides the signal. */
export interface SuperletGraphInputs {
  /** Taps per wavelet, M = 2·fsHz. */
  taps: number;
  /** Wavelets (W): every (frequency, order) pair, frequency ascending, then order 1, 2, …. */
  wavelets: number;
  /** [M × 2W] row-major: reversed taps ×√2, real parts of the W wavelets then imaginary parts. */
  bank: Float64Array;
  /** [P]: needed sample n → n + ⌊(M − 1)/2⌋ + 1, its window's start in the signal padded by M zeros. */
  windowStart: BigInt64Array;
  /** [2 × 256]: position in `needed` of each column's left, then right sample. */
  resizeIndex: BigInt64Array;
  /** [2 × 256]: float32 weights of the left, then right sample. */
  resizeWeight: Float32Array;
}

/** (frequency index, order) of each wavelet in bank column order (model-spec.json `bank_columns`). */
function superletWavelets(): [number, number][] {
  return SUPERLET_FREQS_HZ.flatMap((f, fi) => Array.from({ length: superletOrder(f) }, (_, k): [number, number] => [fi, k + 1]));
}

/**
 * Graph inputs for signals of `nSamples` samples at `fsHz`.
 * @throws DspParamError as {@link checkSuperletArgs} (non-integer or non-positive rate, < 2 samples).
 */
export function superletGraphInputs(fsHz: number, nSamples: number): SuperletGraphInputs {
  checkSuperletArgs(fsHz, nSamples);
  const wavelets = superletWavelets();
  const m = 2 * fsHz;
  const w = wavelets.length;
  const dHiFull = m - 1 - Math.floor((m - 1) / 2);
  const bank = new Float64Array(m * 2 * w);
  wavelets.forEach(([fi, order], col) => {
    const { kernel } = directTaps(morletWavelet(SUPERLET_FREQS_HZ[fi], SUPERLET_BASE_CYCLE * order, fsHz), fsHz);
    const row0 = dHiFull - kernel.dHi; // the kept taps start this far into the full window
    for (let j = 0; j < kernel.re.length; j++) {
      bank[(row0 + j) * 2 * w + col] = kernel.re[j];
      bank[(row0 + j) * 2 * w + w + col] = kernel.im[j];
    }
  });
  const resize = resizePlan(nSamples);
  const resizeIndex = new BigInt64Array(2 * SUPERLET_COLUMNS);
  const resizeWeight = new Float32Array(2 * SUPERLET_COLUMNS);
  for (let c = 0; c < SUPERLET_COLUMNS; c++) {
    resizeIndex[c] = BigInt(resize.left[c]);
    resizeIndex[SUPERLET_COLUMNS + c] = BigInt(resize.right[c]);
    resizeWeight[c] = resize.wLeft[c];
    resizeWeight[SUPERLET_COLUMNS + c] = resize.wRight[c];
  }
  const startOffset = Math.floor((m - 1) / 2) + 1;
  const windowStart = BigInt64Array.from(resize.needed, (n) => BigInt(n + startOffset));
  return { taps: m, wavelets: w, bank, windowStart, resizeIndex, resizeWeight };
}
