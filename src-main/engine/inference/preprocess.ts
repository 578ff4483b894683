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
 */
import { DspParamError } from '../errors';
import { bandpassZeroPhase } from '../dsp/filter';
import { fillInvalidRuns, invalidInSpan, invalidPrefixCounts } from '../dsp/gaps';
import { zscore } from '../dsp/normalize';
import { resampleToRate } from '../dsp/resample';
import { segmentSqi, type SegmentSqi } from '../metrics/sqi';
import { segmentWindows, sliceWindow } from '../dsp/segment';
import { SUPERLET_COLUMNS } from '../dsp/superlet-plan';
import type { EcgRecord, SegmentWindow } from '../types';
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

function recordRate(record: EcgRecord, opts: RecordImageOptions): number {
  const fsHz = record.fsHz ?? opts.fsHz;
  if (fsHz === undefined || fsHz === null) {
    throw new DspParamError(`${record.source}: the file has no sampling rate; pass one (--fs)`);
  }
  return fsHz;
}

function selectLeads(record: EcgRecord, opts: RecordImageOptions): number[] {
  const all = record.signals.map((_, i) => i);
  if (!opts.leads) {
    return all;
  }
  for (const lead of opts.leads) {
    if (!Number.isInteger(lead) || lead < 0 || lead >= record.signals.length) {
      throw new DspParamError(`${record.source}: no lead ${lead} (the record has ${record.signals.length})`);
    }
  }
  return opts.leads;
}

/** How messages name the record: its source, plus `[name]` when the name is not the file's stem (arrays of records). */
function recordLabel(record: EcgRecord): string {
  const base = record.source.split(/[\\/]/).pop() ?? record.source;
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return stem === record.name ? record.source : `${record.source} [${record.name}]`;
}

/** Percentage with one decimal, e.g. 0.1234 → '12.3 %'. */
function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)} %`;
}

/**
 * Source-rate sample span `[start, end)` of a window cut at the model's rate (clipped to the lead:
 * the resampled lead has `ceil(n · toHz / fromHz)` samples, so its end can map past `n`).
 */
function sourceSpan(window: SegmentWindow, modelHz: number, sourceHz: number, nSource: number): [number, number] {
  const start = Math.min(nSource, Math.round((window.startSample * sourceHz) / modelHz));
  const end = Math.min(nSource, Math.round((window.endSample * sourceHz) / modelHz));
  return [start, Math.max(start, end)];
}

/** Band-pass at the source rate, then resample to the model's rate (the contract's lead-level steps). */
function contractLead(lead: ArrayLike<number>, sourceHz: number, contract: InputContract): ArrayLike<number> {
  let out = lead;
  if (contract.bandpassHz) {
    out = bandpassZeroPhase(out, sourceHz, contract.bandpassHz[0], contract.bandpassHz[1]);
  }
  if (sourceHz !== contract.fsHz) {
    out = resampleToRate(out, sourceHz, contract.fsHz);
  }
  return out;
}

/** SQIs of source samples [start, end), or null where the rate or span cannot carry them. */
function windowSqi(source: ArrayLike<number>, start: number, end: number, sourceHz: number): SegmentSqi | null {
  if (sourceHz <= 80 || end - start < 2 * sourceHz) {
    return null;
  }
  const span = source instanceof Float64Array || source instanceof Float32Array ? source.subarray(start, end) : Array.prototype.slice.call(source, start, end);
  return segmentSqi(span, sourceHz);
}

/** The limit of `opts.maxInvalidFraction`, checked. */
function invalidLimit(record: EcgRecord, opts: RecordImageOptions): number {
  const limit = opts.maxInvalidFraction ?? MAX_INVALID_FRACTION;
  if (!(limit >= 0 && limit <= 1)) {
    throw new DspParamError(`${record.source}: the invalid-sample limit must be a fraction in [0, 1], got ${limit}`);
  }
  return limit;
}

/**
 * Runs the input contract on every selected lead and cuts the windows. Invalid samples are filled
 * per run (linear interpolation) before the filter; a lead with no valid sample, and a window whose
 * invalid fraction exceeds `opts.maxInvalidFraction`, are returned in `skipped` instead (a trailing
 * window without new columns, never scored, is kept in `segments` with its count rather than reported).
 * @throws DspParamError when the record has no rate, is shorter than one window, needs units it
 *   does not state ('mv' contract on unknown units), a rate is not an integer, or the limit is not
 *   in [0, 1].
 */
export function prepareRecordSegments(record: EcgRecord, contract: InputContract, opts: RecordImageOptions = {}): PreparedRecord {
  const sourceHz = recordRate(record, opts);
  if (contract.normalization === 'mv' && !record.unitsKnown) {
    throw new DspParamError(`${record.source}: the model needs millivolts but the file does not state its units`);
  }
  const maxFraction = invalidLimit(record, opts);
  const out: PreparedRecord = { segments: [], skipped: [] };
  for (const leadIndex of selectLeads(record, opts)) {
    const source = record.signals[leadIndex];
    const leadName = record.leadNames[leadIndex] ?? `lead${leadIndex}`;
    const prefix = invalidPrefixCounts(source);
    const filled = prefix[source.length] > 0 ? fillInvalidRuns(source) : source;
    if (!filled) {
      const reason = `${recordLabel(record)}: lead ${leadName} has no valid samples; not scored`;
      out.skipped.push({ leadIndex, leadName, segmentIndex: null, startS: null, endS: null, invalidSamples: source.length, invalidFraction: 1, reason });
      continue;
    }
    const lead = contractLead(filled, sourceHz, contract);
    for (const window of segmentWindows(lead.length, contract.fsHz, contract.segmentS, SUPERLET_COLUMNS)) {
      if (opts.segments && !opts.segments.includes(window.index)) {
        continue;
      }
      const [spanStart, spanEnd] = sourceSpan(window, contract.fsHz, sourceHz, source.length);
      const invalidSamples = invalidInSpan(prefix, spanStart, spanEnd);
      const invalidFraction = spanEnd > spanStart ? invalidSamples / (spanEnd - spanStart) : 0;
      const where = { leadIndex, leadName, segmentIndex: window.index, startS: window.startSample / contract.fsHz, endS: window.endSample / contract.fsHz };
      if (invalidFraction > maxFraction && window.validColumns > 0) {
        const reason =
          `${recordLabel(record)}: lead ${leadName} window ${window.index} (${where.startS}–${where.endS} s) has ` +
          `${percent(invalidFraction)} invalid samples (${invalidSamples} of ${spanEnd - spanStart}), above the ${percent(maxFraction)} limit; not scored`;
        out.skipped.push({ ...where, invalidSamples, invalidFraction, reason });
        continue;
      }
      const raw = sliceWindow(lead, window);
      const signal = contract.normalization === 'zscore' ? zscore(raw).values : raw;
      const sqi = window.validColumns > 0 ? windowSqi(filled, spanStart, spanEnd, sourceHz) : null;
      out.segments.push({ ...where, validColumns: window.validColumns, invalidSamples, invalidFraction, sqi, signal });
    }
  }
  return out;
}

/**
 * The windows {@link prepareRecordSegments} would score (skipped leads/windows left out).
 * @throws as {@link prepareRecordSegments}.
 */
export function prepareSegments(record: EcgRecord, contract: InputContract, opts: RecordImageOptions = {}): PreparedSegment[] {
  return prepareRecordSegments(record, contract, opts).segments;
}

/**
 * Input contract + superlet: the scalogram image of every lead × window of `record` that
 * {@link prepareRecordSegments} keeps, plus the skipped ones (no image made for them).
 * @throws as {@link prepareRecordSegments}.
 */
export async function prepareRecordImages(record: EcgRecord, contract: InputContract, opts: RecordImageOptions = {}): Promise<PreparedImages> {
  const { segments, skipped } = prepareRecordSegments(record, contract, opts);
  const images = await scalogramImages(segments.map((s) => s.signal), contract.fsHz, opts.pool);
  return { segments: segments.map(({ signal: _signal, ...rest }, i) => ({ ...rest, image: images[i] })), skipped };
}

/**
 * The scalogram images of {@link prepareRecordImages} (skipped leads/windows left out).
 * @throws as {@link prepareRecordSegments}.
 */
export async function recordToImages(record: EcgRecord, contract: InputContract, opts: RecordImageOptions = {}): Promise<SegmentImage[]> {
  return (await prepareRecordImages(record, contract, opts)).segments;
}
