/**
 * Parity of the TypeScript engine with the PyTorch toolkit. Fixtures (test/fixtures/parity and the
 * exported tiny model test/fixtures/tiny-model) are written by
 *   python -m training.parity_fixture --run=runs/fixture-tiny --model=test/fixtures/tiny-model --out=test/fixtures/parity
 * (training/make_fixtures.sh): PyTorch's reconstruction of 3 fold-9 PTB-XL leads with injected latent
 * noise (noise.npy), t = 30, step interval 10. Tolerances from the issue: reconstruction within 1e-4,
 * PSNR within 0.01 dB; scheduler values (alphas_cumprod float64, DDIM timesteps, step()) tight.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { imageToModelInput, modelOutputToImage } from '../../../src-main/engine/dsp/scalogram-image';
import { type ImageItem, NoiseScorer } from '../../../src-main/engine/inference/scorer';
import { DiffusionScheduler, reverseTimesteps } from '../../../src-main/engine/inference/scheduler';
import { releaseAllSessions } from '../../../src-main/engine/inference/session';
import { scalogramImages } from '../../../src-main/engine/inference/superlet-images';
import { ndArrayToFloat64, type NdArray, readNpy } from '../../../src-main/engine/io/npy';
import { psnr } from '../../../src-main/engine/metrics/psnr';
import { closeSharedSuperletPool } from '../../../src-main/engine/workers/superlet-pool';

/** Prints the measured errors when ECGNQ_PARITY_REPORT=1 (for the closing note). */
const report: (...args: unknown[]) => void = process.env.ECGNQ_PARITY_REPORT ? console.log : () => undefined;

const FIXTURES = join(__dirname, '../../fixtures');
const PARITY = join(FIXTURES, 'parity');

function npy(name: string): NdArray {
  const path = join(PARITY, name);
  return readNpy(new Uint8Array(readFileSync(path)), path);
}

interface StepCase {
  timestep: number;
  step_interval: number;
  model_output: number[];
  sample: number[];
  prev_sample: number[];
}
interface SchedulerFixture {
  alphas_cumprod: number[];
  ddim_timesteps: { t: number; step_interval: number; timesteps: number[] };
  add_noise: { t: number; sqrt_alpha_cumprod: number; sqrt_one_minus_alpha_cumprod: number };
  ddim_step_cases: StepCase[];
}

afterAll(async () => {
  await releaseAllSessions();
  await closeSharedSuperletPool();
});

describe('parity with the Python scheduler (scheduler.json)', () => {
  const fixture = JSON.parse(readFileSync(join(PARITY, 'scheduler.json'), 'utf8')) as SchedulerFixture;
  const scheduler = new DiffusionScheduler();

  it('alphas_cumprod (float64) agree to 1e-15', () => {
    expect(fixture.alphas_cumprod).toHaveLength(1000);
    let worst = 0;
    fixture.alphas_cumprod.forEach((v, t) => {
      worst = Math.max(worst, Math.abs(v - scheduler.alphasCumprod[t]));
    });
    expect(worst).toBeLessThan(1e-15);
    const a = scheduler.alphaAt(fixture.add_noise.t);
    expect(Math.sqrt(a)).toBeCloseTo(fixture.add_noise.sqrt_alpha_cumprod, 14);
    expect(Math.sqrt(1 - a)).toBeCloseTo(fixture.add_noise.sqrt_one_minus_alpha_cumprod, 14);
  });

  it('DDIM timesteps for t = 30, interval 10', () => {
    const { t, step_interval: k, timesteps } = fixture.ddim_timesteps;
    expect(reverseTimesteps(t, k)).toEqual(timesteps);
  });

  it('DDIM step() cases (incl. one where the x0 clip binds) agree within float32 rounding', () => {
    expect(fixture.ddim_step_cases.length).toBeGreaterThanOrEqual(3);
    for (const c of fixture.ddim_step_cases) {
      // Python ran in float64; the engine stores float32, so allow float32 rounding of inputs and output.
      const out = scheduler.ddimStep(Float32Array.from(c.model_output), c.timestep, Float32Array.from(c.sample), c.step_interval);
      c.prev_sample.forEach((v, i) => expect(Math.abs(out[i] - v)).toBeLessThan(2e-6 * Math.max(1, Math.abs(v))));
    }
  });
});

describe('parity with the PyTorch reconstruction (tiny model)', () => {
  it('superlet images of the fixture signals match input.npy (±1 LSB on ≤ 0.5 % of pixels)', async () => {
    const signal = npy('signal.npy'); // float64 [B, 1000], z-scored 100 Hz
    const input = npy('input.npy'); // float32 [B, 1, 32, 256]
    const [batch, n] = signal.shape;
    const values = ndArrayToFloat64(signal);
    const windows = Array.from({ length: batch }, (_, b) => values.slice(b * n, (b + 1) * n));
    const images = await scalogramImages(windows, 100);
    let off = 0;
    images.forEach((img, b) => {
      const mine = imageToModelInput(img);
      for (let i = 0; i < mine.length; i++) {
        const d = Math.abs(mine[i] - input.data[b * 8192 + i]) * 127.5;
        expect(d).toBeLessThan(1.001);
        if (d > 0.5) {
          off++;
        }
      }
    });
    report('superlet pixels off by 1:', off, 'of', batch * 8192);
    expect(off / (batch * 8192)).toBeLessThanOrEqual(0.005);
  });

  it('reconstruction within 1e-4 and PSNR within 0.01 dB of PyTorch, with the same injected noise', async () => {
    const input = npy('input.npy').data as Float32Array; // [B,1,32,256] in [−1, 1]
    const noise = npy('noise.npy'); // [B,2,8,64]
    const recon = npy('recon.npy').data as Float32Array; // [B,1,32,256]
    const psnrRef = ndArrayToFloat64(npy('psnr.npy'));
    const batch = noise.shape[0];
    const latentSize = noise.data.length / batch;
    // the fixture's inputs are exact u8/127.5 − 1 values: recover the uint8 images
    const items: ImageItem[] = Array.from({ length: batch }, (_, b) => ({
      key: { recordId: 'parity', leadIndex: b, segmentIndex: 0 },
      image: Uint8Array.from(input.subarray(b * 8192, (b + 1) * 8192), (v) => Math.round((v + 1) * 127.5)),
      validColumns: 256,
    }));
    items.forEach((item, b) => expect(imageToModelInput(item.image)).toEqual(input.subarray(b * 8192, (b + 1) * 8192)));
    const forward = Array.from({ length: batch }, (_, b) => Float32Array.from(noise.data.subarray(b * latentSize, (b + 1) * latentSize)));
    const scorer = await NoiseScorer.load(join(FIXTURES, 'tiny-model'), { device: 'cpu', batchSize: 2 });
    const raw = await scorer.reconstructRaw(items, { t: 30, stepInterval: 10 }, { forward });
    let worst = 0;
    raw.forEach((r, b) => {
      for (let i = 0; i < r.length; i++) {
        worst = Math.max(worst, Math.abs(r[i] - recon[b * 8192 + i]));
      }
    });
    expect(worst).toBeLessThan(1e-4);
    report('max |recon diff|', worst);
    raw.forEach((r, b) => {
      const p = psnr(items[b].image, modelOutputToImage(r));
      report('psnr', p, psnrRef[b], p - psnrRef[b]);
      expect(Math.abs(p - psnrRef[b])).toBeLessThan(0.01);
    });
  });
});
