// Worker-thread bootstrap: registers tsx's loader inside the worker, then imports the TypeScript
// worker module named in workerData.entry. (Node 20 does not apply `--import` hooks passed via a
// Worker's execArgv to the worker's own .ts entry, so the hook is registered here instead — the same
// way bin/ecgnq.js does for the CLI.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
