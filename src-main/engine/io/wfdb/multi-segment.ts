/**
 * Multi-segment WFDB records (header(5) "multi-segment records"): segments are concatenated in
 * order; `~` segments are gaps (NaN). With a layout segment (first segment of length 0) the output
 * leads are the layout's signals, matched to each segment's signals by name, and a segment that
 * lacks a lead contributes NaN for it (signals not in the layout are dropped). Without one (fixed
 * layout) every segment must have the first segment's signals, matched by position.
 */
import { EcgFormatError } from '../../errors';
import type { FrameMode } from './frames';
import { decodeHeaderText, parseWfdbHeader, type WfdbHeader, type WfdbSignalSpec } from './header';
import { checkOutputSize, decodeSegment, leadName, readNamedFile, type DecodedSegment, type WfdbChecksumReport, type WfdbFileReader } from './segment';
import { millivoltsPerUnit } from './units';


/** The concatenated signals of a multi-segment record. */
export interface MultiSegmentResult {
  leadNames: string[];
  sourceUnits: string[];
  inMillivolts: boolean[];
  signals: Float64Array[];
  samplesPerFrame: number;
  nFrames: number;
  checksums: WfdbChecksumReport[];
  layoutSpecs: WfdbSignalSpec[];
  segmentNames: string[];
}

/** Reads and parses a segment's header (`<name>.hea`). */
function readSegmentHeader(readFile: WfdbFileReader, name: string, masterFile: string): { header: WfdbHeader; file: string } {
  const file = `${name}.hea`;
  const header = parseWfdbHeader(decodeHeaderText(readNamedFile(readFile, file, masterFile)), file);
  if (header.segments !== null) {
    throw new EcgFormatError(file, 'wfdb', 'a segment of a multi-segment record is itself multi-segment');
  }
  return { header, file };
}

/**
 * Decodes a multi-segment record.
 *
 * @param master - the parsed master header (with `segments`).
 * @param masterFile - its file name.
 * @throws EcgFormatError for missing segment files, frame-rate mismatches between segments or a
 *   master length that disagrees with the segments.
 */
export function readMultiSegment(master: WfdbHeader, masterFile: string, readFile: WfdbFileReader, frameMode: FrameMode): MultiSegmentResult {
  const segments = master.segments ?? [];
  const stated = segments.reduce((sum, s) => sum + s.nFrames, 0);
  if (master.nFrames !== null && master.nFrames !== stated) {
    throw new EcgFormatError(masterFile, 'wfdb', `record length ${master.nFrames} differs from the sum of its segment lengths ${stated}`);
  }
  checkOutputSize(masterFile, master.nSignals, stated);
  let layout: WfdbSignalSpec[] | null = null;
  let start = 0;
  const firstSegment = segments[0];
  if (firstSegment !== undefined && firstSegment.nFrames === 0 && firstSegment.name !== '~') {
    layout = readSegmentHeader(readFile, firstSegment.name, masterFile).header.signals;
    start = 1;
  }
  const variable = layout !== null;
  const pieces: ({ gap: number } | { name: string; decoded: DecodedSegment })[] = [];
  for (const segment of segments.slice(start)) {
    if (segment.name === '~' || segment.nFrames === 0) {
      pieces.push({ gap: segment.nFrames });
      continue;
    }
    const { header, file } = readSegmentHeader(readFile, segment.name, masterFile);
    if (Math.abs(header.frameFsHz - master.frameFsHz) > 1e-9 * master.frameFsHz) {
      throw new EcgFormatError(file, 'wfdb', `segment sampling frequency ${header.frameFsHz} Hz differs from the record's ${master.frameFsHz} Hz`);
    }
    if (header.nFrames !== null && header.nFrames !== segment.nFrames) {
      throw new EcgFormatError(file, 'wfdb', `segment length ${header.nFrames} differs from ${segment.nFrames} in ${masterFile}`);
    }
    const decoded = decodeSegment({ ...header, nFrames: segment.nFrames }, file, readFile, frameMode);
    layout ??= header.signals;
    pieces.push({ name: segment.name, decoded });
  }
  const specs = layout ?? [];
  const decodedPieces = pieces.flatMap((p) => ('decoded' in p ? [p.decoded] : []));
  const samplesPerFrame = decodedPieces[0]?.samplesPerFrame ?? 1;
  if (decodedPieces.some((d) => d.samplesPerFrame !== samplesPerFrame)) {
    throw new EcgFormatError(masterFile, 'wfdb', 'segments have different samples per frame; cannot concatenate them at one rate');
  }
  const leadNames = specs.map(leadName);
  const total = stated * samplesPerFrame;
  checkOutputSize(masterFile, specs.length, total);
  const signals = specs.map(() => new Float64Array(total).fill(Number.NaN));
  const inMillivolts = specs.map((s) => millivoltsPerUnit(s.units) !== null);
  const checksums: WfdbChecksumReport[] = [];
  let at = 0;
  for (const piece of pieces) {
    if ('gap' in piece) {
      at += piece.gap * samplesPerFrame;
      continue;
    }
    const d = piece.decoded;
    checksums.push(...d.checksums);
    specs.forEach((layoutSpec, c) => {
      const index = variable ? d.specs.findIndex((s, i) => leadName(s, i) === leadNames[c]) : c;
      const source = d.signals[index];
      if (!variable && (d.specs.length !== specs.length || leadName(d.specs[c]!, c) !== leadNames[c])) {
        throw new EcgFormatError(masterFile, 'wfdb', `fixed-layout segment ${piece.name} has different signals from the first segment`);
      }
      if (source !== undefined) {
        signals[c]!.set(source, at);
        inMillivolts[c] = inMillivolts[c]! && d.inMillivolts[index]! && millivoltsPerUnit(layoutSpec.units) !== null;
      }
    });
    at += d.nFrames * samplesPerFrame;
  }
  return {
    leadNames,
    sourceUnits: specs.map((s) => s.units),
    inMillivolts,
    signals,
    samplesPerFrame,
    nFrames: stated,
    checksums,
    layoutSpecs: specs,
    segmentNames: segments.map((s) => s.name),
  };
}
