/** The engine services the workstation uses, built once per host. */
import { Worker } from 'node:worker_threads';
import type { EventMap, EventName } from '../../src-shared/ipc-contract';
import { createScalogramService } from './engine-scalograms';
import type { ExportService } from './export-service';
import { createExportService } from './export-service-impl';
import type { JobHost } from './job-host';
import type { ScalogramService } from './scalogram-service';
import { createWorkerJobHost } from './worker-job-host';

/** Engine-backed services shared by the Electron and web hosts. */
export interface Services {
  scalograms: ScalogramService | null;
  exports: ExportService | null;
  jobs: JobHost | null;
}

/** Options of {@link createServices}. */
export interface ServiceOptions {
  /** Model folders for scalogram reconstructions (the first is the default for scoring). */
  modelDirs: string[];
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** Starts a job worker; default: the TypeScript entry through tsx (CLI / web host). */
  spawnJobWorker?: () => Worker;
}

/** Spawns `job-worker.ts` through the engine's tsx bootstrap (for hosts running TypeScript sources). */
export function spawnTsJobWorker(): Worker {
  return new Worker(new URL('../engine/workers/ts-worker-bootstrap.mjs', import.meta.url), {
    workerData: { entry: new URL('./job-worker.ts', import.meta.url).href },
  });
}

/** Builds the services. */
export function createServices(options: ServiceOptions): Services {
  return {
    scalograms: createScalogramService(options.modelDirs),
    exports: createExportService(),
    jobs: createWorkerJobHost({
      spawn: options.spawnJobWorker ?? spawnTsJobWorker,
      defaultModelDir: options.modelDirs[0] ?? '',
      emit: options.emit,
    }),
  };
}
