/**
 * Opens a stored record's samples for display (the segment detail and record overview views) through
 * the engine's record sources: WFDB and EDF stream from their files, other formats are read whole.
 */
import type { RecordRow } from '../engine/db/types';
import { openProjectSource } from '../engine/importers/record-source';
import type { RecordSignals } from './store';

/**
 * Opens `record` from its source file.
 * @throws EcgFormatError when the file is gone or changed; EngineError('invalid-input') for a
 *   stored format nobody can reload.
 */
export async function readRecordSignals(record: RecordRow): Promise<RecordSignals> {
  const source = await openProjectSource(record);
  return {
    fsHz: source.info.fsHz ?? record.fsHz,
    leadNames: source.info.leadNames,
    unitsKnown: source.info.unitsKnown,
    source: record.sourcePath + (record.locator ? ` [${record.locator}]` : ''),
    record: source,
  };
}
