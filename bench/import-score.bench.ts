/**
 * Project pipeline on the PTB-XL subset (../shared/data/ptbxl/ptbxl_subset_100hz.npz: 1,625 records,
 * 19,500 lead-segments): import rate (records/s), batch scoring rate through the resumable quantify
 * job (lead-segments/s), peak RSS and database size. Env: BENCH_SCORE_LIMIT (lead-segments to score,
 * default all 19,500), BENCH_IMPORT_LIMIT (records, default all), BENCH_MODEL (model dir, default
 * models/default, else the toy model of test/fixtures/inference-toy/ldm), BENCH_THREADS.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectDb } from '../src-main/engine/db/project-db';
import { importNpzSubset } from '../src-main/engine/importers/npz-subset';
import { NoiseScorer } from '../src-main/engine/inference/scorer';
import { run as quantify } from '../src-main/engine/jobs/quantify.job';
import type { BenchRow } from './types';

export const name = 'project: import + batch scoring of the PTB-XL subset';

const ROOT = join(import.meta.dirname ?? __dirname, '..');
const NPZ = join(ROOT, '../shared/data/ptbxl/ptbxl_subset_100hz.npz');

function pickModel(): string {
  if (process.env.BENCH_MODEL) {
    return process.env.BENCH_MODEL;
  }
  const def = join(ROOT, 'models/default');
  return existsSync(join(def, 'model.json')) ? def : join(ROOT, 'test/fixtures/inference-toy/ldm');
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

export const notes = [
  '',
  'import: NPZ read + per-record transaction (record, 12 segments, labels). score: quantify.job run()',
  '(record reload → superlet → diffusion → PSNR → one transaction per record). peak RSS = process maxRSS.',
  'Other processes may share the cores; compare rows of one run only.',
];

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ecgnq-bench-'));
  const dbPath = join(dir, 'bench.sqlite');
  try {
    const importLimit = process.env.BENCH_IMPORT_LIMIT ? Number(process.env.BENCH_IMPORT_LIMIT) : undefined;
    const project = ProjectDb.open(dbPath);
    const t0 = performance.now();
    const imported = await importNpzSubset(project, NPZ, { limit: importLimit });
    const importS = (performance.now() - t0) / 1000;
    project.close();
    const modelDir = pickModel();
    const scorer = await NoiseScorer.load(modelDir, { threads: process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : undefined });
    const limit = process.env.BENCH_SCORE_LIMIT ? Number(process.env.BENCH_SCORE_LIMIT) : undefined;
    const t1 = performance.now();
    const scored = await quantify({ dbPath, scorer, limit });
    const scoreS = (performance.now() - t1) / 1000;
    scorer.close();
    const checkpoint = ProjectDb.open(dbPath);
    checkpoint.db.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint.close();
    const dbBytes = fileSize(dbPath) + fileSize(`${dbPath}-wal`);
    return [
      { step: 'import', items: imported.inserted, unit: 'records', seconds: importS, rate_per_s: imported.inserted / importS, segments: imported.segments },
      {
        step: 'score',
        items: scored.segmentsScored,
        unit: 'lead-segments',
        seconds: scoreS,
        rate_per_s: scored.segmentsScored / scoreS,
        model: `${scored.params.modelName} t=${scored.params.t} k=${scored.params.stepInterval}`,
      },
      { step: 'totals', peak_rss_mb: process.resourceUsage().maxRSS / 1024, db_mb: dbBytes / 2 ** 20, pending: scored.segmentsPending },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
