/**
 * The noise-score reconstruction on a batch of model inputs: (encode × scaling factor) → add noise
 * at t → reverse steps with the UNet → (÷ scaling factor, decode), repeated for `draws` noise draws
 * whose decoder outputs are averaged. Draws come in antithetic pairs (draw 2j uses ε_j, draw 2j + 1
 * uses −ε_j), so the first-order effect of the noise cancels in the mean. Each ε_j is keyed by the
 * image's own pixels (see {@link imageNoiseKey}), the global seed and j, so an item's result
 * depends on its content only: not on file or record names, the batch, the order or other items.
 */
import { createHash } from 'node:crypto';
import { SUPERLET_COLUMNS, SUPERLET_FREQS_HZ } from '../dsp/superlet-plan';
import { InferenceError } from '../errors';
import type { ModelSpec } from './model-spec';
import { gaussianFromSeed, seedFromKey } from './prng';
import { type DiffusionScheduler, reverseTimesteps } from './scheduler';
import type { SamplingParams } from './score-identity';
import { type ModelSessions, runDecoder, runEncoder, runUnet } from './session';

/** Parameters of one reverse run: the sampling parameters and the number of noise draws. */
export interface ReverseParams extends SamplingParams {
  /** Independent noise draws per item; the reconstruction is the mean of their decoder outputs. */
  draws: number;
}

/** Height (frequency rows) and width (time columns) of a scalogram image / model input: the superlet's. */
export const IMAGE_HEIGHT = SUPERLET_FREQS_HZ.length;
export const IMAGE_WIDTH = SUPERLET_COLUMNS;
const IMAGE_SIZE = IMAGE_HEIGHT * IMAGE_WIDTH;

/** Noise key of a scalogram image: sha256 (hex) of its uint8 pixels, row-major 32 × 256. */
export function imageNoiseKey(image: Uint8Array): string {
  return createHash('sha256').update(image).digest('hex');
}

/** Forward-noise seed of antithetic pair `pair` of one image (global seed, image key, pair index). */
export function forwardNoiseSeed(seed: number, imageKey: string, pair: number): bigint {
  return seedFromKey([seed, imageKey, pair]);
}

/** Forward noise of draw `draw` of one image: ε of its pair, negated for odd draws. */
export function forwardNoise(seed: number, imageKey: string, draw: number, size: number): Float32Array {
  const noise = gaussianFromSeed(forwardNoiseSeed(seed, imageKey, draw >> 1), size);
  if (draw % 2 === 1) {
    for (let i = 0; i < size; i++) {
      noise[i] = -noise[i];
    }
  }
  return noise;
}

/** Seed of the DDPM step noise z drawn at reverse timestep `t` for one draw of one image. */
export function ddpmStepSeed(seed: number, imageKey: string, draw: number, t: number): bigint {
  return seedFromKey([seed, imageKey, draw, 'ddpm-step', t]);
}

function concatNoise(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** data × factor (divide = false) or data ÷ factor, with the factor as float32 as torch does. */
function scale(data: Float32Array, factor: number, divide = false): Float32Array {
  const f = Math.fround(factor);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    out[i] = divide ? data[i] / f : data[i] * f;
  }
  return out;
}

/** Options for tests and parity: noise supplied instead of drawn from the keys. */
export interface InjectedNoise {
  /** Forward noise, one array per item (the diffusion space's size: latent or pixels); needs draws = 1. */
  forward?: Float32Array[];
}

/** Each item's data repeated `times` times, item-major (item 0 × times, item 1 × times, …). */
function repeatItems(data: Float32Array, items: number, times: number): Float32Array {
  if (times === 1) {
    return data;
  }
  const size = data.length / items;
  const out = new Float32Array(data.length * times);
  for (let i = 0; i < items; i++) {
    for (let k = 0; k < times; k++) {
      out.set(data.subarray(i * size, (i + 1) * size), (i * times + k) * size);
    }
  }
  return out;
}

/** Mean over consecutive groups of `times` items (the inverse layout of {@link repeatItems}). */
function meanOfDraws(data: Float32Array, items: number, times: number): Float32Array {
  if (times === 1) {
    return data;
  }
  const size = data.length / (items * times);
  const out = new Float32Array(items * size);
  for (let i = 0; i < items; i++) {
    for (let j = 0; j < size; j++) {
      let sum = 0;
      for (let k = 0; k < times; k++) {
        sum += data[(i * times + k) * size + j];
      }
      out[i * size + j] = sum / times;
    }
  }
  return out;
}

/**
 * Reconstructs a batch. `inputs` is flat [B,1,32,256] in [−1, 1] and `imageKeys` holds each item's
 * {@link imageNoiseKey}; returns the reconstruction in the same layout (mean decoder output over
 * the draws, not clipped).
 * @throws InferenceError on shape mismatches or a failing graph.
 */
export async function reconstructBatch(
  spec: ModelSpec,
  sessions: ModelSessions,
  scheduler: DiffusionScheduler,
  inputs: Float32Array,
  imageKeys: string[],
  params: ReverseParams,
  injected: InjectedNoise = {},
): Promise<Float32Array> {
  const batch = imageKeys.length;
  const draws = params.draws;
  if (inputs.length !== batch * IMAGE_SIZE) {
    throw new InferenceError(`expected ${batch}×1×${IMAGE_HEIGHT}×${IMAGE_WIDTH} inputs, got ${inputs.length} values`);
  }
  if (!Number.isInteger(draws) || draws < 1 || (injected.forward && draws !== 1)) {
    throw new InferenceError(`draws must be a positive integer (1 with injected noise), got ${draws}`);
  }
  const timesteps = reverseTimesteps(params.t, params.stepInterval, scheduler.config.numTrainTimesteps);
  const imageDims = [batch, 1, IMAGE_HEIGHT, IMAGE_WIDTH];
  let x0: Float32Array;
  let dims: number[];
  if (spec.kind === 'ldm') {
    const latent = await runEncoder(sessions, inputs, imageDims); // (B, 2, 8, 64) unscaled
    x0 = scale(latent.data, spec.scalingFactor);
    dims = latent.dims;
  } else {
    x0 = inputs;
    dims = imageDims;
  }
  const itemSize = x0.length / batch;
  const runs = imageKeys.flatMap((key) => Array.from({ length: draws }, (_, draw) => ({ key, draw })));
  const forward = injected.forward ?? runs.map((r) => forwardNoise(params.seed, r.key, r.draw, itemSize));
  if (forward.length !== runs.length || forward.some((n) => n.length !== itemSize)) {
    throw new InferenceError(`injected noise must be ${batch} arrays of ${itemSize} values`);
  }
  const runDims = [runs.length, ...dims.slice(1)];
  let x = scheduler.addNoise(repeatItems(x0, batch, draws), concatNoise(forward), params.t);
  for (const s of timesteps) {
    const eps = await runUnet(sessions, x, runDims, new Array<number>(runs.length).fill(s)); // (B·draws, C, H, W)
    if (params.scheduler === 'ddim') {
      x = scheduler.ddimStep(eps.data, s, x, params.stepInterval);
    } else {
      const z = concatNoise(runs.map((r) => gaussianFromSeed(ddpmStepSeed(params.seed, r.key, r.draw, s), itemSize)));
      x = scheduler.ddpmStep(eps.data, s, x, params.stepInterval, z);
    }
  }
  if (spec.kind === 'ldm') {
    const image = await runDecoder(sessions, scale(x, spec.scalingFactor, true), runDims);
    return meanOfDraws(image.data, batch, draws);
  }
  return meanOfDraws(x, batch, draws);
}
