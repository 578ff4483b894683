/**
 * Reads a project record's samples back from where it was imported (for scoring and display):
 * WFDB and other record files through `loadRecords` (io/load.ts), subset NPZ rows by index (the
 * NPZ is read once and cached, see npz-subset.ts), annotation files by path.
 */
import { readFileSync } from 'node:fs';
import { EngineError } from '../errors';
import type { RecordRow } from '../db/types';
import { loadRecords, openRecordSources } from '../io/load';
import { memorySource } from '../io/signal-source';
import { readWfdbAnnotations } from '../io/wfdb';
import type { EcgAnnotation, EcgRecord, SignalSource } from '../types';
import { readSubsetArrays, subsetRecord } from './npz-subset';

/** Reads a WFDB record given its header path (with or without `.hea`), through `loadRecords`. */
export function readWfdbFromDisk(headerPath: string): EcgRecord {
  const header = headerPath.toLowerCase().endsWith('.hea') ? headerPath : `${headerPath}.hea`;
  const records = loadRecords(header);
  if (records.length !== 1) {
    throw new EngineError('invalid-input', `${header}: expected one record, found ${records.length}`);
  }
  return records[0];
}

/** Opens a WFDB record for range reads given its header path (with or without `.hea`). */
export function openWfdbFromDisk(headerPath: string): SignalSource {
  const header = headerPath.toLowerCase().endsWith('.hea') ? headerPath : `${headerPath}.hea`;
  const sources = openRecordSources(header);
  if (sources.length !== 1) {
    sources.forEach((s) => s.close());
    throw new EngineError('invalid-input', `${header}: expected one record, found ${sources.length}`);
  }
  return sources[0];
}

/** Reads a WFDB annotation file from disk. */
export function readAnnotationsFromDisk(path: string): EcgAnnotation[] {
  return readWfdbAnnotations(new Uint8Array(readFileSync(path)), path);
}

/**
 * The samples of a project record, as imported.
 * @throws EcgFormatError when the file is gone or changed format; EngineError('invalid-input')
 *   for a stored format nobody can reload.
 */
export async function loadProjectRecord(row: RecordRow): Promise<EcgRecord> {
  if (row.format === 'npz-subset') {
    return subsetRecord(readSubsetArrays(row.sourcePath), Number(row.locator));
  }
  if (row.format === 'wfdb') {
    return readWfdbFromDisk(row.sourcePath);
  }
  if (row.format.startsWith('file:')) {
    // Imported by the `files` importer through loadRecords; a rate given at import is stored as fsOption.
    const fsOption = typeof row.metadata.fsOption === 'number' ? row.metadata.fsOption : undefined;
    const records = loadRecords(row.sourcePath, fsOption === undefined ? {} : { fsHz: fsOption });
    const hit = row.locator === '' ? records[0] : records.find((r) => r.name === row.locator);
    if (!hit) {
      throw new EngineError('not-found', `${row.sourcePath}: record "${row.locator}" is no longer in the file`);
    }
    return hit;
  }
  throw new EngineError('invalid-input', `${row.sourcePath}: cannot reload records stored as "${row.format}"`);
}

/**
 * A project record opened for range reads, as imported: WFDB and EDF records stream from their
 * files (a day-long recording is never held whole), subset NPZ rows and other formats are read
 * whole. Close it when done.
 * @throws as {@link loadProjectRecord}.
 */
export async function openProjectSource(row: RecordRow): Promise<SignalSource> {
  if (row.format === 'wfdb' || row.format === 'file:wfdb' || row.format === 'file:edf') {
    const path = row.format === 'wfdb' && !row.sourcePath.toLowerCase().endsWith('.hea') ? `${row.sourcePath}.hea` : row.sourcePath;
    const sources = openRecordSources(path);
    const hit = row.locator === '' ? sources[0] : sources.find((s) => s.info.name === row.locator);
    for (const s of sources) {
      if (s !== hit) {
        s.close();
      }
    }
    if (!hit) {
      throw new EngineError('not-found', `${row.sourcePath}: record "${row.locator}" is no longer in the file`);
    }
    return hit;
  }
  return memorySource(await loadProjectRecord(row));
}
