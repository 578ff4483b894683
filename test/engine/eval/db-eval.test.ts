/**
 * Project evaluation: PSNR groups come from current labels under the dataset's source (noise kind,
 * plus quality classes: acceptable → clean, unacceptable → its own group), for one parameter set.
 * Expected groups follow from the labels and scores written below.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendLabelEvents } from '../../../src-main/engine/db/labels-repo';
import { ProjectDb } from '../../../src-main/engine/db/project-db';
import { insertScores } from '../../../src-main/engine/db/scores-repo';
import { upsertSqis } from '../../../src-main/engine/db/sqi-repo';
import { collectPsnrGroups, evaluateProject, selectParamSet } from '../../../src-main/engine/eval/db-eval';
import { seedRecords, tempDir } from '../db/helpers';

const t = tempDir();
afterAll(() => t.cleanup());
const P = { modelName: 'm', modelSha256: 'b'.repeat(64), t: 30, stepInterval: 10, scheduler: 'ddim', seed: 0 };

describe('collectPsnrGroups', () => {
  it('groups scored segments by their current dataset labels', () => {
    const project = ProjectDb.open(join(t.dir, 'e.sqlite'));
    const ids = seedRecords(project.db, 'ds', 5);
    const labels: [number, 'noise' | 'quality', string][] = [
      [0, 'noise', 'clean'], [1, 'noise', 'clean'], [2, 'noise', 'static_noise'], [3, 'noise', 'static_noise'],
      [3, 'noise', 'burst_noise'], [4, 'quality', 'acceptable'], [5, 'quality', 'unacceptable'], [6, 'noise', 'clean'],
    ];
    project.transaction(() => {
      appendLabelEvents(project.db, labels.map(([i, kind, value]) => ({ segmentId: ids[i], kind, value, source: 'dataset:ds' })));
      appendLabelEvents(project.db, [{ segmentId: ids[6], kind: 'noise', value: 'clean', present: false, source: 'dataset:ds' }]);
      insertScores(project.db, ids.map((segmentId, i) => ({ ...P, segmentId, provider: 'cpu', psnr: 10 + i, ssim: 1, mse: 0, mae: 0, localPsnr: [] })));
      insertScores(project.db, [{ ...P, seed: 1, segmentId: ids[0], provider: 'cpu', psnr: 99, ssim: 1, mse: 0, mae: 0, localPsnr: [] }]);
    });
    const params = selectParamSet(project.db, { seed: 0 });
    const { groups, anyNoisy } = collectPsnrGroups(project.db, params);
    expect(groups.clean.sort()).toEqual([10, 11, 14]);
    expect(groups.noisy).toEqual({ static_noise: [12, 13], burst_noise: [13], unacceptable: [15] });
    expect(anyNoisy.sort()).toEqual([12, 13]);
    expect(collectPsnrGroups(project.db, params, { cleanFold: 9 }).groups.clean).toEqual([]);
    const result = evaluateProject(project.db, params);
    // −PSNR noisy {−12, −13} vs clean {−10, −11, −14}: only the pairs against −14 rank noisy higher → 2/6.
    expect(result.rows.find((r) => r.group === 'static_noise')?.auroc).toBeCloseTo(1 / 3, 12);
    expect(() => selectParamSet(project.db, { seed: 5 })).toThrow(/no scores/);
    // stored SQIs of the same segments are grouped alike, mapped so that lower = noisier (burstSQI negated)
    project.transaction(() =>
      upsertSqis(project.db, ids.map((segmentId, i) => ({ segmentId, sqi: { basSqi: 0.9 - i / 10, kSqi: 5, sSqi: i % 2 ? -1 : 1, pSqi: 0.5, hfSqi: 0.1, burstSqi: 1 + i } }))),
    );
    const withSqi = collectPsnrGroups(project.db, params).sqiGroups;
    expect(withSqi.burstSqi.groups.noisy.static_noise).toEqual([-3, -4]);
    expect(withSqi.sSqi.groups.clean).toEqual([1, 1, 1]);
    expect(withSqi.basSqi.anyNoisy.map((v) => v.toFixed(2))).toEqual(['0.70', '0.60']);
    const basRow = evaluateProject(project.db, params).sqi.find((s) => s.name === 'basSqi')?.result.rows.find((r) => r.group === 'static_noise');
    // basSQI static {0.7, 0.6} vs clean {0.9, 0.8, 0.5}: noisy below clean in 4 of 6 pairs
    expect(basRow?.auroc).toBeCloseTo(4 / 6, 12);
    project.setSetting('annotator.name', 'ana');
    project.relabel(ids[0], ['baseline_drift']);
    project.relabel(ids[1], ['clean']);
    const ana = collectPsnrGroups(project.db, params, { labels: 'annotator:ana' }).groups;
    expect(ana).toEqual({ clean: [11], noisy: { baseline_drift: [10] } });
    expect(() => collectPsnrGroups(project.db, params, { labels: 'ana' as 'dataset' })).toThrow(/--labels/);
    project.close();
  });
});
