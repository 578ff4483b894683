/** Job worker entry of the Electron build (bundled to out/main/job-worker.js). */
import '../server/job-worker';
