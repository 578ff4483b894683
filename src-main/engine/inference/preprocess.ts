/**
 * Applies a model's input contract to a record before the superlet: band-pass at the record's
 * own rate, resample to the model's rate, cut into 10-s windows and z-score each window (or keep
 * millivolts). Then turns each window into the 32 × 256 uint8 scalogram image the model reads.
 *
 * Order and why: PTB-XL's training data was band-passed at 500 Hz, z-scored per 10-s record and
 * resampled to 100 Hz; band-passing before resampling keeps the filter's band valid (high edge
 * below Nyquist of the source rate), and z-scoring per window makes a 30-min record look like a
 * series of 10-s training records.
 *
 * Invalid samples (NaN/±Infinity) are filled by linear interpolation per run before the filter
 * (dsp/gaps.ts), counted per window at the source rate, and windows with too many are not scored.
 *
 * Records are processed in chunks of consecutive windows (contract-plan.ts, contract-chunk.ts) read
 * from a {@link SignalSource}, so a day-long recording needs the memory of ten minutes of it; a
 * record of at most one chunk is processed whole.
 */
import { DspParamError } from '../errors';
import { memorySource } from '../io/signal-source';
import type { SegmentSqi } from '../metrics/sqi';
import type { EcgRecord, RecordInfo, SignalSource } from '../types';
import { type ChunkContext, prepareChunk, wantedChunks } from './contract-chunk';
import { type ContractChunk, type ContractPlan, planContract } from './contract-plan';
import type { InputContract } from './model-spec';
import { scalogramImages, type SuperletRunner } from './superlet-images';

/** Options of {@link prepareSegments} / {@link recordToImages}. */
export interface RecordImageOptions {
  /** Sampling rate to assume when the file has none (NPY, CSV without time column), Hz. */
  fsHz?: number;
  /** Only these lead indices (default: all). */
  leads?: number[];
  /** Only these window indices (default: all); the filters still see the whole lead. */
  segments?: number[];
  /** Only the lead-windows this accepts (with `leads` and `segments`): e.g. those not scored yet. */
  wanted?: (leadIndex: number, windowIndex: number) => boolean;
  /**
   * Windows per chunk (default `DEFAULT_CHUNK_WINDOWS`, 10 min; Infinity: the whole record at
   * once). Scores use the default; other values are for tests of the chunking.
   */
  chunkWindows?: number;
  /** Superlet worker pool or ONNX superlet (default: the shared worker pool of all cores). */
  pool?: SuperletRunner;
  /**
   * Windows whose invalid fraction is above this are skipped, not scored (default
   * {@link MAX_INVALID_FRACTION}; 1 scores every window of a lead that has a valid sample).
   */
  maxInvalidFraction?: number;
}

/**
 * Default limit on a window's invalid samples: above 10 % (1 s of a 10-s window, about a beat) the
 * interpolated straight line is a large, noise-free stretch the model reconstructs easily, so the
 * window's PSNR would read as cleaner than the recording is.
 */
export const MAX_INVALID_FRACTION = 0.1;

/** One lead-window after the input contract, at the model's rate. */
export interface PreparedSegment {
  leadIndex: number;
  leadName: string;
  segmentIndex: number;
  /** Window start/end in seconds from the record start. */
  startS: number;
  endS: number;
  validColumns: number;
  /**
   * Invalid (NaN/±Infinity) samples of the source lead over the window's span, counted at the
   * source rate before they were filled by interpolation; 0 for a clean window.
   */
  invalidSamples: number;
  /** `invalidSamples` / source samples in the window's span, in [0, 1]. */
  invalidFraction: number;
  /**
   * Classical SQIs of the window's recorded samples (gaps filled, source rate, before the band-pass);
   * null when the source rate is too low for their 40-Hz bands (≤ 80 Hz).
   */
  sqi: SegmentSqi | null;
  /** Samples at the model's rate (contract.fsHz): z-scored, or mV when the contract says 'mv'. */
  signal: Float64Array;
}

/** A lead-window (or a whole lead) that the input contract refused, and why. */
export interface SkippedSegment {
  leadIndex: number;
  leadName: string;
  /** Window index, or null when the whole lead was skipped (no valid sample). */
  segmentIndex: number | null;
  /** Window start/end in seconds from the record start; null for a whole lead. */
  startS: number | null;
  endS: number | null;
  /** Invalid source samples over the window's span (or the whole lead). */
  invalidSamples: number;
  /** `invalidSamples` / source samples of the span, in [0, 1]. */
  invalidFraction: number;
  /** Human-readable reason naming the file, lead, window and fraction. */
  reason: string;
}

/** Result of {@link prepareRecordSegments}: the windows to score and those skipped. */
export interface PreparedRecord {
  segments: PreparedSegment[];
  skipped: SkippedSegment[];
}

/** Result of {@link prepareRecordImages}. */
export interface PreparedImages {
  segments: SegmentImage[];
  skipped: SkippedSegment[];
}

/** A prepared segment with its scalogram image (uint8, 32 × 256, row 0 = 40 Hz). */
export interface SegmentImage extends Omit<PreparedSegment, 'signal'> {
  image: Uint8Array;
}

/** One chunk's prepared windows, from {@link streamPreparedChunks}. */
export interface PreparedChunk extends PreparedRecord {
  chunk: ContractChunk;
  plan: ContractPlan;
}

function recordRate(info: RecordInfo, opts: RecordImageOptions): number {
  const fsHz = info.fsHz ?? opts.fsHz;
  if (fsHz === undefined || fsHz === null) {
    throw new DspParamError(`${info.source}: the file has no sampling rate; pass one (--fs)`);
  }
  return fsHz;
}

function selectLeads(info: RecordInfo, opts: RecordImageOptions): number[] {
  const all = info.leadNames.map((_, i) => i);
  if (!opts.leads) {
    return all;
  }
  for (const lead of opts.leads) {
    if (!Number.isInteger(lead) || lead < 0 || lead >= info.leadNames.length) {
      throw new DspParamError(`${info.source}: no lead ${lead} (the record has ${info.leadNames.length})`);
    }
  }
  return opts.leads;
}

/** How messages name the record: its source, plus `[name]` when the name is not the file's stem (arrays of records). */
function recordLabel(info: RecordInfo): string {
  const base = info.source.split(/[\\/]/).pop() ?? info.source;
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return stem === info.name ? info.source : `${info.source} [${info.name}]`;
}

/** The limit of `opts.maxInvalidFraction`, checked. */
function invalidLimit(info: RecordInfo, opts: RecordImageOptions): number {
  const limit = opts.maxInvalidFraction ?? MAX_INVALID_FRACTION;
  if (!(limit >= 0 && limit <= 1)) {
    throw new DspParamError(`${info.source}: the invalid-sample limit must be a fraction in [0, 1], got ${limit}`);
  }
  return limit;
}

/**
 * The plan and per-record state of a contract pass over `source` (checks done up front).
 * @throws as {@link prepareRecordSegments}.
 */
export function contractPass(source: SignalSource, contract: InputContract, opts: RecordImageOptions = {}): ChunkContext {
  const info = source.info;
  const sourceHz = recordRate(info, opts);
  if (contract.normalization === 'mv' && !info.unitsKnown) {
    throw new DspParamError(`${info.source}: the model needs millivolts but the file does not state its units`);
  }
  const maxInvalidFraction = invalidLimit(info, opts);
  const leads = selectLeads(info, opts);
  const plan = planContract(sourceHz, info.nSamples, contract, { chunkWindows: opts.chunkWindows });
  const segments = opts.segments ? new Set(opts.segments) : null;
  const wanted =
    segments || opts.wanted
      ? (lead: number, window: number): boolean => (segments === null || segments.has(window)) && (opts.wanted?.(lead, window) ?? true)
      : undefined;
  return { source, plan, contract, leads, wanted, maxInvalidFraction, label: recordLabel(info), finders: new Map(), deadLeads: new Set() };
}

/**
 * The contract chunk by chunk over a source: one {@link PreparedChunk} per chunk that holds a wanted
 * window, in time order; memory stays that of one chunk whatever the record's length.
 * @throws as {@link prepareRecordSegments}, and EcgFormatError when the source cannot be read.
 */
export function* streamPreparedChunks(source: SignalSource, contract: InputContract, opts: RecordImageOptions = {}): Generator<PreparedChunk> {
  const ctx = contractPass(source, contract, opts);
  for (const chunk of wantedChunks(ctx)) {
    yield { ...prepareChunk(ctx, chunk), chunk, plan: ctx.plan };
  }
}

/**
 * Runs the input contract on every selected lead and cuts the windows. Invalid samples are filled
 * per run (linear interpolation) before the filter; a lead with no valid sample, and a window whose
 * invalid fraction exceeds `opts.maxInvalidFraction`, are returned in `skipped` instead (a trailing
 * window without new columns, never scored, is kept in `segments` with its count rather than reported).
 * Segments come lead by lead, windows in order.
 * @throws DspParamError when the record has no rate, is shorter than one window, needs units it
 *   does not state ('mv' contract on unknown units), a rate is not an integer, or the limit is not
 *   in [0, 1].
 */
export function prepareRecordSegments(record: EcgRecord | SignalSource, contract: InputContract, opts: RecordImageOptions = {}): PreparedRecord {
  const source = 'signals' in record ? memorySource(record) : record;
  const out: PreparedRecord = { segments: [], skipped: [] };
  for (const chunk of streamPreparedChunks(source, contract, opts)) {
    out.segments.push(...chunk.segments);
    out.skipped.push(...chunk.skipped);
  }
  // Chunks come in time order; callers of the whole record get it lead by lead (stable sorts).
  out.segments.sort((a, b) => a.leadIndex - b.leadIndex);
  out.skipped.sort((a, b) => a.leadIndex - b.leadIndex);
  return out;
}

/**
 * The windows {@link prepareRecordSegments} would score (skipped leads/windows left out).
 * @throws as {@link prepareRecordSegments}.
 */
export function prepareSegments(record: EcgRecord | SignalSource, contract: InputContract, opts: RecordImageOptions = {}): PreparedSegment[] {
  return prepareRecordSegments(record, contract, opts).segments;
}

/**
 * Input contract + superlet: the scalogram image of every lead × window of `record` that
 * {@link prepareRecordSegments} keeps, plus the skipped ones (no image made for them).
 * @throws as {@link prepareRecordSegments}.
 */
export async function prepareRecordImages(record: EcgRecord | SignalSource, contract: InputContract, opts: RecordImageOptions = {}): Promise<PreparedImages> {
  return withImages(prepareRecordSegments(record, contract, opts), contract, opts.pool);
}

/**
 * The scalogram images of prepared windows (on `pool`, default the shared worker pool), with the
 * skipped ones passed through.
 */
export async function withImages(prepared: PreparedRecord, contract: InputContract, pool?: SuperletRunner): Promise<PreparedImages> {
  const { segments, skipped } = prepared;
  const images = await scalogramImages(segments.map((s) => s.signal), contract.fsHz, pool);
  return { segments: segments.map(({ signal: _signal, ...rest }, i) => ({ ...rest, image: images[i] })), skipped };
}

/**
 * The scalogram images of {@link prepareRecordImages} (skipped leads/windows left out).
 * @throws as {@link prepareRecordSegments}.
 */
export async function recordToImages(record: EcgRecord | SignalSource, contract: InputContract, opts: RecordImageOptions = {}): Promise<SegmentImage[]> {
  return (await prepareRecordImages(record, contract, opts)).segments;
}
