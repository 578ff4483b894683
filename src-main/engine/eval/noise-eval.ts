/**
 * Evaluation of PSNR as a noise detector, with the paper's protocol (Han et al., arXiv 2506.11815):
 * for each noise type, the z-scored W1 distance between the PSNR of clean and noisy lead-segments,
 * AUROC of −PSNR (noisy = positive), the Youden-optimal PSNR threshold and the fixed 24 dB
 * threshold with sensitivity / specificity. A segment is called noisy when PSNR ≤ threshold.
 */
import { auroc, confusionAt, youdenOptimal } from '../metrics/roc';
import { zscoredW1 } from '../metrics/wasserstein';
import { PAPER_NOISE_TYPES } from '../../../src-shared/labels';
import { PAPER_THRESHOLD_DB } from '../../../src-shared/psnr';
import type { EvalResult, GroupResult } from '../../../src-shared/types';

/** PSNRs above this (including +Infinity, a perfect reconstruction) are capped so the statistics stay finite. */
export const PSNR_CAP_DB = 100;

/** PSNR values (dB) of the clean group and of each noise type. */
export interface PsnrGroups {
  clean: number[];
  noisy: Record<string, number[]>;
}

function cap(values: number[], capAt: number): number[] {
  return values.filter((v) => !Number.isNaN(v)).map((v) => Math.min(v, capAt));
}

/** PSNRs without NaN, capped at {@link PSNR_CAP_DB} (as the evaluation sees them). */
export function capPsnr(values: number[]): number[] {
  return cap(values, PSNR_CAP_DB);
}

function median(values: number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Compares one noisy group with the clean group. Values are PSNR-like (lower = noisier); `capAt`
 * caps them first (PSNR's +Infinity; pass Infinity for indices that need no cap). NaNs are left out.
 */
export function compareGroup(group: string, cleanIn: number[], noisyIn: number[], capAt = PSNR_CAP_DB): GroupResult {
  const clean = cap(cleanIn, capAt);
  const noisy = cap(noisyIn, capAt);
  const base: GroupResult = {
    group,
    nNoisy: noisy.length,
    nClean: clean.length,
    w1: null,
    auroc: null,
    youden: null,
    fixed: null,
    medianPsnrNoisy: median(noisy),
  };
  if (clean.length === 0 || noisy.length === 0) {
    return base;
  }
  const scores = [...noisy, ...clean].map((p) => -p);
  const labels = [...noisy.map(() => 1), ...clean.map(() => 0)];
  const y = youdenOptimal(scores, labels);
  const f = confusionAt(scores, labels, -PAPER_THRESHOLD_DB);
  return {
    ...base,
    w1: zscoredW1(clean, noisy),
    auroc: auroc(scores, labels),
    youden: { thresholdDb: -y.threshold, sensitivity: y.sensitivity, specificity: y.specificity, youdenJ: y.youdenJ },
    fixed: { thresholdDb: PAPER_THRESHOLD_DB, sensitivity: f.sensitivity, specificity: f.specificity },
  };
}

/**
 * Evaluates PSNR groups. Rows: every noise type present (paper types first), then 'any' — the
 * noisy segments as a whole: `anyNoisy` when given (each segment once), else the paper types' values.
 */
export function evaluatePsnrGroups(groups: PsnrGroups, anyNoisy?: number[], capAt = PSNR_CAP_DB): EvalResult {
  const types = [
    ...PAPER_NOISE_TYPES,
    ...Object.keys(groups.noisy).filter((t) => !(PAPER_NOISE_TYPES as readonly string[]).includes(t)).sort(),
  ];
  const rows = types.map((t) => compareGroup(t, groups.clean, groups.noisy[t] ?? [], capAt));
  const any = anyNoisy ?? PAPER_NOISE_TYPES.flatMap((t) => groups.noisy[t] ?? []);
  rows.push(compareGroup('any', groups.clean, any, capAt));
  const paperW1 = rows
    .filter((r) => (PAPER_NOISE_TYPES as readonly string[]).includes(r.group) && r.w1 !== null)
    .map((r) => r.w1 as number);
  return {
    nClean: cap(groups.clean, capAt).length,
    medianPsnrClean: median(cap(groups.clean, capAt)),
    rows,
    macroW1: paperW1.length ? paperW1.reduce((a, b) => a + b, 0) / paperW1.length : null,
  };
}

function fmt(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined ? '—' : v.toFixed(digits);
}

/** Plain-text table of an evaluation (one line per group). */
export function formatEvalTable(result: EvalResult, title = ''): string {
  const header = ['group', 'n_noisy', 'n_clean', 'W1(z)', 'AUROC', 'youden_dB', 'sens', 'spec', '24dB_sens', '24dB_spec', 'median_dB'];
  const lines = result.rows.map((r) => [
    r.group,
    String(r.nNoisy),
    String(r.nClean),
    fmt(r.w1),
    fmt(r.auroc),
    fmt(r.youden?.thresholdDb, 2),
    fmt(r.youden?.sensitivity),
    fmt(r.youden?.specificity),
    fmt(r.fixed?.sensitivity),
    fmt(r.fixed?.specificity),
    fmt(r.medianPsnrNoisy, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [
    ...(title ? [title] : []),
    row(header),
    ...lines.map(row),
    `macro W1 (${PAPER_NOISE_TYPES.join(', ')}): ${fmt(result.macroW1)}; clean median PSNR ${fmt(result.medianPsnrClean, 2)} dB`,
  ].join('\n');
}
