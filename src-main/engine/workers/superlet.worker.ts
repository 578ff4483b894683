/**
 * Worker-thread entry for the superlet pool: receives one lead per message, answers with its
 * scalogram (buffer transferred). Only passes messages; the work is `superlet()`.
 */
import { parentPort } from 'node:worker_threads';
import { superlet } from '../dsp/superlet';
import { serializeError } from '../errors';
import type { SuperletTask, SuperletTaskResult } from './superlet-messages';

if (!parentPort) {
  throw new Error('superlet.worker.ts must run as a worker thread');
}
const port = parentPort;
port.on('message', (task: SuperletTask) => {
  let reply: SuperletTaskResult;
  try {
    const scalogram = superlet(task.signal, task.fsHz);
    reply = { id: task.id, scalogram };
    port.postMessage(reply, [scalogram.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { id: task.id, error: serializeError(error) };
    port.postMessage(reply);
  }
});
