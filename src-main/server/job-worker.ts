/**
 * Worker-thread entry for background jobs: runs one engine job (import or batch scoring) and only
 * passes messages — progress, the summary, or the error. Cancellation aborts the job's signal.
 */
import { parentPort } from 'node:worker_threads';
import { ProjectDb } from '../engine/db/project-db';
import { serializeError } from '../engine/errors';
import { IMPORTERS } from '../engine/importers/index';
import { NoiseScorer } from '../engine/inference/scorer';
import { run as runQuantify } from '../engine/jobs/quantify.job';
import type { FromWorker, JobSpec, ToWorker } from './job-messages';

const port = parentPort;
if (!port) {
  throw new Error('job-worker must run in a worker thread');
}
const controller = new AbortController();

function post(message: FromWorker): void {
  port?.postMessage(message);
}

async function runJob(job: JobSpec): Promise<void> {
  if (job.kind === 'import') {
    const importer = IMPORTERS[job.importer];
    if (!importer) {
      throw Object.assign(new Error(`no importer for "${job.importer}" (available: ${Object.keys(IMPORTERS).join(', ')})`), { code: 'invalid-input' });
    }
    const project = ProjectDb.open(job.dbPath);
    try {
      const summary = await importer(project, job.path, {
        csvPath: job.csvPath,
        datasetName: job.datasetName,
        limit: job.limit,
        signal: controller.signal,
        onProgress: (done, total) => post({ type: 'progress', done, total, message: `importing ${job.path}` }),
      });
      post({
        type: 'done',
        message: `${summary.dataset}: ${summary.inserted} new records, ${summary.unchanged} unchanged, ${summary.segments} segments, ${summary.skipped.length} skipped`,
        skipped: summary.skipped.map((s) => ({ path: s.path, reason: s.reason })),
      });
    } finally {
      project.close();
    }
    return;
  }
  const scorer = await NoiseScorer.load(job.modelDir, { threads: 1, device: job.device });
  const summary = await runQuantify(
    { dbPath: job.dbPath, scorer, datasetName: job.datasetName, limit: job.limit, t: job.t, stepInterval: job.stepInterval, seed: job.seed },
    (p) => post({ type: 'progress', done: p.segmentsDone, total: p.segmentsTotal, message: p.current }),
    controller.signal,
  );
  post({
    type: 'done',
    message: `${summary.segmentsScored} segments scored in ${summary.elapsedS.toFixed(1)} s, ${summary.segmentsPending} pending${scorer.backend.notice ? `; ${scorer.backend.notice}` : ''}`,
    skipped: summary.failed.map((f) => ({ path: f.record, reason: f.reason })),
  });
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  runJob(message.job).then(
    () => port.close(),
    (error: unknown) => {
      const serialized = serializeError(error);
      const code = (error as { code?: unknown }).code;
      post({ type: 'error', code: typeof code === 'string' ? code : serialized.code, message: serialized.message });
      port.close();
    },
  );
});
