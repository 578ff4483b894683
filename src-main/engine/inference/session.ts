/**
 * ONNX Runtime sessions of a model's graphs, created once per process and model directory (cached),
 * on the execution provider that `device.ts` chose. Runs the graphs on batches: encoder image→latent,
 * UNet (sample, timestep)→noise_pred, decoder latent→image. All tensors are float32 NCHW, flat row-major.
 */
import * as ort from 'onnxruntime-node';
import { InferenceError } from '../errors';
import type { ModelSpec } from './model-spec';

/** How to create sessions. */
export interface SessionOptions {
  /** Intra-op threads (0 or undefined = ORT default: all cores). */
  threads?: number;
  /** Inter-op threads (default 1: the graphs run sequentially). */
  interOpThreads?: number;
  /** Execution provider (default 'cpu'); `device.ts` resolves 'auto'/'cuda' requests to one. */
  provider?: 'cpu' | 'cuda';
  /**
   * Let idle intra-op threads spin-wait (ORT's default). Off by default: on a shared CPU (the
   * desktop app, CI, other jobs) spinning threads fight for cores — measured on 2 busy cores,
   * compact LDM at 2 threads: 147 ms/lead-segment spinning vs 46 ms not.
   */
  spinning?: boolean;
}

/** The sessions of one model plus the provider that actually runs them. */
export interface ModelSessions {
  encoder?: ort.InferenceSession;
  unet: ort.InferenceSession;
  decoder?: ort.InferenceSession;
  /** Execution provider in use: 'cuda' or 'cpu'. */
  provider: string;
}

const cache = new Map<string, Promise<ModelSessions>>();

/**
 * One ORT session of the graph at `path` on `providers` (in order), with this project's options.
 * @throws whatever ORT throws (a missing provider, an unreadable graph).
 */
export async function createSession(path: string, providers: string[], options: Omit<SessionOptions, 'provider'>): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, {
    executionProviders: providers,
    intraOpNumThreads: options.threads ?? 0,
    interOpNumThreads: options.interOpThreads ?? 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    // No arena or memory-pattern pre-allocation: with them the CPU provider keeps the largest
    // buffers of every batch shape it has seen (+250 MB over a long recording's chunks, measured);
    // without them a day-long recording scores in the memory of a 10-min chunk. Allocation only:
    // the graphs compute the same values.
    enableCpuMemArena: false,
    enableMemPattern: false,
    extra: { session: { intra_op: { allow_spinning: options.spinning ? '1' : '0' }, inter_op: { allow_spinning: options.spinning ? '1' : '0' } } },
  });
}

async function openSessions(spec: ModelSpec, options: SessionOptions): Promise<ModelSessions> {
  const provider = options.provider ?? 'cpu';
  try {
    const unet = await createSession(spec.graphPaths.unet, [provider], options);
    const encoder = spec.graphPaths.encoder ? await createSession(spec.graphPaths.encoder, [provider], options) : undefined;
    const decoder = spec.graphPaths.decoder ? await createSession(spec.graphPaths.decoder, [provider], options) : undefined;
    return { encoder, unet, decoder, provider };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InferenceError(`${spec.dir}: cannot create ONNX sessions on ${provider}: ${reason}`);
  }
}

/**
 * Sessions for `spec`, created on first use and shared by every caller with the same model
 * directory, thread count and provider.
 * @throws InferenceError when the provider cannot load the graphs.
 */
export function getSessions(spec: ModelSpec, options: SessionOptions = {}): Promise<ModelSessions> {
  const key = JSON.stringify([spec.dir, spec.sha256, options.threads ?? 0, options.interOpThreads ?? 1, options.provider ?? 'cpu', Boolean(options.spinning)]);
  let entry = cache.get(key);
  if (!entry) {
    entry = openSessions(spec, options);
    cache.set(key, entry);
    entry.catch(() => cache.delete(key));
  }
  return entry;
}

/** Releases every cached session (tests, shutdown). */
export async function releaseAllSessions(): Promise<void> {
  const entries = [...cache.values()];
  cache.clear();
  for (const entry of entries) {
    try {
      const s = await entry;
      await Promise.all([s.encoder?.release(), s.unet.release(), s.decoder?.release()]);
    } catch {
      // a failed creation has nothing to release
    }
  }
}

/** A float32 tensor's data and shape. */
export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

async function runSingle(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, what: string): Promise<FloatTensor> {
  let result: ort.InferenceSession.OnnxValueMapType;
  try {
    result = await session.run(feeds);
  } catch (error) {
    throw new InferenceError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const output = result[session.outputNames[0]];
  if (!output || output.type !== 'float32') {
    throw new InferenceError(`${what}: expected a float32 output '${session.outputNames[0]}'`);
  }
  return { data: new Float32Array(output.data as Float32Array), dims: [...output.dims] };
}

/**
 * ORT's CPU GEMM takes a different (GEMV) path when a MatMul has a single row, so a batch of one
 * gives results that differ in the last bit from the same item inside a larger batch. Batches
 * of one are therefore run as two identical items and the first result is kept, which makes every
 * item's output independent of the batch it travels in (checked by the determinism tests).
 */
const MIN_BATCH = 2;

function padToMinBatch(data: Float32Array, dims: number[]): { data: Float32Array; dims: number[] } {
  if (dims[0] >= MIN_BATCH) {
    return { data, dims };
  }
  const padded = new Float32Array(data.length * MIN_BATCH);
  for (let i = 0; i < MIN_BATCH; i++) {
    padded.set(data, i * data.length);
  }
  return { data: padded, dims: [MIN_BATCH, ...dims.slice(1)] };
}

function cropBatch(result: FloatTensor, batch: number): FloatTensor {
  if (result.dims[0] === batch) {
    return result;
  }
  const itemSize = result.data.length / result.dims[0];
  return { data: result.data.slice(0, itemSize * batch), dims: [batch, ...result.dims.slice(1)] };
}

async function runFloatGraph(session: ort.InferenceSession | undefined, what: string, data: Float32Array, dims: number[]): Promise<FloatTensor> {
  if (!session) {
    throw new InferenceError(`this model has no ${what}`);
  }
  const padded = padToMinBatch(data, dims);
  const result = await runSingle(session, { [session.inputNames[0]]: new ort.Tensor('float32', padded.data, padded.dims) }, what);
  return cropBatch(result, dims[0]);
}

/** Encoder: image [B,1,H,W] in [−1, 1] → unscaled latent [B,C,h,w]. */
export function runEncoder(sessions: ModelSessions, image: Float32Array, dims: number[]): Promise<FloatTensor> {
  return runFloatGraph(sessions.encoder, 'encoder', image, dims);
}

/** Decoder: unscaled latent [B,C,h,w] → image [B,1,H,W]. */
export function runDecoder(sessions: ModelSessions, latent: Float32Array, dims: number[]): Promise<FloatTensor> {
  return runFloatGraph(sessions.decoder, 'decoder', latent, dims);
}

/** UNet: sample [B,C,H,W] + one timestep per batch item → noise prediction [B,C,H,W]. */
export async function runUnet(sessions: ModelSessions, sample: Float32Array, dims: number[], timesteps: number[]): Promise<FloatTensor> {
  const padded = padToMinBatch(sample, dims);
  const steps = padded.dims[0] === dims[0] ? timesteps : new Array<number>(padded.dims[0]).fill(timesteps[0]);
  const t = BigInt64Array.from(steps.map((v) => BigInt(v)));
  const result = await runSingle(
    sessions.unet,
    { sample: new ort.Tensor('float32', padded.data, padded.dims), timestep: new ort.Tensor('int64', t, [steps.length]) },
    'unet',
  );
  return cropBatch(result, dims[0]);
}
