/**
 * Background jobs through the worker-thread job host: an import of two PTB-XL subset records runs
 * in a worker (tsx entry, as under `ecgnq serve`), reports progress and completion as events, and
 * the project's index sees the new segments afterwards; batch scoring in a worker takes the
 * workstation's device setting (on a machine without CUDA, 'cuda' falls back with a notice).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDbStore } from '../../src-main/server/db-store';
import { ProjectSession } from '../../src-main/server/project-session';
import { spawnTsJobWorker } from '../../src-main/server/services';
import type { JobHost } from '../../src-main/server/job-host';
import { createWorkerJobHost } from '../../src-main/server/worker-job-host';
import { cudaProviderLibrary } from '../../src-main/engine/inference/gpu-info';
import type { JobInfo } from '../../src-shared/types';

const dir = mkdtempSync(join(tmpdir(), 'ecgnq-jobs-'));
const SUBSET = resolve(import.meta.dirname, '../../../shared/data/ptbxl/ptbxl_subset_100hz.npz');
const TINY_MODEL = resolve(import.meta.dirname, '../fixtures/tiny-model');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('worker job host', () => {
  it('imports in a worker thread with progress and done events', async () => {
    const session = new ProjectSession(openDbStore(join(dir, 'p.sqlite'), true));
    expect(session.index(undefined).size).toBe(0);
    const events: { name: string; job: JobInfo }[] = [];
    const done = new Promise<JobInfo>((resolveDone) => {
      const host = createWorkerJobHost({
        spawn: spawnTsJobWorker,
        defaultModelDir: '',
        emit: (name, payload) => {
          events.push({ name, job: payload as JobInfo });
          if (name === 'ecg:job.done') {
            resolveDone(payload as JobInfo);
          }
        },
      });
      const jobId = host.startImport(session, { kind: 'npz-subset', path: SUBSET, limit: 2, name: 'ptbxl' });
      expect(host.list().map((j) => j.jobId)).toEqual([jobId]);
    });
    const job = await done;
    expect(job.state).toBe('done');
    expect(job.message).toMatch(/2 new records/);
    expect(events.some((e) => e.name === 'ecg:job.progress' && e.job.total === 2)).toBe(true);
    // The session dropped its caches when the job ended: the new segments are visible.
    expect(session.index(undefined).size).toBe(24);
    session.close();
  }, 120_000);

  it('passes skipped files of the importer (path + reason) through to the job', async () => {
    const session = new ProjectSession(openDbStore(join(dir, 'q.sqlite'), true));
    const job = await new Promise<JobInfo>((resolveDone) => {
      const host = createWorkerJobHost({
        spawn: spawnTsJobWorker,
        defaultModelDir: '',
        emit: (name, payload) => name === 'ecg:job.done' && resolveDone(payload as JobInfo),
      });
      host.startImport(session, { kind: 'npz-subset', path: join(dir, 'missing.npz') });
    });
    // The importer reports an unreadable source as skipped rather than failing the job.
    expect(job.state).toBe('done');
    expect(job.skipped.length).toBe(1);
    expect(job.skipped[0].path).toContain('missing.npz');
    expect(job.skipped[0].reason.length).toBeGreaterThan(0);
    session.close();
  }, 120_000);

  it.skipIf(cudaProviderLibrary() !== null)('scores in a worker on the device the request names: cpu silently, cuda with the fallback notice', async () => {
    const session = new ProjectSession(openDbStore(join(dir, 's.sqlite'), true));
    let next: ((job: JobInfo) => void) | null = null;
    const host: JobHost = createWorkerJobHost({
      spawn: spawnTsJobWorker,
      defaultModelDir: TINY_MODEL,
      emit: (name, payload) => {
        if (name === 'ecg:job.done') {
          next?.(payload as JobInfo);
        }
      },
    });
    const run = (start: () => void): Promise<JobInfo> => new Promise<JobInfo>((resolveDone) => ((next = resolveDone), start()));
    await run(() => host.startImport(session, { kind: 'npz-subset', path: SUBSET, limit: 1, name: 'ptbxl' }));
    const onCpu = await run(() => host.startQuantify(session, { device: 'cpu', limit: 6 }));
    expect(onCpu.state).toBe('done');
    expect(onCpu.message).toMatch(/^\d+ segments scored in [\d.]+ s, \d+ pending$/);
    const onCuda = await run(() => host.startQuantify(session, { device: 'cuda', limit: 6 }));
    expect(onCuda.state).toBe('done');
    expect(onCuda.message).toMatch(/segments scored .*; CUDA unavailable, running on the CPU: onnxruntime-node's CUDA provider is not installed/);
    session.close();
  }, 120_000);
});
