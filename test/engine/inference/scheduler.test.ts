/**
 * Scheduler equations. Expected ᾱ values come from the Python toolkit:
 *   .venv/bin/python -c "from training.schedulers import DDIM; s=DDIM(); print(s.alphas_cumprod[[0,30,999]].tolist(), s.betas[500].item())"
 * → [0.9999, 0.9877104203823749, 4.0358297653756754e-05], 0.01005995995995996.
 * The step() checks are algebraic: with ε equal to the injected noise, DDIM recovers x_0 exactly
 * (up to float32 rounding) when the clip does not bind.
 */
import { describe, expect, it } from 'vitest';
import { InferenceError } from '../../../src-main/engine/errors';
import { alphasCumprod, DiffusionScheduler, linearBetas, DEFAULT_SCHEDULER_CONFIG, reverseTimesteps } from '../../../src-main/engine/inference/scheduler';

describe('scheduler', () => {
  it('linear betas and alphas_cumprod match the Python toolkit (float64)', () => {
    const ac = alphasCumprod();
    expect(ac.length).toBe(1000);
    expect(ac[0]).toBeCloseTo(0.9999, 15);
    expect(Math.abs(ac[30] - 0.9877104203823749)).toBeLessThan(1e-15);
    expect(Math.abs(ac[999] - 4.0358297653756754e-5) / 4.0358297653756754e-5).toBeLessThan(1e-12);
    expect(Math.abs(linearBetas(DEFAULT_SCHEDULER_CONFIG)[500] - 0.01005995995995996)).toBeLessThan(1e-17);
  });

  it('reverse timesteps: t, t−k, … ≥ 0', () => {
    expect(reverseTimesteps(30, 10)).toEqual([30, 20, 10, 0]);
    expect(reverseTimesteps(35, 10)).toEqual([35, 25, 15, 5]);
    expect(reverseTimesteps(3, 1)).toEqual([3, 2, 1, 0]);
    expect(() => reverseTimesteps(1000, 10)).toThrow(InferenceError);
    expect(() => reverseTimesteps(30, 0)).toThrow(InferenceError);
    expect(() => reverseTimesteps(-1, 10)).toThrow(InferenceError);
  });

  it('add_noise then DDIM steps with the true noise walk back to x0', () => {
    const s = new DiffusionScheduler();
    const x0 = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 0.8);
    const noise = Float32Array.from({ length: 64 }, (_, i) => Math.cos(i * 1.7));
    let x = s.addNoise(x0, noise, 30);
    // x_30 = sqrt(ac30) x0 + sqrt(1 - ac30) n
    expect(x[5]).toBeCloseTo(Math.sqrt(0.9877104203823749) * x0[5] + Math.sqrt(1 - 0.9877104203823749) * noise[5], 6);
    for (const t of [30, 20, 10, 0]) {
      x = s.ddimStep(noise, t, x, 10); // ε = the noise actually added: x̂0 is exact at every step
    }
    for (let i = 0; i < 64; i++) {
      expect(Math.abs(x[i] - x0[i])).toBeLessThan(1e-5);
    }
  });

  it('DDIM clips x̂0 to [−1, 1]', () => {
    const s = new DiffusionScheduler();
    const sample = Float32Array.of(5, -5);
    const eps = Float32Array.of(0, 0);
    const out = s.ddimStep(eps, 0, sample, 10); // prev < 0 → ᾱ_prev = 1 → x_prev = x̂0 = clip(sample/√ᾱ0)
    expect(Array.from(out)).toEqual([1, -1]);
  });

  it('DDPM step: mean formula, variance only for t > 0', () => {
    const s = new DiffusionScheduler();
    const ac = s.alphasCumprod;
    const t = 10;
    const sample = Float32Array.of(0.3);
    const eps = Float32Array.of(0.2);
    const z = Float32Array.of(1);
    const x0 = (0.3 - Math.sqrt(1 - ac[t]) * 0.2) / Math.sqrt(ac[t]);
    const alphaT = ac[t] / ac[t - 1];
    const mean = ((Math.sqrt(ac[t - 1]) * (1 - alphaT)) / (1 - ac[t])) * x0 + ((Math.sqrt(alphaT) * (1 - ac[t - 1])) / (1 - ac[t])) * 0.3;
    const sigma = Math.sqrt(((1 - ac[t - 1]) / (1 - ac[t])) * (1 - alphaT));
    expect(s.ddpmStep(eps, t, sample, 1, z)[0]).toBeCloseTo(mean + sigma, 6);
    const last = s.ddpmStep(eps, 0, sample, 1, z)[0];
    expect(last).toBeCloseTo((0.3 - Math.sqrt(1 - ac[0]) * 0.2) / Math.sqrt(ac[0]), 6);
  });
});
