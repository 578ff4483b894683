/**
 * Evaluation summaries. Expected values worked out by hand for tiny groups:
 * clean PSNR [30, 31, 32], static_noise [20, 21, 33]. Scores are −PSNR, noisy positive:
 * AUROC = P(−noisy > −clean) = (3 + 3 + 0) / 9 = 2/3. Youden: calling PSNR ≤ 21 noisy gives
 * sensitivity 2/3, specificity 1 (J = 2/3, the maximum; PSNR ≤ 33 gives 1 + 0 − 1 = 0).
 * 24 dB: same calls as 21 dB → 2/3 and 1. W1 (z-scored) against zscoredW1 of the metrics module.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePsnrGroups, formatEvalTable } from '../../../src-main/engine/eval/noise-eval';
import { selectSubsetLeads, evaluateSubset, type RecordScorer } from '../../../src-main/engine/eval/subset-eval';
import { zscoredW1 } from '../../../src-main/engine/metrics/wasserstein';

describe('evaluatePsnrGroups', () => {
  it('computes AUROC, Youden and 24 dB operating points', () => {
    const r = evaluatePsnrGroups({ clean: [30, 31, 32], noisy: { static_noise: [20, 21, 33] } });
    const row = r.rows.find((x) => x.group === 'static_noise');
    expect(row?.auroc).toBeCloseTo(2 / 3, 12);
    expect(row?.youden).toMatchObject({ thresholdDb: 21, specificity: 1 });
    expect(row?.youden?.sensitivity).toBeCloseTo(2 / 3, 12);
    expect(row?.fixed?.sensitivity).toBeCloseTo(2 / 3, 12);
    expect(row?.fixed?.specificity).toBe(1);
    expect(row?.w1).toBeCloseTo(zscoredW1([30, 31, 32], [20, 21, 33]), 12);
    expect(r.macroW1).toBeCloseTo(row?.w1 ?? NaN, 12);
    expect(r.rows.find((x) => x.group === 'burst_noise')).toMatchObject({ nNoisy: 0, w1: null });
    expect(r.rows.at(-1)).toMatchObject({ group: 'any', nNoisy: 3 });
    expect(formatEvalTable(r)).toMatch(/static_noise\s+3\s+3\s+\d/);
  });

  it('caps an infinite PSNR (perfect reconstruction) instead of failing', () => {
    const r = evaluatePsnrGroups({ clean: [Infinity, 40], noisy: { burst_noise: [10] } });
    expect(r.rows.find((x) => x.group === 'burst_noise')?.auroc).toBe(1);
  });
});

describe('subset evaluation', () => {
  const DIR = join(__dirname, '../../../../shared/data/ptbxl');
  it('selects fold-9 clean leads and noisy leads of every fold, capped by limit', async () => {
    const sel = selectSubsetLeads(DIR, 9, 5);
    const groups = [...sel.leads.values()].flatMap((m) => [...m.values()].flat());
    for (const g of ['clean', 'static_noise', 'burst_noise', 'baseline_drift']) {
      expect(groups.filter((x) => x === g)).toHaveLength(5);
    }
    // A stand-in scorer: PSNR 30 for clean-listed leads' indices < 6, else 10 — only to check the plumbing.
    const scorer: RecordScorer = {
      async scoreRecord(record, opts) {
        return (opts.leads ?? []).map((leadIndex) => ({ leadIndex, segmentIndex: 0, psnr: 10 + leadIndex, ssim: 1, mse: 0, mae: 0, localPsnr: [], sqi: null, provenance: { provider: 'cpu' } }));
      },
    };
    const r = await evaluateSubset(DIR, scorer, { limit: 5 });
    expect(r.nClean).toBe(5);
    expect(r.rows.find((x) => x.group === 'static_noise')?.nNoisy).toBe(5);
    expect(r.nLeadsScored).toBe(sel.nLeads);
  });
});
