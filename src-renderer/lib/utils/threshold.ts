/**
 * Threshold maths for the labels-vs-PSNR view. A segment is *predicted noisy* when its PSNR is at
 * or below the threshold (the engine's convention, `engine/eval/noise-eval.ts`: low PSNR = poorly
 * reconstructed = anomalous). Inputs are PSNRs sorted ascending; each function is O(log n) or
 * O(n), so the slider stays live at 260k segments.
 */

/** Confusion matrix at one threshold (positive class = noisy). */
export interface Confusion {
  thresholdDb: number;
  /** Noisy and predicted noisy. */
  tp: number;
  /** Noisy but predicted clean. */
  fn: number;
  /** Clean but predicted noisy. */
  fp: number;
  /** Clean and predicted clean. */
  tn: number;
  sensitivity: number;
  specificity: number;
}

/** Number of values ≤ `x` in an ascending array (binary search). */
export function countAtMost(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Confusion matrix of clean/noisy PSNRs (each sorted ascending) at `thresholdDb`. */
export function confusionAt(cleanSorted: ArrayLike<number>, noisySorted: ArrayLike<number>, thresholdDb: number): Confusion {
  const tp = countAtMost(noisySorted, thresholdDb);
  const fp = countAtMost(cleanSorted, thresholdDb);
  const fn = noisySorted.length - tp;
  const tn = cleanSorted.length - fp;
  return {
    thresholdDb,
    tp,
    fn,
    fp,
    tn,
    sensitivity: noisySorted.length === 0 ? Number.NaN : tp / noisySorted.length,
    specificity: cleanSorted.length === 0 ? Number.NaN : tn / cleanSorted.length,
  };
}

/** One ROC point: predicted noisy when PSNR ≤ threshold. */
export interface RocPoint {
  thresholdDb: number;
  fpr: number;
  tpr: number;
}

/**
 * ROC curve with one point per distinct PSNR (threshold = that value), from (0,0) at −∞ to (1,1).
 * Empty classes give just the origin.
 */
export function rocCurve(cleanSorted: ArrayLike<number>, noisySorted: ArrayLike<number>): RocPoint[] {
  const nClean = cleanSorted.length;
  const nNoisy = noisySorted.length;
  const points: RocPoint[] = [{ thresholdDb: -Infinity, fpr: 0, tpr: 0 }];
  if (nClean === 0 || nNoisy === 0) {
    return points;
  }
  let i = 0;
  let j = 0;
  while (i < nClean || j < nNoisy) {
    const next = Math.min(i < nClean ? cleanSorted[i] : Infinity, j < nNoisy ? noisySorted[j] : Infinity);
    while (i < nClean && cleanSorted[i] === next) {
      i++;
    }
    while (j < nNoisy && noisySorted[j] === next) {
      j++;
    }
    points.push({ thresholdDb: next, fpr: i / nClean, tpr: j / nNoisy });
  }
  return points;
}

/** Area under an ROC curve by the trapezoid rule (equals the Mann–Whitney AUC, ties counted half). */
export function aucOf(points: RocPoint[]): number {
  let area = 0;
  for (let k = 1; k < points.length; k++) {
    area += ((points[k].fpr - points[k - 1].fpr) * (points[k].tpr + points[k - 1].tpr)) / 2;
  }
  return area;
}

/**
 * Youden-optimal threshold: the PSNR maximising sensitivity + specificity − 1 (predicted noisy
 * when PSNR ≤ it); on ties the lowest threshold wins. Null when a class is empty.
 */
export function youdenThreshold(cleanSorted: ArrayLike<number>, noisySorted: ArrayLike<number>): { thresholdDb: number; j: number } | null {
  const points = rocCurve(cleanSorted, noisySorted);
  if (points.length < 2) {
    return null;
  }
  let best = 1;
  for (let k = 2; k < points.length; k++) {
    if (points[k].tpr - points[k].fpr > points[best].tpr - points[best].fpr) {
      best = k;
    }
  }
  return { thresholdDb: points[best].thresholdDb, j: points[best].tpr - points[best].fpr };
}

/** Thins a curve to at most `maxPoints` (keeps the ends), for plotting. */
export function thinPoints<T>(points: T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) {
    return points;
  }
  const step = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => points[Math.round(k * step)]);
}
