/**
 * The segment detail view's data: the table row, the lead's samples in the window at full rate, a
 * min/max preview of every lead, sibling segments, every stored score and the label history.
 */
import { scoreIdentityKey } from '../engine/inference/score-identity';
import { toLabelEvent } from '../engine/project/project-model';
import type { SegmentDetail } from '../../src-shared/types';
import { ApiFailure } from './api/api-failure';
import { minMaxDecimate } from './decimate';
import type { WorkbenchSession } from './session';

/** Buckets of the other-leads previews (2 values each). */
const PREVIEW_BUCKETS = 300;

/** Trace values are sent rounded to this (1e-4 mV is far below ECG paper resolution). */
function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/**
 * Everything the detail view shows about a segment.
 * @throws ApiFailure('not-found') for an unknown segment or a lead missing from the file.
 */
export async function segmentDetail(session: WorkbenchSession, segmentId: number, modelId: string | undefined): Promise<SegmentDetail> {
  const started = performance.now();
  const model = session.current();
  const index = model.index(modelId);
  const row = index.row(segmentId, model.thresholdDb());
  if (!row) {
    throw new ApiFailure('not-found', `Segment ${segmentId} does not exist.`);
  }
  const record = await session.recordSignals(row.recordId);
  const fsHz = record.fsHz;
  const n = record.record.info.nSamples;
  const start = Math.min(n, Math.round(row.startS * fsHz));
  const end = Math.min(n, Math.round(row.endS * fsHz));
  if (row.leadIndex >= record.leadNames.length) {
    throw new ApiFailure('not-found', `Lead ${row.lead} is missing from ${record.source}.`);
  }
  // Only the window's samples are read, whatever the recording's length.
  const window = record.record.read(start, end);
  const siblings = index.siblings(segmentId);
  const stored = model.segmentDetail(segmentId);
  return {
    row,
    recordSource: record.source,
    fsHz,
    unitsKnown: record.unitsKnown,
    leadNames: record.leadNames,
    startS: row.startS,
    trace: Array.from(window[row.leadIndex], round4),
    previews: window.map((lead) => minMaxDecimate(lead, PREVIEW_BUCKETS)),
    siblingIds: record.leadNames.map((_, i) => siblings.get(i) ?? null),
    scores: stored.scores.map((s) => ({
      modelId: scoreIdentityKey(s),
      modelName: s.modelName,
      sha256: s.modelSha256,
      t: s.t,
      scheduler: s.scheduler,
      stepInterval: s.stepInterval,
      seed: s.seed,
      provider: s.provider,
      psnr: s.psnr,
      ssim: Number.isNaN(s.ssim) ? null : s.ssim,
      mse: s.mse,
      mae: s.mae,
      localPsnr: s.localPsnr,
      createdAt: s.createdAt,
    })),
    labelHistory: stored.history.map(toLabelEvent),
    elapsedMs: performance.now() - started,
  };
}
