/**
 * Writes long WFDB test records built from real ones, for the long-recording tests, the
 * `long-record` benchmark and the workstation's browser test (never committed: they are large).
 *
 *   node --import tsx scripts/make-long-record.ts --hours 24 --fs 1000 --out /tmp/long   # 1 lead, format 16
 *   node --import tsx scripts/make-long-record.ts --hours 6 --out /tmp/long              # MIT-BIH as stored
 *
 * - `fs` 360 (default): MIT-BIH 100's own signal file (2 leads, 360 Hz, format 212) repeated: the bytes
 *   of whole frames, so every tile is the recorded samples.
 * - another rate: lead MLII of MIT-BIH 100 resampled to that rate (resample_poly) and stored as
 *   format 16 at 200 adu/mV, then repeated.
 * Tiles join end to start (a step, as a lead-off and re-attach would make).
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resampleToRate } from '../src-main/engine/dsp/resample';
import { loadRecords } from '../src-main/engine/io/load';

const ROOT = resolve(import.meta.dirname ?? __dirname, '..');
/** The real record the long ones are built from. */
export const MITDB_100 = join(ROOT, '../shared/data/mitdb/100');

/** Options of {@link writeLongRecord}. */
export interface LongRecordOptions {
  /** Folder to write `<name>.hea` / `<name>.dat` into (created). */
  dir: string;
  /** Record length, hours (any positive number; the last tile is cut). */
  hours: number;
  /** Sampling rate, Hz (default 360: MIT-BIH's own bytes, 2 leads). */
  fsHz?: number;
  /** Record name (default `long<hours>h<fs>`). */
  name?: string;
}

/** What was written. */
export interface LongRecord {
  header: string;
  nSamples: number;
  fsHz: number;
  leads: number;
}

/** Writes `total` bytes that repeat `tile` (whole tiles, then a cut one) to `path`. */
function writeTiled(path: string, tile: Uint8Array, total: number): void {
  const fd = openSync(path, 'w');
  try {
    for (let at = 0; at < total; at += tile.length) {
      writeSync(fd, tile, 0, Math.min(tile.length, total - at));
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes a long record (see the module header) and returns its header path. */
export function writeLongRecord(opts: LongRecordOptions): LongRecord {
  const fsHz = opts.fsHz ?? 360;
  const name = opts.name ?? `long${opts.hours}h${fsHz}`;
  mkdirSync(opts.dir, { recursive: true });
  const nSamples = Math.round(opts.hours * 3600 * fsHz);
  const header = join(opts.dir, `${name}.hea`);
  if (fsHz === 360) {
    // 2 signals in format 212: one frame is 3 bytes, so the tile is whole frames.
    const bytes = new Uint8Array(readFileSync(`${MITDB_100}.dat`));
    writeTiled(join(opts.dir, `${name}.dat`), bytes.subarray(0, Math.floor(bytes.length / 3) * 3), nSamples * 3);
    writeFileSync(header, `${name} 2 360 ${nSamples}\n${name}.dat 212 200 11 1024 0 0 0 MLII\n${name}.dat 212 200 11 1024 0 0 0 V5\n`);
    return { header, nSamples, fsHz, leads: 2 };
  }
  const [lead] = loadRecords(`${MITDB_100}.hea`)[0].signals;
  const resampled = resampleToRate(lead, 360, fsHz);
  const adc = new Int16Array(resampled.length);
  for (let i = 0; i < adc.length; i++) {
    adc[i] = Math.max(-32767, Math.min(32767, Math.round(resampled[i] * 200)));
  }
  writeTiled(join(opts.dir, `${name}.dat`), new Uint8Array(adc.buffer), nSamples * 2);
  writeFileSync(header, `${name} 1 ${fsHz} ${nSamples}\n${name}.dat 16 200/mV 16 0 0 0 0 MLII\n`);
  return { header, nSamples, fsHz, leads: 1 };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const out = flag(args, '--out');
  const hours = Number(flag(args, '--hours'));
  if (!out || !(hours > 0)) {
    console.error('usage: make-long-record.ts --hours H [--fs HZ] [--name NAME] --out DIR');
    process.exit(2);
  }
  const fs = flag(args, '--fs');
  const made = writeLongRecord({ dir: out, hours, fsHz: fs === undefined ? undefined : Number(fs), name: flag(args, '--name') });
  console.log(`${made.header}: ${made.leads} lead(s), ${made.nSamples} samples at ${made.fsHz} Hz`);
}
