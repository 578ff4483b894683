/**
 * The project model on real project files built with the engine's repositories: segment facts,
 * labels as append-only events (relabel, undo, notes), the default model, queries, evaluation
 * groups, and noticing writes by another connection (appended labels and scores folded in, new
 * records rebuilding the index). Expected values follow from the rows written in each test.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLabelEvents, setSegmentLabels } from '../../../src-main/engine/db/labels-repo';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { insertScores } from '../../../src-main/engine/db/scores-repo';
import { upsertSqis } from '../../../src-main/engine/db/sqi-repo';
import type { ScoreParams } from '../../../src-main/engine/db/types';
import { parseScoreIdentityKey, resolveSampling, scoreIdentityKey } from '../../../src-main/engine/inference/score-identity';
import { ProjectModel } from '../../../src-main/engine/project/project-model';
import { seedRecords, tempDir } from '../db/helpers';

const P: ScoreParams = { modelName: 'm', modelSha256: 'b'.repeat(64), t: 30, stepInterval: 10, scheduler: 'ddim', seed: 0 };

function score(segmentId: number, psnr: number, params: ScoreParams = P): Parameters<typeof insertScores>[1][number] {
  return { ...params, segmentId, provider: 'cpu', psnr, ssim: 0.5, mse: 0, mae: 0, localPsnr: [] };
}

let t: ReturnType<typeof tempDir>;
let path: string;
let ids: number[];

beforeEach(() => {
  t = tempDir('ecgnq-model-');
  path = join(t.dir, 'p.sqlite');
  const db = ProjectDb.open(path);
  ids = seedRecords(db.db, 'ds', 5); // 5 records × 2 leads
  db.close();
});
afterEach(() => t.cleanup());

/** Writes through a second connection, as a CLI import or a job worker would. */
function elsewhere(write: (db: ProjectDb) => void): void {
  const db = ProjectDb.open(path);
  db.transaction(() => write(db));
  db.close();
}

describe('ProjectModel', () => {
  it('refuses a missing file unless asked to create it', () => {
    expect(() => ProjectModel.open(join(t.dir, 'nope.sqlite'))).toThrow(/no such project/);
    ProjectModel.open(join(t.dir, 'new.sqlite'), { create: true }).close();
  });

  it('relabels by appending events, undoes by appending more, and keeps notes as events', () => {
    elsewhere((db) => appendLabelEvents(db.db, [{ segmentId: ids[0], kind: 'noise', value: 'clean', source: 'dataset:ds' }]));
    const model = ProjectModel.open(path);
    const id = ids[0];
    model.setLabel([id], 'ana b', 'burst_noise', null);
    expect(model.rows([id])[0]).toMatchObject({ annotatorLabel: 'burst_noise', annotator: 'ana_b', currentLabels: ['burst_noise'], flags: ['relabelled'] });
    model.setLabel([id], 'ana b', 'baseline_drift', 'looks like drift');
    expect(model.undoLast(id, 'ana b')).not.toBeNull();
    expect(model.rows([id])[0].annotatorLabel).toBe('burst_noise');
    const history = model.segmentDetail(id).history.filter((e) => e.source === 'annotator:ana_b');
    expect(history.map((e) => `${e.present ? '+' : '-'}${e.value}`)).toEqual(['+burst_noise', '-burst_noise', '+baseline_drift', '-baseline_drift', '+burst_noise']);
    model.addNote(ids[1], 'ana', 'first note');
    expect(model.addNote(ids[1], 'ana', 'second note')).toMatchObject({ kind: 'tag', value: 'note#2', note: 'second note' });
    expect(model.rows([ids[1]])[0].annotatorLabel).toBeNull();
    expect(model.summary().annotators).toEqual(['ana_b']);
    expect(model.labelFold().raterTable().get('dataset:ds')?.get(id)).toBe('clean');
    expect(model.agreement().pairs).toEqual([{ a: 'ana_b', b: 'dataset:ds', kappa: model.agreement().pairs[0].kappa, n: 1 }]);
    model.close();
  });

  it('picks the default model by segments scored, then recency, and finds models by identity', () => {
    const other: ScoreParams = { ...P, seed: 1 };
    elsewhere((db) => insertScores(db.db, [score(ids[0], 20), score(ids[1], 21), score(ids[0], 30, other)]));
    const model = ProjectModel.open(path);
    expect(model.models().map((m) => [m.id, m.scoredSegments])).toEqual([
      [scoreIdentityKey(P), 2],
      [scoreIdentityKey(other), 1],
    ]);
    expect(model.resolveModelId()).toBe(scoreIdentityKey(P));
    expect(model.findModel({ seed: 1 }).id).toBe(scoreIdentityKey(other));
    expect(() => model.findModel({ seed: 5 })).toThrow(/no scores/);
    model.close();
  });

  it('sorts scored segments first in both directions and filters by current label', () => {
    elsewhere((db) => {
      insertScores(db.db, ids.slice(0, 6).map((id, i) => score(id, 30 - i)));
      appendLabelEvents(db.db, [{ segmentId: ids[3], kind: 'noise', value: 'burst_noise', source: 'dataset:ds' }]);
    });
    const model = ProjectModel.open(path);
    for (const dir of ['asc', 'desc'] as const) {
      const result = model.query({}, { key: 'psnr', dir });
      expect(result.total).toBe(10);
      const rows = model.rows(result.ids);
      expect(rows.slice(6).every((r) => r.psnr === null)).toBe(true);
      const scored = rows.slice(0, 6).map((r) => r.psnr as number);
      expect(scored).toEqual([...scored].sort((a, b) => (dir === 'asc' ? a - b : b - a)));
    }
    expect(model.query({ labels: ['burst_noise'] }, { key: 'record', dir: 'asc' }).ids).toEqual([ids[3]]);
    expect(model.query({ labels: ['unlabelled'] }, { key: 'record', dir: 'asc' }).total).toBe(9);
    expect(model.rows([ids[3]])[0]).toMatchObject({ startS: 0, endS: 10, metrics: { ssim: 0.5 } });
    expect(() => model.query({}, { key: 'nope', dir: 'asc' })).toThrow(/unknown column/);
    model.close();
  });

  it('groups scored segments for evaluation by the chosen labels', () => {
    const labels: [number, 'noise' | 'quality', string][] = [
      [0, 'noise', 'clean'], [1, 'noise', 'clean'], [2, 'noise', 'static_noise'], [3, 'noise', 'static_noise'],
      [3, 'noise', 'burst_noise'], [4, 'quality', 'acceptable'], [5, 'quality', 'unacceptable'], [6, 'noise', 'clean'],
    ];
    elsewhere((db) => {
      appendLabelEvents(db.db, labels.map(([i, kind, value]) => ({ segmentId: ids[i], kind, value, source: 'dataset:ds' })));
      appendLabelEvents(db.db, [{ segmentId: ids[6], kind: 'noise', value: 'clean', present: false, source: 'dataset:ds' }]);
      insertScores(db.db, ids.map((segmentId, i) => score(segmentId, 10 + i)));
      insertScores(db.db, [score(ids[0], 99, { ...P, seed: 1 })]);
    });
    const model = ProjectModel.open(path);
    const result = model.evaluate({ labels: 'dataset' });
    expect(result.cleanPsnr).toEqual([10, 11, 14]); // clean, clean, acceptable; retracted 16 is unlabelled
    expect(result.noisyPsnr).toEqual([12, 13, 15]); // 'any': every noisy-labelled segment once
    const row = (group: string) => result.rows.find((r) => r.group === group);
    expect([row('static_noise')?.nNoisy, row('burst_noise')?.nNoisy, row('unacceptable')?.nNoisy, row('any')?.nNoisy]).toEqual([2, 1, 1, 3]);
    // −PSNR noisy {−12, −13} vs clean {−10, −11, −14}: only the pairs against −14 rank noisy higher → 2/6.
    expect(row('static_noise')?.auroc).toBeCloseTo(1 / 3, 12);
    expect(result.auroc).toBe(row('any')?.auroc);
    expect(model.evaluate({ labels: 'dataset', cleanFold: 9 }).nClean).toBe(0);
    // Stored SQIs of the same segments are grouped alike, mapped so that lower = noisier (burstSQI negated).
    elsewhere((db) => upsertSqis(db.db, ids.map((segmentId, i) => ({ segmentId, sqi: { basSqi: 0.9 - i / 10, kSqi: 5, sSqi: i % 2 ? -1 : 1, pSqi: 0.5, hfSqi: 0.1, burstSqi: 1 + i } }))));
    const sqi = model.evaluate({ labels: 'dataset' }).sqi;
    const sqiRow = (name: string, group: string) => sqi.find((s) => s.name === name)?.result.rows.find((r) => r.group === group);
    // basSQI static {0.7, 0.6} vs clean {0.9, 0.8, 0.5}: noisy below clean in 4 of 6 pairs
    expect(sqiRow('basSqi', 'static_noise')?.auroc).toBeCloseTo(4 / 6, 12);
    expect([sqiRow('burstSqi', 'static_noise')?.medianPsnrNoisy, sqi.find((s) => s.name === 'sSqi')?.result.nClean, sqiRow('kSqi', 'any')?.nNoisy]).toEqual([-3.5, 3, 3]);
    model.setLabel([ids[0]], 'ana', 'baseline_drift', null);
    model.setLabel([ids[1]], 'ana', 'clean', null);
    const ana = model.evaluate({ labels: 'annotator:ana' });
    expect([ana.cleanPsnr, ana.noisyPsnr, ana.rows.find((r) => r.group === 'baseline_drift')?.nNoisy]).toEqual([[11], [10], 1]);
    // Current labels: the annotator's over the dataset's.
    expect(model.evaluate().cleanPsnr).toEqual([11, 14]);
    model.close();
  });

  it('folds in labels and scores appended by another connection, and rebuilds after new records', () => {
    const model = ProjectModel.open(path);
    const index = model.index();
    expect([index.size, model.changeCount, model.sync()]).toEqual([10, 0, false]);
    elsewhere((db) => setSegmentLabels(db.db, ids[2], 'annotator:bob', 'noise', ['static_noise']));
    expect(model.sync()).toBe(true);
    expect(model.changeCount).toBe(1);
    expect(index.row(ids[2])?.annotatorLabel).toBe('static_noise');
    elsewhere((db) => insertScores(db.db, [score(ids[2], 17)]));
    expect(model.sync()).toBe(true);
    // Before any score the index had no model; now the default model's index holds the score.
    expect(model.rows([ids[2]])[0].psnr).toBe(17);
    const scored = model.index();
    elsewhere((db) => insertScores(db.db, [score(ids[3], 18)]));
    model.sync();
    expect(model.index()).toBe(scored); // patched in place
    expect(scored.row(ids[3])?.psnr).toBe(18);
    elsewhere((db) => seedRecords(db.db, 'other', 1));
    model.sync();
    expect(model.index().size).toBe(12);
    expect(model.summary().datasets.map((d) => [d.name, d.recordCount, d.segmentCount])).toEqual([['ds', 5, 10], ['other', 1, 2]]);
    model.close();
  });
});

describe('score identity', () => {
  it('round-trips keys and fills defaults as the model card says (DDPM steps by 1)', () => {
    const p = { modelSha256: 'abc', t: 30, stepInterval: 10, scheduler: 'ddim' as const, seed: -2 };
    expect(parseScoreIdentityKey(scoreIdentityKey(p))).toEqual(p);
    expect(() => parseScoreIdentityKey('abc:x')).toThrow(/model id/);
    const card = { defaultT: 30, defaultStepInterval: 10 };
    expect(resolveSampling(card)).toEqual({ t: 30, stepInterval: 10, scheduler: 'ddim', seed: 0 });
    expect(resolveSampling(card, { scheduler: 'ddpm' })).toEqual({ t: 30, stepInterval: 1, scheduler: 'ddpm', seed: 0 });
    expect(() => resolveSampling(card, { scheduler: 'euler' as 'ddim' })).toThrow(/scheduler/);
  });
});
