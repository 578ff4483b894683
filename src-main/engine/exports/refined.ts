/**
 * The paper's refinement export: among scored segments whose labels (under one source) make them
 * clean, keep the top fraction by PSNR (the cleanest by the model), per group. A group is ranked by
 * one score identity; with per-noise-type models (the paper's retraining recipe) each group is
 * named by its noise type. Columns: record_id, filename, lead, lead_name, segment, psnr, label,
 * group — `training/` reads record_id + lead (`--subset_csv`).
 */
import { labelGroupOf } from '../../../src-shared/labels';
import type { SegmentFilter } from '../../../src-shared/types';
import type { LabelSpec } from '../project/evaluation';
import type { RecordFacts } from '../project/facts-loader';
import type { LabelFold } from '../project/label-fold';
import type { SegmentIndex } from '../project/segment-index';
import { CsvWriter } from './csv';

/** One group: a name and the index (one score identity) that ranks it. */
export interface RefineGroup {
  name: string;
  index: SegmentIndex;
}

/** Options of {@link exportRefined}. */
export interface RefineOptions {
  /** Fraction (0, 1] of clean scored segments to keep, by descending PSNR (rounded to the nearest row). */
  top: number;
  /** Whose labels decide "clean" (default 'current'). */
  labels?: LabelSpec;
  /** Only segments matching this filter. */
  filter?: SegmentFilter;
}

/** Per-group counts of a refinement. */
export interface RefineSummary {
  group: string;
  cleanScored: number;
  /** Clean segments without a score for the group's identity (not ranked, not exported). */
  cleanUnscored: number;
  kept: number;
  /** PSNR of the last kept segment, dB (null when none kept). */
  minKeptPsnr: number | null;
}

/** The columns of the refined CSV. */
export const REFINED_COLUMNS = ['record_id', 'filename', 'lead', 'lead_name', 'segment', 'psnr', 'label', 'group'];

/**
 * Writes the refined subset CSV to `outPath` (text returned when null).
 * @throws RangeError when `top` is not in (0, 1].
 */
export function exportRefined(
  groups: RefineGroup[],
  fold: LabelFold,
  records: Map<number, RecordFacts>,
  outPath: string | null,
  options: RefineOptions,
): { summary: RefineSummary[]; text: string } {
  if (!(options.top > 0 && options.top <= 1)) {
    throw new RangeError(`--top must be a fraction in (0, 1], got ${options.top}`);
  }
  const spec = options.labels ?? 'current';
  const out = new CsvWriter(outPath, REFINED_COLUMNS);
  const summary: RefineSummary[] = [];
  for (const group of groups) {
    const index = group.index;
    const clean: { segment: ReturnType<SegmentIndex['segmentAt']>; labels: string[] }[] = [];
    let cleanUnscored = 0;
    for (const p of index.filter(options.filter ?? {})) {
      const segment = index.segmentAt(p);
      const { id, psnr } = segment;
      const labels = spec === 'current' ? index.currentLabelsAt(p) : spec === 'dataset' ? [...index.datasetLabelsAt(p)] : fold.labelsOf(id, spec);
      if (labelGroupOf(labels) !== 'clean') {
        continue;
      }
      if (Number.isNaN(psnr)) {
        cleanUnscored += 1;
      } else {
        clean.push({ segment, labels });
      }
    }
    clean.sort((a, b) => b.segment.psnr - a.segment.psnr || a.segment.id - b.segment.id);
    const keep = Math.round(clean.length * options.top);
    for (const { segment: s, labels } of clean.slice(0, keep)) {
      const record = records.get(s.recordId);
      out.write([record?.name ?? String(s.recordId), record?.filename ?? '', s.leadIndex, s.lead, s.window, s.psnr, labels.join('+'), group.name]);
    }
    summary.push({ group: group.name, cleanScored: clean.length, cleanUnscored, kept: keep, minKeptPsnr: keep > 0 ? clean[keep - 1].segment.psnr : null });
  }
  return { summary, text: out.close() };
}
