/**
 * The one module that reads ECG files from disk. It picks a reader (registry.ts), hands it bytes, and checks
 * every record it returns (sampling rate, lengths). Parsers elsewhere never touch the file system.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DspParamError, EcgFormatError } from '../errors';
import type { EcgRecord, RecordFormat, RecordInfo, SignalSource } from '../types';
import { recordsFromNpy, recordsFromNpz } from './array-records';
import type { ByteAccess } from './byte-access';
import { readCsv } from './csv';
import { readEdf } from './edf';
import { openEdfSource } from './edf-stream';
import { readNpy } from './npy';
import { readNpz } from './npz';
import { detectFormat, extensionOf, knownExtensions, WFDB_SIGNAL_EXTENSIONS } from './registry';
import { memorySource, recordInfo } from './signal-source';
import { readWfdbRecord } from './wfdb';
import { openWfdbSource } from './wfdb/record-stream';

/** Options of `loadRecords`. */
export interface LoadOptions {
  /** Sampling rate for files that carry none (NPY, NPZ without `fs`, CSV without time column). */
  fsHz?: number;
}

/** Largest file the loader reads (binary formats). */
export const MAX_FILE_BYTES = 2 * 1024 ** 3;
/** Largest text (CSV) file: V8 strings top out near 512 MiB, and parsing needs several copies. */
export const MAX_TEXT_BYTES = 256 * 1024 ** 2;
/** Sampling rates outside this range are rejected as absurd. */
export const MIN_FS_HZ = 1;
export const MAX_FS_HZ = 100_000;

function readWhole(path: string, format: string, limit: number): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {throw new EcgFormatError(path, format, 'is a directory, not a file');}
    size = st.size;
  } catch (error) {
    if (error instanceof EcgFormatError) {throw error;}
    throw new EcgFormatError(path, format, `cannot read file (${(error as Error).message})`);
  }
  if (size > limit) {
    throw new EcgFormatError(path, format, `file is too large (${size} bytes; limit ${limit} bytes for ${format})`);
  }
  return new Uint8Array(readFileSync(path));
}

function readHead(path: string, bytes = 1024): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function checkInfo(info: Pick<RecordInfo, 'format' | 'name' | 'fsHz' | 'leadNames'>, nSamples: number, file: string): void {
  const fs = info.fsHz;
  if (fs !== null && (!Number.isFinite(fs) || fs < MIN_FS_HZ || fs > MAX_FS_HZ)) {
    throw new EcgFormatError(file, info.format, `record '${info.name}': absurd sampling rate ${fs} Hz (accepted: ${MIN_FS_HZ}–${MAX_FS_HZ} Hz)`);
  }
  if (info.leadNames.length === 0) {throw new EcgFormatError(file, info.format, `record '${info.name}': no leads`);}
  if (nSamples === 0) {throw new EcgFormatError(file, info.format, `record '${info.name}': zero samples`);}
}

function checkRecord(record: EcgRecord, file: string): EcgRecord {
  if (record.signals.length === 0) {throw new EcgFormatError(file, record.format, `record '${record.name}': no leads`);}
  const n = record.signals[0].length;
  checkInfo(record, n, file);
  record.signals.forEach((s, i) => {
    if (s.length !== n) {
      throw new EcgFormatError(file, record.format, `record '${record.name}': lead '${record.leadNames[i]}' has ${s.length} samples, lead 0 has ${n}`);
    }
  });
  return record;
}

/** Range reads of files under `dir` (names relative to it), keeping each file open until `close()`. */
function diskAccess(dir: string): ByteAccess {
  const open = new Map<string, number>();
  const fd = (name: string): number => {
    let d = open.get(name);
    if (d === undefined) {
      d = openSync(join(dir, name), 'r');
      open.set(name, d);
    }
    return d;
  };
  return {
    size: (name) => fstatSync(fd(name)).size,
    read(name, offset, length) {
      const buf = new Uint8Array(Math.max(0, length));
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd(name), buf, got, buf.length - got, offset + got);
        if (n === 0) {
          break;
        }
        got += n;
      }
      return got === buf.length ? buf : buf.subarray(0, got);
    },
    close() {
      for (const d of open.values()) {
        closeSync(d);
      }
      open.clear();
    },
  };
}

function loadWfdb(headerPath: string, opts: LoadOptions): EcgRecord[] {
  const dir = dirname(headerPath);
  // Plain fs errors (missing file) propagate so the WFDB reader can say which header line named the file.
  const readFile = (name: string): Uint8Array => {
    const path = join(dir, name);
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      throw new EcgFormatError(path, 'wfdb', `file is too large (${size} bytes; limit ${MAX_FILE_BYTES} bytes for wfdb)`);
    }
    return new Uint8Array(readFileSync(path));
  };
  const record = readWfdbRecord(basename(headerPath), readFile);
  void opts; // WFDB headers always carry fs (250 Hz by WFDB default when omitted)
  return [{ ...record, source: headerPath }];
}

/**
 * Reads every ECG record in one file.
 *
 * Formats: WFDB (`.hea`, or a `.dat`/`.mat` whose sibling `.hea` exists), NPY, NPZ, CSV/TSV/TXT, EDF/EDF+/BDF;
 * the format is decided by magic bytes, then extension (registry.ts). Array conventions: array-records.ts.
 *
 * @param path file path
 * @param opts `fsHz` for files that carry no sampling rate (a rate stated in the file wins)
 * @returns one record per recording in the file (N for an [N, leads, samples] array), each checked for a
 *   sane sampling rate (1–100 000 Hz or null), at least one lead, ≥ 1 sample and equal lead lengths
 * @throws EcgFormatError naming the file and the problem (missing, empty, too large, unknown format, truncated,
 *   NaN/Inf, absurd shape or rate…); DspParamError for a bad `opts.fsHz`
 */
export function loadRecords(path: string, opts: LoadOptions = {}): EcgRecord[] {
  if (opts.fsHz !== undefined && (!Number.isFinite(opts.fsHz) || opts.fsHz < MIN_FS_HZ || opts.fsHz > MAX_FS_HZ)) {
    throw new DspParamError(`sampling rate ${opts.fsHz} Hz is not usable (accepted: ${MIN_FS_HZ}–${MAX_FS_HZ} Hz)`);
  }
  let head: Uint8Array;
  try {
    if (statSync(path).isDirectory()) {throw new EcgFormatError(path, 'unknown', 'is a directory, not a file');}
    head = readHead(path);
  } catch (error) {
    if (error instanceof EcgFormatError) {throw error;}
    throw new EcgFormatError(path, 'unknown', `cannot read file (${(error as Error).message})`);
  }
  const ext = extensionOf(path);
  if (WFDB_SIGNAL_EXTENSIONS.includes(ext)) {
    const header = path.slice(0, path.length - ext.length) + '.hea';
    try {
      statSync(header);
    } catch {
      throw new EcgFormatError(path, 'wfdb', `no sibling header ${basename(header)} for this ${ext} signal file`);
    }
    return loadWfdb(header, opts).map((r) => checkRecord(r, path));
  }
  const format: RecordFormat | null = detectFormat(path, head);
  if (format === null) {
    throw new EcgFormatError(
      path,
      'unknown',
      `unknown file format (extension '${ext || 'none'}'; known: ${knownExtensions().join(' ')})`,
    );
  }
  const fsOpt = opts.fsHz === undefined ? {} : { fsHz: opts.fsHz };
  let records: EcgRecord[];
  switch (format) {
    case 'wfdb':
      records = loadWfdb(path, opts);
      break;
    case 'npy':
      records = recordsFromNpy(readNpy(readWhole(path, 'npy', MAX_FILE_BYTES), path), path, fsOpt);
      break;
    case 'npz':
      records = recordsFromNpz(readNpz(readWhole(path, 'npz', MAX_FILE_BYTES), path), path, fsOpt);
      break;
    case 'csv':
      records = [readCsv(readWhole(path, 'csv', MAX_TEXT_BYTES), path, fsOpt)];
      break;
    case 'edf':
      records = [readEdf(readWhole(path, 'edf', MAX_FILE_BYTES), path)];
      break;
  }
  return records.map((r) => checkRecord(r, path));
}

/** A source whose facts passed the loader's checks; the source's own errors name `file`. */
function checkedSource(source: SignalSource, file: string): SignalSource {
  checkInfo(source.info, source.info.nSamples, file);
  return source;
}

/**
 * Opens every record in one file for range reads, without reading its samples: WFDB (any format,
 * multi-segment) and EDF/EDF+/BDF stream from disk (io/wfdb/record-stream.ts, io/edf-stream.ts), so
 * a day-long recording costs the memory of the range being read; NPY, NPZ and CSV have no
 * fixed-size layout to seek in (or are compressed) and are read whole by {@link loadRecords}, within
 * its size limits. Close each source when done.
 *
 * @throws EcgFormatError naming the file and the problem, as {@link loadRecords} (sample-level
 *   problems of streamed formats surface when those samples are read); DspParamError for a bad `opts.fsHz`.
 */
export function openRecordSources(path: string, opts: LoadOptions = {}): SignalSource[] {
  const ext = extensionOf(path);
  let header: string | null;
  let format: RecordFormat | null;
  if (WFDB_SIGNAL_EXTENSIONS.includes(ext)) {
    header = path.slice(0, path.length - ext.length) + '.hea';
    format = 'wfdb';
  } else {
    try {
      if (statSync(path).isDirectory()) {throw new EcgFormatError(path, 'unknown', 'is a directory, not a file');}
      format = detectFormat(path, readHead(path));
    } catch (error) {
      if (error instanceof EcgFormatError) {throw error;}
      throw new EcgFormatError(path, 'unknown', `cannot read file (${(error as Error).message})`);
    }
    header = format === 'wfdb' ? path : null;
  }
  if (format === 'wfdb' && header !== null) {
    try {
      statSync(header);
    } catch {
      throw new EcgFormatError(path, 'wfdb', `no sibling header ${basename(header)} for this ${ext} signal file`);
    }
    const source = openWfdbSource(basename(header), diskAccess(dirname(header)));
    return [checkedSource({ ...source, info: { ...source.info, source: header }, read: source.read, close: source.close }, path)];
  }
  if (format === 'edf') {
    try {
      return [checkedSource(openEdfSource(path, diskAccess('')), path)];
    } catch (error) {
      if (error instanceof EcgFormatError) {throw error;}
      throw new EcgFormatError(path, 'edf', `cannot read file (${(error as Error).message})`);
    }
  }
  return loadRecords(path, opts).map(memorySource);
}

/** Summary of a record for `ecgnq info` and the UI. */
export interface RecordDescription {
  name: string;
  source: string;
  format: RecordFormat;
  fsHz: number | null;
  leads: string[];
  nSamples: number;
  /** Duration in seconds, or null when fs is unknown. */
  durationS: number | null;
  /** Units stated per lead by the file ('unknown' when none). */
  units: string[];
  /** True when the signals are in millivolts. */
  unitsKnown: boolean;
}

/** Describes a record, or a source from its header facts (pure; no I/O). */
export function describeRecord(record: EcgRecord | SignalSource): RecordDescription {
  const info = 'signals' in record ? recordInfo(record) : record.info;
  return {
    name: info.name,
    source: info.source,
    format: info.format,
    fsHz: info.fsHz,
    leads: [...info.leadNames],
    nSamples: info.nSamples,
    durationS: info.fsHz ? info.nSamples / info.fsHz : null,
    units: [...info.sourceUnits],
    unitsKnown: info.unitsKnown,
  };
}
