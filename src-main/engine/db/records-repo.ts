/** Datasets, records and lead-segments: typed reads and writes. */
import type { SegmentWindow } from '../types';
import type { SqliteDb } from './connection';
import type { DatasetRow, RecordRow, SegmentRow } from './types';

/** Current time as an ISO-8601 UTC string (the timestamp format of every table). */
export function nowIso(): string {
  return new Date().toISOString();
}

interface DatasetSql {
  id: number;
  name: string;
  kind: string;
  source_path: string;
  metadata_json: string;
  created_at: string;
}

function toDataset(r: DatasetSql): DatasetRow {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    sourcePath: r.source_path,
    metadata: JSON.parse(r.metadata_json) as Record<string, unknown>,
    createdAt: r.created_at,
  };
}

/** Returns the dataset called `name`, creating it (kind, source path, metadata) if absent. */
export function ensureDataset(
  db: SqliteDb,
  name: string,
  kind: string,
  sourcePath: string,
  metadata: Record<string, unknown> = {},
): DatasetRow {
  db.prepare(
    `INSERT INTO datasets (name, kind, source_path, metadata_json, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO NOTHING`,
  ).run(name, kind, sourcePath, JSON.stringify(metadata), nowIso());
  return toDataset(db.prepare('SELECT * FROM datasets WHERE name = ?').get(name) as DatasetSql);
}

/** Every dataset, by id. */
export function listDatasets(db: SqliteDb): DatasetRow[] {
  return (db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetSql[]).map(toDataset);
}

/** The dataset called `name`, or null. */
export function getDatasetByName(db: SqliteDb, name: string): DatasetRow | null {
  const r = db.prepare('SELECT * FROM datasets WHERE name = ?').get(name) as DatasetSql | undefined;
  return r ? toDataset(r) : null;
}

/** A record to insert, with the 10-s windows every lead is cut into. */
export interface NewRecord {
  naturalKey: string;
  sourcePath: string;
  locator?: string;
  format: string;
  fsHz: number;
  nSamples: number;
  leadNames: string[];
  units: string[];
  unitsKnown: boolean;
  contentHash: string;
  metadata?: Record<string, unknown>;
  /** Windows (same for every lead). */
  windows: SegmentWindow[];
}

/** Outcome of {@link insertRecord}. */
export interface InsertRecordResult {
  /** 'inserted' (new), 'unchanged' (same key and hash already there), 'conflict' (same key, other content). */
  status: 'inserted' | 'unchanged' | 'conflict';
  recordId: number;
  /** Segment ids keyed `${leadIndex}:${segmentIndex}` (empty on 'conflict'). */
  segmentIds: Map<string, number>;
}

/**
 * Inserts a record and its segments, or finds the existing one by (dataset, natural key).
 * Call it inside a transaction together with the record's labels.
 */
export function insertRecord(db: SqliteDb, datasetId: number, rec: NewRecord): InsertRecordResult {
  const existing = db
    .prepare('SELECT id, content_hash FROM records WHERE dataset_id = ? AND natural_key = ?')
    .get(datasetId, rec.naturalKey) as { id: number; content_hash: string } | undefined;
  if (existing) {
    if (existing.content_hash !== rec.contentHash) {
      return { status: 'conflict', recordId: existing.id, segmentIds: new Map() };
    }
    return { status: 'unchanged', recordId: existing.id, segmentIds: segmentIdMap(db, existing.id) };
  }
  const info = db
    .prepare(
      `INSERT INTO records (dataset_id, natural_key, source_path, locator, format, fs_hz, n_samples, duration_s,
         lead_names_json, units_json, units_known, content_hash, metadata_json, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      datasetId,
      rec.naturalKey,
      rec.sourcePath,
      rec.locator ?? '',
      rec.format,
      rec.fsHz,
      rec.nSamples,
      rec.nSamples / rec.fsHz,
      JSON.stringify(rec.leadNames),
      JSON.stringify(rec.units),
      rec.unitsKnown ? 1 : 0,
      rec.contentHash,
      JSON.stringify(rec.metadata ?? {}),
      nowIso(),
    );
  const recordId = Number(info.lastInsertRowid);
  const insertSeg = db.prepare(
    `INSERT INTO segments (record_id, lead_index, lead_name, segment_index, start_sample, end_sample, valid_columns)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const segmentIds = new Map<string, number>();
  rec.leadNames.forEach((leadName, leadIndex) => {
    for (const w of rec.windows) {
      const r = insertSeg.run(recordId, leadIndex, leadName, w.index, w.startSample, w.endSample, w.validColumns);
      segmentIds.set(`${leadIndex}:${w.index}`, Number(r.lastInsertRowid));
    }
  });
  return { status: 'inserted', recordId, segmentIds };
}

function segmentIdMap(db: SqliteDb, recordId: number): Map<string, number> {
  const rows = db
    .prepare('SELECT id, lead_index, segment_index FROM segments WHERE record_id = ?')
    .all(recordId) as { id: number; lead_index: number; segment_index: number }[];
  return new Map(rows.map((r) => [`${r.lead_index}:${r.segment_index}`, r.id]));
}

interface RecordSql {
  id: number;
  dataset_id: number;
  natural_key: string;
  source_path: string;
  locator: string;
  format: string;
  fs_hz: number;
  n_samples: number;
  duration_s: number;
  lead_names_json: string;
  units_json: string;
  units_known: number;
  content_hash: string;
  metadata_json: string;
  imported_at: string;
}

/** Converts a raw `records` row. */
export function toRecord(r: RecordSql): RecordRow {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    naturalKey: r.natural_key,
    sourcePath: r.source_path,
    locator: r.locator,
    format: r.format,
    fsHz: r.fs_hz,
    nSamples: r.n_samples,
    durationS: r.duration_s,
    leadNames: JSON.parse(r.lead_names_json) as string[],
    units: JSON.parse(r.units_json) as string[],
    unitsKnown: r.units_known === 1,
    contentHash: r.content_hash,
    metadata: JSON.parse(r.metadata_json) as Record<string, unknown>,
    importedAt: r.imported_at,
  };
}

/** The record with this id, or null. */
export function getRecord(db: SqliteDb, id: number): RecordRow | null {
  const r = db.prepare('SELECT * FROM records WHERE id = ?').get(id) as RecordSql | undefined;
  return r ? toRecord(r) : null;
}

/** Records of a dataset (all datasets when `datasetId` is undefined), by id. */
export function listRecords(db: SqliteDb, datasetId?: number): RecordRow[] {
  const rows = (
    datasetId === undefined
      ? db.prepare('SELECT * FROM records ORDER BY id').all()
      : db.prepare('SELECT * FROM records WHERE dataset_id = ? ORDER BY id').all(datasetId)
  ) as RecordSql[];
  return rows.map(toRecord);
}

interface SegmentSql {
  id: number;
  record_id: number;
  lead_index: number;
  lead_name: string;
  segment_index: number;
  start_sample: number;
  end_sample: number;
  valid_columns: number;
}

/** Converts a raw `segments` row. */
export function toSegment(r: SegmentSql): SegmentRow {
  return {
    id: r.id,
    recordId: r.record_id,
    leadIndex: r.lead_index,
    leadName: r.lead_name,
    segmentIndex: r.segment_index,
    startSample: r.start_sample,
    endSample: r.end_sample,
    validColumns: r.valid_columns,
  };
}

/** The segment with this id, or null. */
export function getSegment(db: SqliteDb, id: number): SegmentRow | null {
  const r = db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as SegmentSql | undefined;
  return r ? toSegment(r) : null;
}

/** Segments of a record, by lead then window. */
export function listSegments(db: SqliteDb, recordId: number): SegmentRow[] {
  return (
    db
      .prepare('SELECT * FROM segments WHERE record_id = ? ORDER BY lead_index, segment_index')
      .all(recordId) as SegmentSql[]
  ).map(toSegment);
}

/** Row counts of the main tables. */
export function countRows(db: SqliteDb): { datasets: number; records: number; segments: number; labelEvents: number; scores: number } {
  const c = (table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    datasets: c('datasets'),
    records: c('records'),
    segments: c('segments'),
    labelEvents: c('label_events'),
    scores: c('scores'),
  };
}
