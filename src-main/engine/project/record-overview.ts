/**
 * The record overview: every lead of a span of a record as a min/max envelope of at most `pixels`
 * columns, and a per-window PSNR strip, for drawing a day-long recording at once. The envelope comes
 * from the envelopes stored at import (dsp/overview.ts, 1-s buckets) when the span is coarse enough,
 * else from the samples, read block by block (memory stays that of one block; a record imported
 * before envelopes were stored is scanned once and its envelopes are handed back for storing).
 */
import type { LeadOverview } from '../db/overview-repo';
import { MinMaxBuckets, OVERVIEW_BUCKET_S, reduceEnvelope, type MinMaxEnvelope } from '../dsp/overview';
import { DspParamError } from '../errors';
import type { SignalSource } from '../types';
import type { OverviewStripColumn, RecordOverview } from '../../../src-shared/types';

/** Samples per lead read at a time when an envelope is computed from the samples. */
const SCAN_BLOCK = 1 << 20;
/** Records at least this long keep their scanned envelopes (as the import stores them). */
const STORE_MIN_S = 600;

/** One lead-window of the record, as the project knows it. */
export interface OverviewWindow {
  segmentId: number;
  leadIndex: number;
  /** Window index within the record. */
  index: number;
  /** Source samples `[startSample, endSample)`. */
  startSample: number;
  endSample: number;
  /** The selected model's PSNR, null when unscored. */
  psnr: number | null;
}

/** The span to draw and its width in pixels. */
export interface OverviewSpan {
  /** Seconds from the record start (default the whole record). */
  startS?: number;
  endS?: number;
  pixels: number;
}

/** One column of a lead's PSNR strip: a window, or the worst of the windows it groups. */
export type StripColumn = OverviewStripColumn;

/** What {@link recordOverview} draws: the drawn part of the contract's `RecordOverview`, and the record's length. */
export type OverviewData = Pick<RecordOverview, 'fsHz' | 'startSample' | 'columnSamples' | 'envelopes' | 'strips' | 'envelopeFrom'> & {
  nSamples: number;
};

function rounded(values: Float32Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? null : Math.round(v * 1e4) / 1e4));
}

/** Min/max of samples `[a, b)` of every lead in columns of `columnSamples`, read in blocks. */
function scanEnvelopes(source: SignalSource, a: number, b: number, columnSamples: number): MinMaxEnvelope[] {
  return source.info.leadNames.map((_, lead) => {
    const buckets = new MinMaxBuckets(columnSamples, b - a);
    for (let at = a; at < b; at += SCAN_BLOCK) {
      buckets.push(source.read(at, Math.min(b, at + SCAN_BLOCK), [lead])[0]);
    }
    return buckets;
  });
}

/** PSNR strip of one lead's windows (sorted by index) overlapping `[a, b)`, in at most `pixels` columns. */
function strip(windows: OverviewWindow[], a: number, b: number, fsHz: number, pixels: number): StripColumn[] {
  const inSpan = windows.filter((w) => w.endSample > a && w.startSample < b);
  const columns = Math.min(inSpan.length, pixels);
  const out: StripColumn[] = [];
  for (let c = 0; c < columns; c++) {
    const group = inSpan.slice(Math.floor((c * inSpan.length) / columns), Math.floor(((c + 1) * inSpan.length) / columns));
    let worst = group[0];
    for (const w of group) {
      if (w.psnr !== null && (worst.psnr === null || w.psnr < worst.psnr)) {
        worst = w;
      }
    }
    out.push({
      startS: group[0].startSample / fsHz,
      endS: group[group.length - 1].endSample / fsHz,
      psnr: worst.psnr,
      segmentId: worst.segmentId,
      windows: group.length,
    });
  }
  return out;
}

/**
 * The overview of `span` of a record: envelopes per lead and PSNR strips.
 *
 * @param stored - the record's envelopes stored at import (empty when none).
 * @param windows - the record's lead-windows with the selected model's PSNR.
 * @returns the overview, and the whole record's 1-s envelopes when they were computed here for a
 *   long record that had none stored (the caller stores them).
 * @throws DspParamError for a record without a rate or a bad span; EcgFormatError when reading fails.
 */
export function recordOverview(source: SignalSource, stored: LeadOverview[], windows: OverviewWindow[], span: OverviewSpan): { data: OverviewData; scanned: LeadOverview[] | null } {
  const { fsHz, nSamples, leadNames } = source.info;
  if (fsHz === null) {
    throw new DspParamError(`${source.info.source}: the record has no sampling rate`);
  }
  const a = Math.max(0, Math.min(nSamples, Math.floor((span.startS ?? 0) * fsHz)));
  const b = Math.max(a, Math.min(nSamples, Math.ceil((span.endS ?? nSamples / fsHz) * fsHz)));
  if (b <= a || !(span.pixels >= 1)) {
    throw new DspParamError(`an overview needs a non-empty span and at least one pixel, got ${span.startS ?? 0}–${span.endS ?? 'end'} s at ${span.pixels} px`);
  }
  const pixels = Math.floor(span.pixels);
  const bucket = stored[0]?.bucketSamples ?? Math.max(1, Math.round(OVERVIEW_BUCKET_S * fsHz));
  const whole = a === 0 && b === nSamples;
  let scanned: LeadOverview[] | null = null;
  let usable = stored.length === leadNames.length ? stored : null;
  if (!usable && whole && nSamples >= STORE_MIN_S * fsHz) {
    // No envelopes stored (imported before they were): scan once at the stored resolution.
    scanned = scanEnvelopes(source, 0, nSamples, bucket).map((e, leadIndex) => ({ leadIndex, bucketSamples: bucket, mins: e.mins, maxs: e.maxs }));
    usable = scanned;
  }
  let envelopes: MinMaxEnvelope[];
  let columnSamples: number;
  let startSample: number;
  let from: OverviewData['envelopeFrom'];
  if (usable && (b - a) / pixels >= bucket) {
    const first = Math.floor(a / bucket);
    const end = Math.ceil(b / bucket);
    const group = Math.ceil((end - first) / pixels);
    envelopes = usable.map((o) => reduceEnvelope(o, first, end, group));
    columnSamples = group * bucket;
    startSample = first * bucket;
    from = 'stored';
  } else {
    columnSamples = Math.max(1, Math.ceil((b - a) / pixels));
    envelopes = scanEnvelopes(source, a, b, columnSamples);
    startSample = a;
    from = 'samples';
  }
  const byLead = leadNames.map((_, lead) => windows.filter((w) => w.leadIndex === lead).sort((x, y) => x.index - y.index));
  return {
    data: {
      fsHz,
      nSamples,
      startSample,
      columnSamples,
      envelopes: envelopes.map((e) => ({ mins: rounded(e.mins), maxs: rounded(e.maxs) })),
      strips: byLead.map((w) => strip(w, a, b, fsHz, pixels)),
      envelopeFrom: from,
    },
    scanned,
  };
}
