/** Messages between the job host and its worker threads (structured-clone safe). */
import type { DeviceRequest } from '../../engine/inference/device';
import type { ImportInput } from '../../engine/jobs/import.job';
import type { SamplingParams } from '../../../src-shared/types';

/** Work a job worker can run: an engine job's input (a model folder instead of a loaded scorer). */
export type JobSpec =
  | { job: 'import'; input: ImportInput }
  | {
      job: 'quantify';
      input: Partial<SamplingParams> & {
        dbPath: string;
        modelDir: string;
        datasetName?: string;
        limit?: number;
        /** Where to score (engine/inference/device.ts). */
        device?: DeviceRequest;
      };
    };

/** Host → worker. */
export type ToWorker = { type: 'start'; job: JobSpec } | { type: 'cancel' };

/** Worker → host. */
export type FromWorker =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'done'; message: string; skipped: { path: string; reason: string }[] }
  | { type: 'error'; code: string; message: string };
