/**
 * A segment's score is a function of its samples, the model and the scoring parameters only: file
 * mode, a renamed copy of the record, project mode (import + quantify job) and the workstation's
 * detail view give bit-identical PSNRs for PTB-XL HR06003 (12 leads) with the exported tiny model.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQuantifyOptions, runQuantifyFiles } from '../src-main/cli/commands/quantify';
import { ProjectDb } from '../src-main/engine/db/project-db';
import { importFiles } from '../src-main/engine/importers/files';
import { NoiseScorer } from '../src-main/engine/inference/scorer';
import { releaseAllSessions } from '../src-main/engine/inference/session';
import { loadRecords } from '../src-main/engine/io/load';
import { run as runQuantifyJob } from '../src-main/engine/jobs/quantify.job';
import { closeSharedSuperletPool } from '../src-main/engine/workers/superlet-pool';
import { scoreIdentityKey } from '../src-main/engine/inference/score-identity';
import { ScalogramService } from '../src-main/workbench/scalograms';
import { WorkbenchSession } from '../src-main/workbench/session';
import { tempDir } from './engine/db/helpers';

const RAW = join(import.meta.dirname, '../../shared/data/ptbxl/raw-wfdb');
const TINY_MODEL = join(import.meta.dirname, 'fixtures/tiny-model');
const SEED = 4;

describe('score identity', async () => {
  const t = tempDir('ecgnq-identity-');
  afterAll(async () => {
    t.cleanup();
    await closeSharedSuperletPool();
    await releaseAllSessions();
  });
  const original = join(t.dir, 'original');
  const renamed = join(t.dir, 'renamed');
  mkdirSync(original);
  mkdirSync(renamed);
  copyFileSync(join(RAW, 'HR06003.hea'), join(original, 'HR06003.hea'));
  copyFileSync(join(RAW, 'HR06003.mat'), join(original, 'HR06003.mat'));
  // `sed s/HR06003/ZZ42/` on the header, signal file renamed to match
  writeFileSync(join(renamed, 'ZZ42.hea'), readFileSync(join(RAW, 'HR06003.hea'), 'utf8').replaceAll('HR06003', 'ZZ42'));
  copyFileSync(join(RAW, 'HR06003.mat'), join(renamed, 'ZZ42.mat'));
  const scorer = await NoiseScorer.load(TINY_MODEL, { device: 'cpu' });
  const direct = await scorer.scoreRecord(loadRecords(join(original, 'HR06003.hea'))[0], { seed: SEED });
  const psnrOf = new Map(direct.map((s) => [`${s.leadIndex}:${s.segmentIndex}`, s.psnr]));

  function csvScores(path: string): string[] {
    const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
    const cols = head.split(',');
    // everything but the file and record names
    return lines.map((l) => l.split(',').filter((_, i) => cols[i] !== 'file' && cols[i] !== 'record').join(','));
  }

  it('file mode: the record and its renamed copy give the same rows', async () => {
    const options = parseQuantifyOptions({ model: TINY_MODEL, seed: String(SEED) });
    const a = join(t.dir, 'a.csv');
    const b = join(t.dir, 'b.csv');
    await runQuantifyFiles([join(original, 'HR06003.hea')], { ...options, outPath: a });
    await runQuantifyFiles([join(renamed, 'ZZ42.hea')], { ...options, outPath: b });
    expect(csvScores(a)).toHaveLength(12);
    expect(csvScores(b)).toEqual(csvScores(a));
    const psnrColumn = readFileSync(a, 'utf8').split('\n')[0].split(',').indexOf('psnr');
    const fileModePsnr = readFileSync(a, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[psnrColumn]));
    expect(fileModePsnr).toEqual(direct.map((s) => Number(s.psnr.toPrecision(10))));
  });

  const dbPath = join(t.dir, 'project.sqlite');
  it('project mode and the detail view: the same PSNRs, bit for bit', async () => {
    const project = ProjectDb.open(dbPath);
    await importFiles(project, renamed, { datasetName: 'another-name' });
    project.close();
    const summary = await runQuantifyJob({ dbPath, scorer, seed: SEED });
    expect(summary.segmentsScored).toBe(12);
    const db = ProjectDb.open(dbPath, { readonly: true });
    const stored = db.db
      .prepare('SELECT g.id, g.lead_index AS lead, g.segment_index AS seg, s.psnr FROM scores s JOIN segments g ON g.id = s.segment_id ORDER BY g.id')
      .all() as { id: number; lead: number; seg: number; psnr: number }[];
    db.close();
    for (const row of stored) {
      expect(Object.is(row.psnr, psnrOf.get(`${row.lead}:${row.seg}`)), `lead ${row.lead}`).toBe(true);
    }
    const session = WorkbenchSession.open(dbPath);
    try {
      const service = new ScalogramService([TINY_MODEL]);
      const id = scoreIdentityKey(summary.params);
      for (const row of stored.slice(0, 3)) {
        const set = await service.compute(session, row.id, id);
        expect(Object.is(set.psnr, row.psnr), `detail view lead ${row.lead}`).toBe(true);
      }
    } finally {
      session.close();
    }
  });
});
