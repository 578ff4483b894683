/**
 * score_draws: the reconstruction combines K draws whose forward noise comes in antithetic pairs
 * (ε_j, −ε_j) keyed by the image — 'image' combine checked against single-draw reconstructions with
 * that noise injected, 'latent' combine against the chain composed step by step from the graphs; on
 * the exported tiny model with its card's score_draws and score_combine set.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forwardNoise, imageNoiseKey } from '../../../src-main/engine/inference/reverse-process';
import { DiffusionScheduler, reverseTimesteps } from '../../../src-main/engine/inference/scheduler';
import { getSessions, runDecoder, runEncoder, runUnet } from '../../../src-main/engine/inference/session';
import { imageToModelInput } from '../../../src-main/engine/dsp/scalogram-image';
import { NoiseScorer, type ImageItem } from '../../../src-main/engine/inference/scorer';
import { releaseAllSessions } from '../../../src-main/engine/inference/session';

const TINY = join(__dirname, '../../fixtures/tiny-model');
const dir = mkdtempSync(join(tmpdir(), 'ecgnq-draws-'));

/** The tiny model with score_draws = k (and score_combine), in its own folder. */
function withDraws(k: number, combine: 'image' | 'latent' = 'image'): string {
  const out = join(dir, `k${k}-${combine}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  readdirSync(TINY)
    .filter((f) => f.endsWith('.onnx') || f === 'model.json')
    .forEach((f) => copyFileSync(join(TINY, f), join(out, f)));
  const card = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  writeFileSync(join(out, 'model.json'), JSON.stringify({ ...card, score_draws: k, score_combine: combine }));
  return out;
}

function image(seed: number): Uint8Array {
  return Uint8Array.from({ length: 32 * 256 }, (_, i) => (Math.sin(i * 0.01 * seed) * 100 + 128 + ((i * seed) % 17)) & 255);
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await releaseAllSessions();
});

describe('score_draws', () => {
  it('averages K reconstructions with antithetic, image-keyed noise', async () => {
    const items: ImageItem[] = [1, 2].map((s) => ({ key: { recordId: `r${s}`, leadIndex: 0, segmentIndex: 0 }, image: image(s), validColumns: 256 }));
    const single = await NoiseScorer.load(withDraws(1), { device: 'cpu' });
    const size = 2 * 8 * 64;
    for (const k of [2, 3]) {
      const scorer = await NoiseScorer.load(withDraws(k), { device: 'cpu' });
      expect(scorer.spec.scoreDraws).toBe(k);
      const mean = await scorer.reconstructRaw(items, { seed: 5 });
      for (const [i, item] of items.entries()) {
        const key = imageNoiseKey(item.image);
        const parts = await Promise.all(
          Array.from({ length: k }, (_, d) => single.reconstructRaw([item], { seed: 5 }, { forward: [forwardNoise(5, key, d, size)] })),
        );
        const expected = Float32Array.from(parts[0][0], (_, j) => parts.reduce((sum, p) => sum + p[0][j], 0) / k);
        let maxDiff = 0;
        expected.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - mean[i][j]))));
        expect(maxDiff).toBeLessThan(1e-5); // batching K draws vs one at a time: float32 summation order only
      }
      const [score] = await scorer.scoreImages(items.slice(0, 1), { seed: 5 });
      expect(score.provenance.draws).toBe(k);
    }
    // draw 1 is draw 0's noise negated
    const key = imageNoiseKey(items[0].image);
    expect(Array.from(forwardNoise(5, key, 1, 8))).toEqual(Array.from(forwardNoise(5, key, 0, 8), (v) => -v));
    expect(Array.from(forwardNoise(5, key, 2, 8))).not.toEqual(Array.from(forwardNoise(5, key, 0, 8)));
  });

  it("'latent' combine decodes the mean of the K denoised latents once", async () => {
    const item: ImageItem = { key: { recordId: 'r', leadIndex: 0, segmentIndex: 0 }, image: image(3), validColumns: 256 };
    const scorer = await NoiseScorer.load(withDraws(4, 'latent'), { device: 'cpu' });
    expect(scorer.spec.scoreCombine).toBe('latent');
    const [got] = await scorer.reconstructRaw([item], { seed: 7 });
    // The same chain composed here step by step from the graphs and the scheduler.
    const spec = scorer.spec;
    const sessions = await getSessions(spec, { provider: 'cpu' });
    const scheduler = new DiffusionScheduler(spec.scheduler);
    const { t, stepInterval } = scorer.resolveOptions({ seed: 7 });
    const latent = await runEncoder(sessions, imageToModelInput(item.image), [1, 1, 32, 256]);
    const x0 = latent.data.map((v) => v * spec.scalingFactor);
    const mean = new Float32Array(x0.length);
    for (let d = 0; d < 4; d++) {
      let x = scheduler.addNoise(x0, forwardNoise(7, imageNoiseKey(item.image), d, x0.length), t);
      for (const s of reverseTimesteps(t, stepInterval, spec.scheduler.numTrainTimesteps)) {
        x = scheduler.ddimStep((await runUnet(sessions, x, latent.dims, [s])).data, s, x, stepInterval);
      }
      x.forEach((v, j) => (mean[j] += v / 4));
    }
    const expected = (await runDecoder(sessions, mean.map((v) => v / spec.scalingFactor), latent.dims)).data;
    let maxDiff = 0;
    expected.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - got[j]))));
    expect(maxDiff).toBeLessThan(1e-4);
    // …which is not the mean of the four decoder outputs.
    const [imageMean] = await (await NoiseScorer.load(withDraws(4, 'image'), { device: 'cpu' })).reconstructRaw([item], { seed: 7 });
    let combineDiff = 0;
    imageMean.forEach((v, j) => (combineDiff = Math.max(combineDiff, Math.abs(v - got[j]))));
    expect(combineDiff).toBeGreaterThan(1e-3);
  });
});
