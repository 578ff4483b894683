/**
 * Background jobs through the worker-thread job host: an import of two PTB-XL subset records runs
 * in a worker (tsx entry, as under `ecgnq serve`), reports progress and completion as events, and
 * the open project sees the new segments afterwards (a write by another connection). A file the
 * importer cannot read is passed through as skipped; a path that does not exist fails the job with
 * one clear message and leaves no dataset behind. Batch scoring in a worker takes the workstation's
 * device setting (on a machine without CUDA, 'cuda' falls back with a notice).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cudaProviderLibrary } from '../../src-main/engine/inference/gpu-info';
import { JobHost, spawnTsJobWorker } from '../../src-main/workbench/jobs/job-host';
import { WorkbenchSession } from '../../src-main/workbench/session';
import type { JobInfo } from '../../src-shared/types';

const dir = mkdtempSync(join(tmpdir(), 'ecgnq-jobs-'));
const SUBSET = resolve(import.meta.dirname, '../../../shared/data/ptbxl/ptbxl_subset_100hz.npz');
const TINY_MODEL = resolve(import.meta.dirname, '../fixtures/tiny-model');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one import job to its end; returns its last state and every event. */
function importJob(session: WorkbenchSession, req: Parameters<JobHost['startImport']>[1]): Promise<{ job: JobInfo; events: { name: string; job: JobInfo }[] }> {
  const events: { name: string; job: JobInfo }[] = [];
  return new Promise((resolveDone) => {
    const host = new JobHost({
      spawn: spawnTsJobWorker,
      defaultModelDir: '',
      emit: (name, payload) => {
        events.push({ name, job: payload as JobInfo });
        if (name === 'ecg:job.done') {
          resolveDone({ job: payload as JobInfo, events });
        }
      },
    });
    const jobId = host.startImport(session, req);
    expect(host.list().map((j) => j.jobId)).toEqual([jobId]);
  });
}

describe('job host', () => {
  it('imports in a worker thread with progress and done events', async () => {
    const session = WorkbenchSession.open(join(dir, 'p.sqlite'), true);
    expect(session.current().index().size).toBe(0);
    const { job, events } = await importJob(session, { kind: 'npz-subset', path: SUBSET, limit: 2, name: 'ptbxl' });
    expect(job.state).toBe('done');
    expect(job.message).toMatch(/2 new records/);
    expect(events.some((e) => e.name === 'ecg:job.progress' && e.job.total === 2)).toBe(true);
    expect(session.current().index().size).toBe(24);
    session.close();
  }, 120_000);

  it('runs one job at a time per project: a second start fails clearly while the first runs, and works after it', async () => {
    const session = WorkbenchSession.open(join(dir, 'one-at-a-time.sqlite'), true);
    let finished: () => void = () => undefined;
    const done = new Promise<void>((r) => (finished = r));
    const host = new JobHost({ spawn: spawnTsJobWorker, defaultModelDir: TINY_MODEL, emit: (name) => name === 'ecg:job.done' && finished() });
    const first = host.startImport(session, { kind: 'npz-subset', path: SUBSET, limit: 1, name: 'ptbxl' });
    expect(() => host.startQuantify(session, {})).toThrow(new RegExp(`import job \\(${first}\\) is already running on this project`));
    const other = WorkbenchSession.open(join(dir, 'another-project.sqlite'), true);
    const otherJob = host.startImport(other, { kind: 'npz-subset', path: SUBSET, limit: 1, name: 'ptbxl' }); // another project may run
    await done;
    await expect.poll(() => host.list().every((j) => j.state !== 'running'), { timeout: 60_000 }).toBe(true);
    expect(host.list().map((j) => j.jobId).sort()).toEqual([first, otherJob].sort());
    const again = host.startImport(session, { kind: 'npz-subset', path: SUBSET, limit: 1, name: 'ptbxl' });
    expect(again).not.toBe(first);
    await expect.poll(() => host.list().every((j) => j.state !== 'running'), { timeout: 60_000 }).toBe(true);
    session.close();
    other.close();
  }, 180_000);

  it('passes files the importer skipped (path + reason) through to the job', async () => {
    const folder = join(dir, 'files');
    mkdirSync(folder);
    writeFileSync(join(folder, 'broken.npy'), 'not an npy file');
    const session = WorkbenchSession.open(join(dir, 'q.sqlite'), true);
    const { job } = await importJob(session, { kind: 'files', path: folder });
    expect(job.state).toBe('done');
    expect(job.skipped).toHaveLength(1);
    expect(job.skipped[0].path).toContain('broken.npy');
    expect(job.skipped[0].reason.length).toBeGreaterThan(0);
    session.close();
  }, 120_000);

  it('fails on a missing path with one message and no dataset left behind', async () => {
    const session = WorkbenchSession.open(join(dir, 'r.sqlite'), true);
    const { job } = await importJob(session, { kind: 'npz-subset', path: join(dir, 'missing.npz') });
    expect(job.state).toBe('failed');
    expect(job.error).toBe(`${join(dir, 'missing.npz')}: no such file or folder`);
    expect(session.current().datasets()).toEqual([]);
    session.close();
  }, 120_000);

  it.skipIf(cudaProviderLibrary() !== null)('scores in a worker on the device the request names: cpu silently, cuda with the fallback notice', async () => {
    const session = WorkbenchSession.open(join(dir, 's.sqlite'), true);
    let next: ((job: JobInfo) => void) | null = null;
    const host = new JobHost({
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
