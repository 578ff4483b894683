/**
 * The one place that decides where scoring runs: `--device auto|cpu|cuda` (and the workstation's
 * setting) → the ORT execution provider and the superlet back end (the ONNX graph, or TypeScript
 * workers). CUDA is used only after it has run the superlet graph once; otherwise the CPU, with one
 * line saying why. Both superlets make the same images, so the choice never changes a score.
 */
import * as ort from 'onnxruntime-node';
import { InferenceError } from '../errors';
import { cudaProviderLibrary, describeGpus, nvidiaGpus } from './gpu-info';
import { OnnxSuperlet, type OnnxSuperletOptions } from './superlet-onnx';

/** What the user asked for. */
export type DeviceRequest = 'auto' | 'cpu' | 'cuda';
/**
 * Which superlet to use. 'auto' = the ONNX graph on the chosen provider (at the models' 100 Hz it
 * takes ~45 % less CPU time per scored lead-segment than the TypeScript workers; README, "GPU"),
 * or the TypeScript workers when the graph cannot be loaded.
 */
export type SuperletRequest = 'auto' | 'ts' | 'onnx';

/** Accepted values of {@link DeviceRequest}, for flag parsers and settings. */
export const DEVICE_REQUESTS: readonly DeviceRequest[] = ['auto', 'cpu', 'cuda'];
/** Accepted values of {@link SuperletRequest}. */
export const SUPERLET_REQUESTS: readonly SuperletRequest[] = ['auto', 'ts', 'onnx'];

/** Where scoring runs. */
export interface Backend {
  /** ORT execution provider for the model (and the ONNX superlet). */
  provider: 'cpu' | 'cuda';
  superlet: 'ts' | 'onnx';
  /** One line for the user when there is something to say (CUDA in use, or why not); else null. */
  notice: string | null;
}

/** Outcome of trying CUDA. */
export interface CudaStatus {
  ok: boolean;
  /** The provider library is in onnxruntime-node's folder (`npm run setup:gpu` ran). */
  installed: boolean;
  /** When ok: the GPUs nvidia-smi lists (may be empty); else why CUDA cannot be used. */
  detail: string;
}

let cudaStatus: Promise<CudaStatus> | null = null;

async function tryCuda(): Promise<CudaStatus> {
  if (!cudaProviderLibrary()) {
    return { ok: false, installed: false, detail: "onnxruntime-node's CUDA provider is not installed (run npm run setup:gpu)" };
  }
  // TF32 tensor cores round float32 products to 10-bit mantissas; off, CUDA scores stay within
  // float32 round-off of the CPU's (cuBLAS/cuDNN read this when CUDA starts).
  process.env.NVIDIA_TF32_OVERRIDE ??= '0';
  // ORT also logs a failed provider load on stderr; the exception carries the same failure, and
  // the caller prints one line for it.
  ort.env.logLevel = 'fatal';
  let superlet: OnnxSuperlet | null = null;
  try {
    superlet = await OnnxSuperlet.load({ provider: 'cuda', batchSize: 1 });
    await superlet.superletMany([Float64Array.from({ length: 40 }, (_, i) => Math.sin(i))], 10);
  } catch (error) {
    return { ok: false, installed: true, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await superlet?.close();
  }
  const gpus = nvidiaGpus();
  return { ok: true, installed: true, detail: gpus && gpus.length > 0 ? describeGpus(gpus) : 'GPU name unknown (no nvidia-smi)' };
}

/** Tries CUDA once per process (cached): loads the CUDA provider and runs the superlet graph on it. */
export function probeCuda(): Promise<CudaStatus> {
  cudaStatus ??= tryCuda();
  return cudaStatus;
}

/**
 * Resolves a device request. 'cpu' never touches CUDA. 'auto' uses CUDA when it runs (and says so)
 * and is silent when no CUDA provider is installed; 'cuda', and 'auto' with an installed provider
 * that fails, fall back to the CPU with a notice naming the reason.
 * @param probe - how CUDA is tried (tests pass a fake).
 * @throws InferenceError for a device or superlet value outside {@link DEVICE_REQUESTS} / {@link SUPERLET_REQUESTS}.
 */
export async function resolveBackend(
  request: { device?: DeviceRequest; superlet?: SuperletRequest } = {},
  probe: () => Promise<CudaStatus> = probeCuda,
): Promise<Backend> {
  const device = request.device ?? 'auto';
  if (!DEVICE_REQUESTS.includes(device)) {
    throw new InferenceError(`device must be ${DEVICE_REQUESTS.join(', ').replace(/, (?=[^,]*$)/, ' or ')}, got '${String(device)}'`);
  }
  if (request.superlet !== undefined && !SUPERLET_REQUESTS.includes(request.superlet)) {
    throw new InferenceError(`superlet must be ${SUPERLET_REQUESTS.join(', ').replace(/, (?=[^,]*$)/, ' or ')}, got '${String(request.superlet)}'`);
  }
  const superlet = request.superlet === 'ts' ? 'ts' : 'onnx';
  const cpu = (notice: string | null): Backend => ({ provider: 'cpu', superlet, notice });
  if (device === 'cpu') {
    return cpu(null);
  }
  const status = await probe();
  if (status.ok) {
    return { provider: 'cuda', superlet, notice: `using CUDA on ${status.detail} (model and ${superlet === 'onnx' ? 'ONNX' : 'TypeScript'} superlet)` };
  }
  if (device === 'auto' && !status.installed) {
    return cpu(null);
  }
  return cpu(`CUDA unavailable, running on the CPU: ${status.detail} (ecgnq doctor shows what is missing)`);
}

/** A resolved back end with its ONNX superlet loaded (null: the TypeScript workers). */
export interface OpenBackend {
  backend: Backend;
  superlet: OnnxSuperlet | null;
}

/**
 * {@link resolveBackend}, then loads the ONNX superlet when the back end uses it. With superlet
 * 'auto', a graph that does not load falls back to the TypeScript workers and says so in the notice.
 * @throws InferenceError as {@link resolveBackend}, or when an explicitly requested ONNX superlet
 *   does not load.
 */
export async function openBackend(
  request: { device?: DeviceRequest; superlet?: SuperletRequest },
  session: Pick<OnnxSuperletOptions, 'threads' | 'spinning' | 'graphDir'> = {},
  probe: () => Promise<CudaStatus> = probeCuda,
): Promise<OpenBackend> {
  const backend = await resolveBackend(request, probe);
  if (backend.superlet === 'ts') {
    return { backend, superlet: null };
  }
  try {
    return { backend, superlet: await OnnxSuperlet.load({ provider: backend.provider, ...session }) };
  } catch (error) {
    if (request.superlet === 'onnx') {
      throw error;
    }
    const reason = `ONNX superlet unavailable, using the TypeScript one: ${error instanceof Error ? error.message : String(error)}`;
    return { backend: { ...backend, superlet: 'ts', notice: backend.notice ? `${backend.notice}; ${reason}` : reason }, superlet: null };
  }
}
