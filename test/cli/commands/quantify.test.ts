/**
 * `ecgnq quantify` file mode, end to end (reader → input contract → superlet → toy ONNX model →
 * metrics → CSV/PNG) on the paper's example lead and one raw PTB-XL record from ../shared, with the
 * toy model of test/fixtures/inference-toy (random weights: the numbers are not meaningful scores,
 * the test checks the plumbing, row layout, provenance and error handling), and on a WFDB record
 * with runs of the format-16 invalid-sample code (−32768), written by test/helpers/invalid-samples.ts.
 * `--device cpu` with the TypeScript and the ONNX superlet gives the same CSV with the repository's
 * default model (tolerance: none — the float64 ONNX superlet makes the same images, so the same
 * noise draws and the same ORT CPU runs follow; see superlet-onnx.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQuantifyOptions, runQuantifyFiles } from '../../../src-main/cli/commands/quantify';
import { quantifyCsvHeader } from '../../../src-main/engine/jobs/quantify-files.job';
import { cudaProviderLibrary } from '../../../src-main/engine/inference/gpu-info';
import { NoiseScorer } from '../../../src-main/engine/inference/scorer';
import { releaseAllSessions } from '../../../src-main/engine/inference/session';
import { loadRecords } from '../../../src-main/engine/io/load';
import { closeSharedSuperletPool } from '../../../src-main/engine/workers/superlet-pool';
import { writeGapRecord } from '../../helpers/invalid-samples';

const ROOT = join(__dirname, '../../..');
const TOY_LDM = join(ROOT, 'test/fixtures/inference-toy/ldm');
const EXAMPLE = join(ROOT, '../shared/data/example/ecg_example.npz');
const PTBXL = join(ROOT, '../shared/data/ptbxl/raw-wfdb/HR06000.hea');
const DEFAULT_MODEL = join(ROOT, 'models/default');
const tmp = mkdtempSync(join(tmpdir(), 'ecgnq-quantify-'));

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await closeSharedSuperletPool();
  await releaseAllSessions();
});

function sink(): { stream: NodeJS.WritableStream; text: () => string } {
  let text = '';
  const stream = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream;
  return { stream, text: () => text };
}

describe('ecgnq quantify (file mode)', () => {
  it('scores the example lead and a 12-lead PTB-XL record: one row per lead × segment, provenance, PNGs', async () => {
    const out = join(tmp, 'scores.csv');
    const images = join(tmp, 'png');
    const err = sink();
    const summary = await runQuantifyFiles(
      [EXAMPLE, PTBXL],
      { ...parseQuantifyOptions({ model: TOY_LDM, partitions: '4', fs: '500', seed: '3' }), outPath: out, imagesDir: images },
      err.stream,
    );
    expect(summary).toEqual({ rows: 13, filesOk: 2, failures: [], skippedSegments: [] });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(quantifyCsvHeader(4));
    const header = lines[0].split(',');
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
    expect(rows).toHaveLength(13); // 1 lead × 1 segment + 12 leads × 1 segment (both 10 s)
    expect(rows[0]).toMatchObject({ record: 'ecg_example', lead_index: '0', segment: '0', start_s: '0', end_s: '10' });
    expect(rows.slice(1).map((r) => r.lead_name)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    for (const r of rows) {
      expect(Number(r.psnr)).toBeGreaterThan(0);
      expect(Number.isFinite(Number(r.local_psnr_4))).toBe(true);
      expect(r).toMatchObject({ model_name: 'toy-ldm', t: '30', step_interval: '10', scheduler: 'ddim', seed: '3', provider: 'cpu' });
      expect(r.model_sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // the pipelined CLI run gives the scorer's own numbers for the record, SQIs included
    const scorer = await NoiseScorer.load(TOY_LDM, { device: 'cpu' });
    const direct = await scorer.scoreRecord(loadRecords(PTBXL)[0], { seed: 3, partitions: 4 });
    expect(rows.slice(1).map((r) => Number(r.psnr))).toEqual(direct.map((d) => Number(d.psnr.toPrecision(10))));
    expect(rows.slice(1).map((r) => Number(r.k_sqi))).toEqual(direct.map((d) => Number(d.sqi?.kSqi.toPrecision(10))));
    expect(Number(rows[1].bas_sqi)).toBeGreaterThan(0);
    const pngs = readdirSync(images).sort();
    expect(pngs).toHaveLength(13);
    const png = PNG.sync.read(readFileSync(join(images, 'HR06000_lead1-II_seg0.png')));
    expect([png.width, png.height]).toEqual([(3 * 256 + 2 * 4) * 2, 64]);
  });

  it('reports and skips bad files; the others are still scored', async () => {
    const out = join(tmp, 'partial.csv');
    const err = sink();
    const summary = await runQuantifyFiles(
      [join(tmp, 'missing.hea'), EXAMPLE, PTBXL],
      { ...parseQuantifyOptions({ model: TOY_LDM }), outPath: out }, // no --fs: the npz has no rate
      err.stream,
    );
    expect(summary.rows).toBe(12);
    expect(summary.filesOk).toBe(1);
    expect(summary.failures).toHaveLength(2);
    expect(err.text()).toMatch(/missing\.hea: cannot read file/);
    expect(err.text()).toMatch(/ecg_example.*no sampling rate; pass one \(--fs\)/);
  });

  it('prints leads/windows with too many invalid samples as skipped and still writes the other rows', async () => {
    writeGapRecord(tmp); // lead I: 40 invalid in window 0, lead II: 20 % of window 1, lead III: none valid
    const out = join(tmp, 'gap.csv');
    const err = sink();
    const summary = await runQuantifyFiles([join(tmp, 'gap.hea')], { ...parseQuantifyOptions({ model: TOY_LDM }), outPath: out }, err.stream);
    expect(summary).toMatchObject({ rows: 5, filesOk: 1, failures: [] });
    expect(summary.skippedSegments).toEqual([
      `${join(tmp, 'gap.hea')}: lead II window 1 (10–20 s) has 20.0 % invalid samples (1000 of 5000), above the 10.0 % limit; not scored`,
      `${join(tmp, 'gap.hea')}: lead III has no valid samples; not scored`,
    ]);
    expect(err.text()).toContain('lead II window 1 (10–20 s) has 20.0 % invalid samples');
    expect(err.text()).toContain('lead III has no valid samples');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(-8)).toEqual(['invalid_samples', 'invalid_fraction', 'bas_sqi', 'k_sqi', 's_sqi', 'p_sqi', 'hf_sqi', 'burst_sqi']);
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
    expect(rows.map((r) => [r.lead_name, r.segment, r.invalid_samples, r.invalid_fraction])).toEqual([
      ['I', '0', '40', '0.008'],
      ['I', '1', '0', '0'],
      ['I', '2', '0', '0'],
      ['II', '0', '0', '0'],
      ['II', '2', '0', '0'],
    ]);
    for (const r of rows) {
      expect(Number.isFinite(Number(r.psnr))).toBe(true);
    }
  });

  it('--max-invalid moves the limit', async () => {
    writeGapRecord(tmp);
    const err = sink();
    const o = { ...parseQuantifyOptions({ model: TOY_LDM, maxInvalid: '0.25' }), outPath: join(tmp, 'gap-25.csv') };
    expect(o.maxInvalidFraction).toBe(0.25);
    const summary = await runQuantifyFiles([join(tmp, 'gap.hea')], o, err.stream);
    expect(summary.rows).toBe(6); // lead II window 1 (20 %) is now scored
    expect(summary.skippedSegments).toEqual([`${join(tmp, 'gap.hea')}: lead III has no valid samples; not scored`]);
    expect(() => parseQuantifyOptions({ maxInvalid: '2' })).toThrow(/--max-invalid must be a fraction in \[0, 1\], got '2'/);
    expect(() => parseQuantifyOptions({ maxInvalid: 'x' })).toThrow(/--max-invalid/);
  });

  it('rejects an unknown scheduler, a non-integer t and an unknown device or superlet', () => {
    expect(() => parseQuantifyOptions({ scheduler: 'euler' })).toThrow(/--scheduler/);
    expect(() => parseQuantifyOptions({ t: '3.5' })).toThrow(/--t must be an integer/);
    expect(() => parseQuantifyOptions({ device: 'gpu' })).toThrow("--device must be one of auto, cpu, cuda, got 'gpu'");
    expect(() => parseQuantifyOptions({ superlet: 'wasm' })).toThrow("--superlet must be one of auto, ts, onnx, got 'wasm'");
  });

  it('--device cpu: the TypeScript and the ONNX superlet give the same scores (PTB-XL, CinC 2021, MIT-BIH 20 s)', async () => {
    const files = [PTBXL, join(ROOT, '../shared/data/cinc2021/JS20000.hea'), join(ROOT, 'resources/samples/mitdb100_20s.hea')];
    const csv: Record<string, string> = {};
    for (const superlet of ['ts', 'onnx']) {
      const outPath = join(tmp, `device-cpu-${superlet}.csv`);
      const o = { ...parseQuantifyOptions({ model: DEFAULT_MODEL, device: 'cpu', superlet, threads: '2' }), outPath };
      const summary = await runQuantifyFiles(files, o, sink().stream);
      expect(summary).toMatchObject({ filesOk: 3, failures: [] });
      expect(summary.rows).toBe(12 + 12 + 2 * 2);
      csv[superlet] = readFileSync(outPath, 'utf8');
    }
    expect(csv.onnx).toBe(csv.ts);
  });

  it.skipIf(cudaProviderLibrary() !== null)('--device cuda without a CUDA provider scores on the CPU and says why, once', async () => {
    const run = promisify(execFile);
    const cli = join(ROOT, 'bin/ecgnq.js');
    const { stdout, stderr } = await run(process.execPath, [cli, 'quantify', PTBXL, '--model', TOY_LDM, '--threads', '1', '--device', 'cuda'], { cwd: ROOT });
    expect(stdout.trim().split('\n')).toHaveLength(13);
    expect(stdout).toContain(',cpu,');
    const notices = stderr.split('\n').filter((l) => l.includes('CUDA'));
    expect(notices).toEqual(["ecgnq: CUDA unavailable, running on the CPU: onnxruntime-node's CUDA provider is not installed (run npm run setup:gpu) (ecgnq doctor shows what is missing)"]);
  });

  it('the CLI exits non-zero only when every file fails', async () => {
    const run = promisify(execFile);
    const cli = join(ROOT, 'bin/ecgnq.js');
    const bad = run(process.execPath, [cli, 'quantify', join(tmp, 'nope.hea'), '--model', TOY_LDM], { cwd: ROOT });
    await expect(bad).rejects.toMatchObject({ code: 1 });
    const good = await run(process.execPath, [cli, 'quantify', join(tmp, 'nope.hea'), PTBXL, '--model', TOY_LDM, '--threads', '1'], { cwd: ROOT });
    expect(good.stdout.trim().split('\n')).toHaveLength(13);
    expect(good.stderr).toMatch(/nope\.hea/);
  });
});
