/**
 * What the machine says about its NVIDIA GPUs and onnxruntime-node's CUDA provider files, without
 * starting CUDA: `nvidia-smi` and the provider library folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One GPU as `nvidia-smi` reports it. */
export interface GpuInfo {
  name: string;
  memoryMiB: number;
  driver: string;
}

/**
 * GPUs listed by `nvidia-smi`, or null when it is not installed or fails (no driver).
 */
export function nvidiaGpus(): GpuInfo[] | null {
  let text: string;
  try {
    text = execFileSync('nvidia-smi', ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader,nounits'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
  return text
    .split('\n')
    .map((line) => line.split(',').map((cell) => cell.trim()))
    .filter((cells) => cells.length >= 3 && cells[0] !== '')
    .map(([name, memory, driver]) => ({ name, memoryMiB: Number(memory), driver }));
}

/** `name (N GiB)` of each GPU, comma-separated. */
export function describeGpus(gpus: GpuInfo[]): string {
  return gpus.map((g) => `${g.name} (${(g.memoryMiB / 1024).toFixed(0)} GiB)`).join(', ');
}

/** Folder holding onnxruntime-node's native libraries for this platform, or null when not found. */
export function ortBinaryDir(): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
    const dir = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

/** Path of onnxruntime-node's CUDA provider library, or null when `npm run setup:gpu` has not put it there. */
export function cudaProviderLibrary(): string | null {
  const dir = ortBinaryDir();
  const file = dir ? readdirSync(dir).find((f) => /^(lib)?onnxruntime_providers_cuda\.(so|dll)$/.test(f)) : undefined;
  return dir && file ? join(dir, file) : null;
}
