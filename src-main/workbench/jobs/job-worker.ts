/**
 * Worker-thread entry for background jobs: runs one engine job (import or batch scoring) and only
 * passes messages — progress, the summary, or the error. Cancellation aborts the job's signal.
 */
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../../engine/errors';
import { NoiseScorer } from '../../engine/inference/scorer';
import { run as runImport } from '../../engine/jobs/import.job';
import { run as runQuantify } from '../../engine/jobs/quantify.job';
import type { FromWorker, JobSpec, ToWorker } from './job-messages';

const port = parentPort;
if (!port) {
  throw new Error('job-worker must run in a worker thread');
}
const controller = new AbortController();

function post(message: FromWorker): void {
  port?.postMessage(message);
}

async function runJob(spec: JobSpec): Promise<void> {
  if (spec.job === 'import') {
    const input = spec.input;
    const summary = await runImport(input, (p) => post({ type: 'progress', done: p.done, total: p.total, message: `importing ${input.path}` }), controller.signal);
    post({
      type: 'done',
      message: `${summary.dataset}: ${summary.inserted} new records, ${summary.unchanged} unchanged, ${summary.segments} segments, ${summary.skipped.length} skipped`,
      skipped: summary.skipped.map((s) => ({ path: s.path, reason: s.reason })),
    });
    return;
  }
  const { modelDir, device, ...input } = spec.input;
  const scorer = await NoiseScorer.load(modelDir, { threads: 1, device });
  const summary = await runQuantify(
    { ...input, scorer },
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
      const { code, message: text } = serializeError(error);
      post({ type: 'error', code, message: text });
      port.close();
    },
  );
});
