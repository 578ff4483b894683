/** `ecgnq demo`: table logic on hand-made scores, and one real run over resources/samples with the tiny test model. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { leadTable, listSampleFiles } from '../../src-main/cli/commands/demo';
import { calibratedThreshold } from '../../src-main/engine/inference/calibration';
import { PAPER_THRESHOLD_DB } from '../../src-shared/psnr';
import type { SegmentScore } from '../../src-main/engine/inference/scorer';

function score(leadIndex: number, leadName: string, segmentIndex: number, psnr: number): SegmentScore {
  return {
    leadIndex,
    leadName,
    segmentIndex,
    startS: segmentIndex * 10,
    endS: segmentIndex * 10 + 10,
    psnr,
    ssim: 0.9,
    mse: 1,
    mae: 1,
    localPsnr: [],
    provenance: { modelName: 'm', modelSha256: 'x', t: 30, stepInterval: 10, scheduler: 'ddim', seed: 0, provider: 'cpu' },
  } as unknown as SegmentScore;
}

describe('demo table', () => {
  it('flags a lead whose worst segment is under the threshold and keeps lead order', () => {
    const lines = leadTable([score(1, 'II', 0, 30), score(0, 'I', 1, 22.5), score(0, 'I', 0, 31)], 24);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^ {2}I +22\.50 {2}31\.00 22\.50 {2}<< noisy$/);
    expect(lines[2]).toMatch(/^ {2}II +30\.00 {2}30\.00$/);
  });

  it("uses the card's Youden threshold when present, else the paper's 24 dB", () => {
    expect(calibratedThreshold({ eval: { youden_threshold_db: 26.25 } }).thresholdDb).toBe(26.25);
    expect(calibratedThreshold({ eval: null }).thresholdDb).toBe(PAPER_THRESHOLD_DB);
    expect(calibratedThreshold(undefined).thresholdDb).toBe(PAPER_THRESHOLD_DB);
  });

  it('runs end to end on the bundled samples', () => {
    const files = listSampleFiles();
    expect(files.length).toBeGreaterThanOrEqual(3);
    const out = execFileSync('node', ['bin/ecgnq.js', 'demo', '--model', 'test/fixtures/tiny-model'], { encoding: 'utf8' });
    for (const name of ['HR06000', 'HR06007']) {
      expect(out).toContain(name);
    }
    // 12 leads of each PTB-XL record get a row with a finite PSNR.
    expect(out.match(/^ {2}V6 +-?\d+\.\d/gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });
});
