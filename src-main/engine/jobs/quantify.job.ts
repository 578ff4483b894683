/**
 * Batch quantification of a project: scores every lead-segment that has no score yet for the
 * model + sampling parameters, record by record and, within a record, chunk by chunk (10 min of
 * recording, see inference/contract-plan.ts), each chunk's scores (and the segments' classical SQIs)
 * committed in one transaction. Records are read as streams, so memory does not grow with their
 * length. A killed run loses at most the chunk in flight: rerunning resumes inside the record, since
 * only segments without a score are read and scored. `shard` scores a deterministic 1/N of the
 * records (see `shardHash`), `limit` caps the lead-segments scored.
 */
import { EngineError, JobCancelledError, serializeError } from '../errors';
import { ProjectDb, THRESHOLD_SETTING } from '../db/project-db';
import { calibratedThreshold } from '../inference/calibration';
import { getRecord } from '../db/records-repo';
import { NoiseScorer } from '../inference/scorer';
import { insertScores, listPendingRecords, listPendingWindows, type NewScore, type PendingRecord, type WorkFilter } from '../db/scores-repo';
import { type NewSqi, upsertSqis } from '../db/sqi-repo';
import type { SegmentSqi } from '../metrics/sqi';
import type { ScoreParams } from '../db/types';
import { openProjectSource } from '../importers/record-source';
import { resolveSampling, type SamplingDefaults, type SamplingParams } from '../inference/score-identity';
import type { SignalSource } from '../types';
import { etaSeconds, recordPosition, type ScoringProgress } from './scoring-progress';
import { roundThresholdDb } from '../../../src-shared/psnr';

/** One scored lead-segment as the job stores it. */
export interface BatchScore {
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
}

/** A lead (segmentIndex null) or window not scored for invalid samples. */
export interface BatchSkip {
  leadName: string;
  segmentIndex: number | null;
  reason: string;
}

/** One chunk of a record: its scores and skips, or why it could not be read; `endS` is where it ends. */
export type BatchChunk = ({ scores: BatchScore[]; skipped: BatchSkip[] } | { error: unknown }) & { endS: number };

/** What the job needs from a scorer (the inference engine's `NoiseScorer` satisfies it through `batchScorer`). */
export interface BatchScorer {
  /** Model identity: name and sha256 of its model.json, default sampling parameters. */
  readonly spec: { name: string; sha256: string } & SamplingDefaults;
  /** The model card's calibrated PSNR threshold, dB (null when it has none). */
  readonly calibratedThresholdDb?: number | null;
  /**
   * Scores the wanted lead-windows of a record chunk by chunk, in time order.
   * @throws before the first chunk when the record cannot be scored at all (no rate, too short…).
   */
  scoreChunks(
    source: SignalSource,
    opts: Partial<SamplingParams> & {
      leads?: number[];
      /** Only these lead-windows (the pending ones). */
      wanted?: (leadIndex: number, windowIndex: number) => boolean;
      /** Skip windows with more invalid (NaN) samples than this fraction (the scorer's default when absent). */
      maxInvalidFraction?: number;
    },
  ): AsyncIterable<BatchChunk>;
}

/** The job's view of a loaded `NoiseScorer`. */
export function batchScorer(scorer: NoiseScorer): BatchScorer {
  const calibrated = calibratedThreshold((scorer.spec.raw as { metrics?: unknown }).metrics);
  return {
    spec: scorer.spec,
    calibratedThresholdDb: calibrated.fromCard ? calibrated.thresholdDb : null,
    async *scoreChunks(source, opts) {
      for await (const outcome of scorer.scoreChunks(source, opts)) {
        const endS = outcome.work.chunk.modelEnd / outcome.work.ctx.plan.modelHz;
        yield 'error' in outcome ? { error: outcome.error, endS } : { scores: outcome.scores, skipped: outcome.skipped, endS };
      }
    },
  };
}

/**
 * A project without a threshold of its own takes the scoring model's calibrated one (a model's PSNR
 * scale is its own: the paper's 24 dB may flag nothing), so every view starts from a useful cut.
 * A threshold already stored — set by a curator or an earlier run — is kept.
 */
function adoptCalibratedThreshold(project: ProjectDb, scorer: BatchScorer): void {
  const calibrated = scorer.calibratedThresholdDb;
  if (calibrated !== undefined && calibrated !== null && Number.isFinite(calibrated) && project.getSetting(THRESHOLD_SETTING) === null) {
    project.setSetting(THRESHOLD_SETTING, String(roundThresholdDb(calibrated)));
  }
}

/** Input of {@link run}: unset sampling parameters take the model card's defaults (`resolveSampling`). */
export interface QuantifyInput extends Partial<SamplingParams> {
  /** Project database path. */
  dbPath: string;
  /** A loaded scorer (the CLI loads `NoiseScorer` from --model), or the job's view of one. */
  scorer: NoiseScorer | BatchScorer;
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

/** Progress report after each chunk of a record and after each record. */
export type QuantifyProgress = ScoringProgress;

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
export function resolveParams(input: { scorer: { spec: BatchScorer['spec'] } } & Pick<QuantifyInput, 't' | 'stepInterval' | 'scheduler' | 'seed'>): ScoreParams {
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
    const scorer = input.scorer instanceof NoiseScorer ? batchScorer(input.scorer) : input.scorer;
    adoptCalibratedThreshold(project, scorer);
    const report = (recordsDone: number, current: string): void => {
      const done = summary.segmentsScored;
      onProgress({ segmentsDone: done, segmentsTotal, recordsDone, recordsTotal: pending.length, current, etaS: etaSeconds(startedMs, done, segmentsTotal) });
    };
    for (const [i, item] of pending.entries()) {
      if (signal?.aborted) {
        throw new JobCancelledError('quantify cancelled');
      }
      const key = `${item.datasetName}/${item.naturalKey}`;
      try {
        const onSkipped = (skipped: BatchSkip): void => {
          const where = skipped.segmentIndex === null ? '' : ` window ${skipped.segmentIndex}`;
          summary.failed.push({ record: `${key} lead ${skipped.leadName}${where}`, reason: skipped.reason });
          summary.skippedForInvalidSamples += 1;
        };
        const progress = (added: number, where: string): void => {
          summary.segmentsScored += added;
          report(i, `${key} ${where}`);
        };
        await scoreOneRecord(project, item, params, { ...input, scorer, filter }, onSkipped, progress, signal);
        summary.recordsScored += 1;
      } catch (error) {
        if (error instanceof JobCancelledError) {
          throw error;
        }
        summary.failed.push({ record: key, reason: serializeError(error).message });
      }
      report(i + 1, key);
    }
    summary.segmentsPending = listPendingRecords(project.db, params, filter).reduce((n, p) => n + p.pendingSegments, 0);
    summary.elapsedS = (Date.now() - startedMs) / 1000;
    return summary;
  } finally {
    project.close();
  }
}


/**
 * Scores the pending segments of one record chunk by chunk, each chunk's scores and SQIs stored in
 * one transaction (already stored ones are kept). Windows the scorer skips (invalid samples) go to
 * `onSkipped` and get no score row; `progress` hears the segments added after each chunk.
 * @throws the chunk's error when a chunk cannot be read (the chunks before it stay stored);
 *   JobCancelledError when `signal` aborts between chunks.
 */
async function scoreOneRecord(
  project: ProjectDb,
  item: PendingRecord,
  params: ScoreParams,
  input: Pick<QuantifyInput, 'maxInvalidFraction'> & { scorer: BatchScorer; filter: WorkFilter },
  onSkipped: (skipped: BatchSkip) => void,
  progress: (added: number, where: string) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const recordId = item.recordId;
  const row = getRecord(project.db, recordId);
  if (!row) {
    throw new EngineError('not-found', `record ${recordId} vanished`);
  }
  const pendingWindows = listPendingWindows(project.db, params, recordId, input.filter);
  const source = await openProjectSource(row);
  const segmentIds = project.db.prepare('SELECT id, lead_index, segment_index FROM segments WHERE record_id = ? AND segment_index BETWEEN ? AND ?');
  try {
    const chunks = input.scorer.scoreChunks(source, {
      t: params.t,
      stepInterval: params.stepInterval,
      scheduler: params.scheduler,
      seed: params.seed,
      leads: item.pendingLeads.length === row.leadNames.length ? undefined : item.pendingLeads,
      wanted: (lead, window) => pendingWindows.has(lead, window),
      maxInvalidFraction: input.maxInvalidFraction,
    });
    for await (const chunk of chunks) {
      if ('error' in chunk) {
        throw chunk.error;
      }
      chunk.skipped.forEach(onSkipped);
      const windows = chunk.scores.map((s) => s.segmentIndex);
      const ids = new Map(
        windows.length === 0
          ? []
          : (segmentIds.all(recordId, Math.min(...windows), Math.max(...windows)) as { id: number; lead_index: number; segment_index: number }[]).map(
              (s) => [`${s.lead_index}:${s.segment_index}`, s.id],
            ),
      );
      const rows: NewScore[] = [];
      const sqis: NewSqi[] = [];
      for (const s of chunk.scores) {
        const segmentId = ids.get(`${s.leadIndex}:${s.segmentIndex}`);
        if (segmentId !== undefined) {
          rows.push({ ...params, segmentId, provider: s.provenance.provider, psnr: s.psnr, ssim: s.ssim, mse: s.mse, mae: s.mae, localPsnr: s.localPsnr });
          if (s.sqi) {
            sqis.push({ segmentId, sqi: s.sqi });
          }
        }
      }
      const added = project.transaction(() => {
        upsertSqis(project.db, sqis);
        return insertScores(project.db, rows);
      });
      progress(added, recordPosition(chunk.endS, row.durationS));
      if (signal?.aborted) {
        throw new JobCancelledError('quantify cancelled');
      }
    }
  } finally {
    source.close();
  }
}
