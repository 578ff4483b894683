/**
 * Device resolution (`device.ts`): every branch with a fake CUDA probe, and the real probe on this
 * machine (CI has no GPU and no CUDA provider: 'auto' must stay silent on the CPU, 'cuda' must say why
 * it is not used).
 */
import { describe, expect, it } from 'vitest';
import { type CudaStatus, openBackend, probeCuda, resolveBackend } from '../../../src-main/engine/inference/device';
import { cudaProviderLibrary } from '../../../src-main/engine/inference/gpu-info';

const works = async (): Promise<CudaStatus> => ({ ok: true, installed: true, detail: 'NVIDIA H200 (141 GiB)' });
const broken = async (): Promise<CudaStatus> => ({ ok: false, installed: true, detail: 'libcudnn.so.9: cannot open shared object file' });
const absent = async (): Promise<CudaStatus> => ({ ok: false, installed: false, detail: "onnxruntime-node's CUDA provider is not installed (run npm run setup:gpu)" });
const untouchable = async (): Promise<CudaStatus> => {
  throw new Error('the CPU path must not probe CUDA');
};

describe('resolveBackend', () => {
  it("'cpu' never tries CUDA; the ONNX superlet unless the TypeScript one is asked for", async () => {
    expect(await resolveBackend({ device: 'cpu' }, untouchable)).toEqual({ provider: 'cpu', superlet: 'onnx', notice: null });
    expect(await resolveBackend({ device: 'cpu', superlet: 'ts' }, untouchable)).toEqual({ provider: 'cpu', superlet: 'ts', notice: null });
  });

  it("'auto' and 'cuda' use CUDA when it runs, with the ONNX superlet by default, and say so", async () => {
    for (const device of ['auto', 'cuda'] as const) {
      const backend = await resolveBackend({ device }, works);
      expect(backend).toMatchObject({ provider: 'cuda', superlet: 'onnx' });
      expect(backend.notice).toBe('using CUDA on NVIDIA H200 (141 GiB) (model and ONNX superlet)');
    }
    expect(await resolveBackend({ device: 'auto', superlet: 'ts' }, works)).toMatchObject({ provider: 'cuda', superlet: 'ts' });
  });

  it("'auto' without a CUDA provider is silent on the CPU; with a provider that fails it says why", async () => {
    expect(await resolveBackend({ device: 'auto' }, absent)).toEqual({ provider: 'cpu', superlet: 'onnx', notice: null });
    const failed = await resolveBackend({ device: 'auto' }, broken);
    expect(failed).toMatchObject({ provider: 'cpu', superlet: 'onnx' });
    expect(failed.notice).toBe('CUDA unavailable, running on the CPU: libcudnn.so.9: cannot open shared object file (ecgnq doctor shows what is missing)');
  });

  it("'cuda' that cannot start falls back to the CPU with one notice naming the reason", async () => {
    const backend = await resolveBackend({ device: 'cuda' }, absent);
    expect(backend).toMatchObject({ provider: 'cpu', superlet: 'onnx' });
    expect(backend.notice).toMatch(/^CUDA unavailable, running on the CPU: onnxruntime-node's CUDA provider is not installed \(run npm run setup:gpu\)/);
  });

  it('rejects unknown values', async () => {
    await expect(resolveBackend({ device: 'gpu' as 'cuda' }, works)).rejects.toThrow("device must be auto, cpu or cuda, got 'gpu'");
    await expect(resolveBackend({ device: 'cpu', superlet: 'js' as 'ts' }, works)).rejects.toThrow("superlet must be auto, ts or onnx, got 'js'");
  });
});

describe('openBackend', () => {
  it('loads the ONNX superlet on the resolved provider; none for the TypeScript one', async () => {
    const onnx = await openBackend({ device: 'cpu' }, { threads: 1 });
    expect(onnx.backend).toEqual({ provider: 'cpu', superlet: 'onnx', notice: null });
    expect(onnx.superlet).toMatchObject({ provider: 'cpu', precision: 'float64' });
    await onnx.superlet?.close();
    expect(await openBackend({ device: 'cpu', superlet: 'ts' })).toEqual({ backend: { provider: 'cpu', superlet: 'ts', notice: null }, superlet: null });
  });

  it("superlet 'auto' falls back to the TypeScript workers when the graph does not load, and says so; 'onnx' fails", async () => {
    const fallback = await openBackend({ device: 'cpu' }, { graphDir: '/nonexistent' });
    expect(fallback.superlet).toBeNull();
    expect(fallback.backend.superlet).toBe('ts');
    expect(fallback.backend.notice).toMatch(/^ONNX superlet unavailable, using the TypeScript one: \/nonexistent\/model-spec.json: cannot read/);
    await expect(openBackend({ device: 'cpu', superlet: 'onnx' }, { graphDir: '/nonexistent' })).rejects.toThrow(/\/nonexistent\/model-spec.json/);
  });
});

describe('probeCuda on this machine', () => {
  it('agrees with the provider library on disk, and the default resolution follows it', async () => {
    const status = await probeCuda();
    expect(status.installed).toBe(cudaProviderLibrary() !== null);
    const backend = await resolveBackend({ device: 'auto' });
    expect(backend.provider).toBe(status.ok ? 'cuda' : 'cpu');
    if (!status.installed) {
      expect(status.ok).toBe(false);
      expect(backend.notice).toBeNull();
    }
  });
});
