/**
 * Diffusion schedulers of the noise score, matching diffusers' DDPMScheduler/DDIMScheduler defaults
 * (1000 training steps, linear betas 1e-4 → 0.02, epsilon prediction, clip_sample, set_alpha_to_one).
 *
 * Equations (ᾱ_t = alphas_cumprod[t], ε = UNet prediction, k = step interval):
 * - Schedule, all float64 as the Python toolkit (`training/schedulers.py`): β_i = linspace(1e-4, 0.02,
 *   1000)[i] (torch.linspace's two-sided formula), α_i = 1 − β_i, ᾱ_t = ∏_{i≤t} α_i (sequential product).
 *   diffusers keeps these in float32; the difference (~1e-7 relative) is far below the parity tolerance.
 * - add_noise:  x_t = √ᾱ_t · x_0 + √(1 − ᾱ_t) · n,  n ~ N(0, I).
 * - Reverse timesteps for a start t: t, t − k, t − 2k, … while ≥ 0 (t = 30, k = 10 → 30, 20, 10, 0),
 *   i.e. diffusers' "leading" spacing with 1000/k inference steps, cut at t. prev(t) = t − k.
 * - Predicted x_0:  x̂_0 = (x_t − √(1 − ᾱ_t) ε) / √ᾱ_t, clipped to [−1, 1] when clip_sample.
 * - DDIM (η = 0):  x_prev = √ᾱ_prev · x̂_0 + √(1 − ᾱ_prev) · ε,  ᾱ_prev = ᾱ_{prev(t)}, or 1 when
 *   prev(t) < 0 (set_alpha_to_one). ε is the model output (use_clipped_model_output = False).
 * - DDPM (fixed_small):  a_t = ᾱ_t / ᾱ_prev, b_t = 1 − a_t;
 *   μ = (√ᾱ_prev · b_t / (1 − ᾱ_t)) · x̂_0 + (√a_t · (1 − ᾱ_prev) / (1 − ᾱ_t)) · x_t;
 *   x_prev = μ + σ_t z with σ_t² = max((1 − ᾱ_prev)/(1 − ᾱ_t) · b_t, 1e-20) when t > 0, else x_prev = μ.
 * Arithmetic runs in float64 per element and results are stored as float32 (the tensors' dtype).
 */
import { InferenceError } from '../errors';

/** Scheduler hyper-parameters (as written in model.json). */
export interface SchedulerConfig {
  numTrainTimesteps: number;
  betaStart: number;
  betaEnd: number;
  /** Only 'linear' is supported. */
  betaSchedule: 'linear';
  clipSample: boolean;
  /** Range of the x̂_0 clip (diffusers' clip_sample_range). */
  clipSampleRange: number;
  setAlphaToOne: boolean;
}

/** diffusers' defaults, which the Python toolkit uses. */
export const DEFAULT_SCHEDULER_CONFIG: SchedulerConfig = {
  numTrainTimesteps: 1000,
  betaStart: 1e-4,
  betaEnd: 0.02,
  betaSchedule: 'linear',
  clipSample: true,
  clipSampleRange: 1,
  setAlphaToOne: true,
};

/** Which reverse process to run. */
export type { SchedulerKind } from '../../../src-shared/types';

/**
 * Linear betas in float64, following torch.linspace's two-sided formula
 * (start + step·i for the first half, end − step·(n − 1 − i) for the second).
 */
export function linearBetas(config: SchedulerConfig): Float64Array {
  const n = config.numTrainTimesteps;
  const start = config.betaStart;
  const end = config.betaEnd;
  const step = (end - start) / (n - 1);
  const halfway = Math.floor(n / 2);
  const betas = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    betas[i] = i < halfway ? start + step * i : end - step * (n - 1 - i);
  }
  return betas;
}

/** ᾱ_t for t = 0 … numTrainTimesteps − 1, float64. */
export function alphasCumprod(config: SchedulerConfig = DEFAULT_SCHEDULER_CONFIG): Float64Array {
  if (config.betaSchedule !== 'linear') {
    throw new InferenceError(`unsupported beta schedule '${String(config.betaSchedule)}' (only 'linear')`);
  }
  const betas = linearBetas(config);
  const out = new Float64Array(betas.length);
  let product = 1;
  for (let i = 0; i < betas.length; i++) {
    product *= 1 - betas[i];
    out[i] = product;
  }
  return out;
}

/**
 * Reverse-process timesteps for start `t` and step interval `stepInterval` (see module doc).
 * @throws InferenceError when t is outside [0, numTrainTimesteps) or the interval is not a positive integer.
 */
export function reverseTimesteps(t: number, stepInterval: number, numTrainTimesteps = 1000): number[] {
  if (!Number.isInteger(t) || t < 0 || t >= numTrainTimesteps) {
    throw new InferenceError(`t must be an integer in [0, ${numTrainTimesteps}), got ${t}`);
  }
  if (!Number.isInteger(stepInterval) || stepInterval < 1) {
    throw new InferenceError(`step interval must be a positive integer, got ${stepInterval}`);
  }
  const steps: number[] = [];
  for (let s = t; s >= 0; s -= stepInterval) {
    steps.push(s);
  }
  return steps;
}

/** Diffusion scheduler over a fixed ᾱ table. Pure: every method returns a new array. */
export class DiffusionScheduler {
  readonly config: SchedulerConfig;
  readonly alphasCumprod: Float64Array;

  constructor(config: SchedulerConfig = DEFAULT_SCHEDULER_CONFIG) {
    this.config = config;
    this.alphasCumprod = alphasCumprod(config);
  }

  /** ᾱ at `t`, or the final ᾱ (1 with set_alpha_to_one, else ᾱ_0) when t < 0. */
  alphaAt(t: number): number {
    if (t < 0) {
      return this.config.setAlphaToOne ? 1 : this.alphasCumprod[0];
    }
    return this.alphasCumprod[t];
  }

  /** x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) n, elementwise (x0 and noise of equal length). */
  addNoise(x0: Float32Array, noise: Float32Array, t: number): Float32Array {
    const alpha = this.alphaAt(t);
    const a = Math.sqrt(alpha);
    const b = Math.sqrt(1 - alpha);
    const out = new Float32Array(x0.length);
    for (let i = 0; i < x0.length; i++) {
      out[i] = a * x0[i] + b * noise[i];
    }
    return out;
  }

  private predictX0(sample: Float32Array, eps: Float32Array, alpha: number): Float64Array {
    const sqrtAlpha = Math.sqrt(alpha);
    const sqrtBeta = Math.sqrt(1 - alpha);
    const range = this.config.clipSampleRange;
    const x0 = new Float64Array(sample.length);
    for (let i = 0; i < sample.length; i++) {
      let v = Math.fround((sample[i] - sqrtBeta * eps[i]) / sqrtAlpha);
      if (this.config.clipSample) {
        v = Math.min(range, Math.max(-range, v));
      }
      x0[i] = v;
    }
    return x0;
  }

  /** One deterministic DDIM step (η = 0) from `t` to `t − stepInterval`. */
  ddimStep(eps: Float32Array, t: number, sample: Float32Array, stepInterval: number): Float32Array {
    const alpha = this.alphaAt(t);
    const alphaPrev = this.alphaAt(t - stepInterval);
    const x0 = this.predictX0(sample, eps, alpha);
    const c0 = Math.sqrt(alphaPrev);
    const c1 = Math.sqrt(1 - alphaPrev);
    const out = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) {
      out[i] = c0 * x0[i] + c1 * eps[i];
    }
    return out;
  }

  /**
   * One DDPM step (fixed_small variance) from `t` to `t − stepInterval`; `noise` is the z ~ N(0, I)
   * draw for this step (ignored at the last step, t − stepInterval < 0 … t = 0).
   */
  ddpmStep(eps: Float32Array, t: number, sample: Float32Array, stepInterval: number, noise: Float32Array): Float32Array {
    const alpha = this.alphaAt(t);
    const alphaPrev = this.alphaAt(t - stepInterval);
    const currentAlpha = alpha / alphaPrev;
    const currentBeta = 1 - currentAlpha;
    const x0 = this.predictX0(sample, eps, alpha);
    const c0 = (Math.sqrt(alphaPrev) * currentBeta) / (1 - alpha);
    const c1 = (Math.sqrt(currentAlpha) * (1 - alphaPrev)) / (1 - alpha);
    const sigma = t > 0 ? Math.sqrt(Math.max(((1 - alphaPrev) / (1 - alpha)) * currentBeta, 1e-20)) : 0;
    const out = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) {
      out[i] = c0 * x0[i] + c1 * sample[i] + (sigma === 0 ? 0 : sigma * noise[i]);
    }
    return out;
  }
}
