/** Messages between the job host and its worker threads (structured-clone safe). */

/** Work a job worker can run. */
export type JobSpec =
  | {
      kind: 'import';
      dbPath: string;
      importer: string;
      path: string;
      csvPath?: string;
      datasetName?: string;
      limit?: number;
    }
  | {
      kind: 'quantify';
      dbPath: string;
      modelDir: string;
      datasetName?: string;
      limit?: number;
      t?: number;
      stepInterval?: number;
      seed?: number;
      device?: 'auto' | 'cpu' | 'cuda';
    };

/** Host → worker. */
export type ToWorker = { type: 'start'; job: JobSpec } | { type: 'cancel' };

/** Worker → host. */
export type FromWorker =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'done'; message: string; skipped: { path: string; reason: string }[] }
  | { type: 'error'; code: string; message: string };
