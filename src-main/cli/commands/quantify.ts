/**
 * `ecgnq quantify <files...>`: scores every lead × 10-s segment of ECG files with a diffusion model
 * and writes one CSV row per lead-segment (file mode). A bad file is reported and skipped, and so is
 * a lead or window with too many invalid (NaN) samples; rows carry their window's invalid count.
 */
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EcgFormatError, EngineError, InferenceError } from '../../engine/errors';
import { comparisonPng } from '../../engine/inference/comparison-png';
import type { DeviceRequest, SuperletRequest } from '../../engine/inference/device';
import { MAX_INVALID_FRACTION } from '../../engine/inference/preprocess';
import { SQI_NAMES } from '../../engine/metrics/sqi';
import { NoiseScorer, type Reconstruction, type ScoreOptions, type SegmentScore } from '../../engine/inference/scorer';
import { scoreFiles } from '../../engine/jobs/score-files';
import type { RecordInfo, SignalSource } from '../../engine/types';
import { DEVICE_FLAG, type DeviceCliOptions, parseDeviceOptions, printBackendNotice, SUPERLET_FLAG } from '../device-options';
import { fractionFlag } from '../flags';
import { createProgress } from '../progress';
import { runQuantifyDb, type QuantifyDbCliOptions } from '../quantify-db';

/** Model used when --model is not given: `models/default` of the repository. */
export const DEFAULT_MODEL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../models/default');

/** Options of a file-mode quantify run (the CLI flags, parsed). */
export interface QuantifyFilesOptions extends ScoreOptions {
  modelDir: string;
  /** Where to score and which superlet (see engine/inference/device.ts). */
  device?: DeviceRequest;
  superlet?: SuperletRequest;
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
}

/** Outcome of {@link runQuantifyFiles}. */
export interface QuantifySummary {
  rows: number;
  filesOk: number;
  /** One message per file or record that failed. */
  failures: string[];
  /** One message per lead or window not scored for invalid samples (its record's other windows are). */
  skippedSegments: string[];
}

const BASE_COLUMNS = ['file', 'record', 'lead_index', 'lead_name', 'segment', 'start_s', 'end_s', 'psnr', 'ssim', 'mse', 'mae'];
const PROVENANCE_COLUMNS = ['model_name', 'model_sha256', 't', 'step_interval', 'scheduler', 'seed', 'provider'];
/** Last, so scripts that read the older columns by position keep working. */
const INVALID_COLUMNS = ['invalid_samples', 'invalid_fraction'];
/** Classical SQIs (metrics/sqi.ts), after the invalid-sample columns; empty when the rate is too low for them. */
const SQI_COLUMNS = SQI_NAMES.map((n) => n.replace(/Sqi$/, '_sqi'));

function formatNumber(v: number): string {
  if (Number.isNaN(v)) {
    return '';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? 'inf' : '-inf';
  }
  return String(Number(v.toPrecision(10)));
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV header for `partitions` local-PSNR columns (none when partitions = 1). */
export function quantifyCsvHeader(partitions: number): string {
  const local = partitions > 1 ? Array.from({ length: partitions }, (_, i) => `local_psnr_${i + 1}`) : [];
  return [...BASE_COLUMNS, ...local, ...PROVENANCE_COLUMNS, ...INVALID_COLUMNS, ...SQI_COLUMNS].join(',');
}

/** One CSV row of a segment score. */
export function quantifyCsvRow(file: string, record: string, s: SegmentScore, partitions: number): string {
  const local = partitions > 1 ? Array.from({ length: partitions }, (_, i) => (i < s.localPsnr.length ? formatNumber(s.localPsnr[i]) : '')) : [];
  const p = s.provenance;
  return [
    csvField(file),
    csvField(record),
    String(s.leadIndex),
    csvField(s.leadName),
    String(s.segmentIndex),
    formatNumber(s.startS),
    formatNumber(s.endS),
    formatNumber(s.psnr),
    formatNumber(s.ssim),
    formatNumber(s.mse),
    formatNumber(s.mae),
    ...local,
    csvField(p.modelName),
    p.modelSha256,
    String(p.t),
    String(p.stepInterval),
    p.scheduler,
    String(p.seed),
    p.provider,
    String(s.invalidSamples),
    formatNumber(s.invalidFraction),
    ...SQI_NAMES.map((n) => (s.sqi ? formatNumber(s.sqi[n]) : '')),
  ].join(',');
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** CSV lines to a file (written as they are made, so an interrupted run keeps what it scored) or stdout. */
function openCsvSink(outPath: string | undefined): { emit(line: string): void; close(): void } {
  const fd = outPath ? openSync(outPath, 'w') : null;
  return {
    emit(line: string) {
      if (fd === null) {
        process.stdout.write(`${line}\n`);
      } else {
        writeSync(fd, `${line}\n`);
      }
    },
    close() {
      if (fd !== null) {
        closeSync(fd);
      }
    },
  };
}

/** How far through a record a chunk ends, for the progress note ('12.5/24.0 h', '40/120 s'). */
function recordPosition(endS: number, info: RecordInfo): string {
  const totalS = info.fsHz ? info.nSamples / info.fsHz : endS;
  return totalS >= 3600 ? `${(endS / 3600).toFixed(1)}/${(totalS / 3600).toFixed(1)} h` : `${Math.round(endS)}/${Math.round(totalS)} s`;
}

/** `<record>_lead<i>-<name>_seg<j>.png` comparison images of one record's segments. */
function writeComparisonPngs(dir: string, recordName: string, scores: SegmentScore[], reconstructions: Reconstruction[]): void {
  reconstructions.forEach((r, i) => {
    const s = scores[i];
    const name = `${safeName(recordName)}_lead${s.leadIndex}-${safeName(s.leadName)}_seg${s.segmentIndex}.png`;
    writeFileSync(join(dir, name), comparisonPng(r));
  });
}

/**
 * Scores `files` and writes the CSV (and PNGs). Bad files/records are collected in `failures`
 * and reported on stderr; the run goes on with the others.
 * @throws InferenceError when the model cannot be loaded (nothing can be scored then).
 */
export async function runQuantifyFiles(files: string[], o: QuantifyFilesOptions, stderr: NodeJS.WritableStream = process.stderr): Promise<QuantifySummary> {
  if (resolve(o.modelDir) === DEFAULT_MODEL_DIR && !existsSync(join(DEFAULT_MODEL_DIR, 'model.json'))) {
    throw new InferenceError(`no default model in ${DEFAULT_MODEL_DIR} yet; pass --model DIR (e.g. test/fixtures/tiny-model)`);
  }
  const scorer = await NoiseScorer.load(o.modelDir, { threads: o.threads, batchSize: o.batchSize, device: o.device, superlet: o.superlet });
  printBackendNotice(scorer, stderr);
  const scoreOptions: ScoreOptions = { t: o.t, stepInterval: o.stepInterval, scheduler: o.scheduler, seed: o.seed, partitions: o.partitions };
  const partitions = scorer.resolveOptions(scoreOptions).partitions;
  const csv = openCsvSink(o.outPath);
  const emit = csv.emit;
  emit(quantifyCsvHeader(partitions));
  let rows = 0;
  const failures: string[] = [];
  const skippedSegments: string[] = [];
  if (o.imagesDir) {
    mkdirSync(o.imagesDir, { recursive: true });
  }
  // Progress in lead-segments: a record adds its count when it is opened, so a day-long record
  // shows how far through it the run is, with an ETA.
  const progress = createProgress('quantify', 0);
  let total = 0;
  const fail = (what: string, message: string): void => {
    failures.push(`${what}: ${message}`);
    stderr.write(`ecgnq: skipped ${what}: ${message}\n`);
  };
  const filesOk = new Set<string>();
  const failedRecords = new Set<SignalSource>();
  /** Per open record: scored and skipped lead-segments so far (records overlap in the pipeline). */
  const counts = new Map<SignalSource, { scored: number; skipped: number }>();
  const stream = scoreFiles(scorer, files, { ...scoreOptions, fsHz: o.fsHz, maxInvalidFraction: o.maxInvalidFraction }, {
    onFailure: fail,
    onRecord(_file, _info, leadSegments) {
      total += leadSegments;
      progress.setTotal(total);
    },
  });
  try {
    for await (const outcome of stream) {
      const { file, source, position, count } = outcome.work.tag;
      const name = source.info.name;
      if ('error' in outcome) {
        if (!(outcome.error instanceof EngineError) || outcome.error instanceof InferenceError) {
          throw outcome.error; // a model failure would fail every record: stop
        }
        if (!failedRecords.has(source)) {
          failedRecords.add(source);
          fail(`${file} [${name}]`, outcome.error.message);
        }
      } else {
        for (const skipped of outcome.skipped) {
          skippedSegments.push(skipped.reason);
          stderr.write(`ecgnq: ${skipped.reason}\n`);
        }
        for (const s of outcome.scores) {
          emit(quantifyCsvRow(file, name, s, partitions));
        }
        rows += outcome.scores.length;
        const c = counts.get(source) ?? { scored: 0, skipped: 0 };
        counts.set(source, { scored: c.scored + outcome.scores.length, skipped: c.skipped + outcome.skipped.length });
        if (o.imagesDir) {
          writeComparisonPngs(o.imagesDir, name, outcome.scores, outcome.reconstructions);
        }
      }
      const windows = outcome.work.chunk.windowEnd - outcome.work.chunk.windowStart;
      progress.tick(windows * outcome.work.ctx.leads.length, `${name} ${recordPosition(outcome.work.chunk.modelEnd / outcome.work.ctx.plan.modelHz, source.info)}`);
      if (position === count) {
        source.close();
        const c = counts.get(source) ?? { scored: 0, skipped: 0 };
        counts.delete(source);
        // A record whose every lead was skipped counts as failed for the exit code.
        if (!failedRecords.has(source) && (c.scored > 0 || c.skipped === 0)) {
          filesOk.add(file);
        }
      }
    }
  } finally {
    progress.stop();
    csv.close();
    scorer.close();
  }
  return { rows, filesOk: filesOk.size, failures, skippedSegments };
}

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isInteger(n)) {
    throw new InferenceError(`${name} must be an integer, got '${value}'`);
  }
  return n;
}

interface QuantifyCliOptions extends DeviceCliOptions {
  model?: string;
  partitions?: string;
  t?: string;
  stepInterval?: string;
  scheduler?: string;
  seed?: string;
  threads?: string;
  batchSize?: string;
  fs?: string;
  maxInvalid?: string;
  out?: string;
  images?: string;
}

/** Parses the CLI flags into {@link QuantifyFilesOptions}. */
export function parseQuantifyOptions(options: QuantifyCliOptions): QuantifyFilesOptions {
  const scheduler = options.scheduler;
  if (scheduler !== undefined && scheduler !== 'ddim' && scheduler !== 'ddpm') {
    throw new InferenceError(`--scheduler must be ddim or ddpm, got '${scheduler}'`);
  }
  const fsHz = options.fs === undefined ? undefined : Number(options.fs);
  return {
    modelDir: options.model ?? DEFAULT_MODEL_DIR,
    ...parseDeviceOptions(options),
    partitions: intOption('--partitions', options.partitions),
    t: intOption('--t', options.t),
    stepInterval: intOption('--step-interval', options.stepInterval),
    scheduler,
    seed: intOption('--seed', options.seed),
    threads: intOption('--threads', options.threads),
    batchSize: intOption('--batch-size', options.batchSize),
    fsHz,
    maxInvalidFraction: fractionFlag('--max-invalid', options.maxInvalid),
    outPath: options.out,
    imagesDir: options.images,
  };
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
    .option(...DEVICE_FLAG)
    .option(...SUPERLET_FLAG)
    .action(async (files: string[], options: QuantifyCliOptions & Partial<QuantifyDbCliOptions>) => {
      if (options.db !== undefined) {
        await runQuantifyDb({ ...options, db: options.db, model: options.model ?? DEFAULT_MODEL_DIR });
        return;
      }
      if (files.length === 0) {
        throw new InferenceError('give ECG files to score, or --db <project>');
      }
      const summary = await runQuantifyFiles(files, parseQuantifyOptions(options));
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
