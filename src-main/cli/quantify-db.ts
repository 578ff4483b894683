/**
 * `ecgnq quantify --db project.sqlite`: the project (batch) mode of quantify — scores every
 * lead-segment of the project that has no score for this model + parameters yet (resumable,
 * shardable). Hooked into `commands/quantify.ts` by one branch on `--db`.
 */
import { EngineError } from '../engine/errors';
import { NoiseScorer } from '../engine/inference/scorer';
import { run, type QuantifySummary } from '../engine/jobs/quantify.job';
import { createProgress } from './progress';
import { type DeviceCliOptions, parseDeviceOptions, printBackendNotice } from './device-options';
import { fractionFlag, intFlag } from './flags';

/** The flags the project mode reads (strings as commander gives them). */
export interface QuantifyDbCliOptions extends DeviceCliOptions {
  db: string;
  model: string;
  dataset?: string;
  limit?: string;
  shard?: string;
  where?: string;
  t?: string;
  stepInterval?: string;
  scheduler?: string;
  seed?: string;
  threads?: string;
  batchSize?: string;
  maxInvalid?: string;
  json?: boolean;
}

/** Parses `K/N` (1 ≤ K ≤ N). @throws EngineError('invalid-input') otherwise. */
export function parseShard(text: string | undefined): [number, number] | undefined {
  if (text === undefined) {
    return undefined;
  }
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || k < 1 || n < 1 || k > n) {
    throw new EngineError('invalid-input', `--shard must be K/N with 1 ≤ K ≤ N, got '${text}'`);
  }
  return [k, n];
}

/**
 * Parses `--where lead=II,label=clean,fold=9` (any subset, comma-separated).
 * @throws EngineError('invalid-input') on an unknown key or a bad fold.
 */
export function parseWhere(text: string | undefined): { leadName?: string; label?: string; fold?: number } | undefined {
  if (text === undefined) {
    return undefined;
  }
  const out: { leadName?: string; label?: string; fold?: number } = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(lead|label|fold)=(.+)$/.exec(part);
    if (!m) {
      throw new EngineError('invalid-input', `--where takes lead=NAME, label=VALUE, fold=N (comma-separated), got '${part}'`);
    }
    if (m[1] === 'lead') {
      out.leadName = m[2];
    } else if (m[1] === 'label') {
      out.label = m[2];
    } else {
      out.fold = intFlag('--where fold', m[2]);
    }
  }
  return out;
}

/** Runs the project mode: loads the model, scores pending segments with a progress bar, prints a summary. */
export async function runQuantifyDb(o: QuantifyDbCliOptions): Promise<QuantifySummary> {
  const scheduler = o.scheduler;
  if (scheduler !== undefined && scheduler !== 'ddim' && scheduler !== 'ddpm') {
    throw new EngineError('invalid-input', `--scheduler must be ddim or ddpm, got '${scheduler}'`);
  }
  const shard = parseShard(o.shard);
  const scorer = await NoiseScorer.load(o.model, { threads: intFlag('--threads', o.threads), batchSize: intFlag('--batch-size', o.batchSize), ...parseDeviceOptions(o) });
  printBackendNotice(scorer);
  const progress = createProgress('quantify', 0);
  let lastTotal = -1;
  let doneSoFar = 0;
  try {
    const summary = await run(
      {
        dbPath: o.db,
        scorer,
        t: intFlag('--t', o.t),
        stepInterval: intFlag('--step-interval', o.stepInterval),
        scheduler,
        seed: intFlag('--seed', o.seed),
        datasetName: o.dataset,
        shard,
        where: parseWhere(o.where),
        limit: intFlag('--limit', o.limit),
        maxInvalidFraction: fractionFlag('--max-invalid', o.maxInvalid),
      },
      (p) => {
        if (p.segmentsTotal !== lastTotal) {
          lastTotal = p.segmentsTotal;
          progress.setTotal(p.segmentsTotal);
        }
        progress.tick(p.segmentsDone - doneSoFar, p.current);
        doneSoFar = p.segmentsDone;
      },
    );
    progress.stop();
    if (o.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      const p = summary.params;
      process.stdout.write(
        `scored ${summary.segmentsScored} lead-segments of ${summary.recordsScored} records in ${summary.elapsedS.toFixed(1)} s ` +
          `(${(summary.segmentsScored / Math.max(summary.elapsedS, 1e-9)).toFixed(2)}/s); ${summary.segmentsPending} still pending` +
          (summary.skippedForInvalidSamples > 0 ? ` (${summary.skippedForInvalidSamples} lead(s)/window(s) not scored for invalid samples, listed below)` : '') +
          ` [model ${p.modelName} ${p.modelSha256.slice(0, 12)} t=${p.t} k=${p.stepInterval} ${p.scheduler} seed=${p.seed}]\n`,
      );
    }
    for (const f of summary.failed) {
      process.stderr.write(`ecgnq: skipped ${f.record}: ${f.reason}\n`);
    }
    return summary;
  } finally {
    progress.stop();
    scorer.close();
  }
}
