/**
 * Quantification of ECG files (no project): scores every lead × 10-s segment of each file and
 * emits one CSV line per lead-segment as it is scored (an interrupted run keeps what it wrote). A
 * bad file or record is reported and skipped, and so is a lead or window with too many invalid
 * (NaN) samples; the other rows are still written and carry their window's invalid count.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EcgFormatError, EngineError, InferenceError, JobCancelledError } from '../errors';
import { csvField, formatNumber } from '../exports/csv';
import { comparisonPng } from '../inference/comparison-png';
import type { PreparedImages } from '../inference/preprocess';
import type { NoiseScorer, Reconstruction, ScoreOptions, SegmentScore } from '../inference/scorer';
import { loadRecords } from '../io/load';
import { SQI_NAMES } from '../metrics/sqi';
import type { EcgRecord } from '../types';

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

/** Progress after each record (or failed file); `issue` reports one skip or failure as it happens. */
export interface QuantifyFilesProgress {
  recordsDone: number;
  recordsTotal: number;
  /** File or record just finished. */
  current: string;
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

/** A record's superlet images, or why they could not be made. */
type Prepared = { ok: true; prepared: PreparedImages } | { ok: false; error: unknown };

/**
 * Scores the files. Superlet images of the next record are computed (on the worker pool) while the
 * model runs on the current one.
 * @throws InferenceError when the model fails (it would fail every record); JobCancelledError when
 *   `signal` aborts (the lines written so far stay written).
 */
export async function run(
  input: QuantifyFilesInput,
  onProgress: (p: QuantifyFilesProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<QuantifyFilesSummary> {
  const { scorer } = input;
  const partitions = scorer.resolveOptions(input.score).partitions;
  input.writeLine(quantifyCsvHeader(partitions));
  if (input.imagesDir) {
    mkdirSync(input.imagesDir, { recursive: true });
  }
  const summary: QuantifyFilesSummary = { rows: 0, filesOk: 0, failures: [], skippedSegments: [] };
  const filesOk = new Set<string>();
  // One step per record; a multi-record file widens the total when it is opened.
  let total = input.files.length;
  let done = 0;
  const fail = (what: string, message: string): void => {
    const issue = `skipped ${what}: ${message}`;
    summary.failures.push(`${what}: ${message}`);
    onProgress({ recordsDone: ++done, recordsTotal: total, current: what, issue });
  };
  /** Records of every file, read lazily; unreadable files are reported and skipped here. */
  function* records(): Generator<{ file: string; record: EcgRecord }> {
    for (const file of input.files) {
      let found: EcgRecord[];
      try {
        found = loadRecords(file, input.fsHz === undefined ? {} : { fsHz: input.fsHz });
      } catch (error) {
        if (!(error instanceof EngineError)) {
          throw error;
        }
        fail(file, error instanceof EcgFormatError ? error.problem : error.message);
        continue;
      }
      total += found.length - 1;
      for (const record of found) {
        yield { file, record };
      }
    }
  }
  const queue = records();
  const startNext = () => {
    const r = queue.next();
    if (r.done) {
      return null;
    }
    const images: Promise<Prepared> = scorer.prepareRecord(r.value.record, { fsHz: input.fsHz, maxInvalidFraction: input.maxInvalidFraction }).then(
      (prepared) => ({ ok: true, prepared }),
      (error: unknown) => ({ ok: false, error }),
    );
    return { ...r.value, images };
  };
  let next = startNext();
  while (next) {
    if (signal?.aborted) {
      throw new JobCancelledError('quantify cancelled');
    }
    const { file, record, images } = next;
    const prepared = await images;
    next = startNext();
    try {
      if (!prepared.ok) {
        throw prepared.error;
      }
      for (const skipped of prepared.prepared.skipped) {
        summary.skippedSegments.push(skipped.reason);
        onProgress({ recordsDone: done, recordsTotal: total, current: record.name, issue: skipped.reason });
      }
      const { scores, reconstructions } = await scorer.scorePrepared(prepared.prepared.segments, input.score);
      for (const s of scores) {
        input.writeLine(quantifyCsvRow(file, record.name, s, partitions));
      }
      summary.rows += scores.length;
      if (input.imagesDir) {
        writeComparisonPngs(input.imagesDir, record.name, scores, reconstructions);
      }
      if (scores.length > 0 || prepared.prepared.skipped.length === 0) {
        filesOk.add(file);
      }
    } catch (error) {
      if (!(error instanceof EngineError) || error instanceof InferenceError) {
        throw error;
      }
      fail(`${file} [${record.name}]`, error.message);
      continue;
    }
    onProgress({ recordsDone: ++done, recordsTotal: total, current: record.name });
  }
  summary.filesOk = filesOk.size;
  return summary;
}
