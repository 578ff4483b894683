/**
 * The noise-score reconstruction on a batch of model inputs: (encode × scaling factor) → add noise
 * at t → reverse steps with the UNet → (÷ scaling factor, decode). Each batch item's noise comes
 * from its own key (see prng.ts), so an item's result does not depend on what else is in the batch.
 */
import { InferenceError } from '../errors';
import type { ModelSpec } from './model-spec';
import { gaussianFromSeed, seedFromKey } from './prng';
import { type DiffusionScheduler, reverseTimesteps, type SchedulerKind } from './scheduler';
import { type ModelSessions, runDecoder, runEncoder, runUnet } from './session';

/** Identifies one lead-segment for noise seeding. */
export interface NoiseKey {
  recordId: string;
  leadIndex: number;
  segmentIndex: number;
}

/** Parameters of one reverse run. */
export interface ReverseParams {
  t: number;
  stepInterval: number;
  scheduler: SchedulerKind;
  /** Global seed mixed into every item's noise key. */
  seed: number;
}

/** Height and width of a scalogram image / model input. */
export const IMAGE_HEIGHT = 32;
export const IMAGE_WIDTH = 256;
const IMAGE_SIZE = IMAGE_HEIGHT * IMAGE_WIDTH;

/** Forward-noise seed of one item (global seed, record id, lead, segment). */
export function forwardNoiseSeed(seed: number, key: NoiseKey): bigint {
  return seedFromKey([seed, key.recordId, key.leadIndex, key.segmentIndex]);
}

/** Seed of the DDPM step noise z drawn at reverse timestep `t` for one item. */
export function ddpmStepSeed(seed: number, key: NoiseKey, t: number): bigint {
  return seedFromKey([seed, key.recordId, key.leadIndex, key.segmentIndex, 'ddpm-step', t]);
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
  /** Forward noise, one array per item (the diffusion space's size: latent or pixels). */
  forward?: Float32Array[];
}

/**
 * Reconstructs a batch. `inputs` is flat [B,1,32,256] in [−1, 1]; returns the reconstruction in the
 * same layout (decoder output, not clipped).
 * @throws InferenceError on shape mismatches or a failing graph.
 */
export async function reconstructBatch(
  spec: ModelSpec,
  sessions: ModelSessions,
  scheduler: DiffusionScheduler,
  inputs: Float32Array,
  keys: NoiseKey[],
  params: ReverseParams,
  injected: InjectedNoise = {},
): Promise<Float32Array> {
  const batch = keys.length;
  if (inputs.length !== batch * IMAGE_SIZE) {
    throw new InferenceError(`expected ${batch}×1×${IMAGE_HEIGHT}×${IMAGE_WIDTH} inputs, got ${inputs.length} values`);
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
  const forward = injected.forward ?? keys.map((k) => gaussianFromSeed(forwardNoiseSeed(params.seed, k), itemSize));
  if (forward.length !== batch || forward.some((n) => n.length !== itemSize)) {
    throw new InferenceError(`injected noise must be ${batch} arrays of ${itemSize} values`);
  }
  let x = scheduler.addNoise(x0, concatNoise(forward), params.t);
  for (const s of timesteps) {
    const eps = await runUnet(sessions, x, dims, new Array<number>(batch).fill(s)); // (B, C, H, W)
    if (params.scheduler === 'ddim') {
      x = scheduler.ddimStep(eps.data, s, x, params.stepInterval);
    } else {
      const z = concatNoise(keys.map((k) => gaussianFromSeed(ddpmStepSeed(params.seed, k, s), itemSize)));
      x = scheduler.ddpmStep(eps.data, s, x, params.stepInterval, z);
    }
  }
  if (spec.kind === 'ldm') {
    const image = await runDecoder(sessions, scale(x, spec.scalingFactor, true), dims);
    return image.data;
  }
  return x;
}
