/**
 * Background jobs (imports, batch scoring) in worker threads, so requests keep flowing. Progress
 * and completion go out as `ecg:job.progress` / `ecg:job.done`; the project model notices the
 * job's writes by itself (they come from another connection).
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { CHANNEL, EVENT } from '../../../src-shared/contract-names';
import type { EventMap, EventName, ParsedRequest } from '../../../src-shared/ipc-contract';
import type { JobInfo } from '../../../src-shared/types';
import { ApiFailure } from '../api/api-failure';
import type { WorkbenchSession } from '../session';
import type { FromWorker, JobSpec, ToWorker } from './job-messages';

/** Options of {@link JobHost}. */
export interface JobHostOptions {
  /** Starts a job worker (default: `job-worker.ts` through the engine's tsx bootstrap). */
  spawn?: () => Worker;
  /** Model folder used when a scoring request names none. */
  defaultModelDir: string;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

/** Spawns `job-worker.ts` through the engine's tsx bootstrap (for hosts running TypeScript sources). */
export function spawnTsJobWorker(): Worker {
  return new Worker(new URL('../../engine/workers/ts-worker-bootstrap.mjs', import.meta.url), {
    workerData: { entry: new URL('./job-worker.ts', import.meta.url).href },
  });
}

/** Starts, lists and cancels jobs. */
export class JobHost {
  private readonly jobs = new Map<string, { info: JobInfo; worker: Worker; startedMs: number; dbPath: string }>();
  private readonly spawn: () => Worker;

  constructor(private readonly options: JobHostOptions) {
    this.spawn = options.spawn ?? spawnTsJobWorker;
  }

  /** Starts an import into the session's project; returns the job id. */
  startImport(session: WorkbenchSession, req: ParsedRequest<typeof CHANNEL.datasetImport>): string {
    return this.start('import', {
      job: 'import',
      input: { dbPath: session.path, kind: req.kind, path: req.path, csvPath: req.labelsCsv, datasetName: req.name, limit: req.limit },
    });
  }

  /**
   * Starts batch scoring of the session's project; returns the job id.
   * @throws ApiFailure('not-found') for an unknown dataset.
   */
  startQuantify(session: WorkbenchSession, req: ParsedRequest<typeof CHANNEL.quantifyStart>): string {
    const dataset = req.datasetId === undefined ? undefined : session.current().datasets().find((d) => d.id === req.datasetId);
    if (req.datasetId !== undefined && !dataset) {
      throw new ApiFailure('not-found', `Dataset ${req.datasetId} does not exist.`);
    }
    return this.start('quantify', {
      job: 'quantify',
      input: {
        dbPath: session.path,
        modelDir: req.modelDir ?? this.options.defaultModelDir,
        datasetName: dataset?.name,
        limit: req.limit,
        t: req.t,
        stepInterval: req.stepInterval,
        seed: req.seed,
        device: req.device,
      },
    });
  }

  /** Asks a running job to stop; false when it is not running. */
  cancel(jobId: string): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.info.state !== 'running') {
      return false;
    }
    entry.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    return true;
  }

  /** Every job of this host, newest first. */
  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => j.info).reverse();
  }

  /**
   * One job at a time per project: two writers would interleave their progress and compete for
   * the cores, and a second scoring run would only redo the first's pending work.
   * @throws ApiFailure('unavailable') while another job of the same project runs.
   */
  private start(kind: JobInfo['kind'], spec: JobSpec): string {
    const dbPath = spec.input.dbPath;
    const running = [...this.jobs.values()].find((j) => j.dbPath === dbPath && j.info.state === 'running');
    if (running) {
      throw new ApiFailure('unavailable', `A ${running.info.kind} job (${running.info.jobId}) is already running on this project; wait for it to finish or cancel it.`);
    }
    const jobId = randomUUID().slice(0, 8);
    const worker = this.spawn();
    const info: JobInfo = { jobId, kind, state: 'running', done: 0, total: 0, etaS: null, message: 'starting…', skipped: [], error: null, startedAt: new Date().toISOString() };
    const entry = { info, worker, startedMs: Date.now(), dbPath };
    this.jobs.set(jobId, entry);
    const finish = (patch: Partial<JobInfo>): void => {
      if (entry.info.state !== 'running') {
        return;
      }
      entry.info = { ...entry.info, ...patch, etaS: 0 };
      this.options.emit(EVENT.jobDone, entry.info);
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') {
        const elapsedS = (Date.now() - entry.startedMs) / 1000;
        const etaS = message.done > 0 ? (elapsedS / message.done) * (message.total - message.done) : null;
        entry.info = { ...entry.info, done: message.done, total: message.total, message: message.message, etaS };
        this.options.emit(EVENT.jobProgress, entry.info);
      } else if (message.type === 'done') {
        finish({ state: 'done', message: message.message, skipped: message.skipped, done: entry.info.total || entry.info.done });
      } else {
        const cancelled = message.code === 'cancelled';
        finish({ state: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : message.message, message: message.message });
      }
    });
    worker.on('error', (error) => finish({ state: 'failed', error: error.message }));
    worker.on('exit', (code) => finish({ state: 'failed', error: `job worker exited with code ${code}` }));
    worker.postMessage({ type: 'start', job: spec } satisfies ToWorker);
    this.options.emit(EVENT.jobProgress, info);
    return jobId;
  }
}
