/** Pure helpers over the segments filter: normalising, describing, and filters made from other views. */
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
  // The table's filters judge at the project's threshold, which the back end fills in.
  delete out.threshold;
  return out as SegmentFilter;
}

/** Adds `value` to a list-valued filter field, or removes it when present. */
export function toggleInList<T>(list: T[] | undefined, value: T): T[] {
  const current = list ?? [];
  return current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
}

/** The filter's bounds on metric column `key` (empty when it has none). */
export function rangeOf(filter: SegmentFilter, key: string): { min?: number; max?: number } {
  const range = filter.ranges?.find((r) => r.key === key);
  return range ? { min: range.min, max: range.max } : {};
}

/** The filter's ranges with column `key`'s bounds replaced (dropped when neither bound is set). */
export function withRange(filter: SegmentFilter, key: string, bounds: { min?: number; max?: number }): SegmentFilter['ranges'] {
  const others = (filter.ranges ?? []).filter((r) => r.key !== key);
  return bounds.min === undefined && bounds.max === undefined ? others : [...others, { key, ...bounds }];
}

/** A confusion-matrix cell: actual class × predicted class. */
export interface ConfusionCell {
  actual: 'clean' | 'noisy';
  predicted: 'clean' | 'noisy';
}

/** The segments behind one confusion-matrix cell at the project's threshold (predicted noisy: PSNR ≤ threshold). */
export function filterForCell(cell: ConfusionCell): SegmentFilter {
  return { labelGroup: cell.actual, predicted: cell.predicted };
}

/** Short human description of each active filter field, for chips (`thresholdDb`: the project's). */
export function describeFilter(
  filter: SegmentFilter,
  thresholdDb: number,
  datasetNames: Map<number, string> = new Map(),
  columnLabels: Map<string, string> = new Map(),
): string[] {
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
  for (const r of f.ranges ?? []) {
    const label = columnLabels.get(r.key) ?? r.key;
    if (r.min !== undefined && r.max !== undefined) {
      out.push(`${fmtValue(r.min)} ≤ ${label} ≤ ${fmtValue(r.max)}`);
    } else if (r.min !== undefined) {
      out.push(`${label} ≥ ${fmtValue(r.min)}`);
    } else if (r.max !== undefined) {
      out.push(`${label} ≤ ${fmtValue(r.max)}`);
    }
  }
  if (f.predicted) {
    out.push(f.predicted === 'noisy' ? `PSNR ≤ ${fmt(thresholdDb)} dB (predicted noisy)` : `PSNR > ${fmt(thresholdDb)} dB (predicted clean)`);
  }
  if (f.folds) {
    out.push(`fold: ${f.folds.join(', ')}`);
  }
  if (f.disagreement) {
    out.push(`disagrees at ${fmt(thresholdDb)} dB`);
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

/** A metric column's bound: three significant digits (SQIs span 0.01 to 100). */
function fmtValue(x: number): string {
  return String(Number(x.toPrecision(3)));
}
