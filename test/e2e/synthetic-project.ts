/**
 * Builds a large synthetic project database (for the 260k-row table measurement) with the
 * engine's own repositories: `records` 12-lead 10-s records whose samples point at rows of the
 * PTB-XL subset NPZ (so the detail view still opens), deterministic labels and scores.
 */
import { ProjectDb } from '../../src-main/engine/db/project-db';
import { appendLabelEvents, type NewLabelEvent } from '../../src-main/engine/db/labels-repo';
import { ensureDataset, insertRecord } from '../../src-main/engine/db/records-repo';
import { insertScores, type NewScore } from '../../src-main/engine/db/scores-repo';
import { SUBSET_NPZ } from './harness';

const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const NOISE = ['static_noise', 'burst_noise', 'baseline_drift', 'electrodes_problems'];
const SUBSET_ROWS = 1625;

/** Creates `dbPath` with `records × 12` scored, labelled lead-segments. Returns the segment count. */
export function buildSyntheticProject(dbPath: string, records: number, seed = 1): number {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const project = ProjectDb.open(dbPath);
  const params = { modelName: 'synthetic', modelSha256: 'f'.repeat(64), t: 30, stepInterval: 10, scheduler: 'ddim' as const, seed: 0 };
  let segments = 0;
  try {
    const dataset = ensureDataset(project.db, 'synthetic', 'npz-subset', SUBSET_NPZ);
    const batch = 500;
    for (let start = 0; start < records; start += batch) {
      project.transaction(() => {
        const labels: NewLabelEvent[] = [];
        const scores: NewScore[] = [];
        for (let r = start; r < Math.min(records, start + batch); r++) {
          const result = insertRecord(project.db, dataset.id, {
            naturalKey: `syn${String(r).padStart(6, '0')}`,
            sourcePath: SUBSET_NPZ,
            locator: String(r % SUBSET_ROWS),
            format: 'npz-subset',
            fsHz: 100,
            nSamples: 1000,
            leadNames: LEADS,
            units: LEADS.map(() => 'z-score'),
            unitsKnown: false,
            contentHash: `synthetic-${r}`,
            metadata: { strat_fold: 1 + (r % 10) },
            windows: [{ index: 0, startSample: 0, endSample: 1000, validColumns: 256 }],
          });
          for (const [key, segmentId] of result.segmentIds) {
            void key;
            const noisy = rand() < 0.15;
            labels.push({ segmentId, kind: 'noise', value: noisy ? NOISE[Math.floor(rand() * 4)] : 'clean', source: 'dataset:synthetic' });
            const psnr = noisy ? 18 + 8 * rand() : 24 + 10 * rand();
            scores.push({ ...params, segmentId, provider: 'cpu', psnr, ssim: 0.5 + 0.5 * rand(), mse: 1, mae: 1, localPsnr: [] });
            segments += 1;
          }
        }
        appendLabelEvents(project.db, labels);
        insertScores(project.db, scores);
      });
    }
  } finally {
    project.close();
  }
  return segments;
}
