/**
 * Synthetic project facts for workstation tests and the 260k-row measurement: `records` 12-lead
 * records of one 10-s window each, deterministic labels and PSNRs (LCG), no files behind them.
 */
import type { DatasetRow } from '../../src-shared/types';
import type { RecordFacts, SegmentFacts } from '../../src-main/server/store';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const NOISE = ['static_noise', 'burst_noise', 'baseline_drift', 'electrodes_problems'];

/** Deterministic pseudo-random numbers in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A synthetic project with `records × 12` lead-segments. */
export function syntheticProject(records: number, seed = 1): { datasets: DatasetRow[]; records: RecordFacts[]; segments: SegmentFacts[] } {
  const rand = lcg(seed);
  const datasets: DatasetRow[] = [
    { id: 1, name: 'synthetic', kind: 'synthetic', sourcePath: '-', recordCount: records, segmentCount: records * 12, importedAt: '2026-01-01T00:00:00Z' },
  ];
  const recs: RecordFacts[] = [];
  const segments: SegmentFacts[] = [];
  for (let r = 0; r < records; r++) {
    recs.push({ id: r + 1, datasetId: 1, name: `rec${String(r).padStart(6, '0')}`, fsHz: 500, leadNames: LEADS, source: '-' });
    const fold = 1 + (r % 10);
    for (let l = 0; l < 12; l++) {
      const noisy = rand() < 0.15;
      const labels = noisy ? [NOISE[Math.floor(rand() * NOISE.length)]] : ['clean'];
      const psnr = noisy ? 18 + 8 * rand() : 24 + 10 * rand();
      segments.push({
        id: r * 12 + l + 1,
        datasetId: 1,
        recordId: r + 1,
        leadIndex: l,
        lead: LEADS[l],
        index: 0,
        startSample: 0,
        endSample: 5000,
        fold,
        datasetLabels: labels,
        annotatorLabel: null,
        annotator: null,
        psnr: rand() < 0.02 ? null : psnr,
        ssim: 0.5 + 0.5 * rand(),
      });
    }
  }
  return { datasets, records: recs, segments };
}
