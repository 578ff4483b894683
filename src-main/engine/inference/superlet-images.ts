/**
 * Adapter from prepared windows to scalogram images: superlet + 8-bit mapping of helper 3's
 * `dsp/superlet.ts` and `dsp/scalogram-image.ts`.
 */
import { InferenceError } from '../errors';

/**
 * Scalogram image (uint8, 32 × 256, row 0 = 40 Hz) of each window sampled at `fsHz`.
 * @throws InferenceError until the superlet module is wired in.
 */
export async function scalogramImages(windows: Float64Array[], fsHz: number): Promise<Uint8Array[]> {
  throw new InferenceError(`superlet not wired yet (${windows.length} windows at ${fsHz} Hz)`);
}
