/**
 * The input contract on one chunk of a record (contract-plan.ts): read the chunk's span of each
 * lead, fill invalid runs (anchored outside the span), band-pass at the source rate, resample the
 * chunk's model-rate samples, and cut, count and z-score its windows. For a record of one chunk this
 * is the whole-record computation, step for step.
 */
import { bandpassZeroPhase } from '../dsp/filter';
import { fillInvalidRuns, isInvalidSample } from '../dsp/gaps';
import { zscore } from '../dsp/normalize';
import { resampleRange } from '../dsp/resample';
import { segmentSqi, type SegmentSqi } from '../metrics/sqi';
import type { SignalSource } from '../types';
import type { ContractChunk, ContractPlan } from './contract-plan';
import { sourceSpan } from './contract-plan';
import { GapAnchorFinder } from './gap-anchors';
import type { InputContract } from './model-spec';
import type { PreparedRecord } from './preprocess';

/** What a chunk needs to know about the record beyond its own span; one per record and pass. */
export interface ChunkContext {
  source: SignalSource;
  plan: ContractPlan;
  contract: InputContract;
  /** Lead indices to process. */
  leads: readonly number[];
  /** Windows to keep (default all): the filters still see the whole span. */
  wanted?: (leadIndex: number, windowIndex: number) => boolean;
  /** Windows with a larger invalid fraction are skipped. */
  maxInvalidFraction: number;
  /** How messages name the record. */
  label: string;
  /** Per-lead anchor finders (filled lazily). */
  finders: Map<number, GapAnchorFinder>;
  /** Leads found to hold no valid sample: reported once, then left out. */
  deadLeads: Set<number>;
}

/** The chunks of a pass that hold at least one wanted window of a processed lead, in time order. */
export function wantedChunks(ctx: ChunkContext): ContractChunk[] {
  const wanted = ctx.wanted;
  if (!wanted) {
    return ctx.plan.chunks;
  }
  return ctx.plan.chunks.filter((chunk) => {
    for (let w = chunk.windowStart; w < chunk.windowEnd; w++) {
      if (ctx.leads.some((lead) => wanted(lead, ctx.plan.windows[w].index))) {
        return true;
      }
    }
    return false;
  });
}

/** Percentage with one decimal, e.g. 0.1234 → '12.3 %'. */
function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)} %`;
}

/** SQIs of source samples [start, end) of a span, or null where the rate or span cannot carry them. */
function windowSqi(filled: Float64Array, start: number, end: number, sourceHz: number): SegmentSqi | null {
  if (sourceHz <= 80 || end - start < 2 * sourceHz) {
    return null;
  }
  return segmentSqi(filled.subarray(start, end), sourceHz);
}

/** Running invalid-sample count of a span: element i counts span[0 .. i). */
function prefixCounts(span: Float64Array): Uint32Array {
  const prefix = new Uint32Array(span.length + 1);
  for (let i = 0; i < span.length; i++) {
    prefix[i + 1] = prefix[i] + (isInvalidSample(span[i]) ? 1 : 0);
  }
  return prefix;
}

/** The chunk's span of one lead, filled; null when the lead has no finite sample anywhere. */
function filledSpan(ctx: ChunkContext, lead: number, chunk: ContractChunk, raw: Float64Array, invalid: number): Float64Array | null {
  if (invalid === 0) {
    return raw;
  }
  let finder = ctx.finders.get(lead);
  if (!finder) {
    finder = new GapAnchorFinder(ctx.source, lead);
    ctx.finders.set(lead, finder);
  }
  const anchors = finder.anchors(chunk.readStart, chunk.readEnd, isInvalidSample(raw[0]), isInvalidSample(raw[raw.length - 1]));
  return fillInvalidRuns(raw, anchors);
}

/** Band-pass at the source rate, then the chunk's model-rate samples. */
function contractSamples(ctx: ChunkContext, chunk: ContractChunk, filled: Float64Array): Float64Array {
  const { contract, plan } = ctx;
  const filtered = contract.bandpassHz ? bandpassZeroPhase(filled, plan.sourceHz, contract.bandpassHz[0], contract.bandpassHz[1]) : filled;
  if (!plan.resample) {
    return filtered.subarray(chunk.modelStart - chunk.readStart, chunk.modelEnd - chunk.readStart);
  }
  return resampleRange(filtered, chunk.readStart, plan.nSource, plan.resample, chunk.modelStart, chunk.modelEnd);
}

/**
 * Runs the contract on one chunk of every lead in `ctx.leads`: the kept windows in `segments`
 * (lead by lead, windows in order), refused leads and windows in `skipped` (see
 * `prepareRecordSegments`). Windows not `wanted` are neither returned nor reported.
 * @throws EcgFormatError when the source cannot be read.
 */
export function prepareChunk(ctx: ChunkContext, chunk: ContractChunk): PreparedRecord {
  const { plan, contract, source } = ctx;
  const out: PreparedRecord = { segments: [], skipped: [] };
  const windows = plan.windows.slice(chunk.windowStart, chunk.windowEnd);
  const leads = ctx.leads.filter((lead) => !ctx.deadLeads.has(lead) && windows.some((w) => ctx.wanted?.(lead, w.index) ?? true));
  if (leads.length === 0) {
    return out;
  }
  const spans = source.read(chunk.readStart, chunk.readEnd, leads);
  leads.forEach((leadIndex, k) => {
    const raw = spans[k];
    const leadName = source.info.leadNames[leadIndex] ?? `lead${leadIndex}`;
    const prefix = prefixCounts(raw);
    const filled = filledSpan(ctx, leadIndex, chunk, raw, prefix[raw.length]);
    if (!filled) {
      ctx.deadLeads.add(leadIndex);
      const reason = `${ctx.label}: lead ${leadName} has no valid samples; not scored`;
      const n = plan.nSource;
      out.skipped.push({ leadIndex, leadName, segmentIndex: null, startS: null, endS: null, invalidSamples: n, invalidFraction: 1, reason });
      return;
    }
    const model = contractSamples(ctx, chunk, filled);
    for (const window of windows) {
      if (ctx.wanted && !ctx.wanted(leadIndex, window.index)) {
        continue;
      }
      const [spanStart, spanEnd] = sourceSpan(window, plan.modelHz, plan.sourceHz, plan.nSource);
      const invalidSamples = prefix[spanEnd - chunk.readStart] - prefix[spanStart - chunk.readStart];
      const invalidFraction = spanEnd > spanStart ? invalidSamples / (spanEnd - spanStart) : 0;
      const where = { leadIndex, leadName, segmentIndex: window.index, startS: window.startSample / plan.modelHz, endS: window.endSample / plan.modelHz };
      if (invalidFraction > ctx.maxInvalidFraction && window.validColumns > 0) {
        const reason =
          `${ctx.label}: lead ${leadName} window ${window.index} (${where.startS}–${where.endS} s) has ` +
          `${percent(invalidFraction)} invalid samples (${invalidSamples} of ${spanEnd - spanStart}), above the ${percent(ctx.maxInvalidFraction)} limit; not scored`;
        out.skipped.push({ ...where, invalidSamples, invalidFraction, reason });
        continue;
      }
      const raw = model.slice(window.startSample - chunk.modelStart, window.endSample - chunk.modelStart);
      const signal = contract.normalization === 'zscore' ? zscore(raw).values : raw;
      const sqi = window.validColumns > 0 ? windowSqi(filled, spanStart - chunk.readStart, spanEnd - chunk.readStart, plan.sourceHz) : null;
      out.segments.push({ ...where, validColumns: window.validColumns, invalidSamples, invalidFraction, sqi, signal });
    }
  });
  return out;
}
