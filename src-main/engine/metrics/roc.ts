/**
 * ROC analysis of a continuous score against binary labels: curve, AUROC (Mann–Whitney U with tied
 * scores counted ½, equal to sklearn `roc_auc_score`), Youden-optimal threshold and confusion counts.
 * Convention: a higher score means "more likely positive" and a sample is called positive when
 * `score ≥ threshold`. To rank noise by PSNR, pass −PSNR (low PSNR = noisy). Scores may be ±Infinity
 * (a perfect reconstruction has PSNR = +∞, so −PSNR = −∞); NaN is rejected.
 */

import { DspParamError } from '../errors';

/** A label: `true`/1 = positive (e.g. noisy), `false`/0 = negative. */
export type BinaryLabel = boolean | number;

/** ROC curve points in order of decreasing threshold, starting at (0, 0) with threshold +∞. */
export interface RocCurve {
  thresholds: number[];
  /** False-positive rate = 1 − specificity at each threshold. */
  fpr: number[];
  /** True-positive rate = sensitivity at each threshold. */
  tpr: number[];
}

/** Counts and rates at one threshold. */
export interface ConfusionCounts {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  sensitivity: number;
  specificity: number;
}

interface Checked {
  scores: Float64Array;
  positive: Uint8Array;
  nPos: number;
  nNeg: number;
}

/** Ascending order that also orders ±Infinity (a − b is NaN for equal infinities). */
function ascending(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function check(scores: ArrayLike<number>, labels: ArrayLike<BinaryLabel>): Checked {
  if (scores.length !== labels.length) {
    throw new DspParamError(`ROC needs one label per score: ${scores.length} scores, ${labels.length} labels`);
  }
  const positive = new Uint8Array(labels.length);
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label !== true && label !== false && label !== 0 && label !== 1) {
      throw new DspParamError(`ROC labels must be 0/1 or booleans, got ${String(label)} at index ${i}`);
    }
    if (Number.isNaN(scores[i])) {
      throw new DspParamError(`ROC scores must be numbers, got NaN at index ${i}`);
    }
    positive[i] = label === true || label === 1 ? 1 : 0;
    nPos += positive[i];
  }
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) {
    throw new DspParamError(`ROC needs both classes; got ${nPos} positives and ${nNeg} negatives`);
  }
  return { scores: Float64Array.from(scores), positive, nPos, nNeg };
}

/**
 * Full ROC curve: one point per distinct score (no points dropped), as sklearn
 * `roc_curve(labels, scores, drop_intermediate=False)`.
 * @throws DspParamError when lengths differ, a score is NaN, a label is not binary, or a class is missing.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<BinaryLabel>): RocCurve {
  const { scores: s, positive, nPos, nNeg } = check(scores, labels);
  const order = Array.from(s.keys()).sort((i, j) => ascending(s[j], s[i]));
  const curve: RocCurve = { thresholds: [Number.POSITIVE_INFINITY], fpr: [0], tpr: [0] };
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const idx = order[k];
    tp += positive[idx];
    fp += 1 - positive[idx];
    if (k === order.length - 1 || s[order[k + 1]] !== s[idx]) {
      curve.thresholds.push(s[idx]);
      curve.tpr.push(tp / nPos);
      curve.fpr.push(fp / nNeg);
    }
  }
  return curve;
}

/**
 * Area under the ROC curve: P(score of a random positive > score of a random negative) + ½·P(tie),
 * computed from mid-ranks (Mann–Whitney U / (n₊·n₋)).
 * @throws DspParamError as {@link rocCurve}.
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<BinaryLabel>): number {
  const { scores: s, positive, nPos, nNeg } = check(scores, labels);
  const order = Array.from(s.keys()).sort((i, j) => ascending(s[i], s[j]));
  let rankSumPos = 0;
  let k = 0;
  while (k < order.length) {
    let end = k;
    while (end + 1 < order.length && s[order[end + 1]] === s[order[k]]) {
      end++;
    }
    const midRank = (k + end) / 2 + 1;
    for (let m = k; m <= end; m++) {
      rankSumPos += positive[order[m]] * midRank;
    }
    k = end + 1;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Confusion counts when calling `score ≥ threshold` positive.
 * @throws DspParamError as {@link rocCurve}.
 */
export function confusionAt(
  scores: ArrayLike<number>,
  labels: ArrayLike<BinaryLabel>,
  threshold: number,
): ConfusionCounts {
  const { scores: s, positive, nPos, nNeg } = check(scores, labels);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] >= threshold) {
      tp += positive[i];
      fp += 1 - positive[i];
    }
  }
  return { threshold, tp, fp, tn: nNeg - fp, fn: nPos - tp, sensitivity: tp / nPos, specificity: (nNeg - fp) / nNeg };
}

/**
 * Threshold maximising Youden's J = sensitivity + specificity − 1 over the points of
 * {@link rocCurve} that are actual scores (the initial "+∞, call nothing positive" point is not a
 * candidate); on ties the highest threshold (first in curve order) wins.
 * @returns the confusion counts at that threshold plus J.
 * @throws DspParamError as {@link rocCurve}.
 */
export function youdenOptimal(
  scores: ArrayLike<number>,
  labels: ArrayLike<BinaryLabel>,
): ConfusionCounts & { youdenJ: number } {
  const curve = rocCurve(scores, labels);
  let best = 1;
  for (let k = 2; k < curve.thresholds.length; k++) {
    if (curve.tpr[k] - curve.fpr[k] > curve.tpr[best] - curve.fpr[best]) {
      best = k;
    }
  }
  const counts = confusionAt(scores, labels, curve.thresholds[best]);
  return { ...counts, youdenJ: counts.sensitivity + counts.specificity - 1 };
}
