/**
 * Reads one single-segment WFDB record (header already parsed) into physical per-signal arrays,
 * with checksum and init-value verification.
 */
import { EcgFormatError } from '../../errors';
import { alignFrames, type FrameMode } from './frames';
import type { WfdbHeader, WfdbSignalSpec } from './header';
import { readSignalFile, type AdcSignal } from './signal-file';
import { adcToPhysical } from './units';

/**
 * Most output values (leads × samples) a record may have: 2^28 float64 = 2 GiB. Longer records
 * (or headers claiming absurd lengths) are refused instead of exhausting memory.
 */
export const MAX_OUTPUT_VALUES = 2 ** 28;

/**
 * Throws when `nSignals × nSamples` output values exceed `MAX_OUTPUT_VALUES`.
 *
 * @throws EcgFormatError naming `file`.
 */
export function checkOutputSize(file: string, nSignals: number, nSamples: number): void {
  if (nSignals * nSamples > MAX_OUTPUT_VALUES) {
    throw new EcgFormatError(file, 'wfdb', `record too long to hold in memory: ${nSignals} signals × ${nSamples} samples exceeds ${MAX_OUTPUT_VALUES} values`);
  }
}

/** Reads a file relative to the header's folder; throws when it is missing. */
export type WfdbFileReader = (name: string) => Uint8Array;

/** Checksum / init-value verification of one signal against its header line. */
export interface WfdbChecksumReport {
  /** Segment name (multi-segment records) or record name. */
  segment: string;
  lead: string;
  /** Header checksum modulo 2^16, null when the header has none. */
  expected: number | null;
  /** 16-bit sum of the decoded samples. */
  actual: number;
  /** Header init value, null when absent. */
  expectedInit: number | null;
  /** First decoded sample in ADC units, invalid values kept (NaN when missing). */
  actualInit: number;
  /** Checksum matches (null when the header states none). */
  matches: boolean | null;
  /** False when skew pushed some samples past the stated length (they read as NaN). */
  complete: boolean;
}

/** One decoded segment: physical signals at a common rate. */
export interface DecodedSegment {
  nFrames: number;
  /** Samples per frame of `signals` (fs = frame rate × this). */
  samplesPerFrame: number;
  specs: WfdbSignalSpec[];
  /** Per signal, `nFrames × samplesPerFrame` values: mV where `inMillivolts`, else header units. */
  signals: Float64Array[];
  inMillivolts: boolean[];
  checksums: WfdbChecksumReport[];
}

/**
 * Reads a file through `readFile`, turning any failure into an EcgFormatError naming the file.
 *
 * @throws EcgFormatError('<name>: … missing or unreadable …').
 */
export function readNamedFile(readFile: WfdbFileReader, name: string, referencedBy: string): Uint8Array {
  try {
    return readFile(name);
  } catch (error) {
    if (error instanceof EcgFormatError) {
      throw error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new EcgFormatError(name, 'wfdb', `file named by ${referencedBy} is missing or unreadable (${reason})`);
  }
}

/** Lead name of a signal: its description, else `sig<i>`. */
export function leadName(spec: WfdbSignalSpec, index: number): string {
  return spec.description === '' ? `sig${index}` : spec.description;
}

function isNullSignal(spec: WfdbSignalSpec): boolean {
  return spec.fileName === '~' || spec.format === 0;
}

/**
 * Decodes every signal of a single-segment header.
 *
 * @param header - parsed single-segment header.
 * @param headerFile - its file name (for messages).
 * @param readFile - reader for signal files.
 * @param frameMode - how samples-per-frame > 1 is resolved (see frames.ts).
 * @throws EcgFormatError for missing/truncated signal files or inconsistent headers.
 */
export function decodeSegment(header: WfdbHeader, headerFile: string, readFile: WfdbFileReader, frameMode: FrameMode): DecodedSegment {
  const groups = new Map<string, number[]>();
  header.signals.forEach((spec, i) => {
    if (!isNullSignal(spec)) {
      const list = groups.get(spec.fileName) ?? [];
      list.push(i);
      groups.set(spec.fileName, list);
    }
  });
  const adc: (AdcSignal | null)[] = header.signals.map(() => null);
  let nFrames = header.nFrames;
  for (const [fileName, indices] of groups) {
    const bytes = readNamedFile(readFile, fileName, headerFile);
    const specs = indices.map((i) => header.signals[i]!);
    const result = readSignalFile(bytes, fileName, specs, nFrames);
    nFrames = result.nFrames;
    result.signals.forEach((signal, j) => {
      adc[indices[j]!] = signal;
    });
  }
  const frames = nFrames ?? 0;
  if (frames === 0 && groups.size > 0) {
    throw new EcgFormatError(headerFile, 'wfdb', 'record holds no samples (length 0)');
  }
  const physical: Float64Array[] = [];
  const inMillivolts: boolean[] = [];
  const checksums: WfdbChecksumReport[] = [];
  header.signals.forEach((spec, i) => {
    const signal = adc[i];
    if (signal === null || signal === undefined) {
      physical.push(new Float64Array(frames * spec.samplesPerFrame).fill(Number.NaN));
      inMillivolts.push(true);
      return;
    }
    const converted = adcToPhysical(signal.adc, spec);
    physical.push(converted.values);
    inMillivolts.push(converted.inMillivolts);
    const expected = spec.checksum === null ? null : spec.checksum & 0xffff;
    checksums.push({
      segment: header.recordName,
      lead: leadName(spec, i),
      expected,
      actual: signal.checksum,
      expectedInit: spec.initValue,
      actualInit: signal.firstRaw,
      matches: expected === null ? null : expected === signal.checksum,
      complete: signal.complete,
    });
  });
  const spfs = header.signals.map((s) => s.samplesPerFrame);
  checkOutputSize(headerFile, header.signals.length, frames * (frameMode === 'average' ? 1 : Math.max(1, ...spfs)));
  const aligned = alignFrames(physical, spfs, frames, frameMode);
  return { nFrames: frames, samplesPerFrame: aligned.samplesPerFrame, specs: header.signals, signals: aligned.signals, inMillivolts, checksums };
}
