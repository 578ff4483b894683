/**
 * Mean structural similarity of two grey images, as scikit-image's
 * `structural_similarity(a, b, data_range=255)` with its defaults (7×7 uniform window,
 * sample covariance, K1 = 0.01, K2 = 0.03, mean over the image minus a 3-pixel border).
 */

import { DspParamError } from '../errors';

/** Options of {@link ssim}; defaults are skimage's. */
export interface SsimOptions {
  /** Dynamic range of the pixel values (default 255). */
  dataRange?: number;
  /** Odd side of the square uniform window (default 7). */
  winSize?: number;
  /** Stabiliser constant for the means (default 0.01). */
  k1?: number;
  /** Stabiliser constant for the variances (default 0.03). */
  k2?: number;
}

/** 2-D inclusive prefix sums with a zero first row/column: `(H+1) × (W+1)`. */
function integral(values: (i: number) => number, heightRows: number, widthCols: number): Float64Array {
  const stride = widthCols + 1;
  const out = new Float64Array((heightRows + 1) * stride);
  for (let r = 0; r < heightRows; r++) {
    let rowSum = 0;
    for (let c = 0; c < widthCols; c++) {
      rowSum += values(r * widthCols + c);
      out[(r + 1) * stride + c + 1] = out[r * stride + c + 1] + rowSum;
    }
  }
  return out;
}

/**
 * Mean SSIM. Because skimage averages only pixels at least `(winSize−1)/2` from the border, every
 * window used lies inside the image and the filter's border mode plays no part; window means are
 * taken from integral images.
 *
 * @param a - image, row-major `heightRows × widthCols`.
 * @param b - image, same shape.
 * @returns mean SSIM in [−1, 1] (1 for identical images).
 * @throws DspParamError when shapes disagree, the image is smaller than the window, or the window
 *   size is not an odd integer ≥ 3.
 */
export function ssim(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  heightRows: number,
  widthCols: number,
  options: SsimOptions = {},
): number {
  const { dataRange = 255, winSize = 7, k1 = 0.01, k2 = 0.03 } = options;
  if (!Number.isInteger(winSize) || winSize < 3 || winSize % 2 === 0) {
    throw new DspParamError(`SSIM window size must be an odd integer ≥ 3, got ${winSize}`);
  }
  if (!(dataRange > 0)) {
    throw new DspParamError(`SSIM data range must be positive, got ${dataRange}`);
  }
  if (a.length !== b.length || a.length !== heightRows * widthCols) {
    throw new DspParamError(
      `SSIM images must both be ${heightRows} × ${widthCols}; got ${a.length} and ${b.length} pixels`,
    );
  }
  if (heightRows < winSize || widthCols < winSize) {
    throw new DspParamError(
      `SSIM needs images of at least ${winSize} × ${winSize}, got ${heightRows} × ${widthCols}`,
    );
  }
  const sx = integral((i) => a[i], heightRows, widthCols);
  const sy = integral((i) => b[i], heightRows, widthCols);
  const sxx = integral((i) => a[i] * a[i], heightRows, widthCols);
  const syy = integral((i) => b[i] * b[i], heightRows, widthCols);
  const sxy = integral((i) => a[i] * b[i], heightRows, widthCols);
  const stride = widthCols + 1;
  const half = (winSize - 1) / 2;
  const np = winSize * winSize;
  const covNorm = np / (np - 1);
  const c1 = (k1 * dataRange) ** 2;
  const c2 = (k2 * dataRange) ** 2;
  const windowMean = (s: Float64Array, r0: number, c0: number): number => {
    const r1 = r0 + winSize;
    const c1e = c0 + winSize;
    return (s[r1 * stride + c1e] - s[r0 * stride + c1e] - s[r1 * stride + c0] + s[r0 * stride + c0]) / np;
  };
  let total = 0;
  let count = 0;
  for (let r = half; r < heightRows - half; r++) {
    for (let c = half; c < widthCols - half; c++) {
      const r0 = r - half;
      const c0 = c - half;
      const ux = windowMean(sx, r0, c0);
      const uy = windowMean(sy, r0, c0);
      const vx = covNorm * (windowMean(sxx, r0, c0) - ux * ux);
      const vy = covNorm * (windowMean(syy, r0, c0) - uy * uy);
      const vxy = covNorm * (windowMean(sxy, r0, c0) - ux * uy);
      const numerator = (2 * ux * uy + c1) * (2 * vxy + c2);
      const denominator = (ux * ux + uy * uy + c1) * (vx + vy + c2);
      total += numerator / denominator;
      count += 1;
    }
  }
  return total / count;
}
