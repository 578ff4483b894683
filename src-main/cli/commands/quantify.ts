/**
 * `ecgnq quantify`: scores ECG lead-segments with a diffusion model. File mode (`<files...>`) writes
 * one CSV row per lead-segment (engine job `quantify-files.job`); project mode (`--db`) scores every
 * segment of a project that has no score yet for the model + parameters (engine job `quantify.job`).
 */
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InferenceError } from '../../engine/errors';
import { MAX_INVALID_FRACTION } from '../../engine/inference/preprocess';
import type { DeviceRequest, SuperletRequest } from '../../engine/inference/device';
import { NoiseScorer, type ScoreOptions, type ScorerLoadOptions } from '../../engine/inference/scorer';
import { run as runFiles, type QuantifyFilesSummary } from '../../engine/jobs/quantify-files.job';
import { run as runProject, type QuantifySummary } from '../../engine/jobs/quantify.job';
import { DEFAULT_MODEL_DIR } from '../../engine/package-info';
import { DEVICE_FLAG, type DeviceCliOptions, parseDeviceOptions, printBackendNotice, SUPERLET_FLAG } from '../device-options';
import { fractionFlag, intFlag, positiveFlag, samplingFlags, shardFlag, whereFlag, type SamplingCliOptions } from '../flags';
import { createProgress } from '../progress';

/** Options of a file-mode run (the CLI flags, parsed). */
export interface QuantifyFilesOptions extends ScoreOptions {
  modelDir: string;
  threads?: number;
  batchSize?: number;
  /** Sampling rate for files without one, Hz. */
  fsHz?: number;
  /** Skip windows with more than this fraction of invalid (NaN) samples (default MAX_INVALID_FRACTION). */
  maxInvalidFraction?: number;
  /** CSV output path; stdout when absent. */
  outPath?: string;
  /** Folder for comparison PNGs. */
  imagesDir?: string;
  /** Where to score and which superlet (see engine/inference/device.ts). */
  device?: DeviceRequest;
  superlet?: SuperletRequest;
}

interface QuantifyCliOptions extends SamplingCliOptions, DeviceCliOptions {
  model: string;
  partitions?: string;
  threads?: string;
  batchSize?: string;
  fs?: string;
  maxInvalid?: string;
  out?: string;
  images?: string;
  db?: string;
  dataset?: string;
  limit?: string;
  shard?: string;
  where?: string;
  json?: boolean;
}

/** Parses the file-mode flags. */
export function parseQuantifyOptions(o: Partial<QuantifyCliOptions>): QuantifyFilesOptions {
  return {
    modelDir: o.model ?? DEFAULT_MODEL_DIR,
    ...samplingFlags(o),
    partitions: intFlag('--partitions', o.partitions, 1),
    threads: intFlag('--threads', o.threads, 1),
    batchSize: intFlag('--batch-size', o.batchSize, 1),
    fsHz: positiveFlag('--fs', o.fs),
    maxInvalidFraction: fractionFlag('--max-invalid', o.maxInvalid),
    outPath: o.out,
    imagesDir: o.images,
    ...parseDeviceOptions(o),
  };
}

/** Loads the model and says on `stderr` where it runs when that is worth a line (see `printBackendNotice`). */
async function loadScorer(modelDir: string, options: ScorerLoadOptions, stderr: NodeJS.WritableStream = process.stderr): Promise<NoiseScorer> {
  if (resolve(modelDir) === DEFAULT_MODEL_DIR && !existsSync(join(DEFAULT_MODEL_DIR, 'model.json'))) {
    throw new InferenceError(`no default model in ${DEFAULT_MODEL_DIR} yet; pass --model DIR (e.g. test/fixtures/tiny-model)`);
  }
  const scorer = await NoiseScorer.load(modelDir, options);
  printBackendNotice(scorer, stderr);
  return scorer;
}

/**
 * File mode: scores `files` into the CSV (and PNGs); skips and failures go to `stderr` as they happen.
 * @throws InferenceError when the model cannot be loaded or run.
 */
export async function runQuantifyFiles(files: string[], o: QuantifyFilesOptions, stderr: NodeJS.WritableStream = process.stderr): Promise<QuantifyFilesSummary> {
  const scorer = await loadScorer(o.modelDir, { threads: o.threads, batchSize: o.batchSize, device: o.device, superlet: o.superlet }, stderr);
  const fd = o.outPath ? openSync(o.outPath, 'w') : null;
  // Progress in lead-segments: a record adds its count when it is opened, so a day-long record
  // shows how far through it the run is, with an ETA.
  const progress = createProgress('quantify', 0);
  let ticked = 0;
  try {
    return await runFiles(
      {
        files,
        scorer,
        score: { t: o.t, stepInterval: o.stepInterval, scheduler: o.scheduler, seed: o.seed, partitions: o.partitions },
        fsHz: o.fsHz,
        maxInvalidFraction: o.maxInvalidFraction,
        writeLine: (line) => (fd === null ? process.stdout.write(`${line}\n`) : writeSync(fd, `${line}\n`)),
        imagesDir: o.imagesDir,
      },
      (p) => {
        if (p.issue) {
          stderr.write(`ecgnq: ${p.issue}\n`);
        }
        progress.setTotal(p.segmentsTotal);
        progress.tick(p.segmentsDone - ticked, p.current);
        ticked = p.segmentsDone;
      },
    );
  } finally {
    progress.stop();
    if (fd !== null) {
      closeSync(fd);
    }
    scorer.close();
  }
}

/** Project mode: scores pending segments of the project with a progress bar; prints the summary. */
async function runQuantifyProject(o: QuantifyCliOptions & { db: string }): Promise<QuantifySummary> {
  const scorer = await loadScorer(o.model, { threads: intFlag('--threads', o.threads, 1), batchSize: intFlag('--batch-size', o.batchSize, 1), ...parseDeviceOptions(o) });
  const progress = createProgress('quantify', 0);
  let done = 0;
  try {
    const summary = await runProject(
      {
        dbPath: o.db,
        scorer,
        ...samplingFlags(o),
        datasetName: o.dataset,
        shard: shardFlag(o.shard),
        where: whereFlag(o.where),
        limit: intFlag('--limit', o.limit),
        maxInvalidFraction: fractionFlag('--max-invalid', o.maxInvalid),
      },
      (p) => {
        progress.setTotal(p.segmentsTotal);
        progress.tick(p.segmentsDone - done, p.current);
        done = p.segmentsDone;
      },
    );
    progress.stop();
    const p = summary.params;
    process.stdout.write(
      o.json
        ? `${JSON.stringify(summary, null, 2)}\n`
        : `scored ${summary.segmentsScored} lead-segments of ${summary.recordsScored} records in ${summary.elapsedS.toFixed(1)} s ` +
            `(${(summary.segmentsScored / Math.max(summary.elapsedS, 1e-9)).toFixed(2)}/s); ${summary.segmentsPending} still pending` +
            (summary.skippedForInvalidSamples > 0 ? ` (${summary.skippedForInvalidSamples} lead(s)/window(s) not scored for invalid samples, listed below)` : '') +
            ` [model ${p.modelName} ${p.modelSha256.slice(0, 12)} t=${p.t} k=${p.stepInterval} ${p.scheduler} seed=${p.seed}]\n`,
    );
    for (const f of summary.failed) {
      process.stderr.write(`ecgnq: skipped ${f.record}: ${f.reason}\n`);
    }
    return summary;
  } finally {
    progress.stop();
    scorer.close();
  }
}

export function register(program: Command): void {
  program
    .command('quantify')
    .description('Score the noise of every lead × 10-s segment of ECG files (superlet → diffusion reconstruction → PSNR); one CSV row per lead-segment')
    .argument('[files...]', 'ECG files (.hea/.dat/.mat, .npy, .npz, .csv, .edf); omit with --db')
    .option('--model <dir>', 'model directory with model.json and ONNX graphs', DEFAULT_MODEL_DIR)
    .option('--partitions <n>', 'time partitions per segment for local PSNR columns', '1')
    .option('--t <t>', 'diffusion start step (default: the model card, 30)')
    .option('--step-interval <k>', 'reverse step interval (default: the model card, 10; DDPM 1)')
    .option('--scheduler <name>', 'ddim or ddpm', 'ddim')
    .option('--seed <s>', 'global noise seed', '0')
    .option('--threads <n>', 'ONNX Runtime threads (default: all cores)')
    .option('--batch-size <n>', 'lead-segments per model call (does not change scores)')
    .option(...DEVICE_FLAG)
    .option(...SUPERLET_FLAG)
    .option('--fs <hz>', 'sampling rate for files that carry none (NPY, CSV without time column)')
    .option('--max-invalid <fraction>', `skip windows with more than this fraction of invalid (NaN) samples (default ${MAX_INVALID_FRACTION})`)
    .option('--out <file>', 'CSV output (default: stdout)')
    .option('--images <dir>', 'write original | reconstruction | difference PNGs per lead-segment')
    .option('--db <project>', 'project mode: score every segment of the project lacking a score for this model + parameters')
    .option('--dataset <name>', 'project mode: only this dataset')
    .option('--limit <n>', 'project mode: stop after about n lead-segments (whole records)')
    .option('--shard <K/N>', 'project mode: score the deterministic K-th of N shards (cluster array jobs)')
    .option('--where <filters>', 'project mode: only segments matching lead=NAME,label=VALUE,fold=N')
    .option('--json', 'project mode: print the summary as JSON')
    .action(async (files: string[], o: QuantifyCliOptions) => {
      if (o.db !== undefined) {
        await runQuantifyProject({ ...o, db: o.db });
        return;
      }
      if (files.length === 0) {
        throw new InferenceError('give ECG files to score, or --db <project>');
      }
      const summary = await runQuantifyFiles(files, parseQuantifyOptions(o));
      if (summary.failures.length > 0 || summary.skippedSegments.length > 0) {
        process.stderr.write(
          `ecgnq: ${summary.failures.length} file(s)/record(s) skipped, ${summary.skippedSegments.length} lead(s)/window(s) ` +
            `not scored for invalid samples, ${summary.rows} rows written\n`,
        );
      }
      if (summary.filesOk === 0) {
        process.exitCode = 1;
      }
    });
}
