/**
 * `ecgnq scalogram <file> --out <file.npy>`: adaptive superlet scalograms of every lead × 10-s
 * segment of one record, written as a float32 .npy ([leads, segments, 32, 256], or [32, 256] for
 * one lead and one segment).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { segmentWindows, sliceWindow } from '../../engine/dsp/segment';
import { superlet, SUPERLET_COLUMNS, SUPERLET_ROWS } from '../../engine/dsp/superlet';
import { DspParamError } from '../../engine/errors';
import { loadRecords } from '../../engine/io/load';
import { writeNpy } from '../../engine/io/npy';
import type { EcgRecord } from '../../engine/types';
import { SuperletPool } from '../../engine/workers/superlet-pool';
import { intFlag, positiveFlag } from '../flags';
import { createProgress } from '../progress';

/** Parsed options of `ecgnq scalogram`. */
export interface ScalogramOptions {
  /** Sampling rate for files that carry none. */
  fsHz?: number;
  /** One lead: its name (e.g. 'II') or 0-based index. */
  lead?: string;
  /** Which record of a multi-record file (NPZ archive key / record name, e.g. 'example_500hz.signal'). */
  key?: string;
  /** Output .npy path. */
  outPath: string;
  /** Worker threads for many leads (default: all cores); 1 computes in this thread. */
  workers?: number;
}

/** What `runScalogram` wrote. */
export interface ScalogramSummary {
  record: string;
  fsHz: number;
  leads: string[];
  segments: number;
  shape: number[];
  min: number;
  max: number;
}

function pickRecord(records: EcgRecord[], key: string | undefined, file: string): EcgRecord {
  if (key === undefined) {
    if (records.length === 1) {
      return records[0];
    }
    const names = records.slice(0, 8).map((r) => r.name);
    throw new DspParamError(
      `${file} holds ${records.length} records; choose one with --key (e.g. ${names.join(', ')}${records.length > 8 ? ', …' : ''})`,
    );
  }
  const wanted = key.replace(/\.signal$/, '');
  const found = records.find((r) => r.name === key || r.name === wanted);
  if (!found) {
    throw new DspParamError(`${file} has no record '${key}' (records: ${records.slice(0, 8).map((r) => r.name).join(', ')})`);
  }
  return found;
}

function pickLeads(record: EcgRecord, lead: string | undefined): number[] {
  if (lead === undefined) {
    return record.leadNames.map((_, i) => i);
  }
  const byName = record.leadNames.indexOf(lead);
  if (byName >= 0) {
    return [byName];
  }
  const index = Number(lead);
  if (Number.isInteger(index) && index >= 0 && index < record.leadNames.length) {
    return [index];
  }
  throw new DspParamError(`no lead '${lead}' in ${record.name} (leads: ${record.leadNames.join(' ')}; or a 0-based index)`);
}

/**
 * Computes and writes the scalograms of one record.
 *
 * @throws EcgFormatError for unreadable files; DspParamError for a missing/non-integer sampling
 *   rate, a record shorter than 10 s, an unknown --lead/--key, or several records without --key.
 */
export async function runScalogram(file: string, opts: ScalogramOptions): Promise<ScalogramSummary> {
  const records = loadRecords(file, opts.fsHz === undefined ? {} : { fsHz: opts.fsHz });
  const record = pickRecord(records, opts.key, file);
  const fsHz = record.fsHz;
  if (fsHz === null) {
    throw new DspParamError(`${file} carries no sampling rate; pass --fs HZ`);
  }
  const leads = pickLeads(record, opts.lead);
  const windows = segmentWindows(record.signals[0].length, fsHz);
  const segments = leads.flatMap((li) => windows.map((w) => sliceWindow(record.signals[li], w)));
  const progress = createProgress('scalogram', segments.length);
  const cell = SUPERLET_ROWS * SUPERLET_COLUMNS;
  const data = new Float32Array(segments.length * cell);
  const workers = opts.workers ?? (segments.length > 1 ? undefined : 1);
  if (workers === 1) {
    segments.forEach((seg, i) => {
      data.set(superlet(seg, fsHz), i * cell);
      progress.tick();
    });
  } else {
    const pool = new SuperletPool(workers);
    try {
      await Promise.all(
        segments.map(async (seg, i) => {
          const [s] = await pool.superletMany([seg], fsHz);
          data.set(s, i * cell);
          progress.tick();
        }),
      );
    } finally {
      await pool.close();
    }
  }
  progress.stop();
  const shape =
    leads.length === 1 && windows.length === 1
      ? [SUPERLET_ROWS, SUPERLET_COLUMNS]
      : [leads.length, windows.length, SUPERLET_ROWS, SUPERLET_COLUMNS];
  writeFileSync(opts.outPath, writeNpy({ dtype: '<f4', shape, data }));
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { record: record.name, fsHz, leads: leads.map((i) => record.leadNames[i]), segments: windows.length, shape, min, max };
}

interface CliOptions {
  fs?: string;
  lead?: string;
  key?: string;
  out: string;
  workers?: string;
}

export function register(program: Command): void {
  program
    .command('scalogram')
    .description('Write adaptive superlet scalograms (log10 power, 32×256 per lead × 10-s segment) of one record as float32 .npy')
    .argument('<file>', 'ECG file (.hea/.dat/.mat, .npy, .npz, .csv/.tsv/.txt, .edf)')
    .requiredOption('--out <file.npy>', 'output .npy: [leads, segments, 32, 256], or [32, 256] for one lead and one segment')
    .option('--fs <hz>', 'sampling rate for files that carry none (NPY, CSV without a time column)')
    .option('--lead <name|index>', 'only this lead (name such as II, or 0-based index)')
    .option('--key <name>', 'record of a multi-record file, e.g. example_500hz.signal in the superlet golden .npz')
    .option('--workers <n>', 'worker threads (default: all cores; 1 = no workers)')
    .action(async (file: string, o: CliOptions) => {
      // Engine errors propagate to main(), which prints `ecgnq: <message>` and exits 1.
      const s = await runScalogram(file, {
        fsHz: positiveFlag('--fs', o.fs),
        lead: o.lead,
        key: o.key,
        outPath: o.out,
        workers: intFlag('--workers', o.workers, 1),
      });
      process.stdout.write(
        `${s.record}: ${s.leads.length} lead(s) × ${s.segments} segment(s) at ${s.fsHz} Hz → ${o.out} ` +
          `float32 [${s.shape.join(', ')}], log10 power ${s.min.toFixed(3)} … ${s.max.toFixed(3)}\n`,
      );
    });
}
