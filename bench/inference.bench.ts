/**
 * Noise-score time per lead-segment, end to end (read → input contract → superlet → encode → DDIM
 * steps → decode → PSNR/SSIM), on the real 12-lead 10-s PTB-XL record HR06000 at 500 Hz, for each
 * available model (models/<name>/, the tiny parity model, and every model folder under the roots in
 * BENCH_MODEL_DIRS, e.g. the untrained per-configuration exports of bench/make_untrained_models.py),
 * at 1 thread (ORT intra-op 1, one superlet worker) and at all threads. Median of BENCH_RUNS warm runs
 * (one when a run takes over 20 s); peak RSS of the process so far.
 */
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { NoiseScorer } from '../src-main/engine/inference/scorer';
import { recordToImages } from '../src-main/engine/inference/preprocess';
import { releaseAllSessions } from '../src-main/engine/inference/session';
import { loadRecords } from '../src-main/engine/io/load';
import { SuperletPool } from '../src-main/engine/workers/superlet-pool';
import type { BenchRow } from './types';

export const name = 'inference: ms per lead-segment, end to end (HR06000, 12 leads × 10 s, 500 Hz; BENCH_LEADS to use fewer)';

const ROOT = join(import.meta.dirname ?? __dirname, '..');
const RECORD = join(ROOT, '../shared/data/ptbxl/raw-wfdb/HR06000.hea');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Leads of the record to score (default all 12); fewer keeps heavy models' runs short. */
const LEADS = Number(process.env.BENCH_LEADS ?? 12);

export const notes = [
  '',
  'total = read + superlet + model + metrics per lead-segment (lead-segs/run per run, one batch);',
  'superlet / model columns split the same run. Each model at its card\'s defaults: default_t / default_step_interval,',
  'score_draws K and score_combine (models/default: t = 60, one DDIM step, K = 8 → encode + 8 UNet calls + 1 decode).',
  'MACs per lead-segment of each configuration: `.venv/bin/python -m training.params` (helper 5).',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, availableParallelism() = ${availableParallelism()}; other processes`,
  'may share these cores, so compare rows of one run only. Long-run target: ≤ 30 ms per lead-segment on 2 cores.',
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Sub-folders of `root` that hold a model.json. */
function modelsUnder(root: string): string[] {
  if (!existsSync(root)) {
    return [];
  }
  return readdirSync(root)
    .sort()
    .map((d) => join(root, d))
    .filter((d) => existsSync(join(d, 'model.json')));
}

/** Model directories: models/*, the tiny parity model, then BENCH_MODEL_DIRS roots (':'-separated). */
function modelDirs(): string[] {
  const extra = (process.env.BENCH_MODEL_DIRS ?? '').split(':').filter(Boolean);
  return [...modelsUnder(join(ROOT, 'models')), join(ROOT, 'test/fixtures/tiny-model'), ...extra.flatMap(modelsUnder)];
}

async function benchOne(modelDir: string, threads: number): Promise<BenchRow> {
  const pool = new SuperletPool(threads);
  const scorer = await NoiseScorer.load(modelDir, { threads, device: 'cpu', batchSize: 16 });
  const totals: number[] = [];
  const superlets: number[] = [];
  const models: number[] = [];
  let segments = 0;
  try {
    let runs = RUNS;
    for (let run = 0; run <= runs; run++) {
      const t0 = performance.now();
      const [record] = loadRecords(RECORD);
      const leads = Array.from({ length: Math.min(LEADS, record.signals.length) }, (_, i) => i);
      const images = await recordToImages(record, scorer.spec.inputContract, { pool, leads });
      const t1 = performance.now();
      const scores = await scorer.scoreImages(images.map((s) => ({ key: { recordId: record.name, leadIndex: s.leadIndex, segmentIndex: s.segmentIndex }, image: s.image, validColumns: s.validColumns })));
      const t2 = performance.now();
      segments = scores.length;
      if (run === 0 && t2 - t0 > 20_000) {
        runs = 1; // heavy model on a small machine: one timed run
      }
      if (run > 0) {
        // run 0 warms up (worker start, JIT, ORT allocations)
        totals.push((t2 - t0) / segments);
        superlets.push((t1 - t0) / segments);
        models.push((t2 - t1) / segments);
      }
    }
  } finally {
    await pool.close();
    scorer.close();
  }
  return {
    model: scorer.spec.name,
    config: String((scorer.spec.raw as { configuration?: unknown }).configuration ?? scorer.spec.kind),
    threads,
    'total ms/lead-seg': median(totals),
    'read+superlet ms': median(superlets),
    'model+metrics ms': median(models),
    'lead-segs/run': segments,
    runs: totals.length,
    'peak RSS MiB': Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const all = availableParallelism();
  for (const dir of modelDirs()) {
    for (const threads of all > 1 ? [1, all] : [1]) {
      rows.push(await benchOne(dir, threads));
    }
  }
  await releaseAllSessions();
  return rows;
}
