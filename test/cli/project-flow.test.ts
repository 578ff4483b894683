/**
 * End to end through the CLI on 2 records (24 lead-segments) of the PTB-XL subset with the default
 * model (models/default; the toy model of test/fixtures/inference-toy/ldm until one ships): import → quantify --db (killed with SIGKILL mid-run,
 * then resumed) → compare with shard 1/2 + 2/2 runs merged by `ecgnq merge` (each an uninterrupted
 * run) → eval → exports. Expected values come from the database itself (no hard-coded PSNRs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../src-main/cli/commands/export';
import { mergeProjects } from '../../src-main/engine/db/merge';
import { ProjectDb } from '../../src-main/engine/db/project-db';
import { importNpzSubset } from '../../src-main/engine/importers/npz-subset';
import { tempDir } from '../engine/db/helpers';

const ROOT = join(__dirname, '../..');
const NPZ = join(ROOT, '../shared/data/ptbxl/ptbxl_subset_100hz.npz');
// The shipped default model when present (issue 5: "scoring it with the default model"), else the toy model.
const MODEL = existsSync(join(ROOT, 'models/default/model.json')) ? join(ROOT, 'models/default') : join(ROOT, 'test/fixtures/inference-toy/ldm');
const ENV = { ...process.env, ECGNQ_NO_PROGRESS: '1' };
const t = tempDir('ecgnq-cli-');
const db = (name: string): string => join(t.dir, name);

function cli(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/ecgnq.js'), ...args], { cwd: ROOT, env: ENV, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function scoreRows(path: string): string[] {
  const p = ProjectDb.open(path, { readonly: true });
  const rows = p.db
    .prepare(
      `SELECT r.natural_key, g.lead_index, g.segment_index, s.psnr, s.ssim, s.mse, s.mae, s.local_psnr_json, s.model_sha256, s.t, s.step_interval
       FROM scores s JOIN segments g ON g.id = s.segment_id JOIN records r ON r.id = g.record_id ORDER BY 1, 2, 3`,
    )
    .raw()
    .all();
  p.close();
  return rows.map((r) => JSON.stringify(r));
}

function scoreCount(path: string): number {
  const p = ProjectDb.open(path, { readonly: true });
  const n = (p.db.prepare('SELECT COUNT(*) AS n FROM scores').get() as { n: number }).n;
  p.close();
  return n;
}

beforeAll(() => {
  const r = cli('import', 'npz-subset', NPZ, '--db', db('a.sqlite'), '--limit', '2', '--json');
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 2, segments: 24 });
  for (const copy of ['c.sqlite', 'd.sqlite']) {
    copyFileSync(db('a.sqlite'), db(copy));
  }
}, 120_000);
afterAll(() => t.cleanup());

describe('project workflow through the CLI', () => {
  it('re-import adds nothing', async () => {
    const p = ProjectDb.open(db('a.sqlite'));
    const again = await importNpzSubset(p, NPZ, { limit: 2 });
    p.close();
    expect(again).toMatchObject({ inserted: 0, unchanged: 2, labelEvents: 0 });
  });

  it('a SIGKILLed quantify resumes to the same table as uninterrupted shard runs merged', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/ecgnq.js'), 'quantify', '--db', db('a.sqlite'), '--model', MODEL, '--threads', '1'], { cwd: ROOT, env: ENV, stdio: 'ignore' });
    let atKill = -1;
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    for (let i = 0; i < 2400 && atKill < 0; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      const n = scoreCount(db('a.sqlite'));
      if (n >= 12) {
        child.kill('SIGKILL');
        atKill = n;
      }
    }
    await exited;
    expect(atKill).toBeGreaterThanOrEqual(12);
    expect(atKill).toBeLessThan(24); // really interrupted
    const afterKill = scoreCount(db('a.sqlite'));
    expect(afterKill % 12).toBe(0); // whole records only
    expect(afterKill).toBeLessThan(24);

    const resumed = cli('quantify', '--db', db('a.sqlite'), '--model', MODEL, '--threads', '1', '--json');
    expect(resumed.status, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { segmentsScored: number; segmentsPending: number };
    expect(summary.segmentsScored).toBe(24 - afterKill);
    expect(summary.segmentsPending).toBe(0);
    expect(scoreCount(db('a.sqlite'))).toBe(24);

    for (const [k, file] of [['1/2', 'c.sqlite'], ['2/2', 'd.sqlite']]) {
      const r = cli('quantify', '--db', db(file), '--model', MODEL, '--threads', '1', '--shard', k, '--json');
      expect(r.status, r.stderr).toBe(0);
    }
    expect(scoreCount(db('c.sqlite')) + scoreCount(db('d.sqlite'))).toBe(24);
    const merged = cli('merge', db('c.sqlite'), db('d.sqlite'), '--into', db('e.sqlite'), '--json');
    expect(merged.status, merged.stderr).toBe(0);
    expect(scoreRows(db('e.sqlite'))).toEqual(scoreRows(db('a.sqlite')));
    const again = mergeProjects(db('e.sqlite'), [db('c.sqlite'), db('d.sqlite')]);
    expect(again.every((s) => s.scores === 0 && s.labelEvents === 0 && s.records === 0)).toBe(true);
  }, 240_000);

  it('eval and exports read the scored project', async () => {
    const ev = cli('eval', '--db', db('e.sqlite'), '--json');
    expect(ev.status, ev.stderr).toBe(0);
    const result = JSON.parse(ev.stdout) as { nClean: number; rows: { group: string; nNoisy: number }[] };
    const p = ProjectDb.open(db('e.sqlite'), { readonly: true });
    const clean = (p.db.prepare("SELECT COUNT(*) AS n FROM current_labels WHERE value = 'clean'").get() as { n: number }).n;
    const psnrs = (p.db.prepare('SELECT psnr FROM scores ORDER BY psnr DESC').all() as { psnr: number }[]).map((r) => r.psnr);
    p.close();
    expect(result.nClean).toBe(clean);

    await runExport('scores', { db: db('e.sqlite'), format: 'reference', out: db('ref.csv') });
    const refRows = parse(readFileSync(db('ref.csv')), { columns: true }) as Record<string, string>[];
    expect(refRows).toHaveLength(2);
    expect(Object.keys(refRows[0]).slice(0, 8)).toEqual(['filename_hr', 'scp_codes', 'baseline_drift', 'static_noise', 'burst_noise', 'electrodes_problems', 'clean', 'strat_fold']);
    const refValues = refRows.flatMap((r) => Array.from({ length: 12 }, (_, i) => Number(r[`lead_${i}`]))).sort((a, b) => b - a);
    refValues.forEach((v, i) => expect(v).toBeCloseTo(psnrs[i], 6));

    await runExport('refined', { db: db('e.sqlite'), top: '0.5', out: db('refined.csv') });
    const kept = parse(readFileSync(db('refined.csv')), { columns: true }) as Record<string, string>[];
    expect(kept).toHaveLength(Math.round(clean * 0.5));
    const keptPsnr = kept.map((r) => Number(r.psnr));
    expect(keptPsnr).toEqual([...keptPsnr].sort((a, b) => b - a));

    const labels = cli('export', 'labels', '--db', db('e.sqlite'), '--out', db('labels.csv'));
    expect(labels.status, labels.stderr).toBe(0);
    expect(parse(readFileSync(db('labels.csv')), { columns: true })).toHaveLength(24);
    expect(parse(readFileSync(db('labels-audit.csv')), { columns: true }).length).toBeGreaterThanOrEqual(24);
  }, 120_000);
});
