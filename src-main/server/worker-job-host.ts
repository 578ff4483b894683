/**
 * {@link JobHost} over worker threads: each job runs in its own worker so requests keep flowing;
 * progress and completion go out as events, and the project's caches are dropped when a job ends.
 */
import { EVENT } from '../../src-shared/contract-names';
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { EventMap, EventName } from '../../src-shared/ipc-contract';
import type { JobInfo } from '../../src-shared/types';
import { ApiFailure } from './api-failure';
import type { FromWorker, JobSpec, ToWorker } from './job-messages';
import type { JobHost } from './job-host';
import type { ProjectSession } from './project-session';

/** Options of {@link createWorkerJobHost}. */
export interface WorkerJobHostOptions {
  /** Starts a job worker (a `job-worker` entry in a worker thread). */
  spawn: () => Worker;
  /** Model folder used when a scoring request names none. */
  defaultModelDir: string;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

/** Creates the worker-thread job host. */
export function createWorkerJobHost(options: WorkerJobHostOptions): JobHost {
  const jobs = new Map<string, { info: JobInfo; worker: Worker; startedMs: number }>();

  function start(session: ProjectSession, kind: JobInfo['kind'], spec: JobSpec): string {
    const jobId = randomUUID().slice(0, 8);
    const worker = options.spawn();
    const info: JobInfo = {
      jobId,
      kind,
      state: 'running',
      done: 0,
      total: 0,
      etaS: null,
      message: 'starting…',
      skipped: [],
      error: null,
      startedAt: new Date().toISOString(),
    };
    const entry = { info, worker, startedMs: Date.now() };
    jobs.set(jobId, entry);
    const finish = (patch: Partial<JobInfo>): void => {
      if (entry.info.state !== 'running') {
        return;
      }
      entry.info = { ...entry.info, ...patch, etaS: 0 };
      session.invalidate();
      options.emit(EVENT.jobDone, entry.info);
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') {
        const elapsedS = (Date.now() - entry.startedMs) / 1000;
        const etaS = message.done > 0 ? (elapsedS / message.done) * (message.total - message.done) : null;
        entry.info = { ...entry.info, done: message.done, total: message.total, message: message.message, etaS };
        options.emit(EVENT.jobProgress, entry.info);
      } else if (message.type === 'done') {
        finish({ state: 'done', message: message.message, skipped: message.skipped, done: entry.info.total || entry.info.done });
      } else {
        finish({ state: message.code === 'cancelled' ? 'cancelled' : 'failed', error: message.code === 'cancelled' ? null : message.message, message: message.message });
      }
    });
    worker.on('error', (error) => finish({ state: 'failed', error: error.message }));
    worker.on('exit', (code) => finish({ state: 'failed', error: `job worker exited with code ${code}` }));
    worker.postMessage({ type: 'start', job: spec } satisfies ToWorker);
    options.emit(EVENT.jobProgress, info);
    return jobId;
  }

  return {
    startImport(session, req) {
      return start(session, 'import', {
        kind: 'import',
        dbPath: session.store.path,
        importer: req.kind,
        path: req.path,
        csvPath: req.labelsCsv,
        datasetName: req.name,
        limit: req.limit,
      });
    },
    startQuantify(session, req) {
      const dataset = req.datasetId === undefined ? undefined : session.datasetRows().find((d) => d.id === req.datasetId);
      if (req.datasetId !== undefined && !dataset) {
        throw new ApiFailure('not-found', `Dataset ${req.datasetId} does not exist.`);
      }
      return start(session, 'quantify', {
        kind: 'quantify',
        dbPath: session.store.path,
        modelDir: req.modelDir ?? options.defaultModelDir,
        datasetName: dataset?.name,
        limit: req.limit,
        t: req.t,
        stepInterval: req.stepInterval,
        seed: req.seed,
        device: req.device,
      });
    },
    cancel(jobId) {
      const entry = jobs.get(jobId);
      if (!entry || entry.info.state !== 'running') {
        return false;
      }
      entry.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
      return true;
    },
    list() {
      return [...jobs.values()].map((j) => j.info).reverse();
    },
  };
}
