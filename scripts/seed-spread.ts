/**
 * How much a lead-segment's PSNR moves with the global noise seed: scores the protocol's leads of
 * one half of the PTB-XL subset with seeds 0..N-1 and prints the per-lead spread (max − min PSNR)
 * as median, 95th percentile and maximum over leads.
 *
 *   node --import tsx scripts/seed-spread.ts --model models/default --half report --seeds 10 [--limit N] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { prepareSubsetImages } from '../src-main/engine/eval/sweep-images';
import { NoiseScorer } from '../src-main/engine/inference/scorer';
import { closeSharedSuperletPool } from '../src-main/engine/workers/superlet-pool';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'models/default' },
    subset: { type: 'string', default: '../shared/data/ptbxl' },
    half: { type: 'string', default: 'report' },
    seeds: { type: 'string', default: '10' },
    limit: { type: 'string' },
    threads: { type: 'string', default: '2' },
    json: { type: 'string' },
  },
});

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

async function main(): Promise<void> {
  const scorer = await NoiseScorer.load(values.model as string, { threads: Number(values.threads), device: 'cpu' });
  const half = values.half as 'selection' | 'report' | 'all';
  const prepared = await prepareSubsetImages(values.subset as string, scorer.spec.inputContract, {
    half,
    limit: values.limit ? Number(values.limit) : undefined,
  });
  await closeSharedSuperletPool();
  const items = prepared.leads.map((l) => l.item);
  const seeds = Number(values.seeds);
  const lo = new Float64Array(items.length).fill(Infinity);
  const hi = new Float64Array(items.length).fill(-Infinity);
  const started = performance.now();
  for (let seed = 0; seed < seeds; seed++) {
    const scores = await scorer.scoreImages(items, { seed });
    scores.forEach((s, i) => {
      lo[i] = Math.min(lo[i], s.psnr);
      hi[i] = Math.max(hi[i], s.psnr);
    });
  }
  const spread = Array.from(hi, (h, i) => h - lo[i]).sort((a, b) => a - b);
  const result = {
    model: scorer.spec.name,
    modelSha256: scorer.spec.sha256,
    draws: scorer.spec.scoreDraws,
    half,
    leads: items.length,
    seeds,
    medianDb: quantile(spread, 0.5),
    p95Db: quantile(spread, 0.95),
    maxDb: spread[spread.length - 1],
    modelMsPerLeadSegmentPerSeed: (performance.now() - started) / (seeds * items.length),
  };
  scorer.close();
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  }
  process.stdout.write(
    `${result.leads} lead-segments (${half} half), seeds 0–${seeds - 1}, model ${result.model} (K = ${result.draws}): ` +
      `PSNR spread median ${result.medianDb.toFixed(3)} dB, p95 ${result.p95Db.toFixed(3)} dB, max ${result.maxDb.toFixed(3)} dB\n`,
  );
}

await main();
