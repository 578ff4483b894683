/**
 * The DB-backed store on a real project file built with the engine's repositories: bulk loads
 * for the index, annotator relabel/undo as append-only events, notes, agreement table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectDb } from '../../src-main/engine/db/project-db';
import { appendLabelEvents } from '../../src-main/engine/db/labels-repo';
import { ensureDataset, insertRecord } from '../../src-main/engine/db/records-repo';
import { foldLabels, modelKey, openDbStore, parseModelKey, type DbStore } from '../../src-main/server/db-store';
import { agreementOf } from '../../src-main/server/agreement';

let dir: string;
let store: DbStore;
let segmentIds: number[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecgnq-store-'));
  const path = join(dir, 'p.sqlite');
  const project = ProjectDb.open(path);
  const dataset = ensureDataset(project.db, 'ds', 'test', '/data');
  project.transaction(() => {
    const result = insertRecord(project.db, dataset.id, {
      naturalKey: 'r1',
      sourcePath: '/data/r1.hea',
      locator: '',
      format: 'wfdb',
      fsHz: 500,
      nSamples: 5000,
      leadNames: ['I', 'II'],
      units: ['mV', 'mV'],
      unitsKnown: true,
      contentHash: 'h1',
      metadata: { strat_fold: 3 },
      windows: [{ index: 0, startSample: 0, endSample: 5000, validColumns: 256 }],
    });
    void result;
  });
  segmentIds = (project.db.prepare('SELECT id FROM segments ORDER BY lead_index').all() as { id: number }[]).map((r) => r.id);
  project.transaction(() =>
    appendLabelEvents(project.db, [
      { segmentId: segmentIds[0], kind: 'noise', value: 'clean', source: 'dataset:ds' },
      { segmentId: segmentIds[1], kind: 'noise', value: 'static_noise', source: 'dataset:ds' },
    ]),
  );
  project.close();
  store = openDbStore(path);
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DbStore', () => {
  it('loads segments with dataset labels and folds', () => {
    const segments = store.loadSegments(null);
    expect(segments.map((s) => [s.lead, s.datasetLabels, s.fold])).toEqual([
      ['I', ['clean'], 3],
      ['II', ['static_noise'], 3],
    ]);
    expect(store.listDatasets()[0]).toMatchObject({ name: 'ds', recordCount: 1, segmentCount: 2 });
  });

  it('relabels by appending events and undoes by appending more', () => {
    const id = segmentIds[0];
    store.appendLabel(id, 'ana b', 'burst_noise', null);
    expect(store.currentAnnotatorLabel(id)).toEqual({ value: 'burst_noise', annotator: 'ana_b' });
    store.appendLabel(id, 'ana b', 'baseline_drift', 'looks like drift');
    expect(store.loadSegments(null)[0].annotatorLabel).toBe('baseline_drift');
    const undo = store.undoLast(id, 'ana b');
    expect(undo).not.toBeNull();
    expect(store.currentAnnotatorLabel(id)?.value).toBe('burst_noise');
    const history = store.labelHistory(id).filter((e) => e.source === 'annotator:ana_b');
    // +burst, −burst +drift, −drift +burst (undo): 5 events, none removed.
    expect(history.map((e) => `${e.present ? '+' : '-'}${e.value}`)).toEqual([
      '+burst_noise',
      '-burst_noise',
      '+baseline_drift',
      '-baseline_drift',
      '+burst_noise',
    ]);
    expect(store.listAnnotators()).toEqual(['ana_b']);
  });

  it('records notes as their own audit events', () => {
    const id = segmentIds[1];
    store.appendLabel(id, 'ana', null, 'first note');
    store.appendLabel(id, 'ana', null, 'second note');
    const notes = store.labelHistory(id).filter((e) => e.kind === 'tag');
    expect(notes.map((e) => e.note)).toEqual(['first note', 'second note']);
    expect(store.currentAnnotatorLabel(id)).toBeNull();
  });

  it('builds the rater table for agreement', () => {
    const table = store.annotatorLabelTable();
    expect(table.get('dataset:ds')?.get(segmentIds[1])).toBe('static_noise');
    expect(table.get('ana_b')?.get(segmentIds[0])).toBe('burst_noise');
    const agreement = agreementOf(table);
    expect(agreement.pairs).toEqual([{ a: 'ana_b', b: 'dataset:ds', kappa: agreement.pairs[0].kappa, n: 1 }]);
  });

  it('round-trips model keys', () => {
    const p = { modelSha256: 'abc', t: 30, stepInterval: 10, scheduler: 'ddim', seed: -2 };
    expect(parseModelKey(modelKey(p))).toEqual(p);
    expect(() => parseModelKey('abc:x')).toThrow(/model id/);
  });
});

describe('foldLabels', () => {
  it('keeps the latest annotator and the union of dataset sources', () => {
    const folded = foldLabels([
      { segment_id: 1, value: 'clean', present: 1, source: 'dataset:a' },
      { segment_id: 1, value: 'static_noise', present: 1, source: 'dataset:b' },
      { segment_id: 1, value: 'burst_noise', present: 1, source: 'annotator:x' },
      { segment_id: 1, value: 'clean', present: 1, source: 'annotator:y' },
      { segment_id: 1, value: 'clean', present: 0, source: 'annotator:y' },
    ]);
    expect([...(folded.dataset.get(1) ?? [])].sort()).toEqual(['clean', 'static_noise']);
    // y retracted their label, so the most recent annotator with a label (x) shows.
    expect(folded.annotator.get(1)).toEqual({ value: 'burst_noise', annotator: 'x' });
  });
});
