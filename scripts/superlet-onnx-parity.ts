/**
 * How far the ONNX superlet (float64 and float32 graphs, CPU provider) is from the TypeScript superlet:
 * max |Δ| (log10 power) overall and where the TypeScript value is ≥ −8 (the image floor), pixels that
 * differ in the 8-bit image, and images with any differing pixel. Sets: the golden signals at their own
 * rates, and real PTB-XL, CinC 2021 and MIT-BIH leads through the default model's input contract.
 * The tests (test/engine/inference/superlet-onnx.test.ts) assert the tolerances; this prints the figures.
 *
 *   node --import tsx scripts/superlet-onnx-parity.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scalogramToImage } from '../src-main/engine/dsp/scalogram-image';
import { loadModelSpec } from '../src-main/engine/inference/model-spec';
import { prepareRecordSegments } from '../src-main/engine/inference/preprocess';
import { OnnxSuperlet } from '../src-main/engine/inference/superlet-onnx';
import { loadRecords } from '../src-main/engine/io/load';
import { readNpz } from '../src-main/engine/io/npz';
import { closeSharedSuperletPool, superletMany } from '../src-main/engine/workers/superlet-pool';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = join(ROOT, '../shared');

/** One table row: a set of leads at one rate, TypeScript vs the two graphs. */
async function compare(label: string, leads: Float64Array[], fsHz: number, graphs: OnnxSuperlet[]): Promise<void> {
  const ts = await superletMany(leads, fsHz);
  for (const graph of graphs) {
    const onnx = await graph.superletMany(leads, fsHz);
    let maxAll = 0;
    let maxVisible = 0;
    let pixels = 0;
    let maxPixel = 0;
    let images = 0;
    ts.forEach((a, i) => {
      const ia = scalogramToImage(a);
      const ib = scalogramToImage(onnx[i]);
      let differ = 0;
      for (let k = 0; k < a.length; k++) {
        const d = Math.abs(a[k] - onnx[i][k]);
        maxAll = Math.max(maxAll, d);
        maxVisible = a[k] >= -8 ? Math.max(maxVisible, d) : maxVisible;
        if (ia[k] !== ib[k]) {
          differ++;
          maxPixel = Math.max(maxPixel, Math.abs(ia[k] - ib[k]));
        }
      }
      pixels += differ;
      images += differ > 0 ? 1 : 0;
    });
    const share = (100 * pixels) / (leads.length * 32 * 256);
    console.log(
      `| ${label} | ${leads.length} | ${graph.precision} | ${maxAll.toExponential(1)} | ${maxVisible.toExponential(1)} | ` +
        `${pixels} (${share.toFixed(4)} %) | ${maxPixel} | ${images} |`,
    );
  }
}

function headers(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hea'))
    .sort()
    .map((f) => join(dir, f));
}

async function main(): Promise<void> {
  const graphs = [await OnnxSuperlet.load({ provider: 'cpu', precision: 'float64' }), await OnnxSuperlet.load({ provider: 'cpu', precision: 'float32' })];
  console.log('| set | leads | graph | max abs diff | max abs diff where TS ≥ −8 | pixels differing | max pixel diff | images with a differing pixel |');
  console.log('|---|---|---|---|---|---|---|---|');
  const goldenPath = join(SHARED, 'golden/superlet_golden_cpu_x64.npz');
  const golden = readNpz(new Uint8Array(readFileSync(goldenPath)), goldenPath);
  for (const name of [...new Set([...golden.keys()].map((k) => k.split('.')[0]))].sort()) {
    const signal = Float64Array.from(golden.get(`${name}.signal`)?.data ?? []);
    await compare(`golden ${name}`, [signal], Number(/_(\d+)hz/.exec(name)?.[1]), graphs);
  }
  const spec = await loadModelSpec(join(ROOT, 'models/default'));
  const sets: [string, string[], number[] | undefined][] = [
    ['PTB-XL raw-wfdb (10 records × 12 leads), 100 Hz contract', headers(join(SHARED, 'data/ptbxl/raw-wfdb')), undefined],
    ['CinC 2021 (40 records × 12 leads), 100 Hz contract', headers(join(SHARED, 'data/cinc2021')), undefined],
    ['MIT-BIH (48 records × 2 leads × windows 0, 90), 100 Hz contract', headers(join(SHARED, 'data/mitdb')), [0, 90]],
  ];
  for (const [label, files, segments] of sets) {
    const windows = files.flatMap((f) => loadRecords(f).flatMap((r) => prepareRecordSegments(r, spec.inputContract, { segments }).segments.map((s) => s.signal)));
    await compare(label, windows, spec.inputContract.fsHz, graphs);
  }
  await Promise.all(graphs.map((g) => g.close()));
  await closeSharedSuperletPool();
}

await main();
