/**
 * Range reads of one WFDB signal file: the ADC samples of its signals for a range of frames, read
 * from the bytes that hold them, with the same skew, invalid-value and difference rules as the
 * whole-file reader (signal-file.ts).
 *
 * Where each layout allows it (signal(5), MAT v4):
 * - byte formats (16, 61, 160, 80, 24, 32, 212, 310, 311) and MAT v4 matrices are frame-interleaved at a
 *   fixed number of bytes per group of samples, so a frame range is one byte range (212 packs 2 samples
 *   in 3 bytes, 310/311 pack 3 in 4: the read starts at the group holding the first sample);
 * - format 8 stores first differences: a sample is the sum of all before it, so reads run forward from
 *   the nearest checkpoint (running values kept every {@link DIFFERENCE_CHECKPOINT} frames as reads pass);
 * - FLAC (508/516/524) frames have no fixed size: they are decoded forward, and the byte offset of each
 *   frame is kept as it is passed, so later reads jump to the nearest known frame.
 */
import { EcgFormatError } from '../../errors';
import type { ByteAccess } from '../byte-access';
import { checkFlacLayout, decodeFlacFrame, type FlacStreamInfo, interleaveFlacBlock, parseFlacStreamInfo } from './flac';
import { decodableSamples, decodeSamples, FLAC_FORMATS, INVALID_SAMPLE, isDifferenceFormat } from './formats';
import type { WfdbSignalSpec } from './header';
import { type Mat4Header, parseMat4Header, readMat4Elements } from './mat';

/** Frames between the running-value checkpoints of format 8. */
export const DIFFERENCE_CHECKPOINT = 1 << 16;

/** Samples per group and bytes per group of the packed byte formats (others: 1 sample). */
const GROUPS: Readonly<Record<number, { samples: number; bytes: number }>> = {
  8: { samples: 1, bytes: 1 },
  80: { samples: 1, bytes: 1 },
  16: { samples: 1, bytes: 2 },
  61: { samples: 1, bytes: 2 },
  160: { samples: 1, bytes: 2 },
  24: { samples: 1, bytes: 3 },
  32: { samples: 1, bytes: 4 },
  212: { samples: 2, bytes: 3 },
  310: { samples: 3, bytes: 4 },
  311: { samples: 3, bytes: 4 },
};

/** MAT element bytes per integer format, as signal-file.ts checks them. */
const MAT_ELEMENT_BYTES_BY_FORMAT: Readonly<Record<number, number>> = { 8: 1, 80: 1, 16: 2, 61: 2, 160: 2, 24: 4, 32: 4 };

/** The head of a MAT v4 file: the 20-byte header plus a variable name of at most 64 bytes. */
const MAT_HEAD_BYTES = 20 + 64;
/** Bytes read ahead when decoding FLAC frames (more when STREAMINFO states larger frames). */
const FLAC_WINDOW = 1 << 20;

/** Reads frame ranges of the signals stored in one signal file. */
export class SignalFileStream {
  /** Frames of the record (the header's length, or every whole frame the file holds). */
  readonly nFrames: number;
  private readonly size: number;
  private readonly format: number;
  private readonly spfTotal: number;
  private readonly columns: number[];
  private readonly dataOffset: number;
  private readonly mat: Mat4Header | null = null;
  private readonly flac: FlacStreamInfo | null = null;
  /** FLAC: byte offset and first channel sample of every frame passed so far. */
  private readonly flacFrames: { offset: number; first: number }[] = [];
  /** Format 8: running value per signal before frame f, for f a multiple of DIFFERENCE_CHECKPOINT. */
  private readonly checkpoints = new Map<number, Float64Array>();

  /**
   * @param access - byte access to the record's folder.
   * @param file - the signal file's name.
   * @param specs - the header's signal lines stored in it, in header order (one format).
   * @param nFrames - the header's frame count, or null to take every whole frame the file holds.
   * @throws EcgFormatError when formats differ, the file is missing, too short for the header's
   *   length, or its MAT/FLAC header does not fit the signals.
   */
  constructor(
    private readonly access: ByteAccess,
    private readonly file: string,
    private readonly specs: WfdbSignalSpec[],
    nFrames: number | null,
  ) {
    const first = specs[0]!;
    this.format = first.format;
    for (const spec of specs) {
      if (spec.format !== this.format) {
        throw new EcgFormatError(file, 'wfdb', `signals in one file use different formats (${this.format} and ${spec.format})`);
      }
    }
    this.spfTotal = specs.reduce((sum, s) => sum + s.samplesPerFrame, 0);
    let column = 0;
    this.columns = specs.map((s) => {
      const c = column;
      column += s.samplesPerFrame;
      return c;
    });
    const size = access.size(file);
    this.size = size;
    let available: number;
    if (FLAC_FORMATS.has(this.format)) {
      this.flac = parseFlacStreamInfo(this.bytes(first.byteOffset, Math.min(size - first.byteOffset, 1 << 16)), file);
      const spf = checkFlacLayout(this.flac, file, specs.length, specs.map((s) => s.samplesPerFrame));
      this.dataOffset = first.byteOffset + this.flac.firstFrame;
      this.flacFrames.push({ offset: this.dataOffset, first: 0 });
      available = this.flac.totalSamples > 0 ? Math.floor(this.flac.totalSamples / spf) : this.countFlacFrames(size, spf);
    } else if (file.toLowerCase().endsWith('.mat')) {
      this.mat = this.matHeader(size, first);
      this.dataOffset = this.mat.dataOffset;
      available = this.mat.cols;
    } else {
      if (first.byteOffset > size) {
        throw new EcgFormatError(file, 'wfdb', `byte offset ${first.byteOffset} is beyond the end of the ${size}-byte file`);
      }
      this.dataOffset = first.byteOffset;
      available = Math.floor(decodableSamples(this.format, size - first.byteOffset) / this.spfTotal);
    }
    const frames = nFrames ?? available;
    if (available < frames) {
      throw new EcgFormatError(file, 'wfdb', `signal file holds ${available} frames but the header states ${frames} (truncated file or header lies about the length)`);
    }
    this.nFrames = frames;
  }

  private bytes(offset: number, length: number): Uint8Array {
    return this.access.read(this.file, offset, length);
  }

  private matHeader(size: number, first: WfdbSignalSpec): Mat4Header {
    // parseMat4Header rejects MAT v5/v7 and other non-v4 files rather than decoding their bytes.
    const header = parseMat4Header(this.bytes(0, Math.min(size, MAT_HEAD_BYTES)), this.file, size);
    if (header.rows !== this.spfTotal) {
      throw new EcgFormatError(this.file, 'wfdb', `MAT matrix is ${header.rows}×${header.cols} but the header needs ${this.spfTotal} rows (one per signal sample in a frame)`);
    }
    if (first.byteOffset !== 0 && first.byteOffset !== header.dataOffset) {
      throw new EcgFormatError(this.file, 'wfdb', `header byte offset ${first.byteOffset} disagrees with the MAT data offset ${header.dataOffset}`);
    }
    const isFloat = header.elementType === 'float64' || header.elementType === 'float32';
    if (!isFloat && (MAT_ELEMENT_BYTES_BY_FORMAT[this.format] !== header.bytesPerElement || (this.format === 16 && header.elementType !== 'int16'))) {
      throw new EcgFormatError(this.file, 'wfdb', `MAT matrix holds ${header.elementType} but the header says format ${this.format}`);
    }
    return header;
  }

  /** Flat stored samples `[k0, k1)` (frame-interleaved), decoded from the bytes that hold them. */
  private flat(k0: number, k1: number): ArrayLike<number> {
    if (k1 <= k0) {
      return new Int32Array(0);
    }
    if (this.mat) {
      const width = this.mat.bytesPerElement;
      const bytes = this.bytes(this.dataOffset + k0 * width, (k1 - k0) * width);
      if (this.mat.elementType === 'float64' || this.mat.elementType === 'float32') {
        return readMat4Elements(bytes, this.mat, this.file, k0, k1 - k0);
      }
      return decodeSamples(this.format, bytes, k1 - k0);
    }
    if (this.flac) {
      return this.flacFlat(k0, k1);
    }
    const group = GROUPS[this.format]!;
    const g0 = Math.floor(k0 / group.samples);
    const g1 = Math.ceil(k1 / group.samples);
    const bytes = this.bytes(this.dataOffset + g0 * group.bytes, (g1 - g0) * group.bytes);
    const start = g0 * group.samples;
    const decoded = decodeSamples(this.format, bytes, Math.min(k1 - start, decodableSamples(this.format, bytes.length)));
    return decoded.subarray(k0 - start);
  }

  /**
   * ADC samples (NaN = invalid or past the end through skew) of each signal for frames `[f0, f1)`,
   * `(f1 − f0) × samplesPerFrame` values each.
   */
  readFrames(f0: number, f1: number): Float64Array[] {
    if (isDifferenceFormat(this.format)) {
      return this.readDifferences(f0, f1);
    }
    const invalid = INVALID_SAMPLE[this.format];
    const skews = this.specs.map((s) => s.skew);
    const s0 = Math.min(this.nFrames, f0 + Math.min(...skews));
    const s1 = Math.min(this.nFrames, f1 + Math.max(...skews));
    const values = this.flat(s0 * this.spfTotal, s1 * this.spfTotal);
    return this.specs.map((spec, i) => {
      const spf = spec.samplesPerFrame;
      const out = new Float64Array((f1 - f0) * spf);
      for (let f = f0; f < f1; f++) {
        const source = f + spec.skew;
        for (let k = 0; k < spf; k++) {
          const o = (f - f0) * spf + k;
          if (source >= this.nFrames) {
            out[o] = Number.NaN;
            continue;
          }
          const v = values[(source - s0) * this.spfTotal + this.columns[i]! + k]!;
          out[o] = v === invalid ? Number.NaN : v;
        }
      }
      return out;
    });
  }

  /** Format 8: running sums from the nearest checkpoint at or before `f0`. */
  private readDifferences(f0: number, f1: number): Float64Array[] {
    let at = Math.floor(f0 / DIFFERENCE_CHECKPOINT) * DIFFERENCE_CHECKPOINT;
    while (at > 0 && !this.checkpoints.has(at)) {
      at -= DIFFERENCE_CHECKPOINT;
    }
    const running = Float64Array.from(this.checkpoints.get(at) ?? this.specs.map((s) => s.initValue ?? 0));
    const out = this.specs.map((s) => new Float64Array((f1 - f0) * s.samplesPerFrame));
    const step = DIFFERENCE_CHECKPOINT;
    for (let from = at; from < f1; from += step) {
      const to = Math.min(f1, from + step);
      const skews = this.specs.map((s) => s.skew);
      const s0 = Math.min(this.nFrames, from + Math.min(...skews));
      const s1 = Math.min(this.nFrames, to + Math.max(...skews));
      const values = this.flat(s0 * this.spfTotal, s1 * this.spfTotal);
      this.specs.forEach((spec, i) => {
        const spf = spec.samplesPerFrame;
        for (let f = from; f < to; f++) {
          const source = f + spec.skew;
          for (let k = 0; k < spf; k++) {
            let v = Number.NaN;
            if (source < this.nFrames) {
              running[i] += values[(source - s0) * this.spfTotal + this.columns[i]! + k]!;
              v = running[i]!;
            }
            if (f >= f0) {
              out[i]![(f - f0) * spf + k] = v;
            }
          }
        }
      });
      if (to % step === 0 && to < this.nFrames) {
        this.checkpoints.set(to, Float64Array.from(running));
      }
    }
    return out;
  }

  /** Counts whole frames of a FLAC stream whose STREAMINFO states no length (decodes it once). */
  private countFlacFrames(size: number, spf: number): number {
    let total = 0;
    this.flacForward(0, size, Number.POSITIVE_INFINITY, (block) => {
      total += block[0]?.length ?? 0;
    });
    return Math.floor(total / spf);
  }

  /**
   * Decodes FLAC frames forward from the last known frame starting at or before channel sample
   * `from` until channel sample `until`, passing each block and its first sample to `onBlock`.
   */
  private flacForward(from: number, size: number, until: number, onBlock: (block: Float64Array[], first: number) => void): void {
    const stream = this.flac!;
    let index = 0;
    for (let i = 0; i < this.flacFrames.length && this.flacFrames[i]!.first <= from; i++) {
      index = i;
    }
    let { offset, first } = this.flacFrames[index]!;
    let window: Uint8Array = new Uint8Array(0);
    let windowStart = offset;
    const frameBound = Math.max(stream.maxFrameBytes, 1 << 16);
    while (first < until && offset < size) {
      const windowEnd = windowStart + window.length;
      if (windowEnd < size && windowEnd - offset < frameBound) {
        windowStart = offset;
        window = this.bytes(offset, Math.max(FLAC_WINDOW, 2 * frameBound));
      }
      const frame = decodeFlacFrame(window, offset - windowStart, stream, this.file);
      onBlock(frame.channels, first);
      offset = windowStart + frame.end;
      first += frame.channels[0]?.length ?? 0;
      if (index === this.flacFrames.length - 1) {
        this.flacFrames.push({ offset, first });
      }
      index += 1;
    }
    if (first < until && until !== Number.POSITIVE_INFINITY) {
      throw new EcgFormatError(this.file, 'wfdb', 'FLAC stream ends before the samples the header states (truncated)', offset);
    }
  }

  /** FLAC: flat samples `[k0, k1)`, decoded forward from the nearest known frame. */
  private flacFlat(k0: number, k1: number): Int32Array {
    const channels = this.flac!.channels;
    const spf = this.spfTotal / channels;
    const c0 = Math.floor(k0 / this.spfTotal) * spf;
    const c1 = Math.ceil(k1 / this.spfTotal) * spf;
    const out = new Int32Array(((c1 - c0) / spf) * this.spfTotal);
    this.flacForward(c0, this.size, c1, (block, first) => interleaveFlacBlock(block, first, spf, c0, c1, out));
    const base = (c0 / spf) * this.spfTotal;
    return out.subarray(k0 - base, k1 - base);
  }
}
