/**
 * The classical SQIs judged by the same protocol as PSNR (z-scored W1 per noise type, macro W1,
 * AUROC of any noise vs clean), so a curator can see where the diffusion score adds something.
 */
import { SQI_META, cleanerIsHigher, type SegmentSqi, type SqiName } from '../metrics/sqi';
import { PAPER_NOISE_TYPES } from '../../../src-shared/labels';
import type { EvalResult, SqiEval } from '../../../src-shared/types';
import { evaluatePsnrGroups, type PsnrGroups } from './noise-eval';

/** Per-index value groups collected beside the PSNR groups. */
export type SqiGroups = Record<SqiName, { groups: PsnrGroups; anyNoisy: number[] }>;

/** Empty groups for every index. */
export function emptySqiGroups(): SqiGroups {
  return Object.fromEntries(SQI_META.map((m) => [m.name, { groups: { clean: [], noisy: {} }, anyNoisy: [] }])) as unknown as SqiGroups;
}

/**
 * Adds one segment's SQIs to the groups it belongs to ('clean' or noise types), mapped so that lower
 * means noisier ({@link cleanerIsHigher}); `inAny` puts it in the union of the paper's noise types.
 */
export function addSqis(target: SqiGroups, sqi: SegmentSqi, groups: string[], inAny: boolean): void {
  for (const meta of SQI_META) {
    const value = cleanerIsHigher(meta, sqi[meta.name]);
    const g = target[meta.name];
    for (const group of groups) {
      if (group === 'clean') {
        g.groups.clean.push(value);
      } else {
        (g.groups.noisy[group] ??= []).push(value);
      }
    }
    if (inAny) {
      g.anyNoisy.push(value);
    }
  }
}

/** Evaluates every index of `groups` (no cap: SQIs have no infinite values). */
export function evaluateSqiGroups(groups: SqiGroups): SqiEval[] {
  return SQI_META.map((m) => ({ name: m.name, label: m.label, result: evaluatePsnrGroups(groups[m.name].groups, groups[m.name].anyNoisy, Infinity) }));
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(3);
}

/**
 * Side-by-side table: one line per score (PSNR first, then each SQI) with W1 per paper noise type,
 * macro W1 and AUROC (any noise vs clean).
 */
export function formatComparisonTable(psnr: EvalResult, sqis: SqiEval[]): string {
  const header = ['score', ...PAPER_NOISE_TYPES.map((t) => `W1 ${t}`), 'macro W1', 'AUROC any'];
  const line = (label: string, r: EvalResult): string[] => [
    label,
    ...PAPER_NOISE_TYPES.map((t) => fmt(r.rows.find((row) => row.group === t)?.w1)),
    fmt(r.macroW1),
    fmt(r.rows.find((row) => row.group === 'any')?.auroc),
  ];
  const lines = [line('PSNR (diffusion)', psnr), ...sqis.map((s) => line(s.label, s.result))];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [row(header), ...lines.map(row)].join('\n');
}
