/**
 * Labels vs PSNR for a project, the one evaluation the CLI (`ecgnq eval --db`) and the workstation
 * share: scored segments are grouped by their labels under one source (clean group, one group per
 * noise label, 'any' = every noisy-labelled segment), then evaluated with the paper's protocol
 * (`engine/eval/noise-eval`), plus the distributions and ROC the workstation charts.
 */
import { EngineError } from '../errors';
import { capPsnr, evaluatePsnrGroups, PSNR_CAP_DB, type PsnrGroups } from '../eval/noise-eval';
import { addSqis, emptySqiGroups, evaluateSqiGroups } from '../eval/sqi-eval';
import { rocCurve } from '../metrics/roc';
import type { SegmentSqi } from '../metrics/sqi';
import { isNoiseLabel, labelGroupOf } from '../../../src-shared/labels';
import { PSNR_HISTOGRAM } from '../../../src-shared/psnr';
import type { EvaluationResult, Histogram, LabelGroupStats, SegmentFilter } from '../../../src-shared/types';
import type { LabelFold } from './label-fold';
import type { SegmentIndex } from './segment-index';

/** Whose labels define the groups: current (resolved), each dataset's own, or one annotator's. */
export type LabelSpec = 'current' | 'dataset' | `annotator:${string}`;

/** Options of {@link evaluateProject}. */
export interface EvaluateOptions {
  /** Default 'current'. */
  labels?: LabelSpec;
  /** Only clean segments of records whose `strat_fold` equals this (the paper: a held-out fold). */
  cleanFold?: number;
  /** Only segments matching this filter. */
  filter?: SegmentFilter;
}

/** Most ROC points sent to the workstation (it draws the curve; the matrix uses the PSNRs). */
const ROC_POINTS = 500;

/**
 * Checks a label spec given on the command line or over the API.
 * @throws EngineError('invalid-input') for anything but current, dataset or annotator:NAME.
 */
export function parseLabelSpec(text: string | undefined): LabelSpec {
  const spec = text ?? 'current';
  if (spec === 'current' || spec === 'dataset' || /^annotator:\S+$/.test(spec)) {
    return spec as LabelSpec;
  }
  throw new EngineError('invalid-input', `labels must be "current", "dataset" or "annotator:NAME", got "${spec}"`);
}

/** PSNR histogram over the shared range (values outside are clamped into the end bins). */
export function psnrHistogram(values: ArrayLike<number>): Histogram {
  const { minDb, maxDb, binDb } = PSNR_HISTOGRAM;
  const bins = Math.round((maxDb - minDb) / binDb);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      counts[Math.min(bins - 1, Math.max(0, Math.floor((v - minDb) / binDb)))] += 1;
    }
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => minDb + i * binDb), counts };
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n === 0 ? Number.NaN : n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function distribution(label: string, values: number[]): LabelGroupStats {
  const sorted = Float64Array.from(values).sort();
  const sum = values.reduce((a, b) => a + b, 0);
  return { label, count: values.length, histogram: psnrHistogram(sorted), mean: values.length ? sum / values.length : Number.NaN, median: median(sorted) };
}

function thinnedRoc(clean: number[], noisy: number[]): EvaluationResult['roc'] {
  if (clean.length === 0 || noisy.length === 0) {
    return { fpr: [], tpr: [], thresholds: [] };
  }
  const curve = rocCurve([...noisy, ...clean].map((p) => -p), [...noisy.map(() => 1), ...clean.map(() => 0)]);
  const step = Math.max(1, Math.ceil(curve.fpr.length / ROC_POINTS));
  const keep = curve.fpr.map((_, k) => k).filter((k) => k % step === 0 || k === curve.fpr.length - 1);
  return {
    fpr: keep.map((k) => curve.fpr[k]),
    tpr: keep.map((k) => curve.tpr[k]),
    thresholds: keep.map((k) => (Number.isFinite(curve.thresholds[k]) ? -curve.thresholds[k] : PSNR_CAP_DB)),
  };
}

/**
 * Evaluates the scored segments of an index (see the file header for the grouping); `sqis` are the
 * stored classical SQIs, judged for the same segments grouped alike.
 */
export function evaluateProject(index: SegmentIndex, fold: LabelFold, sqis: Map<number, SegmentSqi>, options: EvaluateOptions = {}): EvaluationResult {
  const spec = options.labels ?? 'current';
  const groups: PsnrGroups = { clean: [], noisy: {} };
  const anyNoisy: number[] = [];
  const sqiGroups = emptySqiGroups();
  const byLabel = new Map<string, number[]>();
  for (const p of index.filter(options.filter ?? {})) {
    const { id, fold: recordFold, psnr } = index.segmentAt(p);
    if (Number.isNaN(psnr)) {
      continue;
    }
    const labels = spec === 'current' ? index.currentLabelsAt(p) : spec === 'dataset' ? index.datasetLabelsAt(p) : fold.labelsOf(id, spec);
    const group = labelGroupOf(labels);
    const sqi = sqis.get(id);
    if (group === 'clean' && (options.cleanFold === undefined || recordFold === options.cleanFold)) {
      groups.clean.push(psnr);
      if (sqi) {
        addSqis(sqiGroups, sqi, ['clean'], false);
      }
    } else if (group === 'noisy') {
      const noiseLabels = labels.filter(isNoiseLabel);
      anyNoisy.push(psnr);
      for (const label of noiseLabels) {
        (groups.noisy[label] ??= []).push(psnr);
      }
      if (sqi) {
        addSqis(sqiGroups, sqi, noiseLabels, true);
      }
    }
    for (const label of labels) {
      const list = byLabel.get(label) ?? [];
      list.push(psnr);
      byLabel.set(label, list);
    }
  }
  const result = evaluatePsnrGroups(groups, anyNoisy);
  const any = result.rows[result.rows.length - 1];
  const clean = capPsnr(groups.clean);
  const noisy = capPsnr(anyNoisy);
  return {
    ...result,
    sqi: evaluateSqiGroups(sqiGroups),
    modelId: index.modelId,
    labels: spec,
    groups: [...byLabel.entries()]
      .sort((a, b) => (a[0] === 'clean' ? -1 : b[0] === 'clean' ? 1 : a[0].localeCompare(b[0])))
      .map(([label, values]) => distribution(label, capPsnr(values))),
    roc: thinnedRoc(clean, noisy),
    auroc: any.auroc,
    youdenDb: any.youden?.thresholdDb ?? null,
    cleanPsnr: Array.from(Float64Array.from(clean).sort()),
    noisyPsnr: Array.from(Float64Array.from(noisy).sort()),
  };
}
