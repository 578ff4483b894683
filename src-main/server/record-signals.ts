/**
 * Reads a stored record's samples for display (the segment detail view), via the engine's
 * readers. Records that live inside a multi-record file carry a `locator` (e.g. an NPZ row).
 */
import { EngineError } from '../engine/errors';
import type { RecordRow } from '../engine/db/types';
import type { RecordSignals } from './store';

/**
 * Loads the signals of `record` from its source file.
 * @throws EngineError('unavailable'-like 'not-found') when the reader is missing or the file is gone.
 */
export async function readRecordSignals(record: RecordRow): Promise<RecordSignals> {
  throw new EngineError('not-found', `reading ${record.sourcePath} is not wired yet (waiting for the engine's record loader)`);
}
