/**
 * Plumbing of the sweep, the NSTDB SNR check and the model report on the tiny exported model
 * (test/fixtures/tiny-model, random-ish weights: only consistency is checked, not quality) and a
 * tiny slice of ../shared/data/ptbxl. Expected values are not hard-coded: each path is checked
 * against an independent path through the engine (`evaluateSubset`, which `ecgnq eval --subset`
 * runs; the eval's own PSNR of the same lead) or against its own data.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateSubset } from '../../../src-main/engine/eval/subset-eval';
import { runSnrCheck, summarise, type SnrPoint } from '../../../src-main/engine/eval/snr-check';
import { scoreSetting, sweepGrid } from '../../../src-main/engine/eval/sweep';
import { prepareSubsetImages } from '../../../src-main/engine/eval/sweep-images';
import { NoiseScorer } from '../../../src-main/engine/inference/scorer';
import { releaseAllSessions } from '../../../src-main/engine/inference/session';
import { buildModelReport, writeModelReport } from '../../../scripts/model-report';

const TINY = join(__dirname, '../../fixtures/tiny-model');
const SUBSET = join(__dirname, '../../../../shared/data/ptbxl');
const NSTDB = join(__dirname, '../../../../shared/data/nstdb');

afterAll(async () => {
  await releaseAllSessions();
});

describe('sweep grid', () => {
  it("is the issue's grid: DDIM t × {1, 10}, then DDPM t with interval 1", () => {
    const grid = sweepGrid();
    expect(grid).toHaveLength(18);
    expect(grid.filter((s) => s.scheduler === 'ddim').map((s) => `${s.t}/${s.stepInterval}`)).toEqual(
      ['10/1', '20/1', '30/1', '50/1', '100/1', '250/1', '10/10', '20/10', '30/10', '50/10', '100/10', '250/10'],
    );
    expect(grid.filter((s) => s.scheduler === 'ddpm').every((s) => s.stepInterval === 1)).toBe(true);
    expect(sweepGrid([5], [2], false)).toEqual([{ scheduler: 'ddim', t: 5, stepInterval: 2 }]);
  });
});

describe('sweep and SNR check on the tiny model', () => {
  it('a sweep setting reproduces `ecgnq eval --subset` (evaluateSubset) exactly, and the SNR check scores the clean lead as the eval does', async () => {
    const scorer = await NoiseScorer.load(TINY, { threads: 1, device: 'cpu' });
    const setting = { scheduler: 'ddim' as const, t: 10, stepInterval: 10 };
    const prepared = await prepareSubsetImages(SUBSET, scorer.spec.inputContract, { limit: 1 });
    expect(prepared.leads).toHaveLength(4); // one clean + one per noise type (no overlap in the first leads)
    const swept = await scoreSetting(scorer, prepared, setting, 3);
    const { nLeadsScored, sqi, ...viaEval } = await evaluateSubset(SUBSET, scorer, { limit: 1, ...setting, seed: 3 });
    expect(sqi.map((s) => s.label)).toEqual(['basSQI', 'kSQI', 'sSQI', 'pSQI', 'hfSQI', 'burstSQI']);
    expect(sqi[0].result.nClean).toBe(1);
    expect(nLeadsScored).toBe(4);
    expect(swept.result).toEqual(viaEval);
    expect(swept.unetCalls).toBe(2); // timesteps 10, 0

    const snr = await runSnrCheck(scorer, { subsetDir: SUBSET, nstdbDir: NSTDB, nLeads: 1, snrLevelsDb: [6, -6], ...setting, seed: 3 });
    expect(snr.points).toHaveLength(1 + 2 * 2);
    const cleanIndex = prepared.leads.findIndex((l) => l.groups.includes('clean'));
    const cleanPoint = snr.points.find((p) => p.noiseType === 'none') as SnrPoint;
    expect(`${cleanPoint.ecgId}/${cleanPoint.leadIndex}`).toBe(`${prepared.leads[cleanIndex].ecgId}/${prepared.leads[cleanIndex].leadIndex}`);
    expect(cleanPoint.psnr).toBe(swept.psnr[cleanIndex]);
    // The contract's band-pass removes noise power, never adds it: in-band SNR ≥ nominal − 0.5 dB.
    for (const p of snr.points.filter((q) => q.noiseType !== 'none')) {
      expect(p.inBandSnrDb).toBeGreaterThan(p.snrDb - 0.5);
    }
    expect(snr.segments.map((s) => s.noiseType)).toEqual(['bw', 'ma']);
    scorer.close();
  });
});

describe('summarise', () => {
  it('takes medians per type and level and Spearman over the mixes only', () => {
    const pts: SnrPoint[] = [];
    [10, 11, 12].forEach((psnr, lead) => pts.push({ ecgId: 1, leadIndex: lead, noiseType: 'none', snrDb: Infinity, inBandSnrDb: Infinity, psnr }));
    for (const [snrDb, values] of [[12, [9, 8, 7]], [0, [5, 6, 4]]] as const) {
      values.forEach((psnr, lead) => pts.push({ ecgId: 1, leadIndex: lead, noiseType: 'ma', snrDb, inBandSnrDb: snrDb + 1, psnr }));
    }
    const r = summarise(pts, [12, 0], ['ma'], 3);
    expect(r.cleanMedianPsnr).toBe(11);
    expect(r.rows).toEqual([
      { noiseType: 'ma', snrDb: 12, n: 3, medianPsnr: 8, medianInBandSnrDb: 13 },
      { noiseType: 'ma', snrDb: 0, n: 3, medianPsnr: 5, medianInBandSnrDb: 1 },
    ]);
    // x ranks: [5,5,5,2,2,2], y ranks [6,5,4,2,3,1]: perfect separation by level → ρ = 0.878 (scipy: spearmanr).
    expect(r.spearman.ma).toBeCloseTo(0.8783100656536799, 12);
  });
});

describe('model report', () => {
  it('builds markdown whose numbers are the run data and writes SVG figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-report-'));
    try {
      const reportPath = join(dir, 'model-report.md');
      const report = await buildModelReport({
        modelDir: TINY,
        subsetDir: SUBSET,
        nstdbDir: NSTDB,
        limit: 1,
        sweepLimit: 1,
        sweepSettings: sweepGrid([10], [10]),
        snrLeads: 1,
        snrLevelsDb: [6],
        seed: 0,
        threads: 1,
        command: 'test',
        reportPath,
        figuresDir: join(dir, 'figures'),
      });
      writeModelReport(report, reportPath);
      const md = readFileSync(reportPath, 'utf8');
      expect(md).toContain(`**${(report.data.eval.result.macroW1 as number).toFixed(3)}**`);
      expect(md).toContain('| ddpm | 10 | 1 | 11 |');
      expect(md).toContain(`| 6 | ${(report.data.snr.rows[0].medianPsnr as number).toFixed(2)} |`);
      expect(md).toContain('](figures/psnr-by-label.svg)');
      for (const name of ['psnr-by-label.svg', 'psnr-vs-snr.svg', 'sweep.svg']) {
        const file = join(dir, 'figures', name);
        expect(existsSync(file)).toBe(true);
        expect(readFileSync(file, 'utf8').startsWith('<svg')).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
