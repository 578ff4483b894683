/** Model scores per segment, keyed by model sha256 + sampling parameters (the resume key). */
import type { SchedulerKind } from '../inference/scheduler';
import type { SqliteDb } from './connection';
import { nowIso } from './records-repo';
import type { ScoreParams, ScoreRow } from './types';

/** A score to store for one segment: a stored row before the database gives it an id and a timestamp. */
export type NewScore = Omit<ScoreRow, 'id' | 'createdAt'>;

/**
 * Stores scores; a score already present for the same segment + model + parameters is kept and
 * the new one ignored (no duplicates after a resumed run). Wrap in a transaction with the batch.
 * Returns the number of rows added.
 */
export function insertScores(db: SqliteDb, scores: NewScore[]): number {
  const stmt = db.prepare(
    `INSERT OR IGNORE INTO scores (segment_id, model_name, model_sha256, t, step_interval, scheduler, seed, provider,
       psnr, ssim, mse, mae, local_psnr_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let added = 0;
  const createdAt = nowIso();
  for (const s of scores) {
    added += stmt.run(
      s.segmentId,
      s.modelName,
      s.modelSha256,
      s.t,
      s.stepInterval,
      s.scheduler,
      s.seed,
      s.provider,
      s.psnr,
      Number.isNaN(s.ssim) ? null : s.ssim,
      s.mse,
      s.mae,
      JSON.stringify(s.localPsnr),
      createdAt,
    ).changes;
  }
  return added;
}

interface ScoreSql {
  id: number;
  segment_id: number;
  model_name: string;
  model_sha256: string;
  t: number;
  step_interval: number;
  scheduler: string;
  seed: number;
  provider: string;
  psnr: number;
  ssim: number | null;
  mse: number;
  mae: number;
  local_psnr_json: string;
  created_at: string;
}

/** Converts a raw `scores` row. */
export function toScore(r: ScoreSql): ScoreRow {
  return {
    id: r.id,
    segmentId: r.segment_id,
    modelName: r.model_name,
    modelSha256: r.model_sha256,
    t: r.t,
    stepInterval: r.step_interval,
    scheduler: r.scheduler as SchedulerKind,
    seed: r.seed,
    provider: r.provider,
    psnr: r.psnr,
    ssim: r.ssim ?? Number.NaN,
    mse: r.mse,
    mae: r.mae,
    localPsnr: JSON.parse(r.local_psnr_json) as number[],
    createdAt: r.created_at,
  };
}

/** SQL condition (with `s.` alias) + arguments selecting scores of one parameter set. */
export function paramsWhere(p: Pick<ScoreParams, 'modelSha256' | 't' | 'stepInterval' | 'scheduler' | 'seed'>): {
  sql: string;
  args: (string | number)[];
} {
  return {
    sql: 's.model_sha256 = ? AND s.t = ? AND s.step_interval = ? AND s.scheduler = ? AND s.seed = ?',
    args: [p.modelSha256, p.t, p.stepInterval, p.scheduler, p.seed],
  };
}

/** Every score of a segment, newest first. */
export function segmentScores(db: SqliteDb, segmentId: number): ScoreRow[] {
  return (db.prepare('SELECT * FROM scores WHERE segment_id = ? ORDER BY id DESC').all(segmentId) as ScoreSql[]).map(toScore);
}

/** A parameter set present in the project, with how many segments it scored. */
export interface ScoreParamSet extends ScoreParams {
  count: number;
  lastCreatedAt: string;
}

/**
 * The distinct model + parameter sets that have scores, in the order that picks a project's
 * default: most segments scored first, ties to the most recently scored.
 */
export function listScoreParamSets(db: SqliteDb): ScoreParamSet[] {
  // Counts and newest ids come from the covering index; names and times from one row each.
  const sets = db
    .prepare(
      `SELECT model_sha256, t, step_interval, scheduler, seed, COUNT(*) AS n, MAX(id) AS last_id
       FROM scores GROUP BY model_sha256, t, step_interval, scheduler, seed`,
    )
    .all() as { model_sha256: string; t: number; step_interval: number; scheduler: string; seed: number; n: number; last_id: number }[];
  const newest = db.prepare('SELECT model_name, created_at FROM scores WHERE id = ?');
  return sets
    .sort((a, b) => b.n - a.n || b.last_id - a.last_id)
    .map((r) => {
      const row = newest.get(r.last_id) as { model_name: string; created_at: string };
      return {
        modelName: row.model_name,
        modelSha256: r.model_sha256,
        t: r.t,
        stepInterval: r.step_interval,
        scheduler: r.scheduler as SchedulerKind,
        seed: r.seed,
        count: r.n,
        lastCreatedAt: row.created_at,
      };
    });
}

/** Options selecting which unscored work to list. */
export interface WorkFilter {
  /** Only this dataset. */
  datasetName?: string;
  /** Only records whose shard (see `shardHash`) is K-1 of N: [K, N] with 1 ≤ K ≤ N. */
  shard?: [number, number];
  /** Only segments of this lead name (e.g. 'II'). */
  leadName?: string;
  /** Only segments whose current label under their dataset's own source is this value (e.g. 'clean'). */
  label?: string;
  /** Only records whose metadata `strat_fold` is this. */
  fold?: number;
}

/** A record with segments that still lack a score for the parameter set. */
export interface PendingRecord {
  recordId: number;
  naturalKey: string;
  datasetName: string;
  pendingSegments: number;
  /** Lead indices with at least one pending segment, ascending. */
  pendingLeads: number[];
}

/**
 * 32-bit FNV-1a of `<dataset>/<naturalKey>`: a shard assignment that depends only on the record's
 * identity, so every copy of a project splits the same way.
 */
export function shardHash(datasetName: string, naturalKey: string): number {
  let h = 0x811c9dc5;
  const s = `${datasetName}/${naturalKey}`;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * SQL (over `segments g JOIN records r JOIN datasets d`) and arguments selecting the segments of
 * `filter` that have no score for `params`: the one definition of pending work.
 */
function pendingCondition(params: ScoreParams, filter: WorkFilter): { sql: string; args: (string | number | null)[] } {
  const where = paramsWhere(params);
  const nul = (v: string | number | undefined): string | number | null => (v === undefined ? null : v);
  return {
    sql: `(? IS NULL OR d.name = ?)
         AND (? IS NULL OR g.lead_name = ?)
         AND (? IS NULL OR json_extract(r.metadata_json, '$.strat_fold') = ?)
         AND (? IS NULL OR EXISTS (SELECT 1 FROM current_labels c WHERE c.segment_id = g.id
                                   AND c.source = 'dataset:' || d.name AND c.value = ?))
         AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.segment_id = g.id AND ${where.sql})`,
    args: [
      nul(filter.datasetName),
      nul(filter.datasetName),
      nul(filter.leadName),
      nul(filter.leadName),
      nul(filter.fold),
      nul(filter.fold),
      nul(filter.label),
      nul(filter.label),
      ...where.args,
    ],
  };
}

/** Records (by id) that have at least one segment without a score for `params`. */
export function listPendingRecords(db: SqliteDb, params: ScoreParams, filter: WorkFilter = {}): PendingRecord[] {
  const pending = pendingCondition(params, filter);
  const rows = db
    .prepare(
      `SELECT r.id AS record_id, r.natural_key, d.name AS dataset_name, COUNT(*) AS pending,
         GROUP_CONCAT(DISTINCT g.lead_index) AS leads
       FROM segments g JOIN records r ON r.id = g.record_id JOIN datasets d ON d.id = r.dataset_id
       WHERE ${pending.sql}
       GROUP BY r.id ORDER BY r.id`,
    )
    .all(...pending.args) as {
    record_id: number;
    natural_key: string;
    dataset_name: string;
    pending: number;
    leads: string;
  }[];
  const out = rows.map((r) => ({
    recordId: r.record_id,
    naturalKey: r.natural_key,
    datasetName: r.dataset_name,
    pendingSegments: r.pending,
    pendingLeads: String(r.leads)
      .split(',')
      .map(Number)
      .sort((a, b) => a - b),
  }));
  if (!filter.shard) {
    return out;
  }
  const [k, n] = filter.shard;
  return out.filter((r) => shardHash(r.datasetName, r.naturalKey) % n === k - 1);
}

/** The pending segments of one record: which (lead, window) pairs still need a score. */
export interface PendingWindows {
  /** Windows per lead in the bitmap (the largest pending window index + 1). */
  windows: number;
  /** 1 at `lead · windows + window` for a pending segment. */
  bitmap: Uint8Array;
  has(lead: number, window: number): boolean;
}

/**
 * Segments of record `recordId` that match `filter` and have no score for `params` (a compact
 * bitmap: a day-long 12-lead record is 100 KB), so a resumed run skips what is done.
 */
export function listPendingWindows(db: SqliteDb, params: ScoreParams, recordId: number, filter: WorkFilter = {}): PendingWindows {
  const pending = pendingCondition(params, filter);
  const rows = db
    .prepare(
      `SELECT g.lead_index, g.segment_index
       FROM segments g JOIN records r ON r.id = g.record_id JOIN datasets d ON d.id = r.dataset_id
       WHERE g.record_id = ? AND ${pending.sql}`,
    )
    .raw()
    .all(recordId, ...pending.args) as [number, number][];
  let leads = 0;
  let windows = 0;
  for (const [lead, window] of rows) {
    leads = Math.max(leads, lead + 1);
    windows = Math.max(windows, window + 1);
  }
  const bitmap = new Uint8Array(leads * windows);
  for (const [lead, window] of rows) {
    bitmap[lead * windows + window] = 1;
  }
  return {
    windows,
    bitmap,
    has: (lead, window) => lead < leads && window < windows && bitmap[lead * windows + window] === 1,
  };
}
