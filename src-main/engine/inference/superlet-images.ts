/**
 * Prepared windows → scalogram images: the superlet (helper module `dsp/superlet.ts`, run on the
 * shared worker pool of `workers/superlet-pool.ts`) and the reference 8-bit mapping of
 * `dsp/scalogram-image.ts`.
 */
import { scalogramToImage } from '../dsp/scalogram-image';
import { type SuperletPool, superletMany } from '../workers/superlet-pool';

/**
 * Scalogram image (uint8, 32 × 256, row 0 = 40 Hz) of each window sampled at `fsHz`, computed on
 * `pool` (default: the process-wide shared pool of all cores).
 * @throws DspParamError for a window the superlet cannot process (non-integer rate, too short).
 */
export async function scalogramImages(windows: Float64Array[], fsHz: number, pool?: SuperletPool): Promise<Uint8Array[]> {
  const scalograms = await (pool ? pool.superletMany(windows, fsHz) : superletMany(windows, fsHz));
  return scalograms.map((s) => scalogramToImage(s));
}
