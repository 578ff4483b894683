/**
 * The numeric per-segment columns of the segments table besides PSNR (the score itself, which the
 * index always holds). A column is declared here once — key, label, digits and the SQL that reads
 * it — and the index, the table's sort and range filters, its rows and the renderer's headers all
 * follow from that entry. Values are read on demand: for the rows on screen by segment id, and for
 * every segment at once when a sort or filter needs the whole column.
 */
import type { SqliteDb } from '../db/connection';
import { EngineError } from '../errors';
import type { ScoreIdentity } from '../inference/score-identity';
import type { MetricColumnInfo } from '../../../src-shared/types';
import type { MetricReader } from './segment-index';

/** A declared column. */
export interface MetricColumn extends MetricColumnInfo {
  /**
   * A query yielding `segment_id, value` rows. When `perModel`, it takes the five score-identity
   * parameters (model sha256, t, step interval, scheduler, seed) in that order.
   */
  sql: string;
  perModel: boolean;
}

const SCORE_IDENTITY_WHERE = 'model_sha256 = ? AND t = ? AND step_interval = ? AND scheduler = ? AND seed = ?';

/** Every metric column, in table order. */
export const METRIC_COLUMNS: readonly MetricColumn[] = [
  {
    key: 'ssim',
    label: 'SSIM',
    digits: 3,
    perModel: true,
    sql: `SELECT segment_id, ssim AS value FROM scores WHERE ${SCORE_IDENTITY_WHERE}`,
  },
];

/**
 * The column declared under `key`.
 * @throws EngineError('invalid-input') for an unknown key.
 */
export function metricColumn(key: string): MetricColumn {
  const column = METRIC_COLUMNS.find((c) => c.key === key);
  if (!column) {
    throw new EngineError('invalid-input', `unknown column "${key}" (known: ${METRIC_COLUMNS.map((c) => c.key).join(', ')})`);
  }
  return column;
}

/** The parameters bound to a column's query. */
function columnArgs(column: MetricColumn, identity: ScoreIdentity | null): (string | number)[] {
  if (!column.perModel) {
    return [];
  }
  return identity === null ? ['', -1, -1, '', 0] : [identity.modelSha256, identity.t, identity.stepInterval, identity.scheduler, identity.seed];
}

/** Reads columns for one score identity (null: nothing scored): every value at once, or those of some segments. */
export function columnReader(db: SqliteDb, identity: ScoreIdentity | null): MetricReader {
  return {
    all(column) {
      const [ids, values] = db
        .prepare(`SELECT json_group_array(segment_id), json_group_array(value) FROM (${column.sql})`)
        .raw()
        .get(...columnArgs(column, identity)) as [string, string];
      const valueList = JSON.parse(values) as (number | null)[];
      return new Map((JSON.parse(ids) as number[]).map((id, k) => [id, valueList[k]]));
    },
    some(column, segmentIds) {
      const rows = db
        .prepare(`SELECT segment_id, value FROM (${column.sql}) WHERE segment_id IN (SELECT value FROM json_each(?))`)
        .raw()
        .all(...columnArgs(column, identity), JSON.stringify(segmentIds)) as [number, number | null][];
      return new Map(rows);
    },
  };
}
