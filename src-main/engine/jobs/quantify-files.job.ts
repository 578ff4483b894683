/**
 * Quantification of ECG files (no project): scores every lead × 10-s segment of each file and
 * emits one CSV line per lead-segment as it is scored (an interrupted run keeps what it wrote). A
 * bad file or record is reported and skipped, and so is a lead or window with too many invalid
 * (NaN) samples; the other rows are still written and carry their window's invalid count.
 * Records are read as streams and scored chunk by chunk (score-files.ts), so memory does not grow
 * with their length.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, InferenceError, JobCancelledError } from '../errors';
import { csvField, formatNumber } from '../exports/csv';
import { comparisonPng } from '../inference/comparison-png';
import type { NoiseScorer, Reconstruction, ScoreOptions, SegmentScore } from '../inference/scorer';
import { SQI_NAMES } from '../metrics/sqi';
import type { RecordInfo, SignalSource } from '../types';
import { scoreFiles } from './score-files';
import { etaSeconds, recordPosition, type ScoringProgress } from './scoring-progress';

/** Input of {@link run}. */
export interface QuantifyFilesInput {
  files: string[];
  /** A loaded scorer (the CLI loads `NoiseScorer` from --model). */
  scorer: NoiseScorer;
  /** Sampling parameters and local-PSNR partitions (unset ones from the model card). */
  score: ScoreOptions;
  /** Sampling rate for files without one, Hz. */
  fsHz?: number;
  /** Skip windows with more than this fraction of invalid (NaN) samples (the scorer's default when absent). */
  maxInvalidFraction?: number;
  /** Receives the CSV header, then each row as it is scored (no line break). */
  writeLine: (line: string) => void;
  /** Folder for original | reconstruction | difference PNGs. */
  imagesDir?: string;
}

/**
 * Progress after each chunk of a record (10 min of recording) and each failed file or record;
 * `issue` reports one skip or failure as it happens. Totals grow as records are opened.
 */
export interface QuantifyFilesProgress extends ScoringProgress {
  issue?: string;
}

/** Outcome of {@link run}. */
export interface QuantifyFilesSummary {
  rows: number;
  /** Files with at least one scored row (a file whose every lead was skipped does not count). */
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
const SQI_CSV_COLUMNS = SQI_NAMES.map((n) => n.replace(/Sqi$/, '_sqi'));

/** CSV header for `partitions` local-PSNR columns (none when partitions = 1). */
export function quantifyCsvHeader(partitions: number): string {
  const local = partitions > 1 ? Array.from({ length: partitions }, (_, i) => `local_psnr_${i + 1}`) : [];
  return [...BASE_COLUMNS, ...local, ...PROVENANCE_COLUMNS, ...INVALID_COLUMNS, ...SQI_CSV_COLUMNS].join(',');
}

/** One CSV row of a segment score. */
export function quantifyCsvRow(file: string, record: string, s: SegmentScore, partitions: number): string {
  const local = partitions > 1 ? Array.from({ length: partitions }, (_, i) => (i < s.localPsnr.length ? formatNumber(s.localPsnr[i]) : '')) : [];
  const p = s.provenance;
  return [
    csvField(file),
    csvField(record),
    csvField(s.leadIndex),
    csvField(s.leadName),
    csvField(s.segmentIndex),
    formatNumber(s.startS),
    formatNumber(s.endS),
    formatNumber(s.psnr),
    formatNumber(s.ssim),
    formatNumber(s.mse),
    formatNumber(s.mae),
    ...local,
    csvField(p.modelName),
    p.modelSha256,
    csvField(p.t),
    csvField(p.stepInterval),
    p.scheduler,
    csvField(p.seed),
    p.provider,
    csvField(s.invalidSamples),
    formatNumber(s.invalidFraction),
    ...SQI_NAMES.map((n) => (s.sqi ? formatNumber(s.sqi[n]) : '')),
  ].join(',');
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** `<record>_lead<i>-<name>_seg<j>.png` comparison images of one record's segments. */
function writeComparisonPngs(dir: string, recordName: string, scores: SegmentScore[], reconstructions: Reconstruction[]): void {
  reconstructions.forEach((r, i) => {
    const s = scores[i];
    writeFileSync(join(dir, `${safeName(recordName)}_lead${s.leadIndex}-${safeName(s.leadName)}_seg${s.segmentIndex}.png`), comparisonPng(r));
  });
}

/** How far through a record a chunk ends ('12.5/24.0 h', '40/120 s'). */
function positionIn(endS: number, info: RecordInfo): string {
  return recordPosition(endS, info.fsHz ? info.nSamples / info.fsHz : endS);
}

/** Scored and skipped lead-segments of one open record so far. */
interface RecordCounts {
  scored: number;
  skipped: number;
}

/**
 * Scores the files chunk by chunk: the next chunk's contract and superlet images are computed (on
 * the worker pool) while the model runs on the current one, across records.
 * @throws InferenceError when the model fails (it would fail every record); JobCancelledError when
 *   `signal` aborts (the lines written so far stay written).
 */
export async function run(
  input: QuantifyFilesInput,
  onProgress: (p: QuantifyFilesProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<QuantifyFilesSummary> {
  const startedMs = Date.now();
  const { scorer } = input;
  const partitions = scorer.resolveOptions(input.score).partitions;
  input.writeLine(quantifyCsvHeader(partitions));
  if (input.imagesDir) {
    mkdirSync(input.imagesDir, { recursive: true });
  }
  const summary: QuantifyFilesSummary = { rows: 0, filesOk: 0, failures: [], skippedSegments: [] };
  const filesOk = new Set<string>();
  // Records: one per file until a file is opened (a multi-record file widens the total then).
  let recordsTotal = input.files.length;
  let recordsDone = 0;
  let segmentsTotal = 0;
  let segmentsDone = 0;
  const report = (current: string, issue?: string): void => {
    const etaS = etaSeconds(startedMs, segmentsDone, segmentsTotal);
    onProgress({ segmentsDone, segmentsTotal, recordsDone, recordsTotal, current, etaS, ...(issue === undefined ? {} : { issue }) });
  };
  const fail = (what: string, message: string, recordDone = true): void => {
    summary.failures.push(`${what}: ${message}`);
    recordsDone += recordDone ? 1 : 0;
    report(what, `skipped ${what}: ${message}`);
  };
  const counts = new Map<SignalSource, RecordCounts>();
  const failed = new Set<SignalSource>();
  const stream = scoreFiles(scorer, input.files, { ...input.score, fsHz: input.fsHz, maxInvalidFraction: input.maxInvalidFraction }, {
    onFailure: (what, problem) => fail(what, problem),
    onFile(_file, records) {
      recordsTotal += records - 1;
    },
    onRecord(file, source, leadSegments, chunks) {
      segmentsTotal += leadSegments;
      if (chunks === 0) {
        // Nothing to score in it (no window): done, and not a failure.
        recordsDone += 1;
        filesOk.add(file);
        report(source.info.name);
      } else {
        counts.set(source, { scored: 0, skipped: 0 });
      }
    },
  });
  try {
    for await (const outcome of stream) {
      if (signal?.aborted) {
        throw new JobCancelledError('quantify cancelled');
      }
      const { file, source, position, count } = outcome.work.tag;
      const name = source.info.name;
      const c = counts.get(source) ?? { scored: 0, skipped: 0 };
      if ('error' in outcome) {
        if (!(outcome.error instanceof EngineError) || outcome.error instanceof InferenceError) {
          throw outcome.error; // a model failure would fail every record: stop
        }
        if (!failed.has(source)) {
          failed.add(source);
          fail(`${file} [${name}]`, outcome.error.message, false);
        }
      } else {
        for (const skipped of outcome.skipped) {
          summary.skippedSegments.push(skipped.reason);
          report(name, skipped.reason);
        }
        for (const s of outcome.scores) {
          input.writeLine(quantifyCsvRow(file, name, s, partitions));
        }
        summary.rows += outcome.scores.length;
        c.scored += outcome.scores.length;
        c.skipped += outcome.skipped.length;
        if (input.imagesDir) {
          writeComparisonPngs(input.imagesDir, name, outcome.scores, outcome.reconstructions);
        }
      }
      const { ctx, chunk } = outcome.work;
      segmentsDone += (chunk.windowEnd - chunk.windowStart) * ctx.leads.length;
      if (position === count) {
        source.close();
        counts.delete(source);
        recordsDone += 1;
        // A record whose every lead was skipped does not make its file count as scored.
        if (!failed.has(source) && (c.scored > 0 || c.skipped === 0)) {
          filesOk.add(file);
        }
        failed.delete(source);
        report(name);
      } else {
        report(`${name} ${positionIn(chunk.modelEnd / ctx.plan.modelHz, source.info)}`);
      }
    }
  } finally {
    // Records still open when a run stops early (cancelled, model failure).
    counts.forEach((_, source) => source.close());
  }
  summary.filesOk = filesOk.size;
  return summary;
}
