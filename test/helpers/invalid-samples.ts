/**
 * Writes a small WFDB record whose leads hold runs of format 16's invalid-sample code (−32768,
 * read as NaN), for the NaN-handling tests of quantify (file and DB mode).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Samples per lead of {@link writeGapRecord}: 30 s at 500 Hz (three 10-s windows). */
export const GAP_RECORD_SAMPLES = 15000;

/**
 * `<dir>/gap.hea` + `gap.dat`: leads I, II, III, 500 Hz, format 16 at 1000 adu/mV, sums of sines.
 * Lead I has 40 invalid samples in window 0 (0.8 %), lead II 1000 in window 1 (20 %), lead III
 * none valid.
 * @returns the header path.
 */
export function writeGapRecord(dir: string): string {
  const n = GAP_RECORD_SAMPLES;
  const dat = Buffer.alloc(n * 3 * 2);
  for (let i = 0; i < n; i++) {
    const v = Math.round(500 * Math.sin(i / 30) + 200 * Math.sin(i / 7));
    dat.writeInt16LE(i >= 2000 && i < 2040 ? -32768 : v, i * 6);
    dat.writeInt16LE(i >= 6000 && i < 7000 ? -32768 : -v, i * 6 + 2);
    dat.writeInt16LE(-32768, i * 6 + 4);
  }
  writeFileSync(join(dir, 'gap.dat'), dat);
  const specs = ['I', 'II', 'III'].map((name) => `gap.dat 16 1000/mV 16 0 0 0 0 ${name}`);
  writeFileSync(join(dir, 'gap.hea'), [`gap 3 500 ${n}`, ...specs, ''].join('\n'));
  return join(dir, 'gap.hea');
}
