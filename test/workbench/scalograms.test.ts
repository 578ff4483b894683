/**
 * The detail view's scalogram service on a record with invalid samples: a window the input contract
 * skips (20 % invalid) and a lead without valid samples come back as errors that say why, while a
 * window with a short filled gap gets its scalogram.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectDb } from '../../src-main/engine/db/project-db';
import { importFiles } from '../../src-main/engine/importers/files';
import { closeSharedSuperletPool } from '../../src-main/engine/workers/superlet-pool';
import { ScalogramService } from '../../src-main/workbench/scalograms';
import { WorkbenchSession } from '../../src-main/workbench/session';
import { writeGapRecord } from '../helpers/invalid-samples';
import { tempDir } from '../engine/db/helpers';

const TINY_MODEL = join(import.meta.dirname, '../fixtures/tiny-model');

describe('engine scalograms with invalid samples', async () => {
  const t = tempDir();
  afterAll(async () => {
    session.close();
    await closeSharedSuperletPool();
    t.cleanup();
  });
  const folder = join(t.dir, 'gaps');
  mkdirSync(folder);
  const header = writeGapRecord(folder); // lead I: 40 invalid in window 0, lead II: 20 % of window 1, lead III: none valid
  const dbPath = join(t.dir, 'gaps.sqlite');
  const project = ProjectDb.open(dbPath);
  await importFiles(project, folder);
  const ids = project.db
    .prepare('SELECT id, lead_index AS lead, segment_index AS seg FROM segments ORDER BY lead_index, segment_index')
    .all() as { id: number; lead: number; seg: number }[];
  project.close();
  const idOf = (lead: number, seg: number): number => ids.find((r) => r.lead === lead && r.seg === seg)!.id;
  const session = WorkbenchSession.open(dbPath);
  const service = new ScalogramService([TINY_MODEL]);

  it('shows the scalogram of a window with a short filled gap', async () => {
    const set = await service.compute(session, idOf(0, 0), undefined);
    expect(set.original).toHaveLength(32 * 256);
    expect(set.original.every(Number.isFinite)).toBe(true);
  });

  it('says why a window or a lead has none', async () => {
    await expect(service.compute(session, idOf(1, 1), undefined)).rejects.toThrow(
      `${header}: lead II window 1 (10–20 s) has 20.0 % invalid samples (1000 of 5000), above the 10.0 % limit; not scored`,
    );
    await expect(service.compute(session, idOf(2, 0), undefined)).rejects.toThrow(`${header}: lead III has no valid samples; not scored`);
  });
});
