/**
 * Prepared windows → scalogram images: the superlet (helper module `dsp/superlet.ts`, run on the
 * shared worker pool of `workers/superlet-pool.ts`, or the ONNX graph of `superlet-onnx.ts`) and the
 * reference 8-bit mapping of `dsp/scalogram-image.ts`.
 */
import { scalogramToImage } from '../dsp/scalogram-image';
import { superlet } from '../dsp/superlet';
import { superletMany } from '../workers/superlet-pool';

/** Anything that computes many superlets at once: a `SuperletPool` or an `OnnxSuperlet`. */
export interface SuperletRunner {
  /** One float32 [32 × 256] scalogram per lead, in input order, as `superlet()`. */
  superletMany(leads: ArrayLike<number>[], fsHz: number): Promise<Float32Array[]>;
}

/** Up to this many windows are computed in the calling thread: cheaper than starting workers. */
const INLINE_MAX_WINDOWS = 2;

/**
 * Scalogram image (uint8, 32 × 256, row 0 = 40 Hz) of each window sampled at `fsHz`, computed on
 * `pool` (default: the process-wide shared pool of all cores; one or two windows inline). The pool
 * gives results identical to `superlet()`, and the float64 ONNX superlet images equal to them (see
 * test/engine/inference/superlet-onnx.test.ts), so where it runs does not change any score.
 * @throws DspParamError for a window the superlet cannot process (non-integer rate, too short).
 */
export async function scalogramImages(windows: Float64Array[], fsHz: number, pool?: SuperletRunner): Promise<Uint8Array[]> {
  let scalograms: Float32Array[];
  if (pool) {
    scalograms = await pool.superletMany(windows, fsHz);
  } else if (windows.length <= INLINE_MAX_WINDOWS) {
    scalograms = windows.map((w) => superlet(w, fsHz));
  } else {
    scalograms = await superletMany(windows, fsHz);
  }
  return scalograms.map((s) => scalogramToImage(s));
}
