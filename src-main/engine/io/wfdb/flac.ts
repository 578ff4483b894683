/**
 * Minimal FLAC decoder for WFDB formats 508/516/524 (signal(5): each signal of a file is one FLAC
 * channel holding its samples at its own rate). Supports every subframe type (constant, verbatim,
 * fixed, LPC), stereo decorrelation and wasted bits; checks each frame's CRC-16 (not the MD5).
 * Spec: https://xiph.org/flac/format.html (RFC 9639).
 */
import { EcgFormatError } from '../../errors';

/** Block sizes by frame-header code (0 reserved, 6/7 read from the header). */
const BLOCK_SIZE_CODES: readonly number[] = [0, 192, 576, 1152, 2304, 4608, -1, -2, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];
/** Bits per sample by frame-header code (0: from STREAMINFO; 3 reserved). */
const SAMPLE_SIZE_CODES: readonly number[] = [0, 8, 12, -1, 16, 20, 24, 32];

/** CRC-16 (polynomial 0x8005, init 0) of bytes[start, end), as in FLAC frame footers. */
function crc16(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i]! << 8;
    for (let b = 0; b < 8; b++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

class BitReader {
  private bytePos = 0;
  private bitPos = 0;
  constructor(private readonly bytes: Uint8Array, private readonly file: string) {}

  get position(): number {
    return this.bytePos;
  }

  atEnd(): boolean {
    return this.bytePos >= this.bytes.length;
  }

  setBytePosition(pos: number): void {
    this.bytePos = pos;
    this.bitPos = 0;
  }

  /** Reads `n` ≤ 32 bits MSB-first as an unsigned number. */
  bits(n: number): number {
    let value = 0;
    let left = n;
    while (left > 0) {
      const byte = this.bytes[this.bytePos];
      if (byte === undefined) {
        throw new EcgFormatError(this.file, 'wfdb', 'FLAC stream ends inside a frame (truncated)', this.bytePos);
      }
      const avail = 8 - this.bitPos;
      const take = Math.min(avail, left);
      const chunk = (byte >> (avail - take)) & ((1 << take) - 1);
      value = value * (1 << take) + chunk;
      left -= take;
      this.bitPos += take;
      if (this.bitPos === 8) {
        this.bitPos = 0;
        this.bytePos++;
      }
    }
    return value;
  }

  signed(n: number): number {
    if (n === 0) {
      return 0;
    }
    const v = this.bits(n);
    return v >= 2 ** (n - 1) ? v - 2 ** n : v;
  }

  unary(): number {
    let count = 0;
    for (;;) {
      const byte = this.bytes[this.bytePos];
      if (byte === undefined) {
        throw new EcgFormatError(this.file, 'wfdb', 'FLAC stream ends inside a residual (truncated)', this.bytePos);
      }
      const rest = (byte << this.bitPos) & 0xff;
      if (rest === 0) {
        count += 8 - this.bitPos;
        this.bitPos = 0;
        this.bytePos++;
        continue;
      }
      const lead = Math.clz32(rest) - 24;
      count += lead;
      this.bitPos += lead + 1;
      if (this.bitPos === 8) {
        this.bitPos = 0;
        this.bytePos++;
      }
      return count;
    }
  }

  alignToByte(): void {
    if (this.bitPos !== 0) {
      this.bitPos = 0;
      this.bytePos++;
    }
  }
}

function readResidual(r: BitReader, blockSize: number, order: number, out: Int32Array | Float64Array): void {
  const method = r.bits(2);
  const paramBits = method === 0 ? 4 : 5;
  const escape = method === 0 ? 15 : 31;
  const partitionOrder = r.bits(4);
  const partitions = 1 << partitionOrder;
  let i = order;
  for (let p = 0; p < partitions; p++) {
    const count = (blockSize >> partitionOrder) - (p === 0 ? order : 0);
    const k = r.bits(paramBits);
    if (k === escape) {
      const n = r.bits(5);
      for (let j = 0; j < count; j++) {
        out[i++] = r.signed(n);
      }
    } else {
      for (let j = 0; j < count; j++) {
        const v = r.unary() * 2 ** k + r.bits(k);
        out[i++] = v % 2 === 0 ? v / 2 : -(v + 1) / 2;
      }
    }
  }
}

function decodeSubframe(r: BitReader, blockSize: number, bps: number, file: string): Float64Array {
  r.bits(1); // zero padding
  const type = r.bits(6);
  let wasted = 0;
  if (r.bits(1) === 1) {
    wasted = r.unary() + 1;
  }
  const width = bps - wasted;
  const s = new Float64Array(blockSize);
  if (type === 0) {
    s.fill(r.signed(width));
  } else if (type === 1) {
    for (let i = 0; i < blockSize; i++) {
      s[i] = r.signed(width);
    }
  } else if (type >= 8 && type <= 12) {
    const order = type - 8;
    for (let i = 0; i < order; i++) {
      s[i] = r.signed(width);
    }
    readResidual(r, blockSize, order, s);
    for (let i = order; i < blockSize; i++) {
      switch (order) {
        case 1: s[i]! += s[i - 1]!; break;
        case 2: s[i]! += 2 * s[i - 1]! - s[i - 2]!; break;
        case 3: s[i]! += 3 * s[i - 1]! - 3 * s[i - 2]! + s[i - 3]!; break;
        case 4: s[i]! += 4 * s[i - 1]! - 6 * s[i - 2]! + 4 * s[i - 3]! - s[i - 4]!; break;
        default: break;
      }
    }
  } else if (type >= 32) {
    const order = type - 31;
    for (let i = 0; i < order; i++) {
      s[i] = r.signed(width);
    }
    const precision = r.bits(4) + 1;
    const shift = r.signed(5);
    const coefs: number[] = [];
    for (let j = 0; j < order; j++) {
      coefs.push(r.signed(precision));
    }
    readResidual(r, blockSize, order, s);
    const scale = 2 ** Math.max(shift, 0);
    for (let i = order; i < blockSize; i++) {
      let sum = 0;
      for (let j = 0; j < order; j++) {
        sum += coefs[j]! * s[i - 1 - j]!;
      }
      s[i]! += Math.floor(sum / scale);
    }
  } else {
    throw new EcgFormatError(file, 'wfdb', `FLAC subframe type ${type} is reserved`, r.position);
  }
  if (wasted > 0) {
    const factor = 2 ** wasted;
    for (let i = 0; i < blockSize; i++) {
      s[i]! *= factor;
    }
  }
  return s;
}

/** What STREAMINFO says about a FLAC stream, and where its first audio frame starts. */
export interface FlacStreamInfo {
  channels: number;
  bitsPerSample: number;
  /** Samples per channel (0: not stated). */
  totalSamples: number;
  /** Largest frame in bytes (0: not stated) and largest block in samples. */
  maxFrameBytes: number;
  maxBlockSize: number;
  /** Byte offset of the first frame (after the metadata blocks). */
  firstFrame: number;
}

/**
 * Parses the `fLaC` marker and the metadata blocks.
 * @throws EcgFormatError for a missing marker or metadata that runs past `bytes`.
 */
export function parseFlacStreamInfo(bytes: Uint8Array, file: string): FlacStreamInfo {
  if (bytes.length < 4 || bytes[0] !== 0x66 || bytes[1] !== 0x4c || bytes[2] !== 0x61 || bytes[3] !== 0x43) {
    throw new EcgFormatError(file, 'wfdb', "FLAC signal file lacks the 'fLaC' marker", 0);
  }
  const r = new BitReader(bytes, file);
  r.setBytePosition(4);
  const info: FlacStreamInfo = { channels: 0, bitsPerSample: 0, totalSamples: 0, maxFrameBytes: 0, maxBlockSize: 0, firstFrame: 0 };
  for (let last = 0; last === 0; ) {
    last = r.bits(1);
    const type = r.bits(7);
    const length = r.bits(24);
    const start = r.position;
    if (type === 0) {
      r.bits(16);
      info.maxBlockSize = r.bits(16);
      r.bits(24);
      info.maxFrameBytes = r.bits(24);
      r.bits(20);
      info.channels = r.bits(3) + 1;
      info.bitsPerSample = r.bits(5) + 1;
      info.totalSamples = r.bits(4) * 2 ** 32 + r.bits(32);
    }
    r.setBytePosition(start + length);
  }
  info.firstFrame = r.position;
  return info;
}

/** One decoded FLAC frame: a block of samples per channel. */
export interface FlacFrame {
  channels: Float64Array[];
  /** Byte offset just after the frame. */
  end: number;
}

/**
 * Decodes the frame at byte `start` of `bytes` (a whole file, or a window of it that holds the frame).
 * @throws EcgFormatError for a bad sync code, reserved codes, truncation or a CRC mismatch.
 */
export function decodeFlacFrame(bytes: Uint8Array, start: number, stream: FlacStreamInfo, file: string): FlacFrame {
  const r = new BitReader(bytes, file);
  r.setBytePosition(start);
  const channels = stream.channels;
  const sync = r.bits(15);
  if (sync !== 0x7ffc) {
    throw new EcgFormatError(file, 'wfdb', 'FLAC frame sync code not found (corrupt stream)', r.position);
  }
  r.bits(1); // blocking strategy
  const bsCode = r.bits(4);
  const rateCode = r.bits(4);
  const assignment = r.bits(4);
  const sizeCode = r.bits(3);
  r.bits(1);
  // UTF-8-style coded frame/sample number.
  const lead = r.bits(8);
  const extra = lead < 0x80 ? 0 : Math.clz32(~(lead << 24)) - 1;
  for (let i = 0; i < extra; i++) {
    r.bits(8);
  }
  let blockSize = BLOCK_SIZE_CODES[bsCode]!;
  if (blockSize === -1) {
    blockSize = r.bits(8) + 1;
  } else if (blockSize === -2) {
    blockSize = r.bits(16) + 1;
  }
  if (rateCode === 12) {
    r.bits(8);
  } else if (rateCode === 13 || rateCode === 14) {
    r.bits(16);
  }
  r.bits(8); // CRC-8
  const bps = sizeCode === 0 ? stream.bitsPerSample : SAMPLE_SIZE_CODES[sizeCode]!;
  if (blockSize <= 0 || bps <= 0) {
    throw new EcgFormatError(file, 'wfdb', 'FLAC frame header uses a reserved code', r.position);
  }
  const sub: Float64Array[] = [];
  for (let c = 0; c < channels; c++) {
    // Side channels (the 2nd of left/side and mid/side, the 1st of right/side) carry one more bit.
    const side = (assignment === 8 && c === 1) || (assignment === 9 && c === 0) || (assignment === 10 && c === 1);
    sub.push(decodeSubframe(r, blockSize, bps + (side ? 1 : 0), file));
  }
  if (assignment >= 8 && sub.length === 2) {
    const [a, b] = sub as [Float64Array, Float64Array];
    for (let i = 0; i < blockSize; i++) {
      if (assignment === 8) {
        b[i] = a[i]! - b[i]!;
      } else if (assignment === 9) {
        a[i] = a[i]! + b[i]!;
      } else {
        const mid = a[i]! * 2 + (b[i]! % 2 !== 0 ? 1 : 0);
        a[i] = (mid + b[i]!) / 2;
        b[i] = (mid - b[i]!) / 2;
      }
    }
  }
  r.alignToByte();
  const crcAt = r.position;
  if (r.bits(16) !== crc16(bytes, start, crcAt)) {
    throw new EcgFormatError(file, 'wfdb', 'FLAC frame CRC-16 mismatch (corrupt signal data)', start);
  }
  return { channels: sub, end: r.position };
}

/**
 * Writes channel samples `[first, first + block length)` of each channel into WFDB frame order:
 * channel c's i-th sample belongs to frame ⌊i/spf⌋, slot c·spf + i mod spf of that frame.
 * Samples outside `[keepFrom, keepTo)` (per channel) are left out; `out` starts at sample `keepFrom`.
 */
export function interleaveFlacBlock(block: Float64Array[], first: number, spf: number, keepFrom: number, keepTo: number, out: Int32Array): void {
  const channels = block.length;
  const frameBase = Math.floor(keepFrom / spf) * spf;
  for (let c = 0; c < channels; c++) {
    const chunk = block[c]!;
    const from = Math.max(first, keepFrom);
    const to = Math.min(first + chunk.length, keepTo);
    for (let i = from; i < to; i++) {
      const slot = i % spf;
      out[(i - slot - frameBase) * channels + c * spf + slot] = chunk[i - first]!;
    }
  }
}

/** Checks a FLAC stream against the signals the header stores in it. */
export function checkFlacLayout(stream: FlacStreamInfo, file: string, nSignals: number, samplesPerFrame: number[]): number {
  if (stream.channels !== nSignals) {
    throw new EcgFormatError(file, 'wfdb', `FLAC stream has ${stream.channels} channels but the header lists ${nSignals} signals in it`);
  }
  const spf = samplesPerFrame[0] ?? 1;
  if (samplesPerFrame.some((k) => k !== spf)) {
    throw new EcgFormatError(file, 'wfdb', 'FLAC signal files need the same samples per frame for every signal');
  }
  return spf;
}

/**
 * Decodes a FLAC stream into WFDB frame-interleaved samples.
 *
 * @param bytes - the FLAC file (from its byte offset).
 * @param file - name for errors.
 * @param nSignals - signals stored in the file (= FLAC channels).
 * @param samplesPerFrame - per signal; each channel holds `frames × spf` samples.
 * @returns flat samples in WFDB frame order and the number of whole frames.
 * @throws EcgFormatError for a missing `fLaC` marker, a channel-count mismatch or truncation.
 */
export function decodeFlacChannels(bytes: Uint8Array, file: string, nSignals: number, samplesPerFrame: number[]): { values: Int32Array; framesAvailable: number } {
  const stream = parseFlacStreamInfo(bytes, file);
  const spf = checkFlacLayout(stream, file, nSignals, samplesPerFrame);
  const blocks: { first: number; channels: Float64Array[] }[] = [];
  let decoded = 0;
  let at = stream.firstFrame;
  while (at < bytes.length && (stream.totalSamples === 0 || decoded < stream.totalSamples)) {
    const frame = decodeFlacFrame(bytes, at, stream, file);
    blocks.push({ first: decoded, channels: frame.channels });
    decoded += frame.channels[0]?.length ?? 0;
    at = frame.end;
  }
  const perChannel = stream.totalSamples === 0 ? decoded : Math.min(decoded, stream.totalSamples);
  const frames = Math.floor(perChannel / spf);
  const values = new Int32Array(frames * spf * stream.channels);
  for (const block of blocks) {
    interleaveFlacBlock(block.channels, block.first, spf, 0, frames * spf, values);
  }
  return { values, framesAvailable: frames };
}
