/**
 * Label exports: the resolved current label of every segment (with its dataset and annotator
 * labels, who labelled it and every note), the labels per source, and the full audit log of label
 * events (who set or retracted what, when, with which note).
 *
 * The resolved label is `currentLabelsOf` in `src-shared/labels.ts`, the rule the table, the
 * evaluation and the refined export use: the label of the annotator who labelled the segment last
 * (and still holds a label on it) wins; without one, the dataset's labels hold (joined by '+').
 */
import type { SqliteDb } from '../db/connection';
import type { RecordFacts } from '../project/facts-loader';
import type { LabelFold } from '../project/label-fold';
import type { SegmentIndex } from '../project/segment-index';
import { CsvWriter } from './csv';

/** Columns of the resolved labels CSV. */
export const RESOLVED_LABEL_COLUMNS = [
  'segment_id',
  'dataset',
  'record_id',
  'lead',
  'lead_name',
  'segment',
  'start_s',
  'end_s',
  'label',
  'label_source',
  'dataset_labels',
  'annotator_label',
  'annotator',
  'annotators',
  'notes',
];

/** Counts of a resolved labels export. */
export interface ResolvedLabelsSummary {
  rows: number;
  /** Rows whose label is an annotator's. */
  byAnnotator: number;
  /** Rows whose label is the dataset's. */
  byDataset: number;
  /** Rows without any label (label column empty). */
  unlabelled: number;
  /** Rows with at least one note. */
  withNotes: number;
}

/** Every note per segment id, oldest first, as `who: text` (label notes and `note#k` tags alike; undo markers left out). */
function notesBySegment(db: SqliteDb): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const it = db
    .prepare("SELECT segment_id, source, note, created_at FROM label_events WHERE note <> '' AND NOT (note = 'undo' AND kind = 'noise') ORDER BY id")
    .raw()
    .iterate() as IterableIterator<[number, string, string, string]>;
  // One relabel writes its note on each of its events (one timestamp): keep it once.
  let lastKey = '';
  for (const [segmentId, source, note, createdAt] of it) {
    const key = `${segmentId}\u0000${source}\u0000${createdAt}\u0000${note}`;
    if (key === lastKey) {
      continue;
    }
    lastKey = key;
    const list = out.get(segmentId) ?? [];
    list.push(`${source.replace(/^annotator:/, '')}: ${note}`);
    out.set(segmentId, list);
  }
  return out;
}

/**
 * Writes one row per segment at `positions` (ascending: segment id order) with its resolved label
 * (see the file header). Returns the counts and the text when `outPath` is null.
 */
export function exportResolvedLabels(
  db: SqliteDb,
  index: SegmentIndex,
  fold: LabelFold,
  records: Map<number, RecordFacts>,
  datasetNames: Map<number, string>,
  positions: ArrayLike<number>,
  outPath: string | null,
): { summary: ResolvedLabelsSummary; text: string } {
  const out = new CsvWriter(outPath, RESOLVED_LABEL_COLUMNS);
  const notes = notesBySegment(db);
  const summary: ResolvedLabelsSummary = { rows: 0, byAnnotator: 0, byDataset: 0, unlabelled: 0, withNotes: 0 };
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k];
    const s = index.segmentAt(p);
    const record = records.get(s.recordId);
    const fsHz = record?.fsHz ?? 1;
    const label = index.currentLabelsAt(p);
    const annotator = index.annotatorAt(p);
    const annotatorLabel = annotator === null ? null : fold.annotatorLabel(s.id)?.value ?? null;
    const source = label.length === 0 ? '' : annotator !== null ? `annotator:${annotator}` : 'dataset';
    const segmentNotes = notes.get(s.id) ?? [];
    summary.rows += 1;
    summary.byAnnotator += source.startsWith('annotator:') ? 1 : 0;
    summary.byDataset += source === 'dataset' ? 1 : 0;
    summary.unlabelled += label.length === 0 ? 1 : 0;
    summary.withNotes += segmentNotes.length > 0 ? 1 : 0;
    out.write([
      s.id,
      datasetNames.get(record?.datasetId ?? -1) ?? '',
      record?.name ?? String(s.recordId),
      s.leadIndex,
      s.lead,
      s.window,
      s.startSample / fsHz,
      s.endSample / fsHz,
      label.join('+'),
      source,
      index.datasetLabelsAt(p).join('+'),
      annotatorLabel,
      annotator,
      fold.annotatorsOf(s.id).join('+'),
      segmentNotes.join(' | '),
    ]);
  }
  return { summary, text: out.close() };
}

const SEGMENT_COLUMNS = ['segment_id', 'dataset', 'record_id', 'lead', 'lead_name', 'segment', 'start_s', 'end_s'];

/**
 * Writes the labels per source (one row per segment × source × label; `source` keeps one) of the
 * segments in `segmentIds` (all when absent). Returns the row count (and text when `outPath` is null).
 */
export function exportCurrentLabels(db: SqliteDb, outPath: string | null, source?: string, segmentIds?: ReadonlySet<number>): { rows: number; text: string } {
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
    if (!segmentIds || segmentIds.has(row[0] as number)) {
      out.write(row);
    }
  }
  return { rows: out.rows, text: out.close() };
}

/** Writes the audit log: every label event (of the segments in `segmentIds`, all when absent), oldest first. */
export function exportLabelAudit(db: SqliteDb, outPath: string | null, segmentIds?: ReadonlySet<number>): { rows: number; text: string } {
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
    if (!segmentIds || segmentIds.has(row[1] as number)) {
      out.write(row);
    }
  }
  return { rows: out.rows, text: out.close() };
}
