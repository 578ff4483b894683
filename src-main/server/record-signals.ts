/**
 * Reads a stored record's samples for display (the segment detail view) through the engine's
 * record loader (NPZ rows by index, WFDB by header path, other formats as registered).
 */
import type { RecordRow } from '../engine/db/types';
import { loadProjectRecord } from '../engine/importers/record-source';
import type { RecordSignals } from './store';

/**
 * Loads the signals of `record` from its source file.
 * @throws EcgFormatError when the file is gone or changed; EngineError('invalid-input') for a
 *   stored format nobody can reload.
 */
export async function readRecordSignals(record: RecordRow): Promise<RecordSignals> {
  const ecg = await loadProjectRecord(record);
  return {
    fsHz: ecg.fsHz ?? record.fsHz,
    leadNames: ecg.leadNames,
    unitsKnown: ecg.unitsKnown,
    signals: ecg.signals,
    source: record.sourcePath + (record.locator ? ` [${record.locator}]` : ''),
    record: ecg,
  };
}
