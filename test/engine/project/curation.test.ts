/**
 * The curator's day on the project model: one stored threshold behind row flags, filters and the
 * review queue; histograms fitted to the data; review queues over any filter with what is reviewed;
 * bulk relabels; and exports that say what they hold (resolved labels with notes and annotators,
 * unscored clean segments and records counted, limited to a filter). The project: 6 records × 2
 * leads, segments 0–7 labelled clean and 8–11 static noise by the dataset, 0–9 scored.
 */
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendLabelEvents } from '../../../src-main/engine/db/labels-repo';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { insertScores } from '../../../src-main/engine/db/scores-repo';
import type { ScoreParams } from '../../../src-main/engine/db/types';
import { psnrHistogram } from '../../../src-main/engine/project/evaluation';
import { exportProject } from '../../../src-main/engine/project/project-exports';
import { ProjectModel } from '../../../src-main/engine/project/project-model';
import { histogramBinsFor } from '../../../src-shared/psnr';
import { seedRecords, tempDir } from '../db/helpers';

const P: ScoreParams = { modelName: 'm', modelSha256: 'c'.repeat(64), t: 30, stepInterval: 10, scheduler: 'ddim', seed: 0 };
/** PSNR of segments 0–9 (10 and 11 unscored). */
const PSNR = [20, 21, 22, 23, 25, 26, 27, 28, 22.5, 30];

let t: ReturnType<typeof tempDir>;
let path: string;
let ids: number[];

beforeEach(() => {
  t = tempDir('ecgnq-curation-');
  path = join(t.dir, 'p.sqlite');
  const db = ProjectDb.open(path);
  ids = seedRecords(db.db, 'ds', 6);
  db.transaction(() => {
    appendLabelEvents(
      db.db,
      ids.map((segmentId, k) => ({ segmentId, kind: 'noise' as const, value: k < 8 ? 'clean' : 'static_noise', source: 'dataset:ds' })),
    );
    insertScores(
      db.db,
      PSNR.map((psnr, k) => ({ ...P, segmentId: ids[k], provider: 'cpu', psnr, ssim: 0.5, mse: 0, mae: 0, localPsnr: [] })),
    );
  });
  db.close();
});
afterEach(() => {
  vi.useRealTimers();
  t.cleanup();
});

/** Expected disagreements at a threshold: clean at or below it, noisy above it (scored only). */
function disagreeing(thresholdDb: number): number[] {
  return PSNR.flatMap((psnr, k) => ((k < 8 && psnr <= thresholdDb) || (k >= 8 && psnr > thresholdDb) ? [ids[k]] : []));
}

describe('one threshold', () => {
  it('is stored in the project file, survives reopening and drives flags, filters and the review queue', () => {
    const model = ProjectModel.open(path);
    expect(model.thresholdDb()).toBe(24);
    expect(model.rows([ids[3]])[0].flags).toEqual(['disagrees@24dB']);
    expect(model.setThresholdDb(22.04)).toBe(22.04);
    model.close();

    const reopened = ProjectModel.open(path);
    expect(reopened.thresholdDb()).toBe(22.04);
    expect(reopened.summary().thresholdDb).toBe(22.04);
    expect(reopened.rows([ids[3]])[0].flags).toEqual([]);
    expect(reopened.rows([ids[2]])[0].flags).toEqual(['disagrees@22dB']);
    const byFilter = reopened.query({ disagreement: true }, { key: 'record', dir: 'asc' }).ids;
    expect([...byFilter].sort((a, b) => a - b)).toEqual(disagreeing(22.04));
    expect(reopened.query({ predicted: 'noisy' }, { key: 'record', dir: 'asc' }).total).toBe(PSNR.filter((v) => v <= 22.04).length);
    const queue = reopened.reviewQueue({});
    expect(queue.thresholdDb).toBe(22.04);
    expect([...queue.ids].sort((a, b) => a - b)).toEqual(disagreeing(22.04));

    // Another process (the CLI, a second window) changes it: the next sync sees it.
    const other = ProjectModel.open(path);
    other.setThresholdDb(26.5);
    other.close();
    reopened.sync();
    expect(reopened.thresholdDb()).toBe(26.5);
    expect(reopened.rows([ids[5]])[0].flags).toEqual(['disagrees@26.5dB']);
    expect(() => reopened.setThresholdDb(Number.NaN)).toThrow(/finite/);
    reopened.close();
  });
});

describe('histograms', () => {
  it('fit the data range with round bins instead of a fixed 0–50 dB', () => {
    const h = psnrHistogram(Float64Array.from(PSNR));
    expect(h.edges[0]).toBeLessThanOrEqual(20);
    expect(h.edges[0]).toBeGreaterThan(19);
    expect(h.edges.at(-1)).toBeGreaterThan(30);
    expect(h.edges.at(-1)).toBeLessThan(31.5);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(PSNR.length);
    expect(h.counts.length).toBeGreaterThanOrEqual(10);
    expect(histogramBinsFor(0.5, 45)).toEqual({ minDb: 0, binDb: 2, bins: 23 });
    expect(histogramBinsFor(23.1, 23.1)).toMatchObject({ bins: 1 });
    // Infinite PSNRs (perfect reconstructions) go to the last bin, not to a bin at 100 dB.
    const withInf = psnrHistogram(Float64Array.from([20, 30, Number.POSITIVE_INFINITY]));
    expect(withInf.edges.at(-1)).toBeLessThan(32);
    expect(withInf.counts.at(-1)).toBe(2);
  });

  it('share one set of bins across the labels of the evaluation', () => {
    const model = ProjectModel.open(path);
    const groups = model.evaluate().groups;
    expect(groups.map((g) => g.label)).toEqual(['clean', 'static_noise']);
    expect(groups[0].histogram.edges).toEqual(groups[1].histogram.edges);
    expect(groups[0].histogram.edges[0]).toBeGreaterThan(19);
    model.close();
  });
});

describe('review any set', () => {
  it('queues every segment of a filter in table order, uncapped, and counts what the annotator reviewed', () => {
    const model = ProjectModel.open(path);
    const all = model.reviewQueue({ disagreementsOnly: false, filter: { labelGroup: 'clean' }, sort: { key: 'psnr', dir: 'asc' }, annotator: 'ana' });
    expect(all.ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7].sort((a, b) => PSNR[a] - PSNR[b]).map((k) => ids[k]));
    expect(all.reviewed).toEqual([]);
    model.setLabel([ids[2]], 'ana', 'burst_noise', null);
    model.setLabel([ids[4]], 'bob', 'clean', null);
    const again = model.reviewQueue({ disagreementsOnly: false, filter: { labelGroup: 'clean' }, annotator: 'ana' });
    // ids[2] is noisy now (it left the clean filter); ids[4] is bob's, not ana's.
    expect(again.ids).not.toContain(ids[2]);
    expect(model.reviewQueue({ disagreementsOnly: false, annotator: 'ana' }).reviewed).toEqual([ids[2]]);
    // Disagreements stay strongest first and are not capped at any count.
    const queue = model.reviewQueue({ thresholdDb: 29 });
    expect(queue.ids.length).toBe(PSNR.filter((v, k) => (k < 8 ? v <= 29 : v > 29) && k !== 2).length);
    model.close();
  });

  it('undoes changes one after another, never the undo itself', () => {
    const model = ProjectModel.open(path);
    // Each change is the batch of events with one timestamp: give every write its own second.
    vi.useFakeTimers({ toFake: ['Date'] });
    let second = 0;
    const tick = (): void => {
      vi.setSystemTime(new Date(Date.UTC(2026, 11, 2, 9, 0, second++)));
    };
    tick();
    model.setLabel([ids[0]], 'ana', 'burst_noise', null);
    tick();
    model.setLabel([ids[0]], 'ana', 'baseline_drift', null);
    tick();
    expect(model.undoLast(ids[0], 'ana')).not.toBeNull();
    expect(model.rows([ids[0]])[0].currentLabels).toEqual(['burst_noise']);
    tick();
    expect(model.undoLast(ids[0], 'ana')).not.toBeNull();
    expect(model.rows([ids[0]])[0].currentLabels).toEqual(['clean']);
    tick();
    expect(model.undoLast(ids[0], 'ana')).toBeNull();
    model.close();
  });

  it('relabels a selection with one event per changed segment', () => {
    const model = ProjectModel.open(path);
    model.setLabel([ids[0]], 'ana', 'baseline_drift', null);
    expect(model.setLabelMany([ids[0], ids[1], ids[2]], 'ana', 'baseline_drift', 'bulk')).toBe(2);
    for (const id of [ids[1], ids[2]]) {
      const events = model.segmentDetail(id).history.filter((e) => e.source === 'annotator:ana');
      expect(events.map((e) => [e.value, e.present, e.note])).toEqual([['baseline_drift', true, 'bulk']]);
    }
    expect(model.rows([ids[1]])[0].currentLabels).toEqual(['baseline_drift']);
    model.close();
  });
});

describe('unsure and skip', () => {
  it('are current verdicts that take a segment out of the clean and noisy groups until someone labels it', () => {
    const model = ProjectModel.open(path);
    const before = model.evaluate().nClean;
    model.setLabel([ids[0]], 'ana', 'unsure', null);
    model.setLabel([ids[1]], 'ana', 'skip', null);
    expect(model.rows([ids[0], ids[1]]).map((r) => r.currentLabels)).toEqual([['unsure'], ['skip']]);
    expect(model.evaluate().nClean).toBe(before - 2);
    expect(model.reviewQueue({ disagreementsOnly: false, annotator: 'ana' }).reviewed).toEqual([ids[0], ids[1]]);
    model.close();
  });
});

describe('exports that say what they contain', () => {
  it('labels: one row per segment with the resolved label, its source, every annotator and note', () => {
    const model = ProjectModel.open(path);
    model.setLabel([ids[0]], 'ana', 'burst_noise', 'spiky');
    model.setLabel([ids[0]], 'bob', 'clean', null);
    model.addNote(ids[1], 'ana', 'check lead II');
    const r = exportProject(model, { kind: 'labels' }, null);
    const rows = parse(r.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(ids.length);
    expect(rows[0]).toMatchObject({ segment_id: String(ids[0]), label: 'clean', label_source: 'annotator:bob', dataset_labels: 'clean', annotator_label: 'clean', annotator: 'bob', annotators: 'ana+bob', notes: 'ana: spiky' });
    expect(rows[1]).toMatchObject({ label: 'clean', label_source: 'dataset', annotator: '', notes: 'ana: check lead II' });
    expect(rows[9]).toMatchObject({ label: 'static_noise', label_source: 'dataset' });
    expect(r.summary).toMatch(/current label of 12 segments \(1 by an annotator, 11 from the dataset, 0 unlabelled; 2 with notes\)/);
    expect(r.summary).toMatch(/latest annotator's label wins/);
    // Limited to a filter: only its segments, in the labels file and in the audit log.
    const filtered = exportProject(model, { kind: 'labels', filter: { leads: ['II'], labelGroup: 'noisy' } }, null);
    expect((parse(filtered.text, { columns: true }) as Record<string, string>[]).map((row) => row.segment_id)).toEqual([ids[9], ids[11]].map(String));
    const audit = parse(exportProject(model, { kind: 'audit', filter: { text: 'rec0' } }, null).text, { columns: true }) as Record<string, string>[];
    expect(new Set(audit.map((row) => row.segment_id))).toEqual(new Set([String(ids[0]), String(ids[1])]));
    model.close();
  });

  it('refined: reports the clean segments it could not rank because they are unscored', () => {
    const db = ProjectDb.open(path);
    db.transaction(() => appendLabelEvents(db.db, [{ segmentId: ids[10], kind: 'noise', value: 'static_noise', present: false, source: 'dataset:ds' }, { segmentId: ids[10], kind: 'noise', value: 'clean', source: 'dataset:ds' }]));
    db.close();
    const model = ProjectModel.open(path);
    const r = exportProject(model, { kind: 'refined', top: 0.5 }, null);
    expect(r.rows).toBe(4);
    expect(r.cleanUnscored).toBe(1);
    expect(r.summary).toMatch(/kept 4 of 8 clean scored segments .*; 1 clean segments are not scored by this model and were left out/);
    model.close();
  });

  it('scores: leaves out unscored records and says so, or marks them on request; limited to a filter', () => {
    const model = ProjectModel.open(path);
    const omitted = exportProject(model, { kind: 'scores' }, null);
    // Record 5 (segments 10, 11) has no score.
    expect(omitted.rows).toBe(5);
    expect(omitted.summary).toMatch(/left out 1 records without any score/);
    const marked = exportProject(model, { kind: 'scores', unscored: 'mark' }, null);
    const rows = parse(marked.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6);
    expect(rows.map((row) => row.scored_leads)).toEqual(['2/2', '2/2', '2/2', '2/2', '2/2', '0/2']);
    expect(rows[5].lead_0).toBe('');
    const filtered = exportProject(model, { kind: 'scores', filter: { text: 'rec1' } }, null);
    expect(filtered.rows).toBe(1);
    model.close();
  });
});
