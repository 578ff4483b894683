/** Classical SQIs per segment (table `segment_sqis`, schema v3): one row per segment, model-independent. */
import { SQI_NAMES, type SegmentSqi, type SqiName } from '../metrics/sqi';
import type { SqliteDb } from './connection';
import { nowIso } from './records-repo';

/** Column of `segment_sqis` holding each index. */
export const SQI_COLUMNS: Record<SqiName, string> = {
  basSqi: 'bas_sqi',
  kSqi: 'k_sqi',
  sSqi: 's_sqi',
  pSqi: 'p_sqi',
  hfSqi: 'hf_sqi',
  burstSqi: 'burst_sqi',
};

/** A segment's SQIs to store. */
export interface NewSqi {
  segmentId: number;
  sqi: SegmentSqi;
}

/**
 * Stores SQIs, replacing a segment's earlier row (they depend on the samples only, so a rerun gives
 * the same values). NaN is stored as NULL. Wrap in a transaction with the batch; returns rows written.
 */
export function upsertSqis(db: SqliteDb, rows: NewSqi[]): number {
  const columns = SQI_NAMES.map((n) => SQI_COLUMNS[n]);
  const stmt = db.prepare(
    `INSERT OR REPLACE INTO segment_sqis (segment_id, ${columns.join(', ')}, computed_at)
     VALUES (?, ${columns.map(() => '?').join(', ')}, ?)`,
  );
  const at = nowIso();
  let written = 0;
  for (const r of rows) {
    written += stmt.run(r.segmentId, ...SQI_NAMES.map((n) => (Number.isFinite(r.sqi[n]) ? r.sqi[n] : null)), at).changes;
  }
  return written;
}

/** SQIs of the given segments (those that have a row), NULL read back as NaN. */
export function sqisOf(db: SqliteDb, segmentIds: number[]): Map<number, SegmentSqi> {
  const out = new Map<number, SegmentSqi>();
  const stmt = db.prepare(`SELECT * FROM segment_sqis WHERE segment_id = ?`);
  for (const id of segmentIds) {
    const row = stmt.get(id) as Record<string, number | null> | undefined;
    if (row) {
      out.set(id, toSqi(row));
    }
  }
  return out;
}

/** A `segment_sqis` row (snake_case columns) as a {@link SegmentSqi}. */
export function toSqi(row: Record<string, number | string | null>): SegmentSqi {
  const value = (n: SqiName): number => {
    const v = row[SQI_COLUMNS[n]];
    return typeof v === 'number' ? v : Number.NaN;
  };
  return { basSqi: value('basSqi'), kSqi: value('kSqi'), sSqi: value('sSqi'), pSqi: value('pSqi'), hfSqi: value('hfSqi'), burstSqi: value('burstSqi') };
}
