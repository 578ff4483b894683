/**
 * Where the model's input contract cuts a record, before any sample is read: the 10-s windows at the
 * model's rate, and the chunks of consecutive windows that the streamed contract processes one at a
 * time, each with the source samples it must read (the windows' span plus filter margins).
 *
 * Why chunks give the whole-record result: the contract's only steps that look beyond a window are
 * the gap filling (exact: the nearest finite samples outside the span are looked up, see
 * gap-anchors.ts), the polyphase resampling (exact: a FIR whose inputs the span holds, summed in the
 * same order) and the zero-phase band-pass (a recursive filter: a span reaching
 * `bandpassMarginSamples` — ~36 s — beyond the kept samples leaves its edge transients below 1e-20 of
 * the signal; what remains are rounding differences of the recursion, see README "Long recordings").
 * The chunk grid depends only on the record's rate and length, so every caller (file and project
 * scoring, the workstation's detail view) computes a window from the same span, and a record of at
 * most one chunk is processed whole — identical to the whole-record computation.
 */
import { DspParamError } from '../errors';
import { bandpassMarginSamples } from '../dsp/filter';
import { type PolyphasePlan, polyphasePlan, rateRatio, resampledLength, resampleInputSpan } from '../dsp/resample';
import { segmentWindows } from '../dsp/segment';
import { SUPERLET_COLUMNS } from '../dsp/superlet-plan';
import type { SegmentWindow } from '../types';
import type { InputContract } from './model-spec';

/** Windows per chunk by default: 10 min of recording (60 × 10 s). */
export const DEFAULT_CHUNK_WINDOWS = 60;

/** One chunk: consecutive windows and the source samples that give their model input. */
export interface ContractChunk {
  index: number;
  /** Windows `[windowStart, windowEnd)` of the plan. */
  windowStart: number;
  windowEnd: number;
  /** Model-rate samples the windows cover, `[modelStart, modelEnd)`. */
  modelStart: number;
  modelEnd: number;
  /** Source samples to read, `[readStart, readEnd)`: the windows' inputs plus the band-pass margin. */
  readStart: number;
  readEnd: number;
}

/** The contract's geometry for one record. */
export interface ContractPlan {
  sourceHz: number;
  nSource: number;
  modelHz: number;
  /** Samples of a lead at the model's rate (`ceil(nSource · modelHz / sourceHz)`). */
  nModel: number;
  /** The windows at the model's rate (segment_ecg's rule, trailing window included). */
  windows: SegmentWindow[];
  chunks: ContractChunk[];
  /** Polyphase filter of sourceHz → modelHz, null when the rates are equal. */
  resample: PolyphasePlan | null;
  /** Source samples of band-pass margin on each side of a chunk (0 without a band-pass). */
  marginSamples: number;
}

/** Options of {@link planContract}. */
export interface PlanOptions {
  /** Windows per chunk (default {@link DEFAULT_CHUNK_WINDOWS}; Infinity: the whole record at once). */
  chunkWindows?: number;
}

/**
 * Source-rate sample span `[start, end)` of a window cut at the model's rate (clipped to the lead:
 * the resampled lead has `ceil(n · toHz / fromHz)` samples, so its end can map past `n`).
 */
export function sourceSpan(window: SegmentWindow, modelHz: number, sourceHz: number, nSource: number): [number, number] {
  const start = Math.min(nSource, Math.round((window.startSample * sourceHz) / modelHz));
  const end = Math.min(nSource, Math.round((window.endSample * sourceHz) / modelHz));
  return [start, Math.max(start, end)];
}

/**
 * Plans the contract for a record of `nSource` samples at `sourceHz`.
 * @throws DspParamError when the record is shorter than one window, a rate is not an integer (when
 *   resampling is needed), or `chunkWindows` is not a positive integer (or Infinity).
 */
export function planContract(sourceHz: number, nSource: number, contract: InputContract, opts: PlanOptions = {}): ContractPlan {
  const chunkWindows = opts.chunkWindows ?? DEFAULT_CHUNK_WINDOWS;
  if (!(chunkWindows === Infinity || (Number.isInteger(chunkWindows) && chunkWindows >= 1))) {
    throw new DspParamError(`windows per chunk must be a positive integer, got ${chunkWindows}`);
  }
  const modelHz = contract.fsHz;
  const resample = sourceHz === modelHz ? null : polyphasePlan(...rateRatio(sourceHz, modelHz), nSource);
  const nModel = resample ? resampledLength(nSource, resample.p, resample.q) : nSource;
  const windows = segmentWindows(nModel, modelHz, contract.segmentS, SUPERLET_COLUMNS);
  const marginSamples = contract.bandpassHz ? bandpassMarginSamples(sourceHz, contract.bandpassHz[0], contract.bandpassHz[1]) : 0;
  const chunks: ContractChunk[] = [];
  const single = chunkWindows >= windows.length;
  for (let first = 0; first < windows.length; first += single ? windows.length : chunkWindows) {
    const last = single ? windows.length : Math.min(windows.length, first + chunkWindows);
    const span = windows.slice(first, last);
    const modelStart = Math.min(...span.map((w) => w.startSample));
    const modelEnd = Math.max(...span.map((w) => w.endSample));
    const [inStart, inEnd] = resample ? resampleInputSpan(resample, nSource, modelStart, modelEnd) : [modelStart, modelEnd];
    // The windows' own source spans are read too (their invalid-sample counts and SQIs).
    const spans = span.map((w) => sourceSpan(w, modelHz, sourceHz, nSource));
    const needStart = Math.min(inStart, ...spans.map((s) => s[0]));
    const needEnd = Math.max(inEnd, ...spans.map((s) => s[1]));
    chunks.push({
      index: chunks.length,
      windowStart: first,
      windowEnd: last,
      modelStart,
      modelEnd,
      // A record of one chunk is read whole: then the chunk computation is the whole-record one.
      readStart: single ? 0 : Math.max(0, needStart - marginSamples),
      readEnd: single ? nSource : Math.min(nSource, needEnd + marginSamples),
    });
  }
  return { sourceHz, nSource, modelHz, nModel, windows, chunks, resample, marginSamples };
}

/** Index of the chunk that holds window `windowIndex` (the grid is regular: one division). */
export function chunkOfWindow(plan: ContractPlan, windowIndex: number): number {
  const size = plan.chunks[0].windowEnd - plan.chunks[0].windowStart;
  return Math.min(plan.chunks.length - 1, Math.floor(windowIndex / size));
}
