/**
 * wfdb importer on MIT-BIH records 100 and 101 (../shared/data/mitdb, first two headers in sorted
 * order). Expected noisy windows come from wfdb-python:
 *   python -c "import wfdb; a=wfdb.rdann('mitdb/101','atr'); print([(s,t) for s,t,y in zip(a.sample,a.subtype,a.symbol) if y=='~'])"
 *   → [(40603, 1), (41930, 0), (115124, -1), (115478, 0)]; record 100 has no '~'.
 * 360 Hz × 10 s = 3600-sample windows, 650000 samples → 180 full + 1 trailing = 181 windows/lead.
 * Lead 0 (mask 1) noisy in [40603, 41930) → window 11; both leads unreadable in [115124, 115478)
 * → windows 31 and 32.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importWfdbFolder, noisyStretches } from '../../../src-main/engine/importers/wfdb-folder';
import { labelledSegments, useTempProject } from '../db/helpers';

const MITDB = join(__dirname, '../../../../shared/data/mitdb');
const ctx = useTempProject();

describe('importWfdbFolder', () => {
  it('labels windows overlapping ~ noise stretches per lead', async () => {
    const s = await importWfdbFolder(ctx.project, MITDB, { limit: 2, datasetName: 'mitdb' });
    expect(s).toMatchObject({ recordsSeen: 2, inserted: 2, segments: 2 * 2 * 181, skipped: [] });
    const noisy = labelledSegments(ctx.project.db, 'dataset:mitdb', { value: 'noisy' });
    expect(noisy.map((r) => `${r.naturalKey}:${r.leadIndex}:${r.segmentIndex}`)).toEqual([
      '101:0:11', '101:0:31', '101:0:32', '101:1:31', '101:1:32',
    ]);
    const unreadable = ctx.project.segmentDetail(noisy[1].segmentId).labels[0];
    expect(unreadable).toMatchObject({ value: 'noisy', note: 'unreadable' });
    expect(labelledSegments(ctx.project.db, 'dataset:mitdb', { value: 'clean' })).toHaveLength(2 * 2 * 181 - 5);
    const again = await importWfdbFolder(ctx.project, MITDB, { limit: 2, datasetName: 'mitdb' });
    expect(again).toMatchObject({ inserted: 0, unchanged: 2, labelEvents: 0 });
  });

  it('decodes the subtype mask', () => {
    const ann = (sample: number, subtype: number) => ({ sample, symbol: '~', code: 14, subtype, chan: 0, num: 0, aux: '' });
    expect(noisyStretches([ann(10, 2), ann(20, 0x11), ann(30, 0)], 2, 100)).toEqual([
      { lead: 1, start: 10, end: 20, unreadable: false },
      { lead: 0, start: 20, end: 30, unreadable: true },
    ]);
  });
});
