/**
 * Applies a model's input contract to a record before the superlet: band-pass at the record's
 * own rate, resample to the model's rate, cut into 10-s windows and z-score each window (or keep
 * millivolts). Then turns each window into the 32 × 256 uint8 scalogram image the model reads.
 *
 * Order and why: PTB-XL's training data was band-passed at 500 Hz, z-scored per 10-s record and
 * resampled to 100 Hz; band-passing before resampling keeps the filter's band valid (high edge
 * below Nyquist of the source rate), and z-scoring per window makes a 30-min record look like a
 * series of 10-s training records.
 */
import { DspParamError } from '../errors';
import { bandpassZeroPhase } from '../dsp/filter';
import { zscore } from '../dsp/normalize';
import { resampleToRate } from '../dsp/resample';
import { DEFAULT_COLUMNS, segmentWindows, sliceWindow } from '../dsp/segment';
import type { EcgRecord } from '../types';
import type { InputContract } from './model-spec';
import type { SuperletPool } from '../workers/superlet-pool';
import { scalogramImages } from './superlet-images';

/** Options of {@link prepareSegments} / {@link recordToImages}. */
export interface RecordImageOptions {
  /** Sampling rate to assume when the file has none (NPY, CSV without time column), Hz. */
  fsHz?: number;
  /** Only these lead indices (default: all). */
  leads?: number[];
  /** Only these window indices (default: all); the filters still see the whole lead. */
  segments?: number[];
  /** Superlet worker pool (default: the shared pool of all cores). */
  pool?: SuperletPool;
}

/** One lead-window after the input contract, at the model's rate. */
export interface PreparedSegment {
  leadIndex: number;
  leadName: string;
  segmentIndex: number;
  /** Window start/end in seconds from the record start. */
  startS: number;
  endS: number;
  validColumns: number;
  /** Samples at the model's rate (contract.fsHz): z-scored, or mV when the contract says 'mv'. */
  signal: Float64Array;
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

/**
 * Runs the input contract on every selected lead and cuts the windows.
 * @throws DspParamError when the record has no rate, is shorter than one window, needs units it
 *   does not state ('mv' contract on unknown units), or a rate is not an integer.
 */
export function prepareSegments(record: EcgRecord, contract: InputContract, opts: RecordImageOptions = {}): PreparedSegment[] {
  const sourceHz = recordRate(record, opts);
  if (contract.normalization === 'mv' && !record.unitsKnown) {
    throw new DspParamError(`${record.source}: the model needs millivolts but the file does not state its units`);
  }
  const out: PreparedSegment[] = [];
  for (const leadIndex of selectLeads(record, opts)) {
    let lead: ArrayLike<number> = record.signals[leadIndex];
    if (contract.bandpassHz) {
      lead = bandpassZeroPhase(lead, sourceHz, contract.bandpassHz[0], contract.bandpassHz[1]);
    }
    if (sourceHz !== contract.fsHz) {
      lead = resampleToRate(lead, sourceHz, contract.fsHz);
    }
    const windows = segmentWindows(lead.length, contract.fsHz, contract.segmentS, DEFAULT_COLUMNS);
    for (const window of windows) {
      if (opts.segments && !opts.segments.includes(window.index)) {
        continue;
      }
      const raw = sliceWindow(lead, window);
      out.push({
        leadIndex,
        leadName: record.leadNames[leadIndex] ?? `lead${leadIndex}`,
        segmentIndex: window.index,
        startS: window.startSample / contract.fsHz,
        endS: window.endSample / contract.fsHz,
        validColumns: window.validColumns,
        signal: contract.normalization === 'zscore' ? zscore(raw).values : raw,
      });
    }
  }
  return out;
}

/**
 * Input contract + superlet: the scalogram image of every lead × window of `record`.
 * @throws as {@link prepareSegments}.
 */
export async function recordToImages(record: EcgRecord, contract: InputContract, opts: RecordImageOptions = {}): Promise<SegmentImage[]> {
  const segments = prepareSegments(record, contract, opts);
  const images = await scalogramImages(segments.map((s) => s.signal), contract.fsHz, opts.pool);
  return segments.map(({ signal: _signal, ...rest }, i) => ({ ...rest, image: images[i] }));
}
