/**
 * NumPy `.npy` reader and writer (format versions 1.0, 2.0 and 3.0).
 *
 * Layout (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 *   bytes 0-5   "\x93NUMPY"
 *   byte  6,7   major, minor version
 *   v1.0: 2-byte little-endian header length; v2.0/v3.0: 4-byte little-endian header length
 *   header      Python dict literal, e.g. {'descr': '<f8', 'fortran_order': False, 'shape': (12, 5000), }
 *               padded with spaces and a final '\n' so the data starts on a 64-byte boundary
 *   data        the array, C order unless fortran_order is True
 *
 * Parsers take bytes only; `load.ts` reads the disk.
 */
import { EcgFormatError } from '../errors';

/** Typed arrays a decoded `.npy` can produce. */
export type NdTypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

/** A decoded n-dimensional array. `data` is always in C (row-major) order. */
export interface NdArray {
  /** The dtype descriptor as written in the file, e.g. '<f2', '>i4', '|u1', '|b1'. */
  dtype: string;
  /** Dimensions, outermost first; `[]` for a 0-d scalar. */
  shape: number[];
  /**
   * Values in C order. float16 → Float32Array; int64/uint64 → Float64Array (exact up to 2^53);
   * bool → Uint8Array of 0/1; other kinds map to the same-width typed array.
   */
  data: NdTypedArray;
  /** True when the file stored the array in Fortran order (already converted to C order in `data`). */
  fortranOrder: boolean;
  /**
   * For string dtypes ('<U…' UCS-4 text, '|S…' bytes) only: the values in C order, trailing NULs removed.
   * `data` is then an empty Uint8Array.
   */
  strings?: string[];
}

/** Dtypes `writeNpy` can write (little-endian, or byte types). */
export type NpyWriteDtype = '<f4' | '<f8' | '<i2' | '<i4' | '|u1' | '|i1' | '|b1';

/** An array to write with `writeNpy`; `data.length` must equal the product of `shape`. */
export interface NdArrayToWrite {
  dtype: NpyWriteDtype;
  shape: number[];
  data: ArrayLike<number>;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** Refuse arrays above this many elements (4 GiB of float64 would already be absurd for ECG). */
const MAX_ELEMENTS = 2 ** 31 - 1;
const FORMAT = 'npy';

/** Element kinds by dtype "kind+size" (descr without its byte-order character). */
const KINDS: Record<string, { bytes: number; out: 'f32' | 'f64' | 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32' }> = {
  f2: { bytes: 2, out: 'f32' },
  f4: { bytes: 4, out: 'f32' },
  f8: { bytes: 8, out: 'f64' },
  i1: { bytes: 1, out: 'i8' },
  i2: { bytes: 2, out: 'i16' },
  i4: { bytes: 4, out: 'i32' },
  i8: { bytes: 8, out: 'f64' },
  u1: { bytes: 1, out: 'u8' },
  u2: { bytes: 2, out: 'u16' },
  u4: { bytes: 4, out: 'u32' },
  u8: { bytes: 8, out: 'f64' },
  b1: { bytes: 1, out: 'u8' },
};

// Header dict fields, e.g.  'descr': '<f8'   'fortran_order': False   'shape': (1625, 12, 1000)
const DESCR_RE = /['"]descr['"]\s*:\s*(?:['"](?<descr>[^'"]*)['"]|(?<other>[[(]))/;
const FORTRAN_RE = /['"]fortran_order['"]\s*:\s*(?<value>True|False)/;
const SHAPE_RE = /['"]shape['"]\s*:\s*\((?<dims>[^)]*)\)/;

/** Converts an IEEE 754 half-precision bit pattern to a number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) {
    return sign * fraction * 2 ** -24;
  }
  if (exponent === 0x1f) {
    return fraction === 0 ? sign * Infinity : NaN;
  }
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

let halfTable: Float32Array | null = null;

/** float16 → float32 for every 16-bit pattern, built on first use (256 KiB). */
function getHalfTable(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) {halfTable[bits] = halfToFloat(bits);}
  }
  return halfTable;
}

/** Decodes packed float16 bytes into `out` through the lookup table. */
function decodeHalf(raw: Uint8Array, littleEndian: boolean, out: NdTypedArray): void {
  const table = getHalfTable();
  const n = raw.length >> 1;
  if (littleEndian) {
    const words = new Uint16Array(n);
    new Uint8Array(words.buffer).set(raw);
    for (let i = 0; i < n; i++) {out[i] = table[words[i]];}
  } else {
    for (let i = 0; i < n; i++) {out[i] = table[(raw[2 * i] << 8) | raw[2 * i + 1]];}
  }
}

interface ParsedHeader {
  dtype: string;
  littleEndian: boolean;
  kind: (typeof KINDS)[string];
  /** Set for string dtypes: UCS-4 ('U') or byte ('S') strings of `chars` characters. */
  text: { unicode: boolean; chars: number } | null;
  shape: number[];
  fortranOrder: boolean;
  dataOffset: number;
}

function parseHeader(bytes: Uint8Array, file: string, where: string): ParsedHeader {
  const fail = (problem: string, offset?: number): never => {
    throw new EcgFormatError(file, FORMAT, `${where}${problem}`, offset);
  };
  if (bytes.length === 0) {fail('empty file');}
  if (bytes.length < 10) {fail(`truncated npy header: only ${bytes.length} bytes`);}
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) {fail('bad npy magic: not a NumPy .npy file', 0);}
  }
  const major = bytes[6];
  const minor = bytes[7];
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = bytes[8] | (bytes[9] << 8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) {fail('truncated npy header');}
    headerLength = (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16)) + bytes[11] * 2 ** 24;
    headerStart = 12;
  } else {
    return fail(`unsupported npy version ${major}.${minor}`, 6);
  }
  const dataOffset = headerStart + headerLength;
  if (dataOffset > bytes.length) {
    fail(`truncated npy header: header length ${headerLength} exceeds file size ${bytes.length}`, headerStart);
  }
  // v3.0 allows UTF-8 in the header; v1/v2 are latin-1, which equals UTF-8 for the ASCII we parse.
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataOffset));

  const descrMatch = DESCR_RE.exec(header);
  if (!descrMatch?.groups) {return fail('npy header has no descr field', headerStart);}
  if (descrMatch.groups.other !== undefined) {fail('structured (record) dtypes are not supported', headerStart);}
  const dtype = descrMatch.groups.descr;
  const order = dtype[0];
  const kindKey = '<>|='.includes(order) ? dtype.slice(1) : dtype;
  const textMatch = /^(?<k>[US])(?<n>\d+)$/.exec(kindKey);
  const text = textMatch?.groups ? { unicode: textMatch.groups.k === 'U', chars: Number(textMatch.groups.n) } : null;
  const kind = text ? { bytes: text.chars * (text.unicode ? 4 : 1), out: 'u8' as const } : KINDS[kindKey];
  if (kindKey.startsWith('O')) {fail(`object dtype '${dtype}' cannot be read (pickled Python objects)`, headerStart);}
  if (!kind || (text && text.chars === 0)) {fail(`unsupported dtype '${dtype}'`, headerStart);}
  const littleEndian = order !== '>';

  const fortranMatch = FORTRAN_RE.exec(header);
  if (!fortranMatch?.groups) {return fail('npy header has no fortran_order field', headerStart);}
  const fortranOrder = fortranMatch.groups.value === 'True';

  const shapeMatch = SHAPE_RE.exec(header);
  if (!shapeMatch?.groups) {return fail('npy header has no shape field', headerStart);}
  const dimTexts = shapeMatch.groups.dims
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const shape: number[] = [];
  for (const text of dimTexts) {
    const cleaned = text.replace(/L$/, '');
    if (!/^\d+$/.test(cleaned)) {fail(`bad npy shape entry '${text}'`, headerStart);}
    shape.push(Number(cleaned));
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count) || count > MAX_ELEMENTS) {
    fail(`absurd npy shape (${shape.join(', ')}): ${count} elements`, headerStart);
  }
  return { dtype, littleEndian, kind, text, shape, fortranOrder, dataOffset };
}

function allocate(out: ParsedHeader['kind']['out'], n: number): NdTypedArray {
  switch (out) {
    case 'f32':
      return new Float32Array(n);
    case 'f64':
      return new Float64Array(n);
    case 'i8':
      return new Int8Array(n);
    case 'i16':
      return new Int16Array(n);
    case 'i32':
      return new Int32Array(n);
    case 'u8':
      return new Uint8Array(n);
    case 'u16':
      return new Uint16Array(n);
    case 'u32':
      return new Uint32Array(n);
  }
}

/** Decodes `n` elements of `dtypeKey` from `view` at `offset` into `out`. */
function decodeElements(view: DataView, offset: number, n: number, h: ParsedHeader, out: NdTypedArray): void {
  const le = h.littleEndian;
  const key = h.dtype.replace(/^[<>|=]/, '');
  const step = h.kind.bytes;
  let read: (p: number) => number;
  switch (key) {
    case 'f2':
      read = (p) => halfToFloat(view.getUint16(p, le));
      break;
    case 'f4':
      read = (p) => view.getFloat32(p, le);
      break;
    case 'f8':
      read = (p) => view.getFloat64(p, le);
      break;
    case 'i1':
      read = (p) => view.getInt8(p);
      break;
    case 'i2':
      read = (p) => view.getInt16(p, le);
      break;
    case 'i4':
      read = (p) => view.getInt32(p, le);
      break;
    case 'i8':
      read = (p) => Number(view.getBigInt64(p, le));
      break;
    case 'u1':
      read = (p) => view.getUint8(p);
      break;
    case 'b1':
      read = (p) => (view.getUint8(p) === 0 ? 0 : 1);
      break;
    case 'u2':
      read = (p) => view.getUint16(p, le);
      break;
    case 'u4':
      read = (p) => view.getUint32(p, le);
      break;
    default: // 'u8'
      read = (p) => Number(view.getBigUint64(p, le));
  }
  for (let i = 0, p = offset; i < n; i++, p += step) {out[i] = read(p);}
}

/** Reorders a Fortran-order (column-major) flat array into C order for `shape`. */
function fortranToC(src: NdTypedArray, shape: number[]): NdTypedArray {
  const ndim = shape.length;
  if (ndim < 2) {return src;}
  const dst = src.slice();
  const stridesF = new Array<number>(ndim);
  stridesF[0] = 1;
  for (let k = 1; k < ndim; k++) {stridesF[k] = stridesF[k - 1] * shape[k - 1];}
  const idx = new Array<number>(ndim).fill(0);
  let fIndex = 0;
  for (let c = 0; c < dst.length; c++) {
    dst[c] = src[fIndex];
    // advance the C-order counter (last axis fastest) and keep fIndex in step
    for (let k = ndim - 1; k >= 0; k--) {
      idx[k]++;
      fIndex += stridesF[k];
      if (idx[k] < shape[k]) {break;}
      fIndex -= stridesF[k] * shape[k];
      idx[k] = 0;
    }
  }
  return dst;
}

/**
 * Decodes a `.npy` file.
 *
 * @param bytes the whole file
 * @param file name used in error messages
 * @param where optional prefix for error problems (used by the npz reader: "entry 'x.npy': ")
 * @returns the array, `data` in C order
 * @throws EcgFormatError on a bad magic, unsupported version or dtype (object, structured, complex…),
 *   a bad or absurd shape, or data shorter or longer than the header claims
 */
export function readNpy(bytes: Uint8Array, file: string, where = ''): NdArray {
  const h = parseHeader(bytes, file, where);
  const count = h.shape.reduce((a, b) => a * b, 1);
  const needed = count * h.kind.bytes;
  const available = bytes.length - h.dataOffset;
  if (available < needed) {
    throw new EcgFormatError(
      file,
      FORMAT,
      `${where}truncated npy data: shape (${h.shape.join(', ')}) needs ${needed} bytes, file has ${available}`,
      h.dataOffset,
    );
  }
  if (available > needed) {
    throw new EcgFormatError(
      file,
      FORMAT,
      `${where}npy file is longer than its header claims: ${available - needed} extra bytes after the data`,
      h.dataOffset + needed,
    );
  }
  if (h.text) {return readStrings(bytes, h, count, file, where);}
  const out = allocate(h.kind.out, count);
  const key = h.dtype.replace(/^[<>|=]/, '');
  if ((h.littleEndian || h.kind.bytes === 1) && !['f2', 'i8', 'u8', 'b1'].includes(key)) {
    // Same layout as the typed array on a little-endian host (every Node/Electron target we ship): copy the bytes (this also aligns them).
    new Uint8Array(out.buffer).set(bytes.subarray(h.dataOffset, h.dataOffset + needed));
  } else if (key === 'f2') {
    decodeHalf(bytes.subarray(h.dataOffset, h.dataOffset + needed), h.littleEndian, out);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    decodeElements(view, h.dataOffset, count, h, out);
  }
  const data = h.fortranOrder ? fortranToC(out, h.shape) : out;
  return { dtype: h.dtype, shape: h.shape, data, fortranOrder: h.fortranOrder };
}

/** Decodes a string-dtype array (see `NdArray.strings`). */
function readStrings(bytes: Uint8Array, h: ParsedHeader, count: number, file: string, where: string): NdArray {
  const text = h.text!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fileOrder: string[] = [];
  for (let e = 0; e < count; e++) {
    const start = h.dataOffset + e * h.kind.bytes;
    let value = '';
    for (let c = 0; c < text.chars; c++) {
      const code = text.unicode ? view.getUint32(start + 4 * c, h.littleEndian) : bytes[start + c];
      if (code > 0x10ffff) {
        throw new EcgFormatError(file, FORMAT, `${where}invalid UCS-4 character ${code} in string array`, start + 4 * c);
      }
      value += String.fromCodePoint(code);
    }
    // NumPy pads fixed-width strings with NUL characters: strip them.
    // eslint-disable-next-line no-control-regex
    fileOrder.push(value.replace(/\u0000+$/, ''));
  }
  let strings = fileOrder;
  if (h.fortranOrder) {
    const order = fortranToC(Float64Array.from({ length: count }, (_, i) => i), h.shape);
    strings = Array.from(order, (i) => fileOrder[i]);
  }
  return { dtype: h.dtype, shape: h.shape, data: new Uint8Array(0), fortranOrder: h.fortranOrder, strings };
}

/** Returns a new Float64Array with the array's values (C order). */
export function ndArrayToFloat64(arr: NdArray): Float64Array {
  return Float64Array.from(arr.data);
}

const WRITE_TYPES: Record<NpyWriteDtype, { bytes: number; set: (v: DataView, p: number, x: number) => void }> = {
  '<f4': { bytes: 4, set: (v, p, x) => v.setFloat32(p, x, true) },
  '<f8': { bytes: 8, set: (v, p, x) => v.setFloat64(p, x, true) },
  '<i2': { bytes: 2, set: (v, p, x) => v.setInt16(p, x, true) },
  '<i4': { bytes: 4, set: (v, p, x) => v.setInt32(p, x, true) },
  '|u1': { bytes: 1, set: (v, p, x) => v.setUint8(p, x) },
  '|i1': { bytes: 1, set: (v, p, x) => v.setInt8(p, x) },
  '|b1': { bytes: 1, set: (v, p, x) => v.setUint8(p, x ? 1 : 0) },
};

/**
 * Encodes an array as a version 1.0 `.npy` (C order, header padded so data starts at a multiple of 64 bytes).
 *
 * @throws RangeError when `data.length` differs from the product of `shape` or the header would exceed 65535 bytes
 */
export function writeNpy(arr: NdArrayToWrite): Uint8Array {
  const t = WRITE_TYPES[arr.dtype];
  const count = arr.shape.reduce((a, b) => a * b, 1);
  if (count !== arr.data.length) {
    throw new RangeError(`writeNpy: shape (${arr.shape.join(', ')}) holds ${count} values, data has ${arr.data.length}`);
  }
  const shapeText = arr.shape.length === 1 ? `(${arr.shape[0]},)` : `(${arr.shape.join(', ')})`;
  let header = `{'descr': '${arr.dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1; // magic+version+len, header, '\n'
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  if (header.length > 0xffff) {throw new RangeError('writeNpy: header too long for npy v1.0');}
  const dataOffset = 10 + header.length;
  const out = new Uint8Array(dataOffset + count * t.bytes);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) {out[10 + i] = header.charCodeAt(i);}
  const view = new DataView(out.buffer);
  for (let i = 0, p = dataOffset; i < count; i++, p += t.bytes) {t.set(view, p, arr.data[i]);}
  return out;
}
