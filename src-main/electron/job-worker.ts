/** Job worker entry of the Electron build (bundled to out/main/job-worker.js). */
import { useCompiledSuperletWorker } from '../engine/workers/superlet-pool';
import '../workbench/jobs/job-worker';

// Pools are created per job, after this line has run.
useCompiledSuperletWorker(new URL('./superlet-worker.js', import.meta.url));
