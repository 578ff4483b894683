/**
 * Threshold maths of the labels-vs-PSNR view. Expected values: hand-counted on the small arrays
 * below, and for the random case cross-checked against the engine's ROC module
 * (`engine/metrics/roc.ts`, itself tested against sklearn) with scores = −PSNR.
 */
import { describe, expect, it } from 'vitest';
import { auroc, youdenOptimal } from '../../../src-main/engine/metrics/roc';
import { aucOf, confusionAt, countAtMost, rocCurve, thinPoints, youdenThreshold } from './threshold';

const clean = [20, 22, 25, 26, 30];
const noisy = [10, 15, 21, 25];

describe('countAtMost', () => {
  it('counts values ≤ x in a sorted array', () => {
    expect(countAtMost(clean, 19.9)).toBe(0);
    expect(countAtMost(clean, 25)).toBe(3);
    expect(countAtMost(clean, 100)).toBe(5);
    expect(countAtMost([], 1)).toBe(0);
  });
});

describe('confusionAt', () => {
  it('predicts noisy at or below the threshold', () => {
    // noisy ≤ 21: 10, 15, 21 → tp 3, fn 1; clean ≤ 21: 20 → fp 1, tn 4.
    expect(confusionAt(clean, noisy, 21)).toEqual({ thresholdDb: 21, tp: 3, fn: 1, fp: 1, tn: 4, sensitivity: 0.75, specificity: 0.8 });
  });

  it('includes a value equal to the threshold (both classes)', () => {
    const m = confusionAt(clean, noisy, 25);
    expect([m.tp, m.fp]).toEqual([4, 3]);
  });
});

describe('rocCurve / aucOf / youdenThreshold', () => {
  it('walks distinct values from (0,0) to (1,1)', () => {
    const points = rocCurve(clean, noisy);
    expect(points[0]).toEqual({ thresholdDb: -Infinity, fpr: 0, tpr: 0 });
    expect(points.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    // distinct values: 10 15 20 21 22 25 26 30 → 8 points after the origin.
    expect(points).toHaveLength(9);
    expect(points.find((p) => p.thresholdDb === 25)).toEqual({ thresholdDb: 25, fpr: 3 / 5, tpr: 1 });
  });

  it('AUC counts ties half (Mann–Whitney)', () => {
    // Pairs (noisy < clean): 10,15 beat all 5 → 10; 21 beats 22,25,26,30 → 4; 25 beats 26,30 → 2, ties 25 → 0.5.
    expect(aucOf(rocCurve(clean, noisy))).toBeCloseTo(16.5 / 20, 12);
  });

  it('Youden: the threshold maximising sensitivity + specificity − 1', () => {
    // At 21: 0.75 + 0.8 − 1 = 0.55; at 15: 0.5 + 1 − 1 = 0.5; at 25: 1 + 0.4 − 1 = 0.4.
    expect(youdenThreshold(clean, noisy)).toEqual({ thresholdDb: 21, j: 0.55 });
    expect(youdenThreshold([], noisy)).toBeNull();
  });

  it('agrees with the engine ROC module on random data', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const c = Array.from({ length: 400 }, () => Math.round((28 + 6 * rand()) * 10) / 10).sort((a, b) => a - b);
    const n = Array.from({ length: 150 }, () => Math.round((22 + 8 * rand()) * 10) / 10).sort((a, b) => a - b);
    const scores = [...n, ...c].map((p) => -p);
    const labels = [...n.map(() => 1), ...c.map(() => 0)];
    expect(aucOf(rocCurve(c, n))).toBeCloseTo(auroc(scores, labels), 12);
    const engine = youdenOptimal(scores, labels);
    const ours = youdenThreshold(c, n);
    expect(ours?.j).toBeCloseTo(engine.youdenJ, 12);
    const atOurs = confusionAt(c, n, ours?.thresholdDb ?? Number.NaN);
    expect(atOurs.sensitivity + atOurs.specificity - 1).toBeCloseTo(engine.youdenJ, 12);
  });
});

describe('thinPoints', () => {
  it('keeps both ends and at most maxPoints', () => {
    const points = Array.from({ length: 1001 }, (_, i) => i);
    const thin = thinPoints(points, 11);
    expect(thin).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(thinPoints([1, 2], 10)).toEqual([1, 2]);
  });
});
