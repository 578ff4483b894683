/**
 * Public entry of the WFDB reader: header + signal files (+ segments) → EcgRecord in millivolts.
 */
import { EcgFormatError } from '../../errors';
import type { EcgRecord } from '../../types';
import type { FrameMode } from './frames';
import { decodeHeaderText, parseWfdbHeader } from './header';
import { readMultiSegment } from './multi-segment';
import { decodeSegment, leadName, readNamedFile, type WfdbChecksumReport, type WfdbFileReader } from './segment';


/** Options of `readWfdbRecord`. */
export interface ReadWfdbOptions {
  /** How samples-per-frame > 1 is resolved (default 'upsample'; see frames.ts). */
  frameMode?: FrameMode;
}

function summariseChecksums(reports: WfdbChecksumReport[]): boolean | null {
  const stated = reports.filter((r) => r.matches !== null);
  return stated.length === 0 ? null : stated.every((r) => r.matches === true);
}

/**
 * Reads a WFDB record (single- or multi-segment; formats 8, 16, 24, 32, 61, 80, 160, 212, 310,
 * 311, FLAC 508/516/524, MATLAB v4 `.mat`).
 *
 * Samples the format marks invalid (e.g. −32768 in format 16, −2048 in 212) become NaN, as do
 * samples that skew pushes past the record's end and leads a multi-segment segment lacks.
 * Voltage units (V, mV, µV, nV) become millivolts; other signals (mmHg, NU…) keep their units and
 * make `unitsKnown` false. Signals with several samples per frame: see `ReadWfdbOptions.frameMode`.
 *
 * `metadata` holds `comments` (header `#` lines), `checksums` (per lead: header vs decoded 16-bit
 * sum and init value), `checksumMatches` (true/false, null when the header states none),
 * `frameFsHz`, `samplesPerFrame`, `baseTime`, `baseDate`, `signalSpecs` and, for multi-segment
 * records, `segments`.
 *
 * @param headerName - header file name relative to its folder, with or without `.hea`.
 * @param readFile - returns the bytes of a file named relative to the header's folder; may throw.
 * @throws EcgFormatError naming the offending file and the problem (missing signal file, truncated
 *   data, header lying about the length, unknown format, bad sampling rate, bad gain, NaN in a MAT…).
 */
export function readWfdbRecord(headerName: string, readFile: WfdbFileReader, options: ReadWfdbOptions = {}): EcgRecord {
  const frameMode = options.frameMode ?? 'upsample';
  const headerFile = headerName.toLowerCase().endsWith('.hea') ? headerName : `${headerName}.hea`;
  const header = parseWfdbHeader(decodeHeaderText(readNamedFile(readFile, headerFile, 'the caller')), headerFile);
  const common = {
    comments: header.comments,
    frameFsHz: header.frameFsHz,
    baseTime: header.baseTime,
    baseDate: header.baseDate,
    frameMode,
  };
  if (header.segments !== null) {
    const multi = readMultiSegment(header, headerFile, readFile, frameMode);
    return {
      source: headerFile,
      name: header.recordName,
      format: 'wfdb',
      fsHz: header.frameFsHz * multi.samplesPerFrame,
      leadNames: multi.leadNames,
      signals: multi.signals,
      unitsKnown: multi.inMillivolts.every(Boolean),
      sourceUnits: multi.sourceUnits,
      metadata: {
        ...common,
        samplesPerFrame: multi.samplesPerFrame,
        nFrames: multi.nFrames,
        segments: multi.segmentNames,
        signalSpecs: multi.layoutSpecs,
        checksums: multi.checksums,
        checksumMatches: summariseChecksums(multi.checksums),
      },
    };
  }
  if (header.signals.length === 0) {
    throw new EcgFormatError(headerFile, 'wfdb', 'record has no signals');
  }
  const decoded = decodeSegment(header, headerFile, readFile, frameMode);
  return {
    source: headerFile,
    name: header.recordName,
    format: 'wfdb',
    fsHz: header.frameFsHz * decoded.samplesPerFrame,
    leadNames: header.signals.map(leadName),
    signals: decoded.signals,
    unitsKnown: decoded.inMillivolts.every(Boolean),
    sourceUnits: header.signals.map((s) => s.units),
    metadata: {
      ...common,
      samplesPerFrame: decoded.samplesPerFrame,
      nFrames: decoded.nFrames,
      signalSpecs: header.signals,
      checksums: decoded.checksums,
      checksumMatches: summariseChecksums(decoded.checksums),
    },
  };
}

/**
 * Cheap test whether bytes look like a WFDB header (a record line `NAME[/NSEG] NSIG …` as the
 * first non-comment line, then nothing binary).
 *
 * @param bytes - the start of the file (a few hundred bytes suffice).
 * @param fileName - used for the `.hea` extension check.
 */
export function sniffWfdb(bytes: Uint8Array, fileName: string): boolean {
  if (!fileName.toLowerCase().endsWith('.hea')) {
    return false;
  }
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (text.includes('\u0000')) {
    return false;
  }
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return first !== undefined && /^\S+(?:\/\d+)?\s+\d+(?:\s|$)/.test(first.trim());
}
