/**
 * Export in the reference layout (the paper's per-record CSV): one row per record with
 * filename_hr, scp_codes, the four noise-type lead lists, clean, strat_fold, then lead_0 … lead_{L-1}
 * of a metric. A lead with several 10-s windows gets the mean of its windows' metric. Records
 * without any score of the model are left out (and counted) or, on request, written with a
 * `scored_leads` column ("scored/total") that also marks partly scored records: a blank lead cell
 * is never left unexplained.
 */
import type { SqliteDb } from '../db/connection';
import type { ScoreParams } from '../db/types';
import { PTBXL_NOISE_COLUMNS as NOISE_TYPES } from '../importers/ptbxl-labels';
import { CsvWriter, pyList } from './csv';

/** Metrics a score row has. */
export type ScoreMetric = 'psnr' | 'ssim' | 'mse' | 'mae';

/** Options of {@link exportReference}. */
export interface ReferenceExportOptions {
  metric?: ScoreMetric;
  /** Label source for the lists: 'dataset' (each record's dataset) or e.g. 'annotator:ana'. */
  labels?: string;
  datasetName?: string;
  /** Only these records (by id; all when absent). */
  recordIds?: ReadonlySet<number>;
  /** Records without any score: 'omit' (default) leaves them out, 'mark' writes them with a `scored_leads` column. */
  unscored?: 'omit' | 'mark';
}

/** Counts of a reference export. */
export interface ReferenceSummary {
  rows: number;
  /** Records without any score of the model (left out unless marked). */
  unscoredRecords: number;
  /** Records with some but not all leads scored (blank cells for the others). */
  partlyScoredRecords: number;
}

/**
 * Writes the reference CSV to `outPath` (or returns it as text when null). Returns rows + text.
 */
export function exportReference(
  db: SqliteDb,
  params: Pick<ScoreParams, 'modelSha256' | 't' | 'stepInterval' | 'scheduler' | 'seed'>,
  outPath: string | null,
  options: ReferenceExportOptions = {},
): { summary: ReferenceSummary; text: string } {
  const metric = options.metric ?? 'psnr';
  const mark = options.unscored === 'mark';
  const summary: ReferenceSummary = { rows: 0, unscoredRecords: 0, partlyScoredRecords: 0 };
  const labels = options.labels ?? 'dataset';
  const maxLeads = (db.prepare('SELECT MAX(json_array_length(lead_names_json)) AS n FROM records').get() as { n: number | null }).n ?? 0;
  const leadCols = Array.from({ length: maxLeads }, (_, i) => `lead_${i}`);
  const out = new CsvWriter(outPath, ['filename_hr', 'scp_codes', ...NOISE_TYPES, 'clean', 'strat_fold', ...leadCols, ...(mark ? ['scored_leads'] : [])]);
  const records = db
    .prepare(
      `SELECT r.id, r.natural_key, r.source_path, r.metadata_json, d.name AS dataset FROM records r JOIN datasets d ON d.id = r.dataset_id
       WHERE (? IS NULL OR d.name = ?) ORDER BY r.id`,
    )
    .iterate(options.datasetName ?? null, options.datasetName ?? null) as IterableIterator<{
    id: number;
    natural_key: string;
    source_path: string;
    metadata_json: string;
    dataset: string;
  }>;
  const metricStmt = db.prepare(
    `SELECT g.lead_index, AVG(MIN(s.${metric}, 1e308)) AS v, COUNT(s.id) AS n FROM segments g
     LEFT JOIN scores s ON s.segment_id = g.id AND s.model_sha256 = ? AND s.t = ? AND s.step_interval = ? AND s.scheduler = ? AND s.seed = ?
     WHERE g.record_id = ? GROUP BY g.lead_index`,
  );
  const labelStmt = db.prepare(
    `SELECT DISTINCT c.lead_index, c.value FROM current_labels c WHERE c.record_id = ? AND c.source = ? AND c.kind = 'noise'`,
  );
  for (const r of records) {
    if (options.recordIds && !options.recordIds.has(r.id)) {
      continue;
    }
    const leadMetrics = metricStmt.all(params.modelSha256, params.t, params.stepInterval, params.scheduler, params.seed, r.id) as { lead_index: number; v: number | null; n: number }[];
    const scoredLeads = leadMetrics.filter((m) => m.n > 0).length;
    if (scoredLeads === 0) {
      summary.unscoredRecords += 1;
      if (!mark) {
        continue;
      }
    } else if (scoredLeads < leadMetrics.length) {
      summary.partlyScoredRecords += 1;
    }
    const meta = JSON.parse(r.metadata_json) as Record<string, unknown>;
    const source = labels === 'dataset' ? `dataset:${r.dataset}` : labels;
    const byValue = new Map<string, Set<number>>();
    for (const l of labelStmt.all(r.id, source) as { lead_index: number; value: string }[]) {
      const set = byValue.get(l.value) ?? new Set<number>();
      set.add(l.lead_index);
      byValue.set(l.value, set);
    }
    const list = (v: string): string => pyList([...(byValue.get(v) ?? [])].sort((a, b) => a - b));
    const values = new Map(leadMetrics.filter((m) => m.n > 0).map((m) => [m.lead_index, m.v]));
    out.write([
      typeof meta.filename_hr === 'string' ? meta.filename_hr : r.natural_key,
      typeof meta.scp_codes === 'string' ? meta.scp_codes : '',
      ...NOISE_TYPES.map(list),
      list('clean'),
      meta.strat_fold === undefined ? '' : String(meta.strat_fold),
      ...leadCols.map((_, i) => (values.get(i) === undefined || values.get(i) === null ? '' : (values.get(i) as number) >= 1e308 ? Infinity : (values.get(i) as number))),
      ...(mark ? [`${scoredLeads}/${leadMetrics.length}`] : []),
    ]);
  }
  summary.rows = out.rows;
  return { summary, text: out.close() };
}
