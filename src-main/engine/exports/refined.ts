/**
 * The paper's refinement export: among segments whose current label is clean, keep the top
 * fraction by PSNR (the cleanest by the model), per group. One group per model parameter set; with
 * per-noise-type models (the paper's retraining recipe) each group is named by its noise type.
 * Columns: record_id, filename, lead, lead_name, segment, psnr, label, group — `training/` reads
 * record_id + lead (`--subset_csv`).
 */
import type { SqliteDb } from '../db/connection';
import type { ScoreParams } from '../db/types';
import { CsvWriter } from './csv';

/** One group: a name and the scores (parameter set) that rank it. */
export interface RefineGroup {
  name: string;
  params: Pick<ScoreParams, 'modelSha256' | 't' | 'stepInterval' | 'scheduler' | 'seed'>;
}

/** Options of {@link exportRefined}. */
export interface RefineOptions {
  /** Fraction (0, 1] of clean segments to keep, by descending PSNR. */
  top: number;
  /** Label source: 'dataset' (each record's dataset labels) or e.g. 'annotator:ana'. */
  labels?: string;
  datasetName?: string;
}

/** Per-group counts of a refinement. */
export interface RefineSummary {
  group: string;
  cleanScored: number;
  kept: number;
  /** PSNR of the last kept segment, dB (null when none kept). */
  minKeptPsnr: number | null;
}

/**
 * Writes the refined subset CSV to `outPath` (text returned when null).
 * @throws RangeError when `top` is not in (0, 1].
 */
export function exportRefined(db: SqliteDb, groups: RefineGroup[], outPath: string | null, options: RefineOptions): { summary: RefineSummary[]; text: string } {
  if (!(options.top > 0 && options.top <= 1)) {
    throw new RangeError(`--top must be a fraction in (0, 1], got ${options.top}`);
  }
  const labels = options.labels ?? 'dataset';
  const out = new CsvWriter(outPath, ['record_id', 'filename', 'lead', 'lead_name', 'segment', 'psnr', 'label', 'group']);
  const stmt = db.prepare(
    `SELECT r.natural_key, r.source_path, json_extract(r.metadata_json, '$.filename_hr') AS filename_hr,
       g.lead_index, g.lead_name, g.segment_index, s.psnr
     FROM scores s
     JOIN segments g ON g.id = s.segment_id
     JOIN records r ON r.id = g.record_id
     JOIN datasets d ON d.id = r.dataset_id
     WHERE s.model_sha256 = ? AND s.t = ? AND s.step_interval = ? AND s.scheduler = ? AND s.seed = ?
       AND (? IS NULL OR d.name = ?)
       AND EXISTS (SELECT 1 FROM current_labels c WHERE c.segment_id = g.id AND c.kind = 'noise' AND c.value = 'clean'
                   AND c.source = (CASE WHEN ? = 'dataset' THEN 'dataset:' || d.name ELSE ? END))
       AND NOT EXISTS (SELECT 1 FROM current_labels c WHERE c.segment_id = g.id AND c.kind = 'noise' AND c.value <> 'clean'
                   AND c.source = (CASE WHEN ? = 'dataset' THEN 'dataset:' || d.name ELSE ? END))
     ORDER BY s.psnr DESC, g.id ASC`,
  );
  const summary: RefineSummary[] = [];
  for (const group of groups) {
    const p = group.params;
    const ds = options.datasetName ?? null;
    const rows = stmt.all(p.modelSha256, p.t, p.stepInterval, p.scheduler, p.seed, ds, ds, labels, labels, labels, labels) as {
      natural_key: string;
      source_path: string;
      filename_hr: string | null;
      lead_index: number;
      lead_name: string;
      segment_index: number;
      psnr: number;
    }[];
    const keep = Math.round(rows.length * options.top);
    for (const r of rows.slice(0, keep)) {
      out.write([r.natural_key, r.filename_hr ?? r.source_path, r.lead_index, r.lead_name, r.segment_index, r.psnr, 'clean', group.name]);
    }
    summary.push({ group: group.name, cleanScored: rows.length, kept: keep, minKeptPsnr: keep > 0 ? rows[keep - 1].psnr : null });
  }
  return { summary, text: out.close() };
}
