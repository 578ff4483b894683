/** ProjectDb and repositories: label events, relabelling, scores, sharding, concurrency (queries: test/engine/project). */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLabelEvents, setSegmentLabels } from '../../../src-main/engine/db/labels-repo';
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
    expect(setSegmentLabels(project.db, s, 'annotator:ana', 'noise', ['clean'], 'looks fine')).toBe(1);
    expect(setSegmentLabels(project.db, s, 'annotator:ana', 'noise', ['burst_noise'])).toBe(2);
    const detail = project.segmentDetail(s);
    expect(detail.labels.map((l) => `${l.source}=${l.value}`)).toEqual(['annotator:ana=burst_noise', 'dataset:ds=static_noise']);
    expect(detail.history.map((e) => `${e.value}${e.present ? '+' : '-'}`)).toEqual(['static_noise+', 'clean+', 'clean-', 'burst_noise+']);
    expect(() => project.db.prepare("UPDATE label_events SET value = 'x'").run()).toThrow(/append-only/);
  });

  it('rejects malformed sources and unknown segments', () => {
    expect(() => appendLabelEvents(project.db, [{ segmentId: segIds[0], kind: 'noise', value: 'clean', source: 'me' }])).toThrow(/source/);
    expect(() => appendLabelEvents(project.db, [{ segmentId: 99999, kind: 'noise', value: 'clean', source: 'dataset:x' }])).toThrow(/does not exist/);
    expect(() => appendLabelEvents(project.db, [{ segmentId: segIds[0], kind: 'noise', value: ' ', source: 'dataset:x' }])).toThrow(/not a noise label/);
    expect(() => appendLabelEvents(project.db, [{ segmentId: segIds[0], kind: 'quality', value: 'butqdb:4', source: 'dataset:x' }])).toThrow(/not a quality label/);
    expect(appendLabelEvents(project.db, [{ segmentId: segIds[0], kind: 'tag', value: 'pacemaker spikes', source: 'annotator:ana' }])).toBe(1);
  });
});

describe('scores', () => {
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
