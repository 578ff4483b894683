/**
 * MATLAB v4 `.mat` signal files as written by WFDB's wfdb2mat / PhysioNet Challenge 2020–21 and
 * PTB-XL (`val` matrix, signals × samples, stored column-major, i.e. frame-interleaved).
 * Level-4 MAT layout: https://www.mathworks.com/help/pdf_doc/matlab/matfile_format.pdf (v4 section).
 */
import { EcgFormatError } from '../../errors';

/** MAT v4 header: five little-endian int32 then the variable name (with its NUL). */
const MAT4_HEADER_BYTES = 20;

/** Element type by the P digit of MOPT. */
const MAT4_TYPES: Readonly<Record<number, { name: MatElementType; bytes: number }>> = {
  0: { name: 'float64', bytes: 8 },
  1: { name: 'float32', bytes: 4 },
  2: { name: 'int32', bytes: 4 },
  3: { name: 'int16', bytes: 2 },
  4: { name: 'uint16', bytes: 2 },
  5: { name: 'uint8', bytes: 1 },
};

export type MatElementType = 'float64' | 'float32' | 'int32' | 'int16' | 'uint16' | 'uint8';

/** The matrix header of a MAT v4 file. */
export interface Mat4Header {
  variableName: string;
  rows: number;
  cols: number;
  elementType: MatElementType;
  bytesPerElement: number;
  /** Byte offset of the first matrix element. */
  dataOffset: number;
}

/**
 * Parses the header of the first matrix in a MAT v4 file.
 *
 * @param bytes - the whole `.mat` file, or its first bytes (at least the header and variable name).
 * @param file - name for error messages.
 * @param fileBytes - the file's size (default `bytes.length`: the whole file was given).
 * @throws EcgFormatError when the file is not a little-endian, real, full MAT v4 matrix, or is shorter
 *   than its header says.
 */
export function parseMat4Header(bytes: Uint8Array, file: string, fileBytes = bytes.length): Mat4Header {
  if (bytes.length < MAT4_HEADER_BYTES) {
    throw new EcgFormatError(file, 'wfdb', `MAT file is ${bytes.length} bytes, shorter than a MAT v4 header (20)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mopt = view.getInt32(0, true);
  const rows = view.getInt32(4, true);
  const cols = view.getInt32(8, true);
  const imagf = view.getInt32(12, true);
  const namlen = view.getInt32(16, true);
  // MOPT = M·1000 + O·100 + P·10 + T; M=0 little-endian, O=0, T=0 full numeric matrix.
  const m = Math.floor(mopt / 1000);
  const o = Math.floor(mopt / 100) % 10;
  const p = Math.floor(mopt / 10) % 10;
  const t = mopt % 10;
  const type = MAT4_TYPES[p];
  if (mopt < 0 || m !== 0 || o !== 0 || t !== 0 || type === undefined) {
    throw new EcgFormatError(file, 'wfdb', `not a little-endian MAT v4 numeric matrix (type word ${mopt}; MAT v5/v7 files are not supported)`, 0);
  }
  if (imagf !== 0) {
    throw new EcgFormatError(file, 'wfdb', 'MAT matrix is complex; ECG signals must be real', 12);
  }
  if (rows < 0 || cols < 0 || namlen <= 0 || namlen > 64) {
    throw new EcgFormatError(file, 'wfdb', `MAT header has invalid sizes (rows ${rows}, cols ${cols}, name length ${namlen})`, 4);
  }
  const dataOffset = MAT4_HEADER_BYTES + namlen;
  const nameBytes = bytes.subarray(MAT4_HEADER_BYTES, Math.min(bytes.length, dataOffset - 1));
  const needed = dataOffset + rows * cols * type.bytes;
  if (fileBytes < needed) {
    throw new EcgFormatError(file, 'wfdb', `MAT matrix ${rows}×${cols} ${type.name} needs ${needed} bytes but the file has ${fileBytes} (truncated)`);
  }
  return {
    variableName: new TextDecoder('latin1').decode(nameBytes),
    rows,
    cols,
    elementType: type.name,
    bytesPerElement: type.bytes,
    dataOffset,
  };
}

/**
 * Reads a MAT v4 matrix of any supported element type as float64 ADC values in storage
 * (column-major = frame-interleaved) order.
 *
 * @param bytes - the whole file.
 * @throws EcgFormatError naming the element index when a value is NaN or infinite.
 */
export function readMat4Values(bytes: Uint8Array, header: Mat4Header, file: string): Float64Array {
  return readMat4Elements(bytes.subarray(header.dataOffset), header, file, 0, header.rows * header.cols);
}

/**
 * Elements `[first, first + count)` of a MAT v4 matrix as float64, from `bytes` that start at
 * element `first` (file byte `dataOffset + first · bytesPerElement`): a range read of a long record.
 *
 * @throws EcgFormatError naming the element index when a value is NaN or infinite.
 */
export function readMat4Elements(bytes: Uint8Array, header: Mat4Header, file: string, first: number, count: number): Float64Array {
  const n = count;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * header.bytesPerElement);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    switch (header.elementType) {
      case 'float64':
        v = view.getFloat64(i * 8, true);
        break;
      case 'float32':
        v = view.getFloat32(i * 4, true);
        break;
      case 'int32':
        v = view.getInt32(i * 4, true);
        break;
      case 'int16':
        v = view.getInt16(i * 2, true);
        break;
      case 'uint16':
        v = view.getUint16(i * 2, true);
        break;
      case 'uint8':
        v = view.getUint8(i);
        break;
    }
    if (!Number.isFinite(v)) {
      const e = first + i;
      throw new EcgFormatError(
        file,
        'wfdb',
        `MAT matrix holds ${Number.isNaN(v) ? 'NaN' : 'an infinite value'} at element ${e} (row ${e % header.rows}, column ${Math.floor(e / header.rows)})`,
        header.dataOffset + e * header.bytesPerElement,
      );
    }
    out[i] = v;
  }
  return out;
}
