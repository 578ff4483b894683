/**
 * Labels-vs-PSNR evaluation of the open project for one model: PSNR distributions per label,
 * W1 per noise type vs clean, ROC/AUROC and the Youden-optimal threshold.
 */
import { compareGroup, PSNR_CAP_DB } from '../engine/eval/noise-eval';
import { rocCurve } from '../engine/metrics/roc';
import { labelGroupOf } from '../../src-shared/labels';
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

/** PSNRs capped as the engine's evaluation does (+Infinity, a perfect reconstruction, becomes finite). */
function capped(values: number[]): number[] {
  return values.map((v) => Math.min(v, PSNR_CAP_DB));
}

/**
 * Evaluates an index (scored segments only) with the engine's protocol (`engine/eval/noise-eval`):
 * W1 / AUROC per noise type vs clean, and AUROC + Youden threshold for any-noisy vs clean.
 */
export function evaluate(index: SegmentIndex): EvaluationResult {
  const groupsRaw = index.psnrByGroup();
  const clean = capped(groupsRaw.clean);
  const noisy = capped(groupsRaw.noisy);
  const byLabel = new Map([...groupsRaw.byLabel].map(([k, v]) => [k, capped(v)]));
  const groups = [...byLabel.entries()]
    .sort((a, b) => (a[0] === 'clean' ? -1 : b[0] === 'clean' ? 1 : a[0].localeCompare(b[0])))
    .map(([label, values]) => stats(label, values));
  const w1 = [...byLabel.entries()]
    .filter(([label]) => labelGroupOf([label]) === 'noisy')
    .map(([label, values]) => ({ label, result: compareGroup(label, clean, values) }))
    .filter((g) => g.result.w1 !== null)
    .map((g) => ({ noiseType: g.label, w1: g.result.w1 as number, count: g.result.nNoisy }))
    .sort((a, b) => a.noiseType.localeCompare(b.noiseType));
  const any = compareGroup('any', clean, noisy);
  let roc: EvaluationResult['roc'] = { fpr: [], tpr: [], thresholds: [] };
  if (clean.length > 0 && noisy.length > 0) {
    const curve = rocCurve([...noisy, ...clean].map((p) => -p), [...noisy.map(() => 1), ...clean.map(() => 0)]);
    // Thinned to ≤ 500 points: the renderer plots it; the live matrix uses the sorted PSNRs.
    const step = Math.max(1, Math.ceil(curve.fpr.length / 500));
    const keep = curve.fpr.map((_, k) => k).filter((k) => k % step === 0 || k === curve.fpr.length - 1);
    roc = {
      fpr: keep.map((k) => curve.fpr[k]),
      tpr: keep.map((k) => curve.tpr[k]),
      thresholds: keep.map((k) => (Number.isFinite(curve.thresholds[k]) ? -curve.thresholds[k] : PSNR_CAP_DB)),
    };
  }
  return {
    modelId: index.modelId,
    groups,
    w1,
    roc,
    auroc: any.auroc,
    youdenDb: any.youden?.thresholdDb ?? null,
    cleanPsnr: Array.from(Float64Array.from(clean).sort()),
    noisyPsnr: Array.from(Float64Array.from(noisy).sort()),
  };
}
