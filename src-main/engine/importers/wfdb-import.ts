/** Importing one WFDB record from its header on disk: the open / import / close / report steps every WFDB importer shares. */
import type { ProjectDb } from '../db/project-db';
import type { SignalSource } from '../types';
import { importOneRecord, type ImportSummary, type RecordToImport } from './common';
import { openWfdbFromDisk } from './record-source';

/**
 * Opens the record of `header` for range reads, imports it with what `describe` adds (key,
 * metadata, labels), and closes it. A record that cannot be opened or described is counted and
 * reported in `summary.skipped` with its header path; the batch goes on.
 */
export function importWfdbHeader(
  project: ProjectDb,
  datasetId: number,
  header: string,
  describe: (record: SignalSource) => Omit<RecordToImport, 'record' | 'sourcePath' | 'format'>,
  summary: ImportSummary,
): void {
  try {
    const record = openWfdbFromDisk(header);
    try {
      importOneRecord(project, datasetId, { ...describe(record), record, sourcePath: header, format: 'wfdb' }, summary);
    } finally {
      record.close();
    }
  } catch (error) {
    summary.recordsSeen += 1;
    summary.skipped.push({ path: header, reason: error instanceof Error ? error.message : String(error) });
  }
}
