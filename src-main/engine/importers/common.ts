/**
 * Shared machinery of the importers: the import summary, content hashing, and the per-record
 * transaction that inserts a record, its segments and its labels together (all or nothing).
 * Records come as {@link SignalSource}s read block by block (hash and overview in one pass per
 * lead), so importing a day-long recording needs the memory of one block.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EngineError, JobCancelledError, serializeError } from '../errors';
import type { ProjectDb } from '../db/project-db';
import { appendLabelEvents, type NewLabelEvent } from '../db/labels-repo';
import { type LeadOverview, upsertOverviews } from '../db/overview-repo';
import { insertRecord, type InsertRecordResult } from '../db/records-repo';
import { MinMaxBuckets, OVERVIEW_BUCKET_S } from '../dsp/overview';
import { segmentWindows } from '../dsp/segment';
import { memorySource } from '../io/signal-source';
import type { EcgRecord, RecordInfo, SignalSource } from '../types';

/** A file (or record) that was skipped, and why. */
export interface SkippedItem {
  path: string;
  reason: string;
}

/** What an import did. Re-running the same import gives inserted = 0 and labelEvents = 0. */
export interface ImportSummary {
  dataset: string;
  kind: string;
  /** Records found in the source. */
  recordsSeen: number;
  /** New records added (with their segments and labels). */
  inserted: number;
  /** Records already in the project with identical content. */
  unchanged: number;
  /** Segments added. */
  segments: number;
  /** Label events appended (new or changed labels only). */
  labelEvents: number;
  /** Bad files / records: reported and skipped, nothing of them is left in the project. */
  skipped: SkippedItem[];
}

/** Options every importer takes. */
export interface ImportOptions {
  /** Dataset name in the project (default: per importer, e.g. 'ptbxl'). */
  datasetName?: string;
  /** Called after each record with (done, total). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Reads a dataset's side file (label CSV, database CSV).
 * @throws EngineError('not-found') naming the file and what it should be.
 */
export function readSideFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new EngineError('not-found', `${path}: cannot read the ${what} (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** An empty summary. */
export function newSummary(dataset: string, kind: string): ImportSummary {
  return { dataset, kind, recordsSeen: 0, inserted: 0, unchanged: 0, segments: 0, labelEvents: 0, skipped: [] };
}

/** Throws JobCancelledError when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new JobCancelledError('import cancelled');
  }
}

/** Samples per lead read at a time when scanning a record. */
const SCAN_BLOCK = 1 << 20;
/** Records at least this long get stored overview envelopes; shorter ones are drawn from their samples. */
export const OVERVIEW_MIN_S = 600;

/** What one pass over a record's samples gives the import. */
export interface RecordScan {
  /** sha256 (hex) of the rate, lead names and samples: see {@link recordContentHash}. */
  contentHash: string;
  /** Per-lead min/max envelopes, for records of at least {@link OVERVIEW_MIN_S} (else empty). */
  overviews: LeadOverview[];
}

/**
 * Reads a record once, lead by lead in blocks: its content hash and, for a long record, its overview
 * envelopes. A record of one block is read in one call for all leads.
 */
export function scanRecord(source: SignalSource): RecordScan {
  const { info } = source;
  const h = createHash('sha256');
  h.update(`${info.fsHz}|${info.leadNames.join(',')}|${info.leadNames.length}\n`);
  const n = info.nSamples;
  const withOverview = info.fsHz !== null && n >= OVERVIEW_MIN_S * info.fsHz;
  const bucketSamples = info.fsHz === null ? 1 : Math.max(1, Math.round(OVERVIEW_BUCKET_S * info.fsHz));
  const overviews: LeadOverview[] = [];
  const whole = n <= SCAN_BLOCK ? source.read(0, n) : null;
  info.leadNames.forEach((_, lead) => {
    const buckets = withOverview ? new MinMaxBuckets(bucketSamples, n) : null;
    for (let at = 0; at < n; at += SCAN_BLOCK) {
      const block = whole ? whole[lead] : source.read(at, Math.min(n, at + SCAN_BLOCK), [lead])[0];
      h.update(new Uint8Array(block.buffer, block.byteOffset, block.byteLength));
      buckets?.push(block);
    }
    if (buckets) {
      overviews.push({ leadIndex: lead, bucketSamples, mins: buckets.mins, maxs: buckets.maxs });
    }
  });
  return { contentHash: h.digest('hex'), overviews };
}

/** sha256 (hex) of a record's sampling rate, lead names and samples (float64, little-endian). */
export function recordContentHash(record: EcgRecord | SignalSource): string {
  return scanRecord('signals' in record ? memorySource(record) : record).contentHash;
}

/** Builds label events from a freshly inserted record's segment ids (`${lead}:${window}` → id). */
export type LabelBuilder = (segmentIds: Map<string, number>, record: RecordInfo) => NewLabelEvent[];

/** One record to add to a dataset. */
export interface RecordToImport {
  /** The record, in memory or opened for range reads (closed by the caller). */
  record: EcgRecord | SignalSource;
  naturalKey: string;
  sourcePath: string;
  locator?: string;
  /** Format stored in the project ('wfdb', 'npz', …) so the record can be reloaded for scoring. */
  format?: string;
  metadata?: Record<string, unknown>;
  labels?: LabelBuilder;
}

/**
 * Adds one record with its segments (10-s windows of every lead) and labels in ONE transaction,
 * and counts the outcome in `summary`. A record that cannot be segmented (no rate, too short) or
 * whose key exists with other content is reported in `summary.skipped` and leaves nothing behind.
 */
export function importOneRecord(project: ProjectDb, datasetId: number, item: RecordToImport, summary: ImportSummary): void {
  summary.recordsSeen += 1;
  const source = 'signals' in item.record ? memorySource(item.record) : item.record;
  const record = source.info;
  const label = item.locator ? `${item.sourcePath}#${item.locator}` : item.sourcePath;
  try {
    if (record.fsHz === null || !(record.fsHz > 0)) {
      throw new EngineError('invalid-input', 'no sampling rate (give --fs for files without one)');
    }
    const fsHz = record.fsHz;
    const nSamples = record.nSamples;
    const windows = segmentWindows(nSamples, fsHz);
    const scan = scanRecord(source);
    const result: InsertRecordResult = project.transaction(() => {
      const res = insertRecord(project.db, datasetId, {
        naturalKey: item.naturalKey,
        sourcePath: item.sourcePath,
        locator: item.locator,
        format: item.format ?? record.format,
        fsHz,
        nSamples,
        leadNames: record.leadNames,
        units: record.unitsKnown ? record.leadNames.map(() => 'mV') : record.sourceUnits,
        unitsKnown: record.unitsKnown,
        contentHash: scan.contentHash,
        metadata: { ...record.metadata, ...(item.metadata ?? {}) },
        windows,
      });
      if (res.status === 'inserted') {
        upsertOverviews(project.db, res.recordId, scan.overviews);
      }
      if (res.status !== 'conflict' && item.labels) {
        summary.labelEvents += appendLabelEvents(project.db, item.labels(res.segmentIds, record));
      }
      return res;
    });
    if (result.status === 'conflict') {
      summary.skipped.push({ path: label, reason: `record "${item.naturalKey}" is already in the project with different content` });
    } else if (result.status === 'unchanged') {
      summary.unchanged += 1;
    } else {
      summary.inserted += 1;
      summary.segments += result.segmentIds.size;
    }
  } catch (error) {
    summary.skipped.push({ path: label, reason: serializeError(error).message });
  }
}

/** Events asserting `value` (kind 'noise' unless given) on every segment of the listed leads. */
export function leadLabelEvents(
  segmentIds: Map<string, number>,
  leads: Iterable<number>,
  value: string,
  source: string,
  kind: NewLabelEvent['kind'] = 'noise',
): NewLabelEvent[] {
  const wanted = new Set(leads);
  const events: NewLabelEvent[] = [];
  for (const [key, segmentId] of segmentIds) {
    if (wanted.has(Number(key.split(':')[0]))) {
      events.push({ segmentId, kind, value, source });
    }
  }
  return events;
}
