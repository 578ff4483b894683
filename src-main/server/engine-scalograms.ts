/**
 * The engine-backed {@link ScalogramService}: superlet image of the lead-segment (the model's input
 * contract applied), its diffusion reconstruction with the same noise key and parameters as the
 * batch job, |difference| and local PSNR per 1-s partition. Results are cached per segment+model.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SUPERLET_FREQS_HZ } from '../engine/dsp/superlet-plan';
import { EngineError } from '../engine/errors';
import { loadModelSpec, type ModelSpec } from '../engine/inference/model-spec';
import { prepareRecordImages } from '../engine/inference/preprocess';
import { imageMetrics, NoiseScorer, type ScoreOptions } from '../engine/inference/scorer';
import type { ScalogramSet } from '../../src-shared/types';
import { parseModelKey } from './db-store';
import { LruCache, type ProjectSession } from './project-session';
import type { ScalogramService } from './scalogram-service';

/** Local-PSNR partitions shown in the detail view (10 = one per second of a 10-s window). */
export const DETAIL_PARTITIONS = 10;
const IMAGE_ROWS = 32;
const IMAGE_COLS = 256;

/**
 * Creates the service over candidate model folders (each with model.json). A segment is
 * reconstructed with the folder whose model sha256 matches the segment's scores; when none
 * matches, only the original scalogram is shown (with the first model's input contract).
 */
export function createScalogramService(modelDirs: string[]): ScalogramService {
  const dirs = modelDirs.filter((d) => existsSync(join(d, 'model.json')));
  const specs = new LruCache<Promise<ModelSpec>>(16);
  const scorers = new Map<string, Promise<NoiseScorer>>();
  const results = new LruCache<Promise<ScalogramSet>>(256);

  function spec(dir: string): Promise<ModelSpec> {
    let pending = specs.get(dir);
    if (!pending) {
      pending = loadModelSpec(dir);
      specs.set(dir, pending);
    }
    return pending;
  }

  function scorer(dir: string): Promise<NoiseScorer> {
    let pending = scorers.get(dir);
    if (!pending) {
      pending = NoiseScorer.load(dir, { threads: 1, device: 'cpu' });
      pending.catch(() => scorers.delete(dir));
      scorers.set(dir, pending);
    }
    return pending;
  }

  async function pickModel(sha256: string | null): Promise<{ dir: string; spec: ModelSpec; matches: boolean } | null> {
    let first: { dir: string; spec: ModelSpec; matches: boolean } | null = null;
    for (const dir of dirs) {
      try {
        const s = await spec(dir);
        if (sha256 !== null && s.sha256 === sha256) {
          return { dir, spec: s, matches: true };
        }
        first ??= { dir, spec: s, matches: false };
      } catch {
        // An unreadable model folder is skipped; another may still match.
      }
    }
    return first;
  }

  async function computeUncached(session: ProjectSession, segmentId: number, modelId: string | null): Promise<ScalogramSet> {
    const started = performance.now();
    const index = session.index(modelId ?? undefined);
    const row = index.row(segmentId);
    if (!row) {
      throw new EngineError('not-found', `segment ${segmentId} does not exist`);
    }
    const params = modelId ? parseModelKey(modelId) : null;
    const model = await pickModel(params?.modelSha256 ?? null);
    if (!model) {
      throw new EngineError('inference', 'No model folder is configured, so scalograms cannot be computed (start with --model DIR).');
    }
    const signals = await session.recordSignals(row.recordId);
    // Only the chunk holding the window is read and filtered (the same chunk the scorer used).
    const prepared = await prepareRecordImages(signals.record, model.spec.inputContract, { leads: [row.leadIndex], segments: [row.index] });
    const item = prepared.segments.find((s) => s.segmentIndex === row.index);
    if (!item) {
      // Skipped for invalid samples (the window, or the whole lead): show why.
      const skip = prepared.skipped.find((s) => s.segmentIndex === row.index || s.segmentIndex === null);
      throw new EngineError(skip ? 'dsp-param' : 'not-found', skip?.reason ?? `segment ${row.index} of lead ${row.lead} has no scalogram window`);
    }
    const original = Array.from(item.image, (v) => v / 255);
    const base: ScalogramSet = {
      rows: IMAGE_ROWS,
      cols: IMAGE_COLS,
      // Image row 0 is the highest frequency (40 Hz).
      freqsHz: [...SUPERLET_FREQS_HZ].reverse(),
      original,
      reconstructed: null,
      absDiff: null,
      localPsnr: null,
      psnr: null,
      modelId,
      note: null,
      cached: false,
      elapsedMs: 0,
    };
    if (!model.matches || !params) {
      base.note = params
        ? `The model that scored this segment (${params.modelSha256.slice(0, 12)}…) is not among the configured model folders.`
        : 'Not scored yet: no reconstruction to show.';
      base.elapsedMs = performance.now() - started;
      return base;
    }
    const options: ScoreOptions = {
      t: params.t,
      stepInterval: params.stepInterval,
      scheduler: params.scheduler as ScoreOptions['scheduler'],
      seed: params.seed,
    };
    const run = await scorer(model.dir);
    // The noise is keyed by the image's pixels, so this is the reconstruction that was scored.
    const recordKey = `${row.dataset}/${row.record}`;
    const [recon] = await run.reconstruct(
      [{ key: { recordId: recordKey, leadIndex: row.leadIndex, segmentIndex: row.index }, image: item.image, validColumns: item.validColumns }],
      options,
    );
    const metrics = imageMetrics(recon.original, recon.reconstruction, recon.validColumns, DETAIL_PARTITIONS);
    return {
      ...base,
      reconstructed: Array.from(recon.reconstruction, (v) => v / 255),
      absDiff: Array.from(recon.difference, (v) => v / 255),
      localPsnr: metrics.localPsnr,
      psnr: metrics.psnr,
      elapsedMs: performance.now() - started,
    };
  }

  return {
    async compute(session, segmentId, modelId) {
      const resolved = session.resolveModel(modelId);
      const key = `${session.store.path}|${segmentId}|${resolved ?? ''}`;
      const hit = results.get(key);
      if (hit) {
        const set = await hit;
        return { ...set, cached: true, elapsedMs: 0 };
      }
      const pending = computeUncached(session, segmentId, resolved);
      pending.catch(() => results.delete(key));
      results.set(key, pending);
      return pending;
    },
  };
}
