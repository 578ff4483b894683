/** Min/max envelopes of long records' leads (table `record_overviews`, schema v4; see dsp/overview.ts). */
import type { MinMaxEnvelope } from '../dsp/overview';
import type { SqliteDb } from './connection';

/** One lead's stored envelope. */
export interface LeadOverview extends MinMaxEnvelope {
  leadIndex: number;
  /** Source samples per bucket. */
  bucketSamples: number;
}

function blob(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function floats(bytes: Buffer): Float32Array {
  // Copy: SQLite's buffer need not be 4-byte aligned.
  return new Float32Array(new Uint8Array(bytes).buffer);
}

/** Stores (or replaces) a record's envelopes. Wrap in the record's transaction. */
export function upsertOverviews(db: SqliteDb, recordId: number, overviews: LeadOverview[]): void {
  const stmt = db.prepare('INSERT OR REPLACE INTO record_overviews (record_id, lead_index, bucket_samples, mins, maxs) VALUES (?, ?, ?, ?, ?)');
  for (const o of overviews) {
    stmt.run(recordId, o.leadIndex, o.bucketSamples, blob(o.mins), blob(o.maxs));
  }
}

/** A record's stored envelopes by lead (empty when none were stored: a short record, or imported before v4). */
export function recordOverviews(db: SqliteDb, recordId: number): LeadOverview[] {
  const rows = db.prepare('SELECT lead_index, bucket_samples, mins, maxs FROM record_overviews WHERE record_id = ? ORDER BY lead_index').all(recordId) as {
    lead_index: number;
    bucket_samples: number;
    mins: Buffer;
    maxs: Buffer;
  }[];
  return rows.map((r) => ({ leadIndex: r.lead_index, bucketSamples: r.bucket_samples, mins: floats(r.mins), maxs: floats(r.maxs) }));
}
