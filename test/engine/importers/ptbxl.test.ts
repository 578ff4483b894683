/**
 * ptbxl importer on a miniature PTB-XL tree built here: the 10 raw records
 * ../shared/data/ptbxl/raw-wfdb/HR0600{0..9} copied under records500/06000/, listed by a
 * ptbxl_database.csv whose rows are the first 10 rows of ptbxl_database.head.csv with filename_hr
 * pointed at those records (so the free text is real PTB-XL text). Expected per-lead labels: the
 * paper's lists for the original rows in ptbxl_label_dropna.csv.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { importPtbxl } from '../../../src-main/engine/importers/ptbxl';
import { parseIndexList } from '../../../src-main/engine/importers/ptbxl-labels';
import { csvField } from '../../../src-main/engine/exports/csv';
import { labelledSegments, tempDir } from '../db/helpers';

const SHARED = join(__dirname, '../../../../shared/data/ptbxl');
const t = tempDir();
let project: ProjectDb;
let head: Record<string, string>[];

beforeAll(() => {
  head = (parse(readFileSync(join(SHARED, 'ptbxl_database.head.csv')), { columns: true }) as Record<string, string>[]).slice(0, 10);
  const dir = join(t.dir, 'ptbxl', 'records500', '06000');
  mkdirSync(dir, { recursive: true });
  const cols = Object.keys(head[0]);
  const lines = [cols.join(',')];
  head.forEach((row, i) => {
    for (const ext of ['hea', 'mat']) {
      copyFileSync(join(SHARED, 'raw-wfdb', `HR0600${i}.${ext}`), join(dir, `HR0600${i}.${ext}`));
    }
    lines.push(cols.map((c) => csvField(c === 'filename_hr' ? `records500/06000/HR0600${i}` : row[c])).join(','));
  });
  writeFileSync(join(t.dir, 'ptbxl', 'ptbxl_database.csv'), `${lines.join('\n')}\n`);
  project = ProjectDb.open(join(t.dir, 'p.sqlite'));
});
afterAll(() => {
  project.close();
  t.cleanup();
});

describe('importPtbxl', () => {
  it('imports the records with the paper-parsed per-lead labels and keeps the CSV metadata', async () => {
    const s = await importPtbxl(project, join(t.dir, 'ptbxl'));
    expect(s).toMatchObject({ recordsSeen: 10, inserted: 10, segments: 120, skipped: [] });
    const expected = new Map((parse(readFileSync(join(SHARED, 'ptbxl_label_dropna.csv')), { columns: true }) as Record<string, string>[]).map((r) => [r.filename_hr, r]));
    for (const row of head) {
      const want = expected.get(row.filename_hr) as Record<string, string>;
      const segs = labelledSegments(project.db, 'dataset:ptbxl', { recordKey: String(Number(row.ecg_id)) });
      expect(segs).toHaveLength(12);
      for (const seg of segs) {
        const values = ['baseline_drift', 'static_noise', 'burst_noise', 'electrodes_problems', 'clean'].filter((c) => parseIndexList(want[c]).includes(seg.leadIndex)).sort();
        expect(seg.labels, `${row.ecg_id} lead ${seg.leadIndex}`).toEqual(values);
      }
      const meta = project.segmentDetail(segs[0].segmentId).record.metadata;
      expect(meta).toMatchObject({ ecg_id: Number(row.ecg_id), strat_fold: Number(row.strat_fold), scp_codes: row.scp_codes, patient_id: row.patient_id });
    }
    const rec = project.segmentDetail(labelledSegments(project.db, 'dataset:ptbxl')[0].segmentId).record;
    expect(rec).toMatchObject({ fsHz: 500, nSamples: 5000, unitsKnown: true, format: 'wfdb' });
    expect(await importPtbxl(project, join(t.dir, 'ptbxl'))).toMatchObject({ inserted: 0, unchanged: 10, labelEvents: 0 });
  });
});
