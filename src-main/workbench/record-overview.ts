/**
 * The record view's data: the engine's overview of a span of a record (engine/project/record-overview.ts)
 * with the PSNRs of the selected model; envelopes scanned for a record imported without them are stored.
 */
import { recordOverview as computeOverview } from '../engine/project/record-overview';
import type { RecordOverview } from '../../src-shared/types';
import { ApiFailure } from './api/api-failure';
import type { WorkbenchSession } from './session';

/** What the overview request carries (the contract's parsed request). */
export interface OverviewRequest {
  recordId: number;
  startS?: number;
  endS?: number;
  pixels: number;
  modelId?: string;
}

/**
 * The overview of a record's span.
 * @throws ApiFailure('not-found') for an unknown record; engine errors when its file cannot be read.
 */
export async function recordOverview(session: WorkbenchSession, req: OverviewRequest): Promise<RecordOverview> {
  const started = performance.now();
  const model = session.current();
  const index = model.index(req.modelId);
  const facts = index.record(req.recordId);
  if (!facts) {
    throw new ApiFailure('not-found', `Record ${req.recordId} does not exist.`);
  }
  const signals = await session.recordSignals(req.recordId);
  const { data, scanned } = computeOverview(signals.record, model.recordEnvelopes(req.recordId), index.recordWindows(req.recordId), req);
  if (scanned) {
    model.saveRecordEnvelopes(req.recordId, scanned);
  }
  const span = (data.columnSamples * data.envelopes[0].mins.length) / data.fsHz;
  return {
    recordId: req.recordId,
    record: facts.name,
    dataset: model.datasets().find((d) => d.id === facts.datasetId)?.name ?? '',
    recordSource: signals.source,
    fsHz: data.fsHz,
    unitsKnown: signals.unitsKnown,
    leadNames: signals.leadNames,
    durationS: data.nSamples / data.fsHz,
    startS: data.startSample / data.fsHz,
    endS: Math.min(data.nSamples / data.fsHz, data.startSample / data.fsHz + span),
    startSample: data.startSample,
    columnSamples: data.columnSamples,
    envelopes: data.envelopes,
    strips: data.strips,
    envelopeFrom: data.envelopeFrom,
    modelId: index.modelId,
    elapsedMs: performance.now() - started,
  };
}
