/**
 * Scalograms for the segment detail view, computed on demand and cached: the superlet image of the
 * lead-segment (the model's input contract applied) and, when the model that scored it is among the
 * configured folders, its reconstruction through the scorer's own path
 * (`NoiseScorer.reconstructSegment`, the batch job's numbers), |difference| and local PSNR.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SUPERLET_FREQS_HZ } from '../engine/dsp/superlet-plan';
import { DspParamError, EngineError } from '../engine/errors';
import { loadModelSpec, type ModelSpec } from '../engine/inference/model-spec';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from '../engine/inference/reverse-process';
import { parseScoreIdentityKey } from '../engine/inference/score-identity';
import { NoiseScorer } from '../engine/inference/scorer';
import type { ScalogramSet } from '../../src-shared/types';
import { cachedPromise, LruCache } from './lru-cache';
import type { WorkbenchSession } from './session';

/** Local-PSNR partitions shown in the detail view (10 = one per second of a 10-s window). */
export const DETAIL_PARTITIONS = 10;

/** A configured model folder and its card. */
interface ModelChoice {
  dir: string;
  spec: ModelSpec;
  /** Whether it is the model that scored the segment. */
  matches: boolean;
}

/** Computes (or returns cached) scalograms of segments, over the configured model folders. */
export class ScalogramService {
  private readonly dirs: string[];
  private readonly specs = new LruCache<Promise<ModelSpec>>(16);
  private readonly scorers = new LruCache<Promise<NoiseScorer>>(4);
  private readonly results = new LruCache<Promise<ScalogramSet>>(256);

  /**
   * @param modelDirs candidate model folders (each with model.json). A segment is reconstructed
   *   with the folder whose model sha256 matches its scores; when none matches, only the original
   *   scalogram is shown (with the first folder's input contract).
   */
  constructor(modelDirs: string[]) {
    this.dirs = modelDirs.filter((d) => existsSync(join(d, 'model.json')));
  }

  /** Scalograms of a segment for a model (the project's default when absent). */
  async compute(session: WorkbenchSession, segmentId: number, modelId: string | undefined): Promise<ScalogramSet> {
    const resolved = session.current().resolveModelId(modelId);
    const key = `${session.path}|${segmentId}|${resolved ?? ''}`;
    const hit = this.results.get(key);
    if (hit) {
      return { ...(await hit), cached: true, elapsedMs: 0 };
    }
    return cachedPromise(this.results, key, () => this.computeUncached(session, segmentId, resolved));
  }

  private async computeUncached(session: WorkbenchSession, segmentId: number, modelId: string | null): Promise<ScalogramSet> {
    const started = performance.now();
    const row = session.current().index(modelId ?? undefined).row(segmentId);
    if (!row) {
      throw new EngineError('not-found', `segment ${segmentId} does not exist`);
    }
    const identity = modelId ? parseScoreIdentityKey(modelId) : null;
    const model = await this.pickModel(identity?.modelSha256 ?? null);
    if (!model) {
      throw new EngineError('inference', 'No model folder is configured, so scalograms cannot be computed (start with --model DIR).');
    }
    const { record } = await session.recordSignals(row.recordId);
    const scorer = await cachedPromise(this.scorers, model.dir, () => NoiseScorer.load(model.dir, { threads: 1, device: 'cpu' }));
    const base: ScalogramSet = {
      rows: IMAGE_HEIGHT,
      cols: IMAGE_WIDTH,
      // Image row 0 is the highest frequency (40 Hz).
      freqsHz: [...SUPERLET_FREQS_HZ].reverse(),
      original: [],
      reconstructed: null,
      absDiff: null,
      localPsnr: null,
      psnr: null,
      modelId,
      note: null,
      cached: false,
      elapsedMs: 0,
    };
    if (!model.matches || !identity) {
      const prepared = await scorer.prepareRecord(record, { leads: [row.leadIndex], segments: [row.index] });
      const item = prepared.segments[0];
      if (!item) {
        throw new DspParamError(prepared.skipped[0]?.reason ?? `segment ${row.index} of lead ${row.lead} has no scalogram window`);
      }
      const note = identity
        ? `The model that scored this segment (${identity.modelSha256.slice(0, 12)}…) is not among the configured model folders.`
        : 'Not scored yet: no reconstruction to show.';
      return { ...base, original: Array.from(item.image, (v) => v / 255), note, elapsedMs: performance.now() - started };
    }
    const { score, reconstruction } = await scorer.reconstructSegment(record, row.leadIndex, row.index, { ...identity, partitions: DETAIL_PARTITIONS });
    return {
      ...base,
      original: Array.from(reconstruction.original, (v) => v / 255),
      reconstructed: Array.from(reconstruction.reconstruction, (v) => v / 255),
      absDiff: Array.from(reconstruction.difference, (v) => v / 255),
      localPsnr: score.localPsnr,
      psnr: score.psnr,
      elapsedMs: performance.now() - started,
    };
  }

  private async pickModel(sha256: string | null): Promise<ModelChoice | null> {
    let first: ModelChoice | null = null;
    for (const dir of this.dirs) {
      try {
        const spec = await cachedPromise(this.specs, dir, () => loadModelSpec(dir));
        if (sha256 !== null && spec.sha256 === sha256) {
          return { dir, spec, matches: true };
        }
        first ??= { dir, spec, matches: false };
      } catch {
        // An unreadable model folder is skipped; another may still match.
      }
    }
    return first;
  }
}
