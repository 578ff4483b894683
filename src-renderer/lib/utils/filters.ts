/** Pure helpers over the segments filter: normalising, describing, and filters made from other views. */
import { PAPER_THRESHOLD_DB } from '../../../src-shared/psnr';
import type { SegmentFilter } from '../../../src-shared/ipc-contract';

/** Drops empty fields (empty arrays, blank text, undefined) so equal filters compare equal. */
export function normalizeFilter(filter: SegmentFilter): SegmentFilter {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (Array.isArray(value) && value.length === 0) {
      continue;
    }
    if (typeof value === 'string' && value.trim() === '') {
      continue;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      continue;
    }
    out[key] = value;
  }
  if (!out.disagreement && !out.predicted) {
    delete out.threshold;
  }
  return out as SegmentFilter;
}

/** Adds `value` to a list-valued filter field, or removes it when present. */
export function toggleInList<T>(list: T[] | undefined, value: T): T[] {
  const current = list ?? [];
  return current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
}

/** A confusion-matrix cell: actual class × predicted class. */
export interface ConfusionCell {
  actual: 'clean' | 'noisy';
  predicted: 'clean' | 'noisy';
}

/** The segments behind one confusion-matrix cell at `thresholdDb` (predicted noisy: PSNR ≤ threshold). */
export function filterForCell(cell: ConfusionCell, thresholdDb: number): SegmentFilter {
  return { labelGroup: cell.actual, predicted: cell.predicted, threshold: thresholdDb };
}

/** Short human description of each active filter field, for chips. */
export function describeFilter(filter: SegmentFilter, datasetNames: Map<number, string> = new Map()): string[] {
  const f = normalizeFilter(filter);
  const out: string[] = [];
  if (f.datasetIds) {
    out.push(`dataset: ${f.datasetIds.map((id) => datasetNames.get(id) ?? String(id)).join(', ')}`);
  }
  if (f.leads) {
    out.push(`lead: ${f.leads.join(', ')}`);
  }
  if (f.labels) {
    out.push(`label: ${f.labels.join(', ')}`);
  }
  if (f.labelGroup) {
    out.push(`labelled ${f.labelGroup}`);
  }
  if (f.psnrMin !== undefined && f.psnrMax !== undefined) {
    out.push(`${fmt(f.psnrMin)} ≤ PSNR ≤ ${fmt(f.psnrMax)} dB`);
  } else if (f.psnrMin !== undefined) {
    out.push(`PSNR ≥ ${fmt(f.psnrMin)} dB`);
  } else if (f.psnrMax !== undefined) {
    out.push(`PSNR ≤ ${fmt(f.psnrMax)} dB`);
  }
  if (f.predicted) {
    out.push(f.predicted === 'noisy' ? `PSNR ≤ ${fmt(f.threshold ?? PAPER_THRESHOLD_DB)} dB (predicted noisy)` : `PSNR > ${fmt(f.threshold ?? PAPER_THRESHOLD_DB)} dB (predicted clean)`);
  }
  if (f.folds) {
    out.push(`fold: ${f.folds.join(', ')}`);
  }
  if (f.disagreement) {
    out.push(`disagrees at ${fmt(f.threshold ?? PAPER_THRESHOLD_DB)} dB`);
  }
  if (f.text) {
    out.push(`record contains "${f.text}"`);
  }
  if (f.scored !== undefined) {
    out.push(f.scored ? 'scored' : 'unscored');
  }
  return out;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
