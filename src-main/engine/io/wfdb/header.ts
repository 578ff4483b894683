/**
 * WFDB header (`.hea`) parser: record line, signal lines, segment lines of multi-segment records
 * and `#` comments. Grammar from https://physionet.org/physiotools/wag/header-5.htm.
 */
import { EcgFormatError } from '../../errors';

/** WFDB default ADC gain when a header says 0 or omits it (adu per physical unit). */
export const WFDB_DEFAULT_GAIN = 200;
/** WFDB default units when a signal line has none. */
export const WFDB_DEFAULT_UNITS = 'mV';
/** Default ADC resolution in bits per format when the header omits it (header(5)). */
const DEFAULT_ADC_RES: Record<number, number> = { 8: 8, 80: 8, 160: 16, 16: 16, 61: 16, 212: 12, 310: 10, 311: 10, 24: 24, 32: 32 };

/** One signal line of a single-segment header. */
export interface WfdbSignalSpec {
  /** Signal file name relative to the header's folder ('~' for a layout header's placeholder). */
  fileName: string;
  /** Storage format code (16, 212, 80, 24, 32, 61, 160, 8, 310, 311, 508, 516, 524). */
  format: number;
  /** Samples of this signal per frame (the `x` part of `16x4`), 1 when absent. */
  samplesPerFrame: number;
  /** Skew in frames (the `:` part), 0 when absent. */
  skew: number;
  /** Byte offset of the first sample in the file (the `+` part), 0 when absent. */
  byteOffset: number;
  /** ADC gain in adu per physical unit; `WFDB_DEFAULT_GAIN` when the header says 0 or nothing. */
  gain: number;
  /** True when the header gave 0 or no gain and the default was applied. */
  gainDefaulted: boolean;
  /** ADC value of 0 physical units. */
  baseline: number;
  /** Physical units as written ('mV' when the header gave none). */
  units: string;
  /** True when the header gave no units. */
  unitsDefaulted: boolean;
  /** ADC resolution in bits. */
  adcResolution: number;
  adcZero: number;
  /** Value of the first sample, when stated. */
  initValue: number | null;
  /** 16-bit checksum of all samples, when stated. */
  checksum: number | null;
  blockSize: number;
  /** Lead name / description ('' when absent). */
  description: string;
}

/** One segment of a multi-segment header. `name` is '~' for a gap. */
export interface WfdbSegmentSpec {
  name: string;
  /** Frames in the segment (0 for a layout segment). */
  nFrames: number;
}

/** A parsed header. `segments` is non-null only for multi-segment records. */
export interface WfdbHeader {
  recordName: string;
  nSignals: number;
  /** Frame rate in Hz. */
  frameFsHz: number;
  counterFreqHz: number | null;
  /** Frames in the record (per signal samples / samplesPerFrame), null when the header omits it. */
  nFrames: number | null;
  baseTime: string | null;
  baseDate: string | null;
  /** Signal lines (empty for multi-segment headers). */
  signals: WfdbSignalSpec[];
  /** Segment lines of a multi-segment header, else null. */
  segments: WfdbSegmentSpec[] | null;
  /** `#` comment lines without the leading `#` and one following space. */
  comments: string[];
}

// Record line:  RECORD[/NSEG] NSIG [FS[/COUNTERFREQ[(BASECOUNTER)]] [NFRAMES [BASETIME [BASEDATE]]]]
const RECORD_LINE =
  /^(?<name>[^\s/]+)(?:\/(?<nseg>\S+))?\s+(?<nsig>\S+)(?:\s+(?<fs>[^\s/]+)(?:\/(?<counter>[^\s(]+)(?:\((?<basecounter>[^)]*)\))?)?(?:\s+(?<nframes>\S+)(?:\s+(?<time>\S+)(?:\s+(?<date>\S+))?)?)?)?\s*$/;

// Signal line:  FILE FORMAT[xSPF][:SKEW][+OFFSET] [GAIN[(BASELINE)][/UNITS] [ADCRES [ADCZERO [INIT [CHECKSUM [BLOCKSIZE [DESCRIPTION]]]]]]]
const SIGNAL_LINE =
  /^(?<file>\S+)\s+(?<fmt>\d+)(?:x(?<spf>\d+))?(?::(?<skew>\d+))?(?:\+(?<offset>\d+))?(?:\s+(?<gain>[^\s(/]+)(?:\((?<baseline>[^)\s]*)\))?(?:\/(?<units>\S*))?(?:\s+(?<adcres>-?\d+)(?:\s+(?<adczero>-?\d+)(?:\s+(?<init>-?\d+)(?:\s+(?<checksum>-?\d+)(?:\s+(?<block>\d+)(?:\s+(?<desc>.*))?)?)?)?)?)?)?\s*$/;

// Segment line (multi-segment headers):  SEGMENT_NAME NFRAMES
const SEGMENT_LINE = /^(?<name>\S+)\s+(?<nframes>\d+)\s*$/;

/** Formats this reader can decode (see formats.ts and flac.ts); 0 is a null signal (no samples stored). */
export const SUPPORTED_FORMATS: ReadonlySet<number> = new Set([0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524]);

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('latin1');

/**
 * Decodes header bytes: UTF-8 when valid (so 'µV' written as UTF-8 survives), else latin1 (older
 * headers write 'µ' as the single byte 0xB5).
 */
export function decodeHeaderText(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return LATIN1.decode(bytes);
  }
}

function fail(file: string, problem: string): never {
  throw new EcgFormatError(file, 'wfdb', problem);
}

function parseNumberField(file: string, what: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    fail(file, `${what} '${text}' is not a valid ${integer ? 'integer' : 'number'}`);
  }
  return value;
}

/** Parses the record line; checks sampling rate, signal and frame counts. */
function parseRecordLine(file: string, line: string): Omit<WfdbHeader, 'signals' | 'segments' | 'comments'> & { nSegments: number | null } {
  const m = RECORD_LINE.exec(line);
  if (m === null || m.groups === undefined) {
    fail(file, `garbled record line '${line.slice(0, 80)}' (expected 'NAME NSIG [FS [NSAMP]]')`);
  }
  const g = m.groups;
  const nSignals = parseNumberField(file, 'signal count', g.nsig ?? '', true);
  if (nSignals < 0) {
    fail(file, `negative signal count ${nSignals}`);
  }
  const nSegments = g.nseg === undefined ? null : parseNumberField(file, 'segment count', g.nseg, true);
  if (nSegments !== null && nSegments < 1) {
    fail(file, `segment count ${nSegments} must be at least 1`);
  }
  // header(5): the sampling frequency defaults to 250 Hz when absent.
  const frameFsHz = g.fs === undefined ? 250 : parseNumberField(file, 'sampling frequency', g.fs, false);
  if (!(frameFsHz > 0)) {
    fail(file, `sampling frequency ${g.fs} Hz is not positive`);
  }
  if (frameFsHz > 1e6) {
    fail(file, `sampling frequency ${g.fs} Hz is absurd (above 1 MHz)`);
  }
  const nFrames = g.nframes === undefined ? null : parseNumberField(file, 'sample count', g.nframes, true);
  if (nFrames !== null && nFrames < 0) {
    fail(file, `negative sample count ${nFrames}`);
  }
  return {
    recordName: g.name ?? '',
    nSignals,
    nSegments,
    frameFsHz,
    counterFreqHz: g.counter === undefined ? null : parseNumberField(file, 'counter frequency', g.counter, false),
    nFrames,
    baseTime: g.time ?? null,
    baseDate: g.date ?? null,
  };
}

/** Parses one signal line. */
export function parseSignalLine(file: string, line: string): WfdbSignalSpec {
  const m = SIGNAL_LINE.exec(line);
  if (m === null || m.groups === undefined) {
    fail(file, `garbled signal line '${line.slice(0, 80)}' (expected 'FILE FORMAT [GAIN[(BASELINE)][/UNITS] …]')`);
  }
  const g = m.groups;
  const format = Number(g.fmt);
  if (!SUPPORTED_FORMATS.has(format)) {
    fail(file, `unknown or unsupported WFDB format code ${g.fmt} in signal line '${line.slice(0, 60)}'`);
  }
  const samplesPerFrame = g.spf === undefined ? 1 : Number(g.spf);
  if (samplesPerFrame < 1) {
    fail(file, `samples per frame ${g.spf} must be at least 1`);
  }
  const rawGain = g.gain === undefined ? 0 : parseNumberField(file, 'ADC gain', g.gain, false);
  const adcZero = g.adczero === undefined ? 0 : Number(g.adczero);
  const unitsText = g.units === undefined || g.units === '' ? null : g.units;
  return {
    fileName: g.file ?? '',
    format,
    samplesPerFrame,
    skew: g.skew === undefined ? 0 : Number(g.skew),
    byteOffset: g.offset === undefined ? 0 : Number(g.offset),
    gain: rawGain === 0 ? WFDB_DEFAULT_GAIN : rawGain,
    gainDefaulted: rawGain === 0,
    // header(5): the baseline defaults to the ADC zero.
    baseline: g.baseline === undefined ? adcZero : parseNumberField(file, 'baseline', g.baseline, true),
    units: unitsText ?? WFDB_DEFAULT_UNITS,
    unitsDefaulted: unitsText === null,
    adcResolution: g.adcres === undefined || Number(g.adcres) === 0 ? (DEFAULT_ADC_RES[format] ?? 12) : Number(g.adcres),
    adcZero,
    initValue: g.init === undefined ? null : Number(g.init),
    checksum: g.checksum === undefined ? null : Number(g.checksum),
    blockSize: g.block === undefined ? 0 : Number(g.block),
    description: (g.desc ?? '').trim(),
  };
}

/**
 * Parses a WFDB header.
 *
 * @param text - header text (see `decodeHeaderText`).
 * @param file - file name used in error messages.
 * @returns the record line, signal lines or segment lines, and comments.
 * @throws EcgFormatError for a garbled record/signal line, an unknown format code, a non-positive
 *   or absurd (> 1 MHz) sampling rate, a negative sample count, or fewer signal lines than stated.
 */
export function parseWfdbHeader(text: string, file: string): WfdbHeader {
  const comments: string[] = [];
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) {
      comments.push(trimmed.replace(/^#\s?/, ''));
    } else if (trimmed !== '') {
      // A `#` after content starts a comment only at the start of a line in WFDB; keep the line whole.
      lines.push(trimmed);
    }
  }
  const first = lines[0];
  if (first === undefined) {
    fail(file, 'header has no record line (empty or comments only)');
  }
  const record = parseRecordLine(file, first);
  const { nSegments, ...recordFields } = record;
  if (nSegments !== null) {
    const segmentLines = lines.slice(1);
    if (segmentLines.length < nSegments) {
      fail(file, `header states ${nSegments} segments but lists ${segmentLines.length}`);
    }
    const segments = segmentLines.slice(0, nSegments).map((line) => {
      const m = SEGMENT_LINE.exec(line);
      if (m === null || m.groups === undefined) {
        fail(file, `garbled segment line '${line.slice(0, 80)}' (expected 'SEGMENT NSAMP')`);
      }
      return { name: m.groups.name ?? '', nFrames: Number(m.groups.nframes) };
    });
    return { ...recordFields, signals: [], segments, comments };
  }
  const signalLines = lines.slice(1);
  if (signalLines.length < record.nSignals) {
    fail(file, `header states ${record.nSignals} signals but has ${signalLines.length} signal lines`);
  }
  const signals = signalLines.slice(0, record.nSignals).map((line) => parseSignalLine(file, line));
  return { ...recordFields, signals, segments: null, comments };
}
