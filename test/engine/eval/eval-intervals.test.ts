/**
 * Bootstrap intervals of the protocol's figures: the point estimates are exactly the evaluation's
 * ({@link evaluatePsnrGroups} on the same values), intervals contain them, and the paired W1
 * difference of a score with itself is exactly zero in every replicate.
 */
import { describe, expect, it } from 'vitest';
import { evaluationIntervals, leadGroupsOf } from '../../../src-main/engine/eval/eval-intervals';
import { evaluatePsnrGroups, PSNR_CAP_DB } from '../../../src-main/engine/eval/noise-eval';
import { groupPsnr } from '../../../src-main/engine/eval/sweep';
import { gaussianFromSeed } from '../../../src-main/engine/inference/prng';

// 60 clean leads around 30 dB, noisy ones lower; lead 60 is in two noise groups, one PSNR is +∞, one NaN.
const groupsOfLead = (i: number): string[] =>
  i < 60 ? ['clean'] : i === 60 ? ['static_noise', 'burst_noise'] : i < 100 ? ['static_noise'] : i < 120 ? ['burst_noise'] : ['baseline_drift'];
const leads = Array.from({ length: 140 }, (_, i) => ({ groups: groupsOfLead(i) }));
const noise = gaussianFromSeed(5n, leads.length);
const psnr = leads.map((l, i) => (l.groups.includes('clean') ? 30 : 27) + 2 * noise[i]);
psnr[3] = Infinity;
psnr[70] = Number.NaN;

describe('evaluationIntervals', () => {
  it("has the evaluation's estimates, intervals around them, and zero self-differences", () => {
    const groups = leadGroupsOf(leads);
    expect(groups.anyNoisy).toHaveLength(80);
    const other = psnr.map((v, i) => v + noise[(i * 7) % noise.length]);
    const out = evaluationIntervals(
      groups,
      [
        { label: 'PSNR', values: psnr, capAt: PSNR_CAP_DB },
        { label: 'same', values: psnr, capAt: PSNR_CAP_DB },
        { label: 'other', values: other, capAt: PSNR_CAP_DB },
      ],
      { resamples: 200, seed: 1 },
    );
    const g = groupPsnr(leads.map((l) => ({ ...l, recordIndex: 0, ecgId: 0, leadIndex: 0, item: null as never, sqi: null })), psnr);
    const expected = evaluatePsnrGroups(g.groups, g.anyNoisy);
    const [first] = out.scores;
    expect(first.rows.map((r) => r.group)).toEqual(expected.rows.map((r) => r.group));
    first.rows.forEach((r, i) => {
      expect(r.nNoisy).toBe(expected.rows[i].nNoisy);
      expect(r.nClean).toBe(expected.rows[i].nClean);
      expect(r.w1?.estimate).toBeCloseTo(expected.rows[i].w1 as number, 12);
      expect(r.auroc?.estimate).toBeCloseTo(expected.rows[i].auroc as number, 12);
      for (const ci of [r.w1, r.auroc]) {
        expect(ci && ci.lo <= ci.estimate && ci.estimate <= ci.hi).toBe(true);
      }
    });
    expect(first.macroW1?.estimate).toBeCloseTo(expected.macroW1 as number, 12);
    const same = out.differences.filter((d) => d.label === 'same');
    expect(same.map((d) => d.group)).toEqual(['static_noise', 'burst_noise', 'baseline_drift', 'macro']);
    expect(same.every((d) => d.difference?.lo === 0 && d.difference.hi === 0)).toBe(true);
    const otherMacro = out.differences.find((d) => d.label === 'other' && d.group === 'macro');
    expect(otherMacro?.difference?.estimate).toBeCloseTo((first.macroW1?.estimate as number) - (out.scores[2].macroW1?.estimate as number), 12);
    expect(out).toMatchObject({ resamples: 200, level: 0.95, seed: 1 });
  });

  it("counts ties as roc.ts's mid-rank AUROC does (integer scores, many ties)", () => {
    const rounded = psnr.map((v) => (Number.isFinite(v) ? Math.round(v / 2) : v));
    const g = groupPsnr(leads.map((l) => ({ ...l, recordIndex: 0, ecgId: 0, leadIndex: 0, item: null as never, sqi: null })), rounded);
    const expected = evaluatePsnrGroups(g.groups, g.anyNoisy);
    const out = evaluationIntervals(leadGroupsOf(leads), [{ label: 'r', values: rounded, capAt: PSNR_CAP_DB }], { resamples: 5 });
    out.scores[0].rows.forEach((r, i) => expect(r.auroc?.estimate).toBeCloseTo(expected.rows[i].auroc as number, 12));
  });

  it('gives null intervals for a group without leads', () => {
    const out = evaluationIntervals({ clean: [0, 1], noisy: { static_noise: [2] }, anyNoisy: [2] }, [{ label: 'x', values: [30, 31, 20], capAt: 100 }], { resamples: 10 });
    expect(out.scores[0].rows.find((r) => r.group === 'burst_noise')).toMatchObject({ nNoisy: 0, w1: null, auroc: null });
    expect(out.scores[0].macroW1?.estimate).toBe(out.scores[0].rows[0].w1?.estimate);
  });
});
