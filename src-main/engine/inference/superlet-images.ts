/**
 * Prepared windows → scalogram images: the superlet (helper module `dsp/superlet.ts`, run on the
 * shared worker pool of `workers/superlet-pool.ts`) and the reference 8-bit mapping of
 * `dsp/scalogram-image.ts`.
 */
import { scalogramToImage } from '../dsp/scalogram-image';
import { superletMany } from '../workers/superlet-pool';

/**
 * Scalogram image (uint8, 32 × 256, row 0 = 40 Hz) of each window sampled at `fsHz`.
 * @throws DspParamError for a window the superlet cannot process (non-integer rate, too short).
 */
export async function scalogramImages(windows: Float64Array[], fsHz: number): Promise<Uint8Array[]> {
  const scalograms = await superletMany(windows, fsHz);
  return scalograms.map((s) => scalogramToImage(s));
}
