/**
 * Long recordings in constant memory (issue 14): scores single-lead 1-kHz records of 1 h, 6 h and
 * 24 h (MIT-BIH 100 resampled and tiled, scripts/make-long-record.ts) and, as the baseline, the 1-h
 * record cut into 360 records of 10 s — each in its own process (bench/long-record-child.ts), whose
 * peak RSS is that run's alone. Time per lead-segment leaves out the model load. Takes about 4 min
 * per mode on 2 idle cores (most of it the 24-h record).
 *
 *   npm run bench -- long-record
 *   BENCH_LONG_HOURS=1,6 BENCH_LONG_MODES=file npm run bench -- long-record   # a quicker subset
 *
 * Env: BENCH_LONG_HOURS (default 1,6,24), BENCH_LONG_MODES (default file,project), BENCH_MODEL
 * (default models/default, else the tiny test model), BENCH_THREADS (ORT threads, default 2),
 * BENCH_MALLOC_ARENA_MAX (sets glibc's MALLOC_ARENA_MAX in the children: with 2, the peak no longer
 * grows with the run's length; see README "Long recordings").
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLongRecord } from '../scripts/make-long-record';
import type { ChildResult } from './long-record-child';
import type { BenchRow } from './types';

export const name = 'long-record: time and peak RSS against recording length (1 lead, 1 kHz)';

const ROOT = join(import.meta.dirname ?? __dirname, '..');
/** Sampling rate of the records, Hz (the "≤ 1 kHz" bound). */
const FS_HZ = 1000;
/** Seconds per baseline record (one model window). */
const SHORT_S = 10;

/** One thing to score: what the table calls it, its length, the files and what project mode imports. */
interface BenchCase {
  label: string;
  hours: number;
  files: string[];
  importPath: string;
}

function pickModel(): string {
  if (process.env.BENCH_MODEL) {
    return process.env.BENCH_MODEL;
  }
  const def = join(ROOT, 'models/default');
  return existsSync(join(def, 'model.json')) ? def : join(ROOT, 'test/fixtures/tiny-model');
}

/** Cuts a 1-lead format-16 record into records of {@link SHORT_S} s in `dir` (360 for an hour). */
function splitShort(header: string, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const bytes = readFileSync(header.replace(/\.hea$/, '.dat'));
  const perRecord = SHORT_S * FS_HZ * 2;
  const gain = /\b16 ([\d.]+)\/mV/.exec(readFileSync(header, 'utf8'))?.[1] ?? '200';
  const out: string[] = [];
  for (let k = 0; k * perRecord < bytes.length; k++) {
    const record = `s${String(k).padStart(4, '0')}`;
    writeFileSync(join(dir, `${record}.dat`), bytes.subarray(k * perRecord, (k + 1) * perRecord));
    writeFileSync(join(dir, `${record}.hea`), `${record} 1 ${FS_HZ} ${SHORT_S * FS_HZ}\n${record}.dat 16 ${gain}/mV 16 0 0 0 0 MLII\n`);
    out.push(join(dir, `${record}.hea`));
  }
  return out;
}

/** Runs one measurement in a child process. */
function measure(mode: string, c: BenchCase, model: string, threads: number): ChildResult {
  const args = ['--import', 'tsx', join(ROOT, 'bench/long-record-child.ts'), '--mode', mode, '--model', model, '--threads', String(threads), '--import', c.importPath, ...c.files];
  const arenas = process.env.BENCH_MALLOC_ARENA_MAX;
  const env = { ...process.env, ECGNQ_NO_PROGRESS: '1', ...(arenas ? { MALLOC_ARENA_MAX: arenas } : {}) };
  const output = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as ChildResult;
}

function loads(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export const notes: string[] = [];

export async function run(): Promise<BenchRow[]> {
  const hours = (process.env.BENCH_LONG_HOURS ?? '1,6,24').split(',').map(Number);
  const modes = (process.env.BENCH_LONG_MODES ?? 'file,project').split(',');
  const threads = Number(process.env.BENCH_THREADS ?? 2);
  const model = pickModel();
  const dir = mkdtempSync(join(tmpdir(), 'ecgnq-long-'));
  const rows: BenchRow[] = [];
  const arenas = process.env.BENCH_MALLOC_ARENA_MAX ? `, MALLOC_ARENA_MAX=${process.env.BENCH_MALLOC_ARENA_MAX}` : '';
  notes.push('', `model ${model}, ${threads} ORT threads, --device cpu${arenas}; load average before: ${loads()}`);
  try {
    const oneHour = writeLongRecord({ dir, hours: 1, fsHz: FS_HZ, name: 'h1' });
    const shortDir = join(dir, 'short');
    const cases: BenchCase[] = [{ label: `${3600 / SHORT_S} × ${SHORT_S} s`, hours: 1, files: splitShort(oneHour.header, shortDir), importPath: shortDir }];
    for (const h of hours) {
      const header = h === 1 ? oneHour.header : writeLongRecord({ dir, hours: h, fsHz: FS_HZ, name: `h${h}` }).header;
      cases.push({ label: `${h} h`, hours: h, files: [header], importPath: header });
    }
    for (const mode of modes) {
      let shortMsPerSegment = 0;
      let oneHourRss = 0;
      for (const c of cases) {
        const r = measure(mode, c, model, threads);
        const msPerSegment = (1000 * r.scoreS) / r.segments;
        shortMsPerSegment ||= msPerSegment;
        if (c.label === '1 h') {
          oneHourRss = r.maxRssMb;
        }
        rows.push({
          mode,
          record: c.label,
          lead_segments: r.segments,
          load_s: r.loadS,
          ...(mode === 'project' ? { import_s: r.importS } : {}),
          score_s: r.scoreS,
          score_s_per_h: r.scoreS / c.hours,
          ms_per_segment: msPerSegment,
          vs_10s: msPerSegment / shortMsPerSegment,
          peak_rss_mb: r.maxRssMb,
          vs_1h_rss: oneHourRss ? r.maxRssMb / oneHourRss : '',
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  notes.push(`load average after: ${loads()}`);
  notes.push(
    'score_s_per_h constant = time linear in length; vs_10s: time per lead-segment over the 10-s records\' (same samples); ' +
      'vs_1h_rss: peak RSS (whole process: model, import, scoring) over the 1-h record\'s. Compare rows of one run only.',
  );
  return rows;
}
