/**
 * Pixel metrics between an original scalogram image and its reconstruction: MSE, MAE, PSNR (peak
 * 255) and the paper's local PSNR over time partitions with the trailing-window rule of the
 * reference `compute_psnr_matrix` (Han et al., arXiv 2506.11815, utils/inference.py).
 */

import { DspParamError } from '../errors';
import type { SegmentWindow } from '../types';

/** Peak value of 8-bit images. */
export const PSNR_PEAK = 255;

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new DspParamError(`images differ in size: ${a.length} vs ${b.length} pixels`);
  }
  if (a.length === 0) {
    throw new DspParamError('images are empty');
  }
}

/**
 * Mean squared error, accumulated in float64.
 * @param a - image pixels, any layout (flattened), e.g. uint8 or float in [0, 255].
 * @param b - same size as `a`.
 * @throws DspParamError when the sizes differ or are 0.
 */
export function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  return sum / a.length;
}

/**
 * Mean absolute error, accumulated in float64.
 * @throws DspParamError when the sizes differ or are 0.
 */
export function mae(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    sum += Math.abs(a[i] - b[i]);
  }
  return sum / a.length;
}

/** PSNR in dB from an MSE: 10·log10(peak² / mse), +Infinity when mse = 0. */
export function psnrFromMse(meanSquaredError: number, peak = PSNR_PEAK): number {
  if (meanSquaredError === 0) {
    return Number.POSITIVE_INFINITY;
  }
  return 10 * Math.log10((peak * peak) / meanSquaredError);
}

/**
 * Peak signal-to-noise ratio in dB, as skimage `peak_signal_noise_ratio(a, b, data_range=255)`:
 * 10·log10(255² / MSE); +Infinity for identical images.
 * @throws DspParamError when the sizes differ or are 0.
 */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>, peak = PSNR_PEAK): number {
  return psnrFromMse(mse(a, b), peak);
}

/** Half-open column range `[startCol, endCol)` of one PSNR partition. */
export interface ColumnRange {
  startCol: number;
  endCol: number;
}

/**
 * Column ranges of the time partitions that are scored for one window, as
 * `compute_psnr_matrix`: partition width `floor(W / n)`; the valid part starts at
 * `W − validColumns` (0 for a full window); partition p covers
 * `[start + p·width, start + (p+1)·width)`, the last one running to `W`, each clipped to `W`;
 * partitions starting at or beyond `W` (or empty) are skipped. So a trailing window with few new
 * columns yields fewer partitions, and one with 0 valid columns yields none.
 *
 * @param widthCols - image width W (256 for the paper).
 * @param nPartitions - partitions per window, positive integer.
 * @param validColumns - new columns of the window (`SegmentWindow.validColumns`), 0..W.
 * @throws DspParamError for out-of-range arguments.
 */
export function psnrPartitionRanges(widthCols: number, nPartitions: number, validColumns = widthCols): ColumnRange[] {
  if (!Number.isInteger(widthCols) || widthCols < 1) {
    throw new DspParamError(`image width must be a positive integer, got ${widthCols}`);
  }
  if (!Number.isInteger(nPartitions) || nPartitions < 1) {
    throw new DspParamError(`partition count must be a positive integer, got ${nPartitions}`);
  }
  if (!Number.isInteger(validColumns) || validColumns < 0 || validColumns > widthCols) {
    throw new DspParamError(`valid columns must be an integer in 0..${widthCols}, got ${validColumns}`);
  }
  const partWidth = Math.floor(widthCols / nPartitions);
  const validStart = widthCols - validColumns;
  const ranges: ColumnRange[] = [];
  for (let p = 0; p < nPartitions; p++) {
    const startCol = validStart + p * partWidth;
    const endCol = Math.min(p < nPartitions - 1 ? startCol + partWidth : widthCols, widthCols);
    if (startCol >= widthCols || endCol <= validStart) {
      continue;
    }
    ranges.push({ startCol, endCol });
  }
  return ranges;
}

/**
 * PSNR of each scored time partition of one window (one lead), the paper's local PSNR.
 * With `nPartitions = 1` and a full window this is the global PSNR of the image. Sums run in
 * float64; the reference averages float32 images in float32, which differs by ≲ 1e-5 dB.
 *
 * @param original - original image, row-major `heightRows × widthCols` (row = frequency).
 * @param reconstructed - reconstructed image, same shape.
 * @param heightRows - H (32 for the paper).
 * @param widthCols - W (256 for the paper).
 * @param nPartitions - partitions per window (default 1).
 * @param validColumns - `SegmentWindow.validColumns` (default W: all columns count).
 * @returns one PSNR in dB per range of {@link psnrPartitionRanges}, in time order (may be empty).
 * @throws DspParamError when the images do not have H·W pixels or arguments are out of range.
 */
export function partitionPsnr(
  original: ArrayLike<number>,
  reconstructed: ArrayLike<number>,
  heightRows: number,
  widthCols: number,
  nPartitions = 1,
  validColumns = widthCols,
): number[] {
  checkPair(original, reconstructed);
  if (!Number.isInteger(heightRows) || heightRows < 1 || original.length !== heightRows * widthCols) {
    throw new DspParamError(
      `images have ${original.length} pixels, expected ${heightRows} × ${widthCols}`,
    );
  }
  return psnrPartitionRanges(widthCols, nPartitions, validColumns).map(({ startCol, endCol }) => {
    let sum = 0;
    for (let r = 0; r < heightRows; r++) {
      const rowStart = r * widthCols;
      for (let c = startCol; c < endCol; c++) {
        const d = original[rowStart + c] - reconstructed[rowStart + c];
        sum += d * d;
      }
    }
    return psnrFromMse(sum / (heightRows * (endCol - startCol)));
  });
}

/** Original and reconstructed image of one lead in one window, row-major H × W. */
export interface ImagePair {
  original: ArrayLike<number>;
  reconstructed: ArrayLike<number>;
}

/**
 * PSNR of every scored partition of a whole record, laid out as the reference
 * `compute_psnr_matrix` returns it: one row per lead, the partitions of window 0, then window 1, …
 * (a trailing window contributes only the partitions of {@link psnrPartitionRanges}).
 *
 * @param pairs - leads × windows image pairs.
 * @param windows - the record's windows from `segmentWindows` (same count as each lead's pairs).
 * @param heightRows - H (32).
 * @param widthCols - W (256).
 * @param nPartitions - partitions per window (default 1).
 * @returns leads × scored partitions, dB.
 * @throws DspParamError when a lead's pair count differs from the window count, or as {@link partitionPsnr}.
 */
export function psnrMatrix(
  pairs: ImagePair[][],
  windows: SegmentWindow[],
  heightRows: number,
  widthCols: number,
  nPartitions = 1,
): number[][] {
  return pairs.map((leadPairs, lead) => {
    if (leadPairs.length !== windows.length) {
      throw new DspParamError(`lead ${lead} has ${leadPairs.length} image pairs for ${windows.length} windows`);
    }
    return leadPairs.flatMap((pair, w) =>
      partitionPsnr(pair.original, pair.reconstructed, heightRows, widthCols, nPartitions, windows[w].validColumns),
    );
  });
}
