/**
 * Paged, filtered, sorted listing of lead-segments for the segment browser (up to ~260k rows):
 * one query for the page, one for the total. Sorting by PSNR uses the scores index.
 */
import type { SqliteDb } from './connection';
import type { ScoreParams } from './types';

/** Filters of {@link browseSegments}; all optional and combined with AND. */
export interface SegmentFilter {
  datasetName?: string;
  /** Substring of the record's natural key. */
  recordKeyContains?: string;
  leadName?: string;
  /** Label source whose current labels are shown and filtered on (e.g. 'dataset:ptbxl'). */
  labelSource?: string;
  /** Keep segments whose current labels under `labelSource` include this value ('clean', 'static_noise'…). */
  labelValue?: string;
  /** Keep segments with no label under `labelSource`. */
  unlabelled?: boolean;
  /** Only segments scored with this parameter set have PSNR; filters below use it. */
  params?: Pick<ScoreParams, 'modelSha256' | 't' | 'stepInterval' | 'scheduler' | 'seed'>;
  psnrMin?: number;
  psnrMax?: number;
  /** true: only scored; false: only unscored (for `params`). */
  scored?: boolean;
}

/** Sort keys of {@link browseSegments}. */
export type SegmentSortKey = 'psnr' | 'record' | 'lead' | 'segment' | 'dataset';

/** One row of the segment browser. */
export interface SegmentListItem {
  segmentId: number;
  recordId: number;
  datasetName: string;
  naturalKey: string;
  leadIndex: number;
  leadName: string;
  segmentIndex: number;
  /** Window start and end in seconds. */
  startS: number;
  endS: number;
  /** PSNR (dB) under `filter.params`, null when unscored or no params given. */
  psnr: number | null;
  /** Current labels under `filter.labelSource`, sorted, e.g. ['baseline_drift', 'static_noise']. */
  labels: string[];
}

/** A page of rows plus the number of rows matching the filter. */
export interface SegmentPage {
  rows: SegmentListItem[];
  total: number;
}

const SORT_SQL: Record<SegmentSortKey, string> = {
  psnr: 'psnr',
  record: 'r.id',
  lead: 'g.lead_index',
  segment: 'g.segment_index',
  dataset: 'd.name',
};

type ScoreMode = 'left' | 'scored' | 'unscored';

/** True when the filter restricts nothing but the score parameters / PSNR range. */
function onlyParamFilters(f: SegmentFilter): f is SegmentFilter & { params: NonNullable<SegmentFilter['params']> } {
  return (
    f.params !== undefined &&
    f.datasetName === undefined &&
    !f.recordKeyContains &&
    f.leadName === undefined &&
    (f.labelSource === undefined || (f.labelValue === undefined && !f.unlabelled))
  );
}

/** FROM/WHERE clause and arguments for one way of joining scores. */
function buildFrom(filter: SegmentFilter, mode: ScoreMode): { from: string; args: (string | number)[] } {
  const args: (string | number)[] = [];
  const p = filter.params;
  const paramArgs = p ? [p.modelSha256, p.t, p.stepInterval, p.scheduler, p.seed] : [];
  const onParams = 's.model_sha256 = ? AND s.t = ? AND s.step_interval = ? AND s.scheduler = ? AND s.seed = ?';
  let join = '';
  const conds: string[] = [];
  if (p && mode === 'left') {
    join = `LEFT JOIN scores s ON s.segment_id = g.id AND ${onParams}`;
    args.push(...paramArgs);
  } else if (p && mode === 'scored') {
    join = `JOIN scores s ON s.segment_id = g.id AND ${onParams}`;
    args.push(...paramArgs);
  }
  if (filter.datasetName !== undefined) {
    conds.push('d.name = ?');
    args.push(filter.datasetName);
  }
  if (filter.recordKeyContains) {
    conds.push('instr(r.natural_key, ?) > 0');
    args.push(filter.recordKeyContains);
  }
  if (filter.leadName !== undefined) {
    conds.push('g.lead_name = ?');
    args.push(filter.leadName);
  }
  if (filter.labelSource !== undefined && filter.labelValue !== undefined) {
    // IN (…) is materialised once, so a PSNR-ordered walk only probes it.
    conds.push('g.id IN (SELECT c.segment_id FROM current_labels c WHERE c.source = ? AND c.value = ?)');
    args.push(filter.labelSource, filter.labelValue);
  }
  if (filter.labelSource !== undefined && filter.unlabelled) {
    conds.push('g.id NOT IN (SELECT c.segment_id FROM current_labels c WHERE c.source = ?)');
    args.push(filter.labelSource);
  }
  if (p && mode === 'unscored') {
    conds.push(`NOT EXISTS (SELECT 1 FROM scores s WHERE s.segment_id = g.id AND ${onParams})`);
    args.push(...paramArgs);
  }
  if (p && mode !== 'unscored') {
    if (filter.psnrMin !== undefined) {
      conds.push('s.psnr >= ?');
      args.push(filter.psnrMin);
    }
    if (filter.psnrMax !== undefined) {
      conds.push('s.psnr <= ?');
      args.push(filter.psnrMax);
    }
    if (mode === 'left' && filter.scored !== undefined) {
      conds.push(filter.scored ? 's.id IS NOT NULL' : 's.id IS NULL');
    }
  }
  const from = `FROM segments g JOIN records r ON r.id = g.record_id JOIN datasets d ON d.id = r.dataset_id ${join}
    ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}`;
  return { from, args };
}

interface RawRow {
  id: number;
  record_id: number;
  dataset_name: string;
  natural_key: string;
  lead_index: number;
  lead_name: string;
  segment_index: number;
  start_sample: number;
  end_sample: number;
  fs_hz: number;
  psnr: number | null;
}

function selectRows(db: SqliteDb, q: { from: string; args: (string | number)[] }, psnrCol: string, order: string, offset: number, limit: number): RawRow[] {
  return db
    .prepare(
      `SELECT g.id, g.record_id, d.name AS dataset_name, r.natural_key, g.lead_index, g.lead_name, g.segment_index,
         g.start_sample, g.end_sample, r.fs_hz, ${psnrCol} AS psnr
       ${q.from} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .all(...q.args, Math.max(0, Math.floor(limit)), Math.max(0, Math.floor(offset))) as RawRow[];
}

function countRows(db: SqliteDb, q: { from: string; args: (string | number)[] }): number {
  return (db.prepare(`SELECT COUNT(*) AS n ${q.from}`).get(...q.args) as { n: number }).n;
}

/**
 * Lists segments matching `filter`, sorted by `sortBy` (then by segment id), `limit` rows from
 * `offset`. Unscored rows sort after scored ones whatever the direction. Sorting by PSNR walks the
 * scores index (scored rows first, then unscored ones), so the first pages are fast at 260k rows.
 */
export function browseSegments(
  db: SqliteDb,
  filter: SegmentFilter,
  sortBy: SegmentSortKey = 'record',
  direction: 'asc' | 'desc' = 'asc',
  offset = 0,
  limit = 100,
): SegmentPage {
  const dir = direction === 'desc' ? 'DESC' : 'ASC';
  let total: number;
  let rows: RawRow[];
  if (filter.params && sortBy === 'psnr' && filter.scored !== false) {
    const scored = buildFrom(filter, 'scored');
    const withUnscored = filter.scored === undefined && filter.psnrMin === undefined && filter.psnrMax === undefined;
    const unscored = buildFrom(filter, 'unscored');
    let nScored: number;
    let nUnscored: number;
    if (onlyParamFilters(filter)) {
      // Counts straight from the covering scores index (every score has its segment: foreign key).
      const p = filter.params;
      nScored = (
        db
          .prepare(
            `SELECT COUNT(*) AS n FROM scores s WHERE s.model_sha256 = ? AND s.t = ? AND s.step_interval = ? AND s.scheduler = ?
             AND s.seed = ? AND s.psnr >= ? AND s.psnr <= ?`,
          )
          .get(p.modelSha256, p.t, p.stepInterval, p.scheduler, p.seed, filter.psnrMin ?? -Infinity, filter.psnrMax ?? Infinity) as { n: number }
      ).n;
      const allSegments = (db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n;
      nUnscored = withUnscored ? allSegments - nScored : 0;
    } else {
      nScored = countRows(db, scored);
      nUnscored = withUnscored ? countRows(db, unscored) : 0;
    }
    total = nScored + nUnscored;
    rows = offset < nScored ? selectRows(db, scored, 's.psnr', `s.psnr ${dir}, g.id ${dir}`, offset, limit) : [];
    if (withUnscored && rows.length < limit) {
      rows.push(...selectRows(db, unscored, 'NULL', `g.id ${dir}`, Math.max(0, offset - nScored), limit - rows.length));
    }
  } else {
    const q = buildFrom(filter, 'left');
    total = countRows(db, q);
    const psnrCol = filter.params ? 's.psnr' : 'NULL';
    const order = sortBy === 'psnr' ? `g.id ${dir}` : `${SORT_SQL[sortBy]} ${dir}, g.id ${dir}`;
    rows = selectRows(db, q, psnrCol, order, offset, limit);
  }
  const labelStmt = db.prepare('SELECT value FROM current_labels WHERE segment_id = ? AND source = ? ORDER BY value');
  return {
    total,
    rows: rows.map((r) => ({
      segmentId: r.id,
      recordId: r.record_id,
      datasetName: r.dataset_name,
      naturalKey: r.natural_key,
      leadIndex: r.lead_index,
      leadName: r.lead_name,
      segmentIndex: r.segment_index,
      startS: r.start_sample / r.fs_hz,
      endS: r.end_sample / r.fs_hz,
      psnr: r.psnr,
      labels:
        filter.labelSource === undefined
          ? []
          : (labelStmt.all(r.id, filter.labelSource) as { value: string }[]).map((l) => l.value),
    })),
  };
}
