/**
 * cinc2011 and butqdb importers on fixtures built here to the published layouts (synthetic sine
 * records; see wfdb-fixture.ts). Expected labels follow from the lists / intervals written below.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importButqdb, parseButqdbAnnotations } from '../../../src-main/engine/importers/butqdb';
import { importCinc2011 } from '../../../src-main/engine/importers/cinc2011';
import { labelledSegments, useTempProject } from '../db/helpers';
import { writeWfdb16 } from './wfdb-fixture';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const ctx = useTempProject();

describe('importCinc2011', () => {
  it('labels whole records acceptable / unacceptable and reports a broken record', async () => {
    const dir = join(ctx.dir, 'set-a');
    for (const name of ['1001', '1002', '1003']) {
      writeWfdb16(dir, name, 500, 5000, LEADS);
    }
    writeFileSync(join(dir, '1004.hea'), '1004 12 500 5000\n'); // header promising leads it lacks
    writeFileSync(join(dir, 'RECORDS-acceptable'), '1001\n1003\n');
    writeFileSync(join(dir, 'RECORDS-unacceptable'), '1002\n');
    const s = await importCinc2011(ctx.project, dir);
    expect(s).toMatchObject({ recordsSeen: 4, inserted: 3, segments: 36 });
    expect(s.skipped).toHaveLength(1);
    expect(s.skipped[0].path).toContain('1004.hea');
    const bad = labelledSegments(ctx.project.db, 'dataset:cinc2011', { value: 'unacceptable' });
    expect(new Set(bad.map((r) => r.naturalKey))).toEqual(new Set(['1002']));
    expect(bad).toHaveLength(12);
    expect(labelledSegments(ctx.project.db, 'dataset:cinc2011', { value: 'acceptable' })).toHaveLength(24);
    expect(ctx.project.summary().counts.records).toBe(3); // nothing partial from 1004
    const again = await importCinc2011(ctx.project, dir);
    expect(again).toMatchObject({ inserted: 0, unchanged: 3, labelEvents: 0 });
  });
});

describe('importButqdb', () => {
  it('maps per-annotator class intervals to overlapping 10-s windows', async () => {
    const root = join(ctx.dir, 'butqdb');
    const dir = join(root, '100001');
    mkdirSync(dir, { recursive: true });
    // 30 s at 1000 Hz, 1 lead in µV (gain 1 adu/µV) → 3 windows [0,10000) [10000,20000) [20000,30000).
    writeWfdb16(dir, '100001_ECG', 1000, 30000, ['ECG'], 1, 'uV');
    // A: class 1 on samples 1–15000 (1-based), class 3 on 15001–30000; B: class 2 on 1–10000 only.
    writeFileSync(join(dir, '100001_ANN.csv'), '1,15000,1,1,10000,2\n15001,30000,3,,,\n');
    const s = await importButqdb(ctx.project, root);
    expect(s).toMatchObject({ inserted: 1, segments: 3, skipped: [] });
    const byWindow = (source: string) =>
      labelledSegments(ctx.project.db, source, { datasetName: 'butqdb' }).map((r) => r.labels.join('|'));
    expect(byWindow('annotator:butqdb-A')).toEqual(['butqdb:1', 'butqdb:3', 'butqdb:3']);
    expect(byWindow('annotator:butqdb-B')).toEqual(['butqdb:2', '', '']);
    expect(byWindow('dataset:butqdb')).toEqual(['butqdb:2', 'butqdb:3', 'butqdb:3']);
    const detail = ctx.project.segmentDetail(labelledSegments(ctx.project.db, 'dataset:butqdb', { datasetName: 'butqdb' })[0].segmentId);
    expect(detail.record).toMatchObject({ fsHz: 1000, unitsKnown: true });
  });

  it('rejects a class outside 1–3', () => {
    expect(() => parseButqdbAnnotations('1,10,4\n', 'x_ANN.csv')).toThrow(/class/);
  });
});
