/**
 * `ecgnq info` end to end (spawns bin/ecgnq.js): JSON output for the bundled samples, text output, and a
 * bad file → message on stderr and exit code 1 while the good files are still described.
 * Expected values: the sample headers (HR06000.hea: 12 leads, 500 Hz, 5000 samples; mitdb100_20s.hea: 2 leads,
 * 360 Hz, 7200 samples).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/ecgnq.js'), 'info', ...args], { cwd: ROOT, encoding: 'utf-8', timeout: 60_000 });

describe('ecgnq info', () => {
  it('prints JSON descriptions of several files', () => {
    const res = run('resources/samples/HR06000.hea', 'resources/samples/mitdb100_20s.hea', '--json');
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout) as Array<{ name: string; fsHz: number; leads: string[]; nSamples: number; durationS: number; format: string }>;
    expect(out.map((d) => [d.name, d.format, d.fsHz, d.leads.length, d.nSamples, d.durationS])).toEqual([
      ['HR06000', 'wfdb', 500, 12, 5000, 10],
      ['mitdb100_20s', 'wfdb', 360, 2, 7200, 20],
    ]);
  });

  it('text mode; a bad file is reported on stderr with exit code 1, the others still printed', () => {
    const res = run('resources/samples/HR06003.edf', 'test/fixtures/bad/csv_ragged.csv', 'test/fixtures/csv/semicolon_no_units.csv', '--fs', '250');
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('leads     12: I II III aVR aVL aVF V1 V2 V3 V4 V5 V6');
    expect(res.stdout).toContain('fs        250 Hz'); // semicolon_no_units.csv takes --fs
    expect(res.stderr).toMatch(/csv_ragged\.csv: ragged rows/);
  });
});
