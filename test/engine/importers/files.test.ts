/**
 * files importer on the bundled samples (resources/samples: WFDB .hea/.mat, EDF, WFDB 212) plus a
 * broken CSV, and reloading every imported record for scoring (content hash must match the import).
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { listRecords } from '../../../src-main/engine/db/records-repo';
import { recordContentHash } from '../../../src-main/engine/importers/common';
import { importFiles } from '../../../src-main/engine/importers/files';
import { loadProjectRecord } from '../../../src-main/engine/importers/record-source';
import { tempDir } from '../db/helpers';

const SAMPLES = join(__dirname, '../../../resources/samples');
const t = tempDir();
let project: ProjectDb;
let dir = '';
beforeAll(() => {
  dir = join(t.dir, 'mix');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  for (const f of readdirSync(SAMPLES).filter((n) => /\.(hea|mat|dat|edf)$/.test(n))) {
    copyFileSync(join(SAMPLES, f), join(dir, f.endsWith('.edf') ? `sub/${f}` : f));
  }
  writeFileSync(join(dir, 'broken.csv'), 'I,II\n1,abc\n');
  project = ProjectDb.open(join(t.dir, 'p.sqlite'));
});
afterAll(() => {
  project.close();
  t.cleanup();
});

describe('importFiles', () => {
  it('imports readable records, reports bad files, and reloads records unchanged', async () => {
    const headers = readdirSync(SAMPLES).filter((n) => n.endsWith('.hea') || n.endsWith('.edf')).length;
    const s = await importFiles(project, dir, { datasetName: 'mix' });
    expect(s.inserted).toBe(headers);
    expect(s.skipped.map((k) => k.path)).toEqual([join(dir, 'broken.csv')]);
    expect(project.summary().counts.records).toBe(headers);
    for (const row of listRecords(project.db)) {
      expect(row.naturalKey).not.toMatch(/\.(dat|mat)$/);
      expect(recordContentHash(await loadProjectRecord(row))).toBe(row.contentHash);
    }
    expect(listRecords(project.db).map((r) => r.naturalKey)).toContain(`sub/${readdirSync(SAMPLES).find((n) => n.endsWith('.edf'))}`);
    expect(await importFiles(project, dir, { datasetName: 'mix' })).toMatchObject({ inserted: 0, unchanged: headers });
  });
});
