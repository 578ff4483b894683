/**
 * Label events: an append-only log. The current labels of a segment under one source are the
 * (kind, value) pairs whose latest event asserts them (`present = 1`).
 */
import { EngineError } from '../errors';
import type { SqliteDb } from './connection';
import { nowIso } from './records-repo';
import { QUALITY_VALUES } from '../../../src-shared/labels';
import type { CurrentLabel, LabelEventRow, LabelKind } from './types';

/** A label assertion (or retraction) to append. */
export interface NewLabelEvent {
  segmentId: number;
  kind: LabelKind;
  value: string;
  /** true asserts the label, false retracts it. Default true. */
  present?: boolean;
  source: string;
  note?: string;
  /** ISO timestamp; default now. */
  createdAt?: string;
}

const SOURCE_RE = /^(dataset|annotator|model):[^\s]+$/;

/** Throws unless `source` is `dataset:<name>`, `annotator:<name>` or `model:<id>`. */
export function checkSource(source: string): void {
  if (!SOURCE_RE.test(source)) {
    throw new EngineError('invalid-input', `label source "${source}" must be dataset:<name>, annotator:<name> or model:<id>`);
  }
}

/**
 * Throws unless `value` is acceptable for `kind`: quality → exactly one of butqdb:1|2|3,
 * acceptable, unacceptable; noise and tag → non-empty text of at most 64 characters without line
 * breaks. (Noise values outside clean / the noise types / noisy are kept as free labels: the
 * workstation lets curators type their own.)
 */
export function checkLabel(kind: LabelKind, value: string): void {
  const text = value.trim().length > 0 && value.length <= 64 && !/[\r\n]/.test(value);
  const ok = kind === 'quality' ? (QUALITY_VALUES as readonly string[]).includes(value) : (kind === 'noise' || kind === 'tag') && text;
  if (!ok) {
    throw new EngineError('invalid-input', `"${value}" is not a ${kind} label`);
  }
}

/**
 * Appends the events that change something: an assertion of a label that already holds (or a
 * retraction of one that does not) is skipped, so re-imports add nothing. Not wrapped in its own
 * transaction: callers put it in theirs. Returns the number of events appended.
 */
export function appendLabelEvents(db: SqliteDb, events: NewLabelEvent[]): number {
  const latest = db.prepare(
    `SELECT present FROM label_events WHERE segment_id = ? AND source = ? AND kind = ? AND value = ?
     ORDER BY id DESC LIMIT 1`,
  );
  const insert = db.prepare(
    `INSERT INTO label_events (segment_id, record_id, lead_index, kind, value, present, source, created_at, note)
     SELECT id, record_id, lead_index, ?, ?, ?, ?, ?, ? FROM segments WHERE id = ?`,
  );
  let appended = 0;
  for (const e of events) {
    checkSource(e.source);
    checkLabel(e.kind, e.value);
    const present = e.present ?? true;
    const last = latest.get(e.segmentId, e.source, e.kind, e.value) as { present: number } | undefined;
    const holds = last?.present === 1;
    if (holds === present) {
      continue;
    }
    const info = insert.run(e.kind, e.value, present ? 1 : 0, e.source, e.createdAt ?? nowIso(), e.note ?? '', e.segmentId);
    if (info.changes !== 1) {
      throw new EngineError('not-found', `segment ${e.segmentId} does not exist`);
    }
    appended += 1;
  }
  return appended;
}

/**
 * Makes `values` the current labels of `kind` for a segment under `source`: asserts the missing
 * ones and retracts the others, in one transaction. Returns the events appended.
 */
export function setSegmentLabels(
  db: SqliteDb,
  segmentId: number,
  source: string,
  kind: LabelKind,
  values: string[],
  note = '',
): number {
  return db.transaction(() => {
    const current = currentLabels(db, segmentId, source).filter((l) => l.kind === kind).map((l) => l.value);
    const createdAt = nowIso();
    const events: NewLabelEvent[] = [
      ...current.filter((v) => !values.includes(v)).map((value) => ({ segmentId, kind, value, present: false, source, note, createdAt })),
      ...values.map((value) => ({ segmentId, kind, value, present: true, source, note, createdAt })),
    ];
    return appendLabelEvents(db, events);
  }).immediate();
}

interface CurrentSql {
  segment_id: number;
  kind: LabelKind;
  value: string;
  source: string;
  created_at: string;
  note: string;
}

function toCurrent(r: CurrentSql): CurrentLabel {
  return { segmentId: r.segment_id, kind: r.kind, value: r.value, source: r.source, createdAt: r.created_at, note: r.note };
}

/** Current labels of a segment (all sources, or one). */
export function currentLabels(db: SqliteDb, segmentId: number, source?: string): CurrentLabel[] {
  const rows = (
    source === undefined
      ? db.prepare('SELECT * FROM current_labels WHERE segment_id = ? ORDER BY source, kind, value').all(segmentId)
      : db
          .prepare('SELECT * FROM current_labels WHERE segment_id = ? AND source = ? ORDER BY kind, value')
          .all(segmentId, source)
  ) as CurrentSql[];
  return rows.map(toCurrent);
}

interface EventSql {
  id: number;
  segment_id: number;
  record_id: number;
  lead_index: number;
  kind: LabelKind;
  value: string;
  present: number;
  source: string;
  created_at: string;
  note: string;
}

function toEvent(r: EventSql): LabelEventRow {
  return {
    id: r.id,
    segmentId: r.segment_id,
    recordId: r.record_id,
    leadIndex: r.lead_index,
    kind: r.kind,
    value: r.value,
    present: r.present === 1,
    source: r.source,
    createdAt: r.created_at,
    note: r.note,
  };
}

/** Full label history of a segment, oldest first. */
export function labelHistory(db: SqliteDb, segmentId: number): LabelEventRow[] {
  return (db.prepare('SELECT * FROM label_events WHERE segment_id = ? ORDER BY id').all(segmentId) as EventSql[]).map(toEvent);
}

/** Iterates the whole audit log, oldest first (streams; fine for millions of events). */
export function* iterateLabelEvents(db: SqliteDb): Generator<LabelEventRow> {
  for (const r of db.prepare('SELECT * FROM label_events ORDER BY id').iterate() as IterableIterator<EventSql>) {
    yield toEvent(r);
  }
}

/** Every label source that has at least one event, sorted. */
export function listLabelSources(db: SqliteDb): string[] {
  return (db.prepare('SELECT DISTINCT source FROM label_events ORDER BY source').all() as { source: string }[]).map((r) => r.source);
}
