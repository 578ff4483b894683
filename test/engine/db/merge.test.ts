/**
 * mergeProjects: records by (dataset, key), scores and label events without duplicates, records with
 * the same key but other content reported as conflicts and left out (with their scores).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendLabelEvents } from '../../../src-main/engine/db/labels-repo';
import { mergeProjects } from '../../../src-main/engine/db/merge';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { ensureDataset, insertRecord } from '../../../src-main/engine/db/records-repo';
import { insertScores } from '../../../src-main/engine/db/scores-repo';
import { seedRecords, tempDir } from './helpers';

const t = tempDir();
afterAll(() => t.cleanup());
const P = { modelName: 'm', modelSha256: 'c'.repeat(64), t: 30, stepInterval: 10, scheduler: 'ddim' as const, seed: 0 };

describe('mergeProjects', () => {
  it('merges shards, skips conflicting records, and is idempotent', () => {
    const a = ProjectDb.open(join(t.dir, 'a.sqlite'));
    const idsA = seedRecords(a.db, 'ds', 3); // rec0..rec2
    a.transaction(() => {
      insertScores(a.db, idsA.slice(0, 2).map((segmentId) => ({ ...P, segmentId, provider: 'cpu', psnr: 20, ssim: 1, mse: 0, mae: 0, localPsnr: [1, 2] })));
      appendLabelEvents(a.db, [{ segmentId: idsA[0], kind: 'noise', value: 'clean', source: 'annotator:ana', note: 'ok' }]);
    });
    a.close();
    const b = ProjectDb.open(join(t.dir, 'b.sqlite'));
    const idsB = seedRecords(b.db, 'ds', 2); // rec0, rec1: same content as in a
    const ds = ensureDataset(b.db, 'ds', 'test', '/nowhere');
    const other = b.transaction(() =>
      insertRecord(b.db, ds.id, { naturalKey: 'rec2', sourcePath: '/x', format: 'npz', fsHz: 100, nSamples: 1000, leadNames: ['I'], units: ['mV'], unitsKnown: true, contentHash: 'different', windows: [{ index: 0, startSample: 0, endSample: 1000, validColumns: 256 }] }),
    );
    b.transaction(() => {
      insertScores(b.db, [...idsB, ...other.segmentIds.values()].map((segmentId) => ({ ...P, segmentId, provider: 'cuda', psnr: 25, ssim: 1, mse: 0, mae: 0, localPsnr: [] })));
    });
    b.close();

    const into = join(t.dir, 'merged.sqlite');
    const [fromA, fromB] = mergeProjects(into, [join(t.dir, 'a.sqlite'), join(t.dir, 'b.sqlite')]);
    expect(fromA).toMatchObject({ records: 3, segments: 6, scores: 2, labelEvents: 1, conflicts: [] });
    // rec0/rec1 segments 0–1 of rec0 already scored from a (kept); rec1's 2 segments are new; rec2 conflicts.
    expect(fromB).toMatchObject({ records: 0, segments: 0, scores: 2, labelEvents: 0, conflicts: ['ds/rec2'] });
    const m = ProjectDb.open(into, { readonly: true });
    expect(m.summary().counts).toMatchObject({ datasets: 1, records: 3, segments: 6, scores: 4, labelEvents: 1 });
    expect(m.segmentDetail(1).labels[0]).toMatchObject({ source: 'annotator:ana', value: 'clean', note: 'ok' });
    expect(m.segmentDetail(1).scores[0]).toMatchObject({ provider: 'cpu', psnr: 20, localPsnr: [1, 2] });
    m.close();
    const again = mergeProjects(into, [join(t.dir, 'a.sqlite'), join(t.dir, 'b.sqlite')]);
    expect(again.map((s) => s.records + s.segments + s.scores + s.labelEvents)).toEqual([0, 0]);
    expect(() => mergeProjects(into, [into])).toThrow(/merge target itself/);
  });
});
