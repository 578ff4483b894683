/**
 * Label exports: the current labels of every segment per source, and the full audit log of
 * label events (who set or retracted what, when, with which note).
 */
import type { SqliteDb } from '../db/connection';
import { CsvWriter } from './csv';

const SEGMENT_COLUMNS = ['segment_id', 'dataset', 'record_id', 'lead', 'lead_name', 'segment', 'start_s', 'end_s'];

/** Writes current labels (one row per segment × source × label). Returns the row count (and text when `outPath` is null). */
export function exportCurrentLabels(db: SqliteDb, outPath: string | null, source?: string): { rows: number; text: string } {
  const out = new CsvWriter(outPath, [...SEGMENT_COLUMNS, 'source', 'kind', 'value', 'set_at', 'note']);
  const it = db
    .prepare(
      `SELECT g.id, d.name AS dataset, r.natural_key, g.lead_index, g.lead_name, g.segment_index,
         g.start_sample * 1.0 / r.fs_hz AS start_s, g.end_sample * 1.0 / r.fs_hz AS end_s, c.source, c.kind, c.value, c.created_at, c.note
       FROM current_labels c JOIN segments g ON g.id = c.segment_id JOIN records r ON r.id = g.record_id JOIN datasets d ON d.id = r.dataset_id
       WHERE (? IS NULL OR c.source = ?)
       ORDER BY g.id, c.source, c.kind, c.value`,
    )
    .raw()
    .iterate(source ?? null, source ?? null) as IterableIterator<(string | number)[]>;
  for (const row of it) {
    out.write(row);
  }
  return { rows: out.rows, text: out.close() };
}

/** Writes the audit log: every label event, oldest first. */
export function exportLabelAudit(db: SqliteDb, outPath: string | null): { rows: number; text: string } {
  const out = new CsvWriter(outPath, ['event_id', ...SEGMENT_COLUMNS, 'source', 'kind', 'value', 'action', 'created_at', 'note']);
  const it = db
    .prepare(
      `SELECT e.id AS event_id, g.id, d.name, r.natural_key, g.lead_index, g.lead_name, g.segment_index,
         g.start_sample * 1.0 / r.fs_hz, g.end_sample * 1.0 / r.fs_hz, e.source, e.kind, e.value,
         CASE e.present WHEN 1 THEN 'set' ELSE 'retract' END, e.created_at, e.note
       FROM label_events e JOIN segments g ON g.id = e.segment_id JOIN records r ON r.id = g.record_id JOIN datasets d ON d.id = r.dataset_id
       ORDER BY e.id`,
    )
    .raw()
    .iterate() as IterableIterator<(string | number)[]>;
  for (const row of it) {
    out.write(row);
  }
  return { rows: out.rows, text: out.close() };
}
