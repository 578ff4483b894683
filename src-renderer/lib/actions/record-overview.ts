/** Loads a record's overview (the whole record, or a zoomed span) for the record view. */
import { CHANNEL } from '../../../src-shared/contract-names';
import type { RecordOverview } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';

/** The overview of `recordId` over `span` seconds (whole record when absent), `pixels` columns wide. */
export function loadRecordOverview(recordId: number, pixels: number, span?: [number, number]): Promise<RecordOverview> {
  return api.call(CHANNEL.recordOverview, {
    recordId,
    pixels: Math.max(16, Math.min(8192, Math.round(pixels))),
    ...(span ? { startS: Math.max(0, span[0]), endS: span[1] } : {}),
  });
}
