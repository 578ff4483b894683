/**
 * Batch quantification of a project: scores every lead-segment that has no score yet for the
 * model + sampling parameters, one record at a time, each record's scores (and the segments'
 * classical SQIs) committed in one transaction. A killed run loses at most the record in flight; rerunning resumes. `shard` scores
 * a deterministic 1/N of the records (see `shardHash`), `limit` caps the lead-segments scored.
 */
import { EngineError, JobCancelledError, serializeError } from '../errors';
import { ProjectDb } from '../db/project-db';
import { getRecord } from '../db/records-repo';
import { insertScores, listPendingRecords, type NewScore, type PendingRecord, type WorkFilter } from '../db/scores-repo';
import { type NewSqi, upsertSqis } from '../db/sqi-repo';
import type { SegmentSqi } from '../metrics/sqi';
import type { ScoreParams } from '../db/types';
import { loadProjectRecord } from '../importers/record-source';
import { resolveSampling, type SamplingDefaults, type SamplingParams } from '../inference/score-identity';
import type { EcgRecord } from '../types';

/** What the job needs from a scorer (the inference engine's `NoiseScorer` satisfies it). */
export interface BatchScorer {
  /** Model identity: name and sha256 of its model.json, default sampling parameters. */
  readonly spec: { name: string; sha256: string } & SamplingDefaults;
  scoreRecord(
    record: EcgRecord,
    opts: Partial<SamplingParams> & {
      leads?: number[];
      /** Skip windows with more invalid (NaN) samples than this fraction (the scorer's default when absent). */
      maxInvalidFraction?: number;
      /** Called for each lead (segmentIndex null) or window not scored for invalid samples. */
      onSkipped?: (skipped: { leadName: string; segmentIndex: number | null; reason: string }) => void;
    },
  ): Promise<
    {
      leadIndex: number;
      segmentIndex: number;
      psnr: number;
      ssim: number;
      mse: number;
      mae: number;
      localPsnr: number[];
      /** Classical SQIs of the window, stored beside the score (null: rate too low for them). */
      sqi: SegmentSqi | null;
      provenance: { provider: string };
    }[]
  >;
}

/** Input of {@link run}: unset sampling parameters take the model card's defaults (`resolveSampling`). */
export interface QuantifyInput extends Partial<SamplingParams> {
  /** Project database path. */
  dbPath: string;
  /** A loaded scorer (the CLI loads `NoiseScorer` from --model). */
  scorer: BatchScorer;
  /** Only this dataset. */
  datasetName?: string;
  /** Score records of shard K of N (1-based K). */
  shard?: [number, number];
  /** Stop after at least this many lead-segments were scored (whole records). */
  limit?: number;
  /** Only segments matching all of these (see `WorkFilter`). */
  where?: Pick<WorkFilter, 'leadName' | 'label' | 'fold'>;
  /**
   * Skip windows with more invalid (NaN) samples than this fraction (default: the scorer's,
   * MAX_INVALID_FRACTION). Not part of the resume key: it decides which windows get a score, not the score.
   */
  maxInvalidFraction?: number;
}

/** Progress report after each record. */
export interface QuantifyProgress {
  segmentsDone: number;
  segmentsTotal: number;
  recordsDone: number;
  recordsTotal: number;
  /** Natural key of the record just finished. */
  current: string;
}

/** Outcome of {@link run}. */
export interface QuantifySummary {
  params: ScoreParams;
  recordsScored: number;
  segmentsScored: number;
  /** Segments still without a score for these parameters in the selected work (after this run). */
  segmentsPending: number;
  /**
   * Records that could not be loaded or scored, and leads/windows of scored records that were not
   * scored for invalid (NaN) samples (`record` is then `<key> lead <name>[ window <i>]`); skipped,
   * reported. Such windows stay without a score, so they count as pending and a rerun reports them again.
   */
  failed: { record: string; reason: string }[];
  /** How many entries of `failed` are leads or windows skipped for invalid samples. */
  skippedForInvalidSamples: number;
  elapsedS: number;
}

/** Resolves the identity of a run's scores (the resume key). */
export function resolveParams(input: Pick<QuantifyInput, 'scorer' | 't' | 'stepInterval' | 'scheduler' | 'seed'>): ScoreParams {
  return { modelName: input.scorer.spec.name, modelSha256: input.scorer.spec.sha256, ...resolveSampling(input.scorer.spec, input) };
}

/**
 * Scores pending segments of the project.
 * @throws JobCancelledError when `signal` aborts (finished records stay committed).
 * @throws EngineError('invalid-input') on a bad shard.
 */
export async function run(
  input: QuantifyInput,
  onProgress: (p: QuantifyProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<QuantifySummary> {
  const startedMs = Date.now();
  if (input.shard && !(input.shard[1] >= 1 && input.shard[0] >= 1 && input.shard[0] <= input.shard[1])) {
    throw new EngineError('invalid-input', `shard must be K/N with 1 ≤ K ≤ N, got ${input.shard.join('/')}`);
  }
  const params = resolveParams(input);
  const project = ProjectDb.open(input.dbPath);
  try {
    const filter: WorkFilter = { datasetName: input.datasetName, shard: input.shard, ...input.where };
    let pending = listPendingRecords(project.db, params, filter);
    if (input.limit !== undefined) {
      let budget = input.limit;
      pending = pending.filter((p) => {
        const take = budget > 0;
        budget -= p.pendingSegments;
        return take;
      });
    }
    const segmentsTotal = pending.reduce((n, p) => n + p.pendingSegments, 0);
    const summary: QuantifySummary = { params, recordsScored: 0, segmentsScored: 0, segmentsPending: 0, failed: [], skippedForInvalidSamples: 0, elapsedS: 0 };
    for (const [i, item] of pending.entries()) {
      if (signal?.aborted) {
        throw new JobCancelledError('quantify cancelled');
      }
      const key = `${item.datasetName}/${item.naturalKey}`;
      try {
        const onSkipped = (skipped: { leadName: string; segmentIndex: number | null; reason: string }): void => {
          const where = skipped.segmentIndex === null ? '' : ` window ${skipped.segmentIndex}`;
          summary.failed.push({ record: `${key} lead ${skipped.leadName}${where}`, reason: skipped.reason });
          summary.skippedForInvalidSamples += 1;
        };
        summary.segmentsScored += await scoreOneRecord(project, item, key, params, input, onSkipped);
        summary.recordsScored += 1;
      } catch (error) {
        summary.failed.push({ record: key, reason: serializeError(error).message });
      }
      onProgress({ segmentsDone: summary.segmentsScored, segmentsTotal, recordsDone: i + 1, recordsTotal: pending.length, current: key });
    }
    summary.segmentsPending = listPendingRecords(project.db, params, filter).reduce((n, p) => n + p.pendingSegments, 0);
    summary.elapsedS = (Date.now() - startedMs) / 1000;
    return summary;
  } finally {
    project.close();
  }
}

/**
 * Scores the pending leads of one record (every window of each) and stores the scores in one
 * transaction (already stored ones are kept); returns the segments added. Windows the scorer skips
 * (invalid samples) go to `onSkipped` and get no score row.
 */
async function scoreOneRecord(
  project: ProjectDb,
  item: PendingRecord,
  key: string,
  params: ScoreParams,
  input: Pick<QuantifyInput, 'scorer' | 'maxInvalidFraction'>,
  onSkipped: NonNullable<Parameters<BatchScorer['scoreRecord']>[1]['onSkipped']>,
): Promise<number> {
  const recordId = item.recordId;
  const row = getRecord(project.db, recordId);
  if (!row) {
    throw new EngineError('not-found', `record ${recordId} vanished`);
  }
  const record = await loadProjectRecord(row);
  const scores = await input.scorer.scoreRecord(record, {
    t: params.t,
    stepInterval: params.stepInterval,
    scheduler: params.scheduler,
    seed: params.seed,
    leads: item.pendingLeads.length === row.leadNames.length ? undefined : item.pendingLeads,
    maxInvalidFraction: input.maxInvalidFraction,
    onSkipped,
  });
  const segIds = new Map(
    (project.db.prepare('SELECT id, lead_index, segment_index FROM segments WHERE record_id = ?').all(recordId) as {
      id: number;
      lead_index: number;
      segment_index: number;
    }[]).map((s) => [`${s.lead_index}:${s.segment_index}`, s.id]),
  );
  const rows: NewScore[] = [];
  const sqis: NewSqi[] = [];
  for (const s of scores) {
    const segmentId = segIds.get(`${s.leadIndex}:${s.segmentIndex}`);
    if (segmentId !== undefined) {
      rows.push({ ...params, segmentId, provider: s.provenance.provider, psnr: s.psnr, ssim: s.ssim, mse: s.mse, mae: s.mae, localPsnr: s.localPsnr });
      if (s.sqi) {
        sqis.push({ segmentId, sqi: s.sqi });
      }
    }
  }
  return project.transaction(() => {
    upsertSqis(project.db, sqis);
    return insertScores(project.db, rows);
  });
}
