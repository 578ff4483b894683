/**
 * Lead-segments per second on a GPU, superlet included, for batch sizes 1–1024, beside the CPU path
 * in the same run, and how far CUDA scores are from CPU scores. Prepared for a machine with an NVIDIA
 * GPU; run it there in one go (it needs ../shared beside the checkout):
 *
 *   npm ci && npm run setup:gpu && npm run bench:gpu -- --out bench-gpu.json
 *
 * Dry run on a CPU (tiny sizes, checks the script): `npm run bench:gpu -- --device cpu --batches 1,4
 * --leads 8 --cpu-leads 8 --agree 4 --runs 1`.
 *
 * Input: real PTB-XL leads (../shared/data/ptbxl/ptbxl_subset_100hz.npz) through the model's input
 * contract, done once up front and timed apart (it is CPU work in any set-up). Per batch size B:
 * superlet = the float64 ONNX graph on the device, B leads per run; model = encoder + DDIM steps +
 * decoder + PSNR/SSIM via `NoiseScorer.scoreImages`, B lead-segments per model call; end to end =
 * superlet → 8-bit images → model → metrics. Each figure is the best of --runs timed passes over
 * --leads lead-segments, after one warm-up pass.
 */
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { scalogramToImage } from '../src-main/engine/dsp/scalogram-image';
import { readSubsetArrays, subsetRecord } from '../src-main/engine/importers/npz-subset';
import { probeCuda } from '../src-main/engine/inference/device';
import { nvidiaGpus } from '../src-main/engine/inference/gpu-info';
import { loadModelSpec, type InputContract } from '../src-main/engine/inference/model-spec';
import { prepareRecordSegments } from '../src-main/engine/inference/preprocess';
import { type ImageItem, NoiseScorer } from '../src-main/engine/inference/scorer';
import { OnnxSuperlet, type SuperletPrecision } from '../src-main/engine/inference/superlet-onnx';
import { closeSharedSuperletPool, superletMany } from '../src-main/engine/workers/superlet-pool';

const ROOT = resolve(import.meta.dirname, '..');
const SUBSET = join(ROOT, '../shared/data/ptbxl/ptbxl_subset_100hz.npz');

const { values: args } = parseArgs({
  options: {
    device: { type: 'string', default: 'cuda' },
    model: { type: 'string', default: join(ROOT, 'models/default') },
    batches: { type: 'string', default: '1,4,16,64,256,1024' },
    leads: { type: 'string', default: '2048' },
    'cpu-leads': { type: 'string', default: '96' },
    agree: { type: 'string', default: '256' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string' },
  },
});
const device = args.device as 'cpu' | 'cuda';
const batches = args.batches.split(',').map(Number);
const nLeads = Number(args.leads);
const cpuLeads = Number(args['cpu-leads']);
const nAgree = Number(args.agree);
const runs = Number(args.runs);

/** `n` z-scored 10-s windows at the model's rate from the PTB-XL subset, and the contract's cost. */
function windows(contract: InputContract, n: number): { signals: Float64Array[]; msPerLead: number } {
  const arrays = readSubsetArrays(SUBSET);
  const out: Float64Array[] = [];
  const started = performance.now();
  for (let i = 0; out.length < n; i = (i + 1) % arrays.ecgIds.length) {
    out.push(...prepareRecordSegments(subsetRecord(arrays, i), contract).segments.map((s) => s.signal));
  }
  return { signals: out.slice(0, n), msPerLead: (performance.now() - started) / out.length };
}

/** Best (shortest) wall time of `runs` passes after one warm-up, seconds. */
async function best(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  let min = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, (performance.now() - t) / 1000);
  }
  return min;
}

function items(images: Uint8Array[]): ImageItem[] {
  return images.map((image, i) => ({ key: { recordId: 'bench', leadIndex: i, segmentIndex: 0 }, image, validColumns: 256 }));
}

interface Row {
  path: string;
  batch: number;
  leads: number;
  superletPerS: number;
  modelPerS: number;
  endToEndPerS: number;
}

async function measureDevice(signals: Float64Array[], fsHz: number, batch: number, precision: SuperletPrecision = 'float64'): Promise<Row> {
  const superlet = await OnnxSuperlet.load({ provider: device, batchSize: batch, precision });
  const scorer = await NoiseScorer.load(args.model, { device, superlet: 'ts', batchSize: batch });
  try {
    const images = (await superlet.superletMany(signals, fsHz)).map(scalogramToImage);
    const superletS = await best(() => superlet.superletMany(signals, fsHz));
    const modelS = await best(() => scorer.scoreImages(items(images)));
    const endToEndS = await best(async () => scorer.scoreImages(items((await superlet.superletMany(signals, fsHz)).map(scalogramToImage))));
    const n = signals.length;
    return { path: `${scorer.provider.toUpperCase()}, ONNX superlet ${precision}`, batch, leads: n, superletPerS: n / superletS, modelPerS: n / modelS, endToEndPerS: n / endToEndS };
  } finally {
    scorer.close();
    await superlet.close();
  }
}

/** The CPU path as `quantify --device cpu --superlet ts` runs it: TypeScript worker pool + ORT CPU. */
async function measureCpu(signals: Float64Array[], fsHz: number): Promise<Row> {
  const scorer = await NoiseScorer.load(args.model, { device: 'cpu', superlet: 'ts' });
  try {
    const images = (await superletMany(signals, fsHz)).map(scalogramToImage);
    const superletS = await best(() => superletMany(signals, fsHz));
    const modelS = await best(() => scorer.scoreImages(items(images)));
    const endToEndS = await best(async () => scorer.scoreImages(items((await superletMany(signals, fsHz)).map(scalogramToImage))));
    const n = signals.length;
    return { path: 'CPU, TypeScript superlet workers', batch: 16, leads: n, superletPerS: n / superletS, modelPerS: n / modelS, endToEndPerS: n / endToEndS };
  } finally {
    scorer.close();
  }
}

/** CPU (TypeScript superlet) vs device (ONNX superlet) on the same leads: images and PSNR. */
async function agreement(signals: Float64Array[], fsHz: number): Promise<{ leads: number; imagesIdentical: number; maxAbsPsnrDb: number }> {
  const cpu = await NoiseScorer.load(args.model, { device: 'cpu', superlet: 'ts' });
  const dev = await NoiseScorer.load(args.model, { device, superlet: 'onnx', batchSize: 256 });
  const superlet = await OnnxSuperlet.load({ provider: device });
  try {
    const a = (await superletMany(signals, fsHz)).map(scalogramToImage);
    const b = (await superlet.superletMany(signals, fsHz)).map(scalogramToImage);
    const sa = await cpu.scoreImages(items(a));
    const sb = await dev.scoreImages(items(b));
    return {
      leads: signals.length,
      imagesIdentical: a.filter((im, i) => im.every((v, k) => v === b[i][k])).length,
      maxAbsPsnrDb: Math.max(...sa.map((s, i) => Math.abs(s.psnr - sb[i].psnr))),
    };
  } finally {
    cpu.close();
    dev.close();
    await superlet.close();
  }
}

function table(rows: Row[]): string {
  const f = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toPrecision(3));
  return [
    '| path | batch | lead-segments | superlet /s | model + metrics /s | end to end /s |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.path} | ${r.batch} | ${r.leads} | ${f(r.superletPerS)} | ${f(r.modelPerS)} | ${f(r.endToEndPerS)} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  if (device === 'cuda') {
    const status = await probeCuda();
    if (!status.ok) {
      throw new Error(`CUDA does not start: ${status.detail} (npm run setup:gpu; node bin/ecgnq.js doctor)`);
    }
  }
  const spec = await loadModelSpec(args.model);
  const fsHz = spec.inputContract.fsHz;
  const prepared = windows(spec.inputContract, Math.max(nLeads, cpuLeads, nAgree));
  const hardware = {
    gpus: nvidiaGpus(),
    cpu: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`,
    node: process.versions.node,
    onnxruntime: (await import('onnxruntime-node/package.json', { with: { type: 'json' } })).default.version,
    tf32: process.env.NVIDIA_TF32_OVERRIDE ?? 'unset',
  };
  console.log(`hardware: ${JSON.stringify(hardware)}`);
  console.log(`model ${spec.name} (${spec.sha256.slice(0, 12)}), input contract ${prepared.msPerLead.toFixed(3)} ms per lead-segment on one CPU thread`);
  const rows: Row[] = [await measureCpu(prepared.signals.slice(0, cpuLeads), fsHz)];
  console.log(table(rows));
  for (const batch of batches) {
    rows.push(await measureDevice(prepared.signals.slice(0, nLeads), fsHz, batch));
    console.log(table(rows.slice(-1)).split('\n')[2]);
  }
  const largest = batches[batches.length - 1];
  rows.push(await measureDevice(prepared.signals.slice(0, nLeads), fsHz, largest, 'float32'));
  const agree = await agreement(prepared.signals.slice(0, nAgree), fsHz);
  const bestRow = rows.filter((r) => r.path === `${device.toUpperCase()}, ONNX superlet float64`).reduce((a, b) => (b.endToEndPerS > a.endToEndPerS ? b : a));
  console.log(`\n${table(rows)}\n`);
  console.log(`CPU (TypeScript superlet) vs ${device} (ONNX superlet) on ${agree.leads} leads: ${agree.imagesIdentical} identical images, max |ΔPSNR| ${agree.maxAbsPsnrDb.toExponential(2)} dB`);
  console.log(
    `best end to end (float64 superlet, as scoring runs): ${bestRow.endToEndPerS.toFixed(0)} lead-segments/s at batch ${bestRow.batch} ` +
      `(goal on a data-centre GPU: ≥ 10,000); reading and the input contract (${prepared.msPerLead.toFixed(3)} ms per lead-segment per CPU thread) come on top`,
  );
  if (args.out) {
    writeFileSync(args.out, `${JSON.stringify({ hardware, contractMsPerLead: prepared.msPerLead, rows, agreement: agree, command: process.argv.slice(2) }, null, 2)}\n`);
  }
  await closeSharedSuperletPool();
}

await main();
