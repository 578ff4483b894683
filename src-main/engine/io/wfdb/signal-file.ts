/**
 * Reads the ADC samples of the signals stored in one WFDB signal file (binary `.dat`, FLAC or
 * MATLAB v4 `.mat`): byte offset, frame interleaving with samples-per-frame, skew, format-8
 * differences and invalid-sample values.
 */
import { EcgFormatError } from '../../errors';
import { decodableSamples, decodeSamples, FLAC_FORMATS, INVALID_SAMPLE, isDifferenceFormat } from './formats';
import { decodeFlacChannels } from './flac';
import type { WfdbSignalSpec } from './header';
import { parseMat4Header, readMat4Values } from './mat';

/** ADC samples of one signal at its own rate (frames × samplesPerFrame); NaN marks invalid samples. */
export interface AdcSignal {
  spec: WfdbSignalSpec;
  /** ADC units; NaN where the file holds the format's invalid value or skew runs past the end. */
  adc: Float64Array;
  /** Wrapping 16-bit sum of every stored sample (invalid values included), as in WFDB checksums. */
  checksum: number;
  /** True when all `nFrames` samples were stored (false when skew ran past the file's end). */
  complete: boolean;
  /** First stored sample as in the file (invalid values kept), NaN when none; for init-value checks. */
  firstRaw: number;
}

/** Byte width of one stored sample, for matching MAT element types to format codes. */
const MAT_ELEMENT_BYTES_BY_FORMAT: Readonly<Record<number, number>> = { 8: 1, 80: 1, 16: 2, 61: 2, 160: 2, 24: 4, 32: 4 };

interface FlatSamples {
  values: ArrayLike<number>;
  /** Frames fully available in the file. */
  framesAvailable: number;
}

function flatFromMat(bytes: Uint8Array, file: string, format: number, spec: WfdbSignalSpec, samplesPerFrameTotal: number): FlatSamples {
  const header = parseMat4Header(bytes, file);
  if (header.rows !== samplesPerFrameTotal) {
    throw new EcgFormatError(
      file,
      'wfdb',
      `MAT matrix is ${header.rows}×${header.cols} but the header needs ${samplesPerFrameTotal} rows (one per signal sample in a frame)`,
    );
  }
  if (spec.byteOffset !== 0 && spec.byteOffset !== header.dataOffset) {
    throw new EcgFormatError(file, 'wfdb', `header byte offset ${spec.byteOffset} disagrees with the MAT data offset ${header.dataOffset}`);
  }
  if (header.elementType === 'float64' || header.elementType === 'float32') {
    return { values: readMat4Values(bytes, header, file), framesAvailable: header.cols };
  }
  const width = MAT_ELEMENT_BYTES_BY_FORMAT[format];
  if (width !== header.bytesPerElement || (format === 16 && header.elementType !== 'int16')) {
    throw new EcgFormatError(file, 'wfdb', `MAT matrix holds ${header.elementType} but the header says format ${format}`);
  }
  const n = header.rows * header.cols;
  const values = decodeSamples(format, bytes.subarray(header.dataOffset), Math.min(n, decodableSamples(format, bytes.length - header.dataOffset)));
  return { values, framesAvailable: header.cols };
}

function flatFromBytes(bytes: Uint8Array, file: string, format: number, byteOffset: number, samplesPerFrameTotal: number, framesWanted: number | null): FlatSamples {
  if (byteOffset > bytes.length) {
    throw new EcgFormatError(file, 'wfdb', `byte offset ${byteOffset} is beyond the end of the ${bytes.length}-byte file`);
  }
  const body = bytes.subarray(byteOffset);
  const available = decodableSamples(format, body.length);
  const framesAvailable = Math.floor(available / samplesPerFrameTotal);
  const frames = framesWanted === null ? framesAvailable : Math.min(framesWanted, framesAvailable);
  return { values: decodeSamples(format, body, frames * samplesPerFrameTotal), framesAvailable };
}

/** Fast path for the common case (one sample per frame, no skew, all frames stored). */
function extractPlain(values: ArrayLike<number>, stride: number, column: number, frames: number, invalid: number | undefined, spec: WfdbSignalSpec): AdcSignal {
  const adc = new Float64Array(frames);
  let checksum = 0;
  for (let f = 0, i = column; f < frames; f++, i += stride) {
    const v = values[i]!;
    checksum = (checksum + v) & 0xffff;
    adc[f] = v === invalid ? Number.NaN : v;
  }
  return { spec, adc, checksum, complete: true, firstRaw: frames > 0 ? values[column]! : Number.NaN };
}

/**
 * Decodes the signals that share one signal file.
 *
 * @param bytes - the whole file.
 * @param file - its name (for errors).
 * @param specs - the header's signal lines for this file, in header order (same format).
 * @param nFrames - frames the header states, or null to take all whole frames in the file.
 * @returns one AdcSignal per spec, each `frames × samplesPerFrame` long.
 * @throws EcgFormatError when the file holds fewer frames than the header states (truncated or the
 *   header lies about the length), when formats differ within the file, or for MAT inconsistencies.
 */
export function readSignalFile(bytes: Uint8Array, file: string, specs: WfdbSignalSpec[], nFrames: number | null): { signals: AdcSignal[]; nFrames: number } {
  const first = specs[0];
  if (first === undefined) {
    return { signals: [], nFrames: nFrames ?? 0 };
  }
  const format = first.format;
  for (const spec of specs) {
    if (spec.format !== format) {
      throw new EcgFormatError(file, 'wfdb', `signals in one file use different formats (${format} and ${spec.format})`);
    }
  }
  const samplesPerFrameTotal = specs.reduce((sum, s) => sum + s.samplesPerFrame, 0);
  let flat: FlatSamples;
  if (FLAC_FORMATS.has(format)) {
    flat = decodeFlacChannels(bytes.subarray(first.byteOffset), file, specs.length, specs.map((s) => s.samplesPerFrame));
  } else if (file.toLowerCase().endsWith('.mat')) {
    // parseMat4Header rejects MAT v5/v7 and other non-v4 files rather than decoding their bytes.
    flat = flatFromMat(bytes, file, format, first, samplesPerFrameTotal);
  } else {
    flat = flatFromBytes(bytes, file, format, first.byteOffset, samplesPerFrameTotal, nFrames);
  }
  const frames = nFrames ?? flat.framesAvailable;
  if (flat.framesAvailable < frames) {
    throw new EcgFormatError(
      file,
      'wfdb',
      `signal file holds ${flat.framesAvailable} frames but the header states ${frames} (truncated file or header lies about the length)`,
    );
  }
  // Like wfdb-python, samples that skew pushes past the stated length are missing (NaN), even if
  // the file holds more frames.
  const limit = Math.min(frames, Math.floor(flat.values.length / samplesPerFrameTotal));
  const invalid = INVALID_SAMPLE[format];
  const signals: AdcSignal[] = [];
  let column = 0;
  for (const spec of specs) {
    const spf = spec.samplesPerFrame;
    if (spf === 1 && spec.skew === 0 && !isDifferenceFormat(format) && limit === frames) {
      signals.push(extractPlain(flat.values, samplesPerFrameTotal, column, frames, invalid, spec));
      column += 1;
      continue;
    }
    const adc = new Float64Array(frames * spf);
    let checksum = 0;
    let complete = true;
    let running = spec.initValue ?? 0;
    let firstRaw = Number.NaN;
    const difference = isDifferenceFormat(format);
    for (let f = 0; f < frames; f++) {
      const source = f + spec.skew;
      for (let k = 0; k < spf; k++) {
        const out = f * spf + k;
        if (source >= limit) {
          adc[out] = Number.NaN;
          complete = false;
          continue;
        }
        let v = flat.values[source * samplesPerFrameTotal + column + k]!;
        if (difference) {
          running += v;
          v = running;
        }
        checksum = (checksum + v) & 0xffff;
        if (out === 0) {
          firstRaw = v;
        }
        adc[out] = !difference && v === invalid ? Number.NaN : v;
      }
    }
    signals.push({ spec, adc, checksum, complete, firstRaw });
    column += spf;
  }
  return { signals, nFrames: frames };
}
