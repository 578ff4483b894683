/** ProjectDb and repositories: label events, relabelling, scores, browsing, sharding, concurrency. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLabelEvents } from '../../../src-main/engine/db/labels-repo';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { insertScores, listPendingRecords, shardHash } from '../../../src-main/engine/db/scores-repo';
import type { ScoreParams } from '../../../src-main/engine/db/types';
import { seedRecords, tempDir } from './helpers';

const PARAMS: ScoreParams = { modelName: 'm', modelSha256: 'abc', t: 20, stepInterval: 1, scheduler: 'ddim', seed: 0 };

let dir = '';
let cleanup = (): void => {};
let project: ProjectDb;
let segIds: number[] = [];

beforeEach(() => {
  const t = tempDir();
  dir = t.dir;
  cleanup = t.cleanup;
  project = ProjectDb.open(join(dir, 'p.sqlite'));
  segIds = seedRecords(project.db, 'ds', 5);
});
afterEach(() => {
  project.close();
  cleanup();
});

function score(segmentId: number, psnr: number): Parameters<typeof insertScores>[1][number] {
  return { ...PARAMS, segmentId, provider: 'cpu', psnr, ssim: 0.9, mse: 0.1, mae: 0.2, localPsnr: [psnr, psnr + 1] };
}

describe('label events', () => {
  it('appends only changes and keeps the full history', () => {
    const s = segIds[0];
    const ev = { segmentId: s, kind: 'noise' as const, value: 'static_noise', source: 'dataset:ds' };
    expect(project.transaction(() => appendLabelEvents(project.db, [ev]))).toBe(1);
    expect(project.transaction(() => appendLabelEvents(project.db, [ev]))).toBe(0);
    project.setSetting('annotator.name', 'ana');
    expect(project.relabel(s, ['clean'], { note: 'looks fine' })).toBe(1);
    expect(project.relabel(s, ['burst_noise'])).toBe(2);
    const detail = project.segmentDetail(s);
    expect(detail.labels.map((l) => `${l.source}=${l.value}`)).toEqual(['annotator:ana=burst_noise', 'dataset:ds=static_noise']);
    expect(detail.history.map((e) => `${e.value}${e.present ? '+' : '-'}`)).toEqual(['static_noise+', 'clean+', 'clean-', 'burst_noise+']);
    expect(() => project.db.prepare("UPDATE label_events SET value = 'x'").run()).toThrow(/append-only/);
  });

  it('rejects malformed sources and unknown segments', () => {
    expect(() => appendLabelEvents(project.db, [{ segmentId: segIds[0], kind: 'noise', value: 'clean', source: 'me' }])).toThrow(/source/);
    expect(() => appendLabelEvents(project.db, [{ segmentId: 99999, kind: 'noise', value: 'clean', source: 'dataset:x' }])).toThrow(/does not exist/);
    expect(() => project.relabel(segIds[0], ['clean'])).toThrow(/annotator/);
    expect(() => appendLabelEvents(project.db, [{ segmentId: segIds[0], kind: 'noise', value: ' ', source: 'dataset:x' }])).toThrow(/not a noise label/);
    expect(() => appendLabelEvents(project.db, [{ segmentId: segIds[0], kind: 'quality', value: 'butqdb:4', source: 'dataset:x' }])).toThrow(/not a quality label/);
    expect(appendLabelEvents(project.db, [{ segmentId: segIds[0], kind: 'tag', value: 'pacemaker spikes', source: 'annotator:ana' }])).toBe(1);
  });
});

describe('scores and browsing', () => {
  it('ignores duplicate scores and lists pending work', () => {
    expect(project.transaction(() => insertScores(project.db, [score(segIds[0], 30), score(segIds[1], 20)]))).toBe(2);
    expect(project.transaction(() => insertScores(project.db, [score(segIds[0], 99)]))).toBe(0);
    const pending = listPendingRecords(project.db, PARAMS);
    expect(pending.map((p) => p.naturalKey)).toEqual(['rec1', 'rec2', 'rec3', 'rec4']);
    expect(listPendingRecords(project.db, { ...PARAMS, seed: 1 })).toHaveLength(5);
  });

  it('splits work into disjoint deterministic shards', () => {
    const all = listPendingRecords(project.db, PARAMS).map((p) => p.recordId);
    const shards = [1, 2, 3].map((k) => listPendingRecords(project.db, PARAMS, { shard: [k, 3] }).map((p) => p.recordId));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(all);
    // Expected: FNV-1a 32 of b'ds/rec1' computed in Python (h ^= byte; h = h * 0x01000193 mod 2^32).
    expect(shardHash('ds', 'rec1')).toBe(0xb15972a0);
  });

  it('pages, sorts by PSNR and filters by label', () => {
    project.transaction(() => insertScores(project.db, segIds.map((id, i) => score(id, 10 + ((i * 7) % 10)))));
    appendLabelEvents(project.db, [{ segmentId: segIds[3], kind: 'noise', value: 'burst_noise', source: 'dataset:ds' }]);
    const all = project.browse({ params: PARAMS }, 'psnr', 'asc', 0, 100);
    expect(all.total).toBe(10);
    const psnrs = all.rows.map((r) => r.psnr ?? NaN);
    expect(psnrs).toEqual([...psnrs].sort((a, b) => a - b));
    const page2 = project.browse({ params: PARAMS }, 'psnr', 'asc', 4, 4);
    expect(page2.rows.map((r) => r.segmentId)).toEqual(all.rows.slice(4, 8).map((r) => r.segmentId));
    const burst = project.browse({ labelSource: 'dataset:ds', labelValue: 'burst_noise', params: PARAMS });
    expect(burst.total).toBe(1);
    expect(burst.rows[0]).toMatchObject({ segmentId: segIds[3], labels: ['burst_noise'], startS: 0, endS: 10 });
    expect(project.browse({ labelSource: 'dataset:ds', unlabelled: true }).total).toBe(9);
    expect(project.browse({ params: PARAMS, psnrMax: 12 }).rows.every((r) => (r.psnr ?? 99) <= 12)).toBe(true);
  });
});

describe('browse with partial scores', () => {
  it('puts unscored segments after scored ones across a page boundary, both directions', () => {
    project.transaction(() => insertScores(project.db, segIds.slice(0, 6).map((id, i) => score(id, 30 - i))));
    for (const dir of ['asc', 'desc'] as const) {
      const all = project.browse({ params: PARAMS, datasetName: 'ds' }, 'psnr', dir, 0, 100);
      const fast = project.browse({ params: PARAMS }, 'psnr', dir, 0, 100);
      expect(fast.rows.map((r) => r.segmentId)).toEqual(all.rows.map((r) => r.segmentId));
      expect(all.total).toBe(10);
      expect(all.rows.slice(6).every((r) => r.psnr === null)).toBe(true);
      const scored = all.rows.slice(0, 6).map((r) => r.psnr as number);
      expect(scored).toEqual([...scored].sort((a, b) => (dir === 'asc' ? a - b : b - a)));
      const paged = [0, 4, 8].flatMap((o) => project.browse({ params: PARAMS }, 'psnr', dir, o, 4).rows.map((r) => r.segmentId));
      expect(paged).toEqual(all.rows.map((r) => r.segmentId));
    }
    expect(project.browse({ params: PARAMS, scored: false }, 'psnr').total).toBe(4);
    expect(project.browse({ params: PARAMS, scored: true }, 'psnr').total).toBe(6);
  });
});

describe('concurrency', () => {
  it('a second connection reads while a writer transaction is open', () => {
    const reader = ProjectDb.open(project.path, { readonly: true });
    const write = project.db.transaction(() => {
      insertScores(project.db, [score(segIds[0], 25)]);
      // Inside the open write transaction: the reader is not blocked and sees the last commit.
      expect(reader.summary().counts.scores).toBe(0);
    });
    write.immediate();
    expect(reader.summary().counts.scores).toBe(1);
    reader.close();
  });
});
