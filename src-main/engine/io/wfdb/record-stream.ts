/**
 * WFDB records as {@link SignalSource}s: the samples of a time range read from the bytes that hold
 * them (signal-file-stream.ts), for single- and multi-segment records, giving exactly what
 * `readWfdbRecord` gives for that range. Header checksums cover whole signals, so they are not
 * verified here (`metadata.streamed` is true); everything else in `metadata` is as the whole reader's.
 */
import { EcgFormatError } from '../../errors';
import type { RecordInfo, SignalSource } from '../../types';
import type { ByteAccess } from '../byte-access';
import { checkRead } from '../signal-source';
import { alignedSamplesPerFrame, alignFrames, type FrameMode } from './frames';
import { decodeHeaderText, parseWfdbHeader, type WfdbHeader, type WfdbSignalSpec } from './header';
import { leadName } from './segment';
import { SignalFileStream } from './signal-file-stream';
import { adcToPhysical, millivoltsPerUnit } from './units';

/** Segment streams kept open at once in a multi-segment record. */
const OPEN_SEGMENTS = 4;

/** Size of a file named by a header, or an EcgFormatError naming it. */
function sizeOf(access: ByteAccess, name: string, referencedBy: string): number {
  try {
    return access.size(name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EcgFormatError(name, 'wfdb', `file named by ${referencedBy} is missing or unreadable (${reason})`);
  }
}

/** Reads and parses a header file through `access`. */
export function readHeader(access: ByteAccess, file: string, referencedBy: string): WfdbHeader {
  const size = sizeOf(access, file, referencedBy);
  return parseWfdbHeader(decodeHeaderText(access.read(file, 0, size)), file);
}

function isNullSignal(spec: WfdbSignalSpec): boolean {
  return spec.fileName === '~' || spec.format === 0;
}

/** One single-segment record (or segment) read by sample ranges at its aligned rate. */
class SegmentStream {
  readonly nFrames: number;
  readonly samplesPerFrame: number;
  readonly inMillivolts: boolean[];
  /** Per signal: its file stream and index within it, or null for a null signal. */
  private readonly where: ({ stream: SignalFileStream; index: number } | null)[];

  constructor(
    access: ByteAccess,
    private readonly header: WfdbHeader,
    headerFile: string,
    private readonly frameMode: FrameMode,
  ) {
    const groups = new Map<string, number[]>();
    header.signals.forEach((spec, i) => {
      if (!isNullSignal(spec)) {
        groups.set(spec.fileName, [...(groups.get(spec.fileName) ?? []), i]);
      }
    });
    this.where = header.signals.map(() => null);
    let nFrames = header.nFrames;
    for (const [fileName, indices] of groups) {
      sizeOf(access, fileName, headerFile);
      const stream = new SignalFileStream(access, fileName, indices.map((i) => header.signals[i]!), nFrames);
      nFrames = stream.nFrames;
      indices.forEach((signal, index) => {
        this.where[signal] = { stream, index };
      });
    }
    this.nFrames = nFrames ?? 0;
    if (this.nFrames === 0 && groups.size > 0) {
      throw new EcgFormatError(headerFile, 'wfdb', 'record holds no samples (length 0)');
    }
    this.samplesPerFrame = alignedSamplesPerFrame(header.signals.map((s) => s.samplesPerFrame), frameMode);
    this.inMillivolts = header.signals.map((s, i) => this.where[i] === null || millivoltsPerUnit(s.units) !== null);
  }

  /** Samples `[s0, s1)` (aligned rate) of the given signals, physical, NaN where invalid. */
  read(s0: number, s1: number, signals: readonly number[]): Float64Array[] {
    const t = this.samplesPerFrame;
    const f0 = Math.floor(s0 / t);
    const f1 = Math.ceil(s1 / t);
    const cache = new Map<SignalFileStream, Float64Array[]>();
    const physical = signals.map((signal) => {
      const spec = this.header.signals[signal]!;
      const at = this.where[signal];
      if (!at) {
        return new Float64Array((f1 - f0) * spec.samplesPerFrame).fill(Number.NaN);
      }
      let adc = cache.get(at.stream);
      if (!adc) {
        adc = at.stream.readFrames(f0, f1);
        cache.set(at.stream, adc);
      }
      return adcToPhysical(adc[at.index]!, spec).values;
    });
    const aligned = alignFrames(physical, signals.map((i) => this.header.signals[i]!.samplesPerFrame), f1 - f0, this.frameMode, t);
    return aligned.signals.map((signal) => signal.subarray(s0 - f0 * t, s1 - f0 * t));
  }
}

/** Options of {@link openWfdbSource}. */
export interface WfdbSourceOptions {
  frameMode?: FrameMode;
}

function baseMetadata(header: WfdbHeader, frameMode: FrameMode): Record<string, unknown> {
  return { comments: header.comments, frameFsHz: header.frameFsHz, baseTime: header.baseTime, baseDate: header.baseDate, frameMode, streamed: true };
}

/** A single-segment record as a source. */
function singleSource(access: ByteAccess, header: WfdbHeader, headerFile: string, frameMode: FrameMode): SignalSource {
  if (header.signals.length === 0) {
    throw new EcgFormatError(headerFile, 'wfdb', 'record has no signals');
  }
  const segment = new SegmentStream(access, header, headerFile, frameMode);
  const info: RecordInfo = {
    source: headerFile,
    name: header.recordName,
    format: 'wfdb',
    fsHz: header.frameFsHz * segment.samplesPerFrame,
    leadNames: header.signals.map(leadName),
    unitsKnown: segment.inMillivolts.every(Boolean),
    sourceUnits: header.signals.map((s) => s.units),
    metadata: { ...baseMetadata(header, frameMode), samplesPerFrame: segment.samplesPerFrame, nFrames: segment.nFrames, signalSpecs: header.signals },
    nSamples: segment.nFrames * segment.samplesPerFrame,
  };
  return {
    info,
    read: (start, end, leads) => segment.read(start, end, checkRead(info, start, end, leads)),
    close: () => access.close(),
  };
}

/** One piece of a multi-segment record: a gap, or a segment with its header. */
type Piece = { first: number; frames: number } & ({ gap: true } | { gap: false; name: string; header: WfdbHeader; file: string });

/** A multi-segment record as a source (see multi-segment.ts for the layout rules). */
function multiSource(access: ByteAccess, master: WfdbHeader, masterFile: string, frameMode: FrameMode): SignalSource {
  const segments = master.segments ?? [];
  const stated = segments.reduce((sum, s) => sum + s.nFrames, 0);
  if (master.nFrames !== null && master.nFrames !== stated) {
    throw new EcgFormatError(masterFile, 'wfdb', `record length ${master.nFrames} differs from the sum of its segment lengths ${stated}`);
  }
  const segmentHeader = (name: string): { header: WfdbHeader; file: string } => {
    const file = `${name}.hea`;
    const header = readHeader(access, file, masterFile);
    if (header.segments !== null) {
      throw new EcgFormatError(file, 'wfdb', 'a segment of a multi-segment record is itself multi-segment');
    }
    return { header, file };
  };
  let layout: WfdbSignalSpec[] | null = null;
  let startAt = 0;
  const firstSegment = segments[0];
  if (firstSegment !== undefined && firstSegment.nFrames === 0 && firstSegment.name !== '~') {
    layout = segmentHeader(firstSegment.name).header.signals;
    startAt = 1;
  }
  const variable = layout !== null;
  const pieces: Piece[] = [];
  let at = 0;
  for (const segment of segments.slice(startAt)) {
    if (segment.name === '~' || segment.nFrames === 0) {
      pieces.push({ first: at, frames: segment.nFrames, gap: true });
    } else {
      const { header, file } = segmentHeader(segment.name);
      if (Math.abs(header.frameFsHz - master.frameFsHz) > 1e-9 * master.frameFsHz) {
        throw new EcgFormatError(file, 'wfdb', `segment sampling frequency ${header.frameFsHz} Hz differs from the record's ${master.frameFsHz} Hz`);
      }
      if (header.nFrames !== null && header.nFrames !== segment.nFrames) {
        throw new EcgFormatError(file, 'wfdb', `segment length ${header.nFrames} differs from ${segment.nFrames} in ${masterFile}`);
      }
      layout ??= header.signals;
      pieces.push({ first: at, frames: segment.nFrames, gap: false, name: segment.name, header: { ...header, nFrames: segment.nFrames }, file });
    }
    at += segment.nFrames;
  }
  const specs = layout ?? [];
  const leadNames = specs.map(leadName);
  const stored = pieces.filter((p): p is Extract<Piece, { gap: false }> => !p.gap);
  const spfs = stored.map((p) => alignedSamplesPerFrame(p.header.signals.map((s) => s.samplesPerFrame), frameMode));
  const samplesPerFrame = spfs[0] ?? 1;
  if (spfs.some((k) => k !== samplesPerFrame)) {
    throw new EcgFormatError(masterFile, 'wfdb', 'segments have different samples per frame; cannot concatenate them at one rate');
  }
  // Which signal of each segment is each output lead (by name with a layout, else by position).
  const columns = stored.map((p) => {
    if (!variable && (p.header.signals.length !== specs.length || p.header.signals.some((s, c) => leadName(s, c) !== leadNames[c]))) {
      throw new EcgFormatError(masterFile, 'wfdb', `fixed-layout segment ${p.name} has different signals from the first segment`);
    }
    return leadNames.map((name, c) => (variable ? p.header.signals.findIndex((s, i) => leadName(s, i) === name) : c));
  });
  const inMillivolts = specs.map((s, c) =>
    stored.every((p, k) => {
      const index = columns[k]![c]!;
      const spec = index < 0 ? null : p.header.signals[index]!;
      return spec === null || isNullSignal(spec) || millivoltsPerUnit(spec.units) !== null;
    }) && millivoltsPerUnit(s.units) !== null,
  );
  const info: RecordInfo = {
    source: masterFile,
    name: master.recordName,
    format: 'wfdb',
    fsHz: master.frameFsHz * samplesPerFrame,
    leadNames,
    unitsKnown: inMillivolts.every(Boolean),
    sourceUnits: specs.map((s) => s.units),
    metadata: { ...baseMetadata(master, frameMode), samplesPerFrame, nFrames: stated, segments: segments.map((s) => s.name), signalSpecs: specs },
    nSamples: stated * samplesPerFrame,
  };
  const open = new Map<string, SegmentStream>();
  const streamOf = (piece: Extract<Piece, { gap: false }>): SegmentStream => {
    let stream = open.get(piece.name);
    if (!stream) {
      stream = new SegmentStream(access, piece.header, piece.file, frameMode);
      open.set(piece.name, stream);
      if (open.size > OPEN_SEGMENTS) {
        open.delete(open.keys().next().value as string);
      }
    }
    return stream;
  };
  return {
    info,
    read(start, end, leads) {
      const wanted = checkRead(info, start, end, leads);
      const out = wanted.map(() => new Float64Array(end - start).fill(Number.NaN));
      for (const piece of pieces) {
        const a = Math.max(start, piece.first * samplesPerFrame);
        const b = Math.min(end, (piece.first + piece.frames) * samplesPerFrame);
        if (piece.gap || b <= a) {
          continue;
        }
        const k = stored.indexOf(piece);
        const local = wanted.map((c) => columns[k]![c]!);
        const present = local.filter((i) => i >= 0);
        const offset = piece.first * samplesPerFrame;
        const parts = streamOf(piece).read(a - offset, b - offset, present);
        local.forEach((index, j) => {
          if (index >= 0) {
            out[j]!.set(parts[present.indexOf(index)]!, a - start);
          }
        });
      }
      return out;
    },
    close: () => access.close(),
  };
}

/**
 * Opens a WFDB record for range reads.
 *
 * @param headerName - header file name relative to `access`'s folder, with or without `.hea`.
 * @throws EcgFormatError as `readWfdbRecord` for the header and the signal files' layout (missing
 *   files, lengths, formats); problems inside the samples surface when that range is read.
 */
export function openWfdbSource(headerName: string, access: ByteAccess, options: WfdbSourceOptions = {}): SignalSource {
  const frameMode = options.frameMode ?? 'upsample';
  const headerFile = headerName.toLowerCase().endsWith('.hea') ? headerName : `${headerName}.hea`;
  const header = readHeader(access, headerFile, 'the caller');
  return header.segments !== null ? multiSource(access, header, headerFile, frameMode) : singleSource(access, header, headerFile, frameMode);
}
