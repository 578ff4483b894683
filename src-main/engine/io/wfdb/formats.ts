/**
 * Decoders for WFDB binary signal formats (signal(5)): one function per format code, each turning
 * a byte range into a flat, frame-interleaved Int32Array of ADC values.
 * Spec: https://physionet.org/physiotools/wag/signal-5.htm
 */

/** The "invalid sample" value of each format (WFDB_INVALID_SAMPLE after sign extension). */
export const INVALID_SAMPLE: Readonly<Record<number, number>> = {
  16: -32768,
  61: -32768,
  160: -32768,
  80: -128,
  212: -2048,
  310: -512,
  311: -512,
  24: -8388608,
  32: -2147483648,
  508: -128,
  516: -32768,
  524: -8388608,
};

/** Formats stored as FLAC streams (decoded by flac.ts, not here). */
export const FLAC_FORMATS: ReadonlySet<number> = new Set([508, 516, 524]);

/** Format 8 stores first differences; its samples are cumulative sums seeded by the init value. */
export function isDifferenceFormat(format: number): boolean {
  return format === 8;
}

/**
 * Number of whole samples decodable from `nBytes` bytes of a format. Packed formats may end with a
 * partial group: 212 needs 2 bytes for an even-indexed sample, 310 needs 2 bytes per word and 311
 * needs ⌈10·(k+1)/8⌉ bytes for the k-th sample of a group (as the WFDB C library reads them).
 */
export function decodableSamples(format: number, nBytes: number): number {
  switch (format) {
    case 8:
    case 80:
      return nBytes;
    case 16:
    case 61:
    case 160:
      return Math.floor(nBytes / 2);
    case 24:
      return Math.floor(nBytes / 3);
    case 32:
      return Math.floor(nBytes / 4);
    case 212: {
      const groups = Math.floor(nBytes / 3);
      return groups * 2 + (nBytes - groups * 3 >= 2 ? 1 : 0);
    }
    case 310: {
      const groups = Math.floor(nBytes / 4);
      return groups * 3 + (nBytes - groups * 4 >= 2 ? 1 : 0);
    }
    case 311: {
      const groups = Math.floor(nBytes / 4);
      const rest = nBytes - groups * 4;
      return groups * 3 + (rest >= 3 ? 2 : rest >= 2 ? 1 : 0);
    }
    default:
      throw new RangeError(`format ${format} has no byte decoder`);
  }
}

function decode16(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    out[i] = ((bytes[j + 1]! << 24) | (bytes[j]! << 16)) >> 16;
  }
}

function decode61(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    out[i] = ((bytes[j]! << 24) | (bytes[j + 1]! << 16)) >> 16;
  }
}

function decode160(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    out[i] = (bytes[j]! | (bytes[j + 1]! << 8)) - 32768;
  }
}

function decode80(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0; i < n; i++) {
    out[i] = bytes[i]! - 128;
  }
}

function decode8(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0; i < n; i++) {
    out[i] = (bytes[i]! << 24) >> 24;
  }
}

function decode24(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[i] = ((bytes[j + 2]! << 24) | (bytes[j + 1]! << 16) | (bytes[j]! << 8)) >> 8;
  }
}

function decode32(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i] = bytes[j]! | (bytes[j + 1]! << 8) | (bytes[j + 2]! << 16) | (bytes[j + 3]! << 24);
  }
}

/** 212: two 12-bit samples in three bytes; the middle byte holds the high nibbles (low: 1st). */
function decode212(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i += 2, j += 3) {
    const mid = bytes[j + 1]!;
    out[i] = (((mid & 0x0f) << 28) | (bytes[j]! << 20)) >> 20;
    if (i + 1 < n) {
      out[i + 1] = (((mid & 0xf0) << 24) | (bytes[j + 2]! << 20)) >> 20;
    }
  }
}

/**
 * 310: three 10-bit samples in two little-endian 16-bit words; samples 0 and 1 sit in bits 1–10 of
 * each word, sample 2 is bits 11–15 of word 0 (low half) and of word 1 (high half).
 */
function decode310(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i += 3, j += 4) {
    const w0 = bytes[j]! | (bytes[j + 1]! << 8);
    out[i] = ((w0 >> 1) << 22) >> 22;
    if (i + 1 < n) {
      const w1 = bytes[j + 2]! | (bytes[j + 3]! << 8);
      out[i + 1] = ((w1 >> 1) << 22) >> 22;
      if (i + 2 < n) {
        out[i + 2] = (((w0 >> 11) | ((w1 >> 11) << 5)) << 22) >> 22;
      }
    }
  }
}

/** 311: three 10-bit samples in one little-endian 32-bit word, bits 0–9, 10–19, 20–29. */
function decode311(bytes: Uint8Array, n: number, out: Int32Array): void {
  for (let i = 0, j = 0; i < n; i += 3, j += 4) {
    const word = bytes[j]! | ((bytes[j + 1] ?? 0) << 8) | ((bytes[j + 2] ?? 0) << 16) | ((bytes[j + 3] ?? 0) << 24);
    out[i] = (word << 22) >> 22;
    if (i + 1 < n) {
      out[i + 1] = ((word >>> 10) << 22) >> 22;
      if (i + 2 < n) {
        out[i + 2] = ((word >>> 20) << 22) >> 22;
      }
    }
  }
}

type Decoder = (bytes: Uint8Array, n: number, out: Int32Array) => void;

/** Decoder per format code. */
const DECODERS: Readonly<Record<number, Decoder>> = {
  8: decode8,
  16: decode16,
  24: decode24,
  32: decode32,
  61: decode61,
  80: decode80,
  160: decode160,
  212: decode212,
  310: decode310,
  311: decode311,
};

/**
 * Decodes the first `nSamples` samples of a byte-format signal stream.
 *
 * @param format - WFDB format code (not FLAC).
 * @param bytes - the stream, starting at its first sample (byte offset already applied).
 * @param nSamples - samples to decode; must not exceed `decodableSamples(format, bytes.length)`.
 * @returns flat frame-interleaved ADC values (format 8: the raw differences).
 */
export function decodeSamples(format: number, bytes: Uint8Array, nSamples: number): Int32Array {
  const decoder = DECODERS[format];
  if (decoder === undefined) {
    throw new RangeError(`format ${format} has no byte decoder`);
  }
  const out = new Int32Array(nSamples);
  decoder(bytes, nSamples, out);
  return out;
}
