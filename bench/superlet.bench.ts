/**
 * Superlet time per 12-lead × 10-s record at 500 Hz (real PTB-XL record HR06000) and at 100 Hz
 * (first record of the PTB-XL 100 Hz subset): median of several warm runs, in this thread, on a
 * pool of 1 worker and on a pool of all cores, and the ONNX superlet graph (models/superlet/) on
 * ONNX Runtime's CPU provider at 1 and all threads; next to the original implementation's recorded
 * 12-lead 500 Hz timings from ../shared/golden/meta_*.json (JAX, warm).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { superlet } from '../src-main/engine/dsp/superlet';
import { OnnxSuperlet, type SuperletPrecision } from '../src-main/engine/inference/superlet-onnx';
import { loadRecords } from '../src-main/engine/io/load';
import { readNpz } from '../src-main/engine/io/npz';
import { SuperletPool } from '../src-main/engine/workers/superlet-pool';
import type { BenchRow } from './types';

export const name = 'superlet: 12 leads × 10 s per record';

const SHARED = join(import.meta.dirname ?? __dirname, '../../shared');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

export const notes = [
  '',
  'FFT: fft.js (radix-4, power-of-two sizes, interleaved Float64 arrays) — the fastest maintained pure-JS',
  'FFT on npm, no native build, runs unchanged in worker threads and the renderer. Per (frequency, order)',
  'the plan picks the cheapest exact-enough evaluation at the ≤ 512 samples the 256-column resize reads:',
  'direct taps (short wavelets), an ES-kernel NUFFT of the band-limited spectrum product (1024–4096',
  'points at 500 Hz; exact direct fallback for relatively tiny values), or one full-size FFT.',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, availableParallelism() = ${availableParallelism()}; ` +
    'other processes share these cores, so compare rows of one run only.',
  '"CPU s/record" is process CPU time (all threads): on idle cores, wall ≈ CPU / workers.',
  'Reference numbers: original JAX code, warm, 12 leads × 10 s at 500 Hz (meta_gpu.json: H200 GPU;',
  'meta_cpu.json: 16 CPU cores, float32). "×" = reference time / ours (> 1: we are faster).',
  'ONNX rows: the superlet graph (Gather + two MatMuls over the ≤ 512 needed samples, log, order mean, resize)',
  'on the CPU provider, all 12 leads in one run. float64 is what scoring uses (images equal to the TypeScript',
  'superlet); float32 is listed for comparison only. "× vs TS pool" = TypeScript pool (all workers) / this row.',
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall-clock seconds and median process CPU seconds (all threads) per call. */
async function timeRuns(fn: () => Promise<unknown> | unknown): Promise<{ wallS: number; cpuS: number }> {
  await fn(); // warm-up: plans, JIT, worker start
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(c);
    wall.push((performance.now() - t) / 1000);
    cpu.push((used.user + used.system) / 1e6);
  }
  return { wallS: median(wall), cpuS: median(cpu) };
}

function referenceSeconds(file: string): number | null {
  try {
    const meta = JSON.parse(readFileSync(join(SHARED, 'golden', file), 'utf8')) as { timing_12lead_500hz_s?: number };
    return meta.timing_12lead_500hz_s ?? null;
  } catch {
    return null;
  }
}

function records(): { label: string; fsHz: number; leads: Float64Array[] }[] {
  const r500 = loadRecords(join(SHARED, 'data/ptbxl/raw-wfdb/HR06000.hea'))[0];
  const npzPath = join(SHARED, 'data/ptbxl/ptbxl_subset_100hz.npz');
  const sub = readNpz(new Uint8Array(readFileSync(npzPath)), npzPath).get('signals');
  if (!sub) {
    throw new Error(`${npzPath} has no 'signals'`);
  }
  const [, nLeads, nSamples] = sub.shape; // [N, 12, 1000] float16 → Float32Array
  const leads100 = Array.from({ length: nLeads }, (_, l) =>
    Float64Array.from(sub.data.subarray(l * nSamples, (l + 1) * nSamples)),
  );
  return [
    { label: '500 Hz (PTB-XL HR06000)', fsHz: 500, leads: r500.signals.map((s) => s.subarray(0, 5000)) },
    { label: '100 Hz (PTB-XL subset #0)', fsHz: 100, leads: leads100 },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const gpu = referenceSeconds('meta_gpu.json');
  const cpu = referenceSeconds('meta_cpu.json');
  const all = availableParallelism();
  const rows: BenchRow[] = [];
  for (const rec of records()) {
    const modes: { mode: string; fn: () => Promise<unknown> | unknown; close?: () => Promise<void> }[] = [
      { mode: 'this thread', fn: () => rec.leads.map((l) => superlet(l, rec.fsHz)) },
    ];
    for (const size of [1, all]) {
      const pool = new SuperletPool(size);
      modes.push({ mode: `pool, ${size} worker${size > 1 ? 's' : ''}`, fn: () => pool.superletMany(rec.leads, rec.fsHz), close: () => pool.close() });
    }
    const onnx: [SuperletPrecision, number][] = [
      ['float64', 1],
      ['float64', all],
      ['float32', all],
    ];
    for (const [precision, threads] of onnx) {
      const graph = await OnnxSuperlet.load({ provider: 'cpu', precision, threads, batchSize: rec.leads.length });
      modes.push({ mode: `ONNX ${precision}, CPU, ${threads} thread${threads > 1 ? 's' : ''}`, fn: () => graph.superletMany(rec.leads, rec.fsHz), close: () => graph.close() });
    }
    let tsPoolS = Number.NaN;
    for (const m of modes) {
      const { wallS: s, cpuS } = await timeRuns(m.fn);
      await m.close?.();
      if (m.mode === `pool, ${all} worker${all > 1 ? 's' : ''}`) {
        tsPoolS = s;
      }
      const row: BenchRow = { record: rec.label, mode: m.mode, 'median s/record': s, 'CPU s/record': cpuS, runs: RUNS };
      row['× vs TS pool'] = Number.isNaN(tsPoolS) ? '' : `${(tsPoolS / s).toFixed(2)}×`;
      if (rec.fsHz === 500) {
        row[`× vs H200 GPU (${gpu?.toFixed(3) ?? '?'} s)`] = gpu === null ? 'n/a' : `${(gpu / s).toFixed(2)}×`;
        row[`× vs 16-core CPU (${cpu?.toFixed(3) ?? '?'} s)`] = cpu === null ? 'n/a' : `${(cpu / s).toFixed(2)}×`;
      }
      rows.push(row);
    }
  }
  return rows;
}
