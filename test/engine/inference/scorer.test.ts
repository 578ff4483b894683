/**
 * NoiseScorer on the toy ONNX models of test/fixtures/inference-toy (random weights, made by
 * `.venv/bin/python test/fixtures/inference-toy/make_toy_model.py`) and the exported tiny model of
 * test/fixtures/tiny-model (training/make_fixtures.sh): per-segment determinism,
 * provenance, option validation, records with NaN gaps and bad model directories. Parity with
 * PyTorch is in parity.test.ts.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InferenceError } from '../../../src-main/engine/errors';
import { type ImageItem, type ImageScore, NoiseScorer } from '../../../src-main/engine/inference/scorer';
import { releaseAllSessions } from '../../../src-main/engine/inference/session';
import type { SkippedSegment } from '../../../src-main/engine/inference/preprocess';
import { loadRecords } from '../../../src-main/engine/io/load';
import type { EcgRecord } from '../../../src-main/engine/types';
import { closeSharedSuperletPool } from '../../../src-main/engine/workers/superlet-pool';

const TOY = join(__dirname, '../../fixtures/inference-toy');

/** Deterministic synthetic scalogram-like image: smooth bands plus a record-specific pattern. */
function syntheticImage(seed: number): Uint8Array {
  const img = new Uint8Array(32 * 256);
  for (let r = 0; r < 32; r++) {
    for (let c = 0; c < 256; c++) {
      const v = 128 + 90 * Math.sin(r * 0.3 + seed) * Math.cos(c * 0.05 * (1 + (seed % 3))) + 20 * Math.sin(c * r * 0.001 * seed);
      img[r * 256 + c] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return img;
}

function items(recordIds: string[], segments = 2): ImageItem[] {
  const out: ImageItem[] = [];
  recordIds.forEach((recordId, r) => {
    for (let s = 0; s < segments; s++) {
      for (let lead = 0; lead < 2; lead++) {
        out.push({ key: { recordId, leadIndex: lead, segmentIndex: s }, image: syntheticImage(r * 10 + s * 2 + lead + 1), validColumns: 256 });
      }
    }
  });
  return out;
}

function byKey(scores: ImageScore[]): Map<string, ImageScore> {
  return new Map(scores.map((s) => [`${s.key.recordId}/${s.key.leadIndex}/${s.key.segmentIndex}`, s]));
}

afterAll(async () => {
  await releaseAllSessions();
});

describe('NoiseScorer determinism', () => {
  for (const kind of ['ldm', 'vanilla'] as const) {
    it(`${kind}: a segment's score is bit-identical across batch size, order, threads and co-scored records`, async () => {
      const base = items(['rec-A', 'rec-B']);
      const reference = byKey(await (await NoiseScorer.load(join(TOY, kind), { batchSize: 1, threads: 1, device: 'cpu' })).scoreImages(base, { partitions: 4 }));
      const variants: Array<{ batchSize: number; threads: number; list: ImageItem[] }> = [
        { batchSize: 3, threads: 1, list: base },
        { batchSize: 16, threads: 2, list: [...base].reverse() },
        { batchSize: 5, threads: 2, list: [...items(['rec-C', 'rec-D']), ...base.filter((_, i) => i % 2 === 0)] },
      ];
      for (const v of variants) {
        const scorer = await NoiseScorer.load(join(TOY, kind), { batchSize: v.batchSize, threads: v.threads, device: 'cpu' });
        const scores = byKey(await scorer.scoreImages(v.list, { partitions: 4 }));
        for (const [key, score] of scores) {
          const ref = reference.get(key);
          if (!ref) {
            continue; // rec-C / rec-D are only there as other records in the run
          }
          expect(Object.is(score.psnr, ref.psnr), `${kind} ${key} batch ${v.batchSize}`).toBe(true);
          expect(score.ssim).toBe(ref.ssim);
          expect(score.mse).toBe(ref.mse);
          expect(score.mae).toBe(ref.mae);
          expect(score.localPsnr).toEqual(ref.localPsnr);
          expect(score.localSsim).toEqual(ref.localSsim);
        }
      }
      // the score depends on the seed, and on the image but never on its name (the noise is keyed by pixels)
      const scorer = await NoiseScorer.load(join(TOY, kind), { device: 'cpu' });
      const one = base.slice(0, 1);
      const [s0] = await scorer.scoreImages(one, { seed: 0 });
      const [s1] = await scorer.scoreImages(one, { seed: 1 });
      const [s2] = await scorer.scoreImages([{ ...one[0], key: { recordId: 'renamed copy', leadIndex: 7, segmentIndex: 99 } }], { seed: 0 });
      expect(s0.mse).not.toBe(s1.mse);
      expect(s2.mse).toBe(s0.mse);
      expect(s0.psnr).toBe(reference.get('rec-A/0/0')?.psnr);
    });
  }

  for (const [label, dir] of [
    ['toy ldm', join(TOY, 'ldm')],
    ['exported tiny model (attention, GroupNorm)', join(TOY, '../tiny-model')],
  ]) {
    it(`${label}: raw reconstructions (before 8-bit quantisation) are bit-identical across batch sizes 1, 2, 3, 7 and 1–2 threads`, async () => {
      // fails without session.ts's batch-of-one padding (ORT's single-row GEMM path differs in the last bit)
      const base = items(['rec-A', 'rec-B']).slice(0, 7);
      const runs: Float32Array[][] = [];
      for (const [batchSize, threads] of [[1, 1], [2, 2], [3, 1], [7, 2]]) {
        const scorer = await NoiseScorer.load(dir, { batchSize, threads, device: 'cpu' });
        runs.push(await scorer.reconstructRaw(base));
      }
      for (const run of runs.slice(1)) {
        run.forEach((recon, i) => expect(Buffer.from(recon.buffer).equals(Buffer.from(runs[0][i].buffer))).toBe(true));
      }
    });
  }

  it('DDPM scores are keyed too (same key → same score in any batch)', async () => {
    const base = items(['rec-A'], 1);
    const a = await (await NoiseScorer.load(join(TOY, 'ldm'), { batchSize: 1, device: 'cpu' })).scoreImages(base, { scheduler: 'ddpm', t: 5 });
    const b = await (await NoiseScorer.load(join(TOY, 'ldm'), { batchSize: 8, device: 'cpu' })).scoreImages([...base].reverse(), { scheduler: 'ddpm', t: 5 });
    expect(byKey(b).get('rec-A/0/0')?.mse).toBe(byKey(a).get('rec-A/0/0')?.mse);
    expect(a[0].provenance.scheduler).toBe('ddpm');
    expect(a[0].provenance.stepInterval).toBe(1);
  });
});

describe('NoiseScorer provenance and metrics', () => {
  it('every score carries model name, sha256, t, interval, scheduler, seed, draws, provider', async () => {
    const scorer = await NoiseScorer.load(join(TOY, 'ldm'), { device: 'cpu' });
    const [score] = await scorer.scoreImages(items(['r'], 1).slice(0, 1), { seed: 7, partitions: 3 });
    expect(score.provenance).toEqual({
      modelName: 'toy-ldm',
      modelSha256: scorer.spec.sha256,
      t: 30,
      stepInterval: 10,
      scheduler: 'ddim',
      seed: 7,
      draws: 1,
      provider: 'cpu',
    });
    expect(scorer.spec.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(score.localPsnr).toHaveLength(3);
    expect(score.localSsim).toHaveLength(3);
    // partitions 85, 85, 86 columns wide: the global MSE is their column-weighted mean
    expect((85 * score.localMse[0] + 85 * score.localMse[1] + 86 * score.localMse[2]) / 256).toBeCloseTo(score.mse, 9);
    expect((85 * score.localMae[0] + 85 * score.localMae[1] + 86 * score.localMae[2]) / 256).toBeCloseTo(score.mae, 9);
    score.localMse.forEach((m, i) => expect(score.localPsnr[i]).toBeCloseTo(10 * Math.log10((255 * 255) / m), 9));
    // PSNR is consistent with MSE (peak 255)
    expect(score.psnr).toBeCloseTo(10 * Math.log10((255 * 255) / score.mse), 10);
  });

  it('a trailing window scores only its valid columns', async () => {
    const scorer = await NoiseScorer.load(join(TOY, 'ldm'), { device: 'cpu' });
    const item = items(['r'], 1)[0];
    const [full] = await scorer.reconstruct([item]);
    const [tail] = await scorer.scoreImages([{ ...item, validColumns: 64 }]);
    let sum = 0;
    for (let r = 0; r < 32; r++) {
      for (let c = 192; c < 256; c++) {
        const d = full.original[r * 256 + c] - full.reconstruction[r * 256 + c];
        sum += d * d;
      }
    }
    expect(tail.mse).toBeCloseTo(sum / (32 * 64), 10);
  });

  it("device: 'auto' runs where device.ts resolves it (the CPU without a CUDA provider); an unknown device fails clearly", async () => {
    const scorer = await NoiseScorer.load(join(TOY, 'ldm'), { device: 'auto' });
    expect(scorer.provider).toBe(scorer.backend.provider); // 'cpu' on machines without CUDA (CI)
    await expect(NoiseScorer.load(join(TOY, 'ldm'), { device: 'tpu' as 'cpu' })).rejects.toThrow(/device must be auto, cpu or cuda, got 'tpu'/);
  });

  it('rejects bad options', async () => {
    const scorer = await NoiseScorer.load(join(TOY, 'ldm'), { device: 'cpu' });
    const one = items(['r'], 1).slice(0, 1);
    await expect(scorer.scoreImages(one, { t: 1000 })).rejects.toThrow(InferenceError);
    await expect(scorer.scoreImages(one, { partitions: 0 })).rejects.toThrow(InferenceError);
    await expect(scorer.scoreImages([{ ...one[0], image: new Uint8Array(10) }])).rejects.toThrow(/pixels/);
    await expect(NoiseScorer.load(join(TOY, 'ldm'), { batchSize: 0 })).rejects.toThrow(InferenceError);
  });
});

describe('NoiseScorer on records', () => {
  it('reconstructSegment gives the same score as that segment of scoreRecord', async () => {
    const [record] = loadRecords(join(__dirname, '../../../../shared/data/ptbxl/raw-wfdb/HR06007.hea'));
    const scorer = await NoiseScorer.load(join(TOY, '../tiny-model'), { device: 'cpu' });
    const all = await scorer.scoreRecord(record, { seed: 5, leads: [0, 1, 2] });
    expect(all.map((s) => s.leadName)).toEqual(['I', 'II', 'III']);
    const { score, reconstruction } = await scorer.reconstructSegment(record, 1, 0, { seed: 5 });
    expect(score).toEqual(all[1]);
    expect(reconstruction.original).toHaveLength(32 * 256);
    await expect(scorer.reconstructSegment(record, 1, 3)).rejects.toThrow(/no scored segment 3/);
    await closeSharedSuperletPool();
  });
});

describe('NoiseScorer on records with invalid (NaN) samples', () => {
  /** HR06007's leads I, II, III repeated three times: 30 s at 500 Hz, three full windows per lead. */
  function tiledRecord(): EcgRecord {
    const [record] = loadRecords(join(__dirname, '../../../../shared/data/ptbxl/raw-wfdb/HR06007.hea'));
    const signals = record.signals.slice(0, 3).map((lead) => {
      const out = new Float64Array(lead.length * 3);
      [0, 1, 2].forEach((k) => out.set(lead, k * lead.length));
      return out;
    });
    return { ...record, name: 'HR06007x3', source: 'HR06007x3.hea', leadNames: record.leadNames.slice(0, 3), signals };
  }

  it('a short gap is filled and counted, a long one skips its window only, a clean lead scores as without gaps', async () => {
    const scorer = await NoiseScorer.load(join(TOY, '../tiny-model'), { device: 'cpu' });
    const clean = tiledRecord();
    const gapped = tiledRecord();
    gapped.signals[0].fill(Number.NaN, 12000, 12050); // lead I, window 2: 50 of 5000 = 1 %
    gapped.signals[1].fill(Number.NaN, 2000, 3000); // lead II, window 0: 1000 of 5000 = 20 % > 10 %
    const skipped: SkippedSegment[] = [];
    const scores = await scorer.scoreRecord(gapped, { seed: 5, onSkipped: (s) => skipped.push(s) });
    expect(scores.map((s) => [s.leadName, s.segmentIndex, s.invalidSamples, s.invalidFraction])).toEqual([
      ['I', 0, 0, 0],
      ['I', 1, 0, 0],
      ['I', 2, 50, 0.01],
      ['II', 1, 0, 0],
      ['II', 2, 0, 0],
      ['III', 0, 0, 0],
      ['III', 1, 0, 0],
      ['III', 2, 0, 0],
    ]);
    for (const s of scores) {
      expect(Number.isFinite(s.psnr)).toBe(true);
      expect(Number.isFinite(s.mse)).toBe(true);
    }
    expect(skipped.map((s) => [s.leadName, s.segmentIndex, s.invalidSamples, s.reason])).toEqual([
      ['II', 0, 1000, 'HR06007x3.hea: lead II window 0 (0–10 s) has 20.0 % invalid samples (1000 of 5000), above the 10.0 % limit; not scored'],
    ]);
    // each lead runs its own chain and noise key: lead III (no gap) is bit-identical to the clean record's
    const reference = await scorer.scoreRecord(clean, { seed: 5 });
    expect(scores.slice(5)).toEqual(reference.slice(6));
    await expect(scorer.reconstructSegment(gapped, 1, 0, { seed: 5 })).rejects.toThrow(/lead II window 0 .*20\.0 % invalid samples/);
    // a lead with no valid sample is reported, the others are still scored
    gapped.signals[0].fill(Number.NaN);
    const detailed = await scorer.scoreRecordDetailed(gapped, { seed: 5, leads: [0, 2] });
    expect(detailed.scores.map((s) => s.leadName)).toEqual(['III', 'III', 'III']);
    expect(detailed.skipped.map((s) => s.reason)).toEqual(['HR06007x3.hea: lead I has no valid samples; not scored']);
    await closeSharedSuperletPool();
  });
});

describe('bad model directories', () => {
  const dirs: string[] = [];
  function copyToy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ecgnq-model-'));
    dirs.push(dir);
    cpSync(join(TOY, 'ldm'), dir, { recursive: true });
    return dir;
  }
  afterAll(() => {
    for (const d of dirs) {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('missing directory / model.json names the file', async () => {
    await expect(NoiseScorer.load('/nonexistent/model')).rejects.toThrow(/\/nonexistent\/model\/model\.json: cannot read model card/);
  });

  it('a graph whose bytes changed fails its sha256 check', async () => {
    const dir = copyToy();
    writeFileSync(join(dir, 'unet.onnx'), Buffer.from('not a model'));
    await expect(NoiseScorer.load(dir)).rejects.toThrow(/unet\.onnx: sha256 .* does not match/);
  });

  it('a missing graph and an invalid card are reported', async () => {
    const dir = copyToy();
    rmSync(join(dir, 'decoder.onnx'));
    await expect(NoiseScorer.load(dir)).rejects.toThrow(/decoder\.onnx: cannot read decoder graph/);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ name: 'x', kind: 'ldm', graphs: { unet: { file: 'unet.onnx', sha256: 'zz' } } }));
    await expect(NoiseScorer.load(dir)).rejects.toThrow(/invalid model card: .*sha256/);
    writeFileSync(join(dir, 'model.json'), '{ not json');
    await expect(NoiseScorer.load(dir)).rejects.toThrow(/not valid JSON/);
  });
});
