/**
 * A small worker-thread pool that computes superlet scalograms of many leads in parallel. Workers
 * run the TypeScript worker file through tsx (or a compiled build of it, see
 * `useCompiledSuperletWorker`); they are unref'd while idle, so an open pool never
 * keeps the process alive, and `close()` terminates them.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DspParamError, EngineError } from '../errors';
import type { SerializedError } from '../errors';
import type { SuperletTask, SuperletTaskResult } from './superlet-messages';

/** The error a worker reported, rebuilt on this side (DSP errors keep their class). */
function rebuildError(e: SerializedError): Error {
  if (e.code === 'dsp-param') {
    return new DspParamError(e.message);
  }
  if (e.code === 'internal') {
    return new Error(e.message);
  }
  return new EngineError(e.code, e.message);
}

/** A compiled (JavaScript) superlet worker module, when the engine runs from a bundle. */
let compiledWorker: URL | null = null;

/**
 * Makes every pool created afterwards in this thread run `entry`, a JavaScript build of
 * `superlet.worker.ts`, directly instead of the TypeScript source through tsx. Bundled apps
 * (the Electron build) call this once at start: neither the sources nor tsx ship with them.
 */
export function useCompiledSuperletWorker(entry: URL): void {
  compiledWorker = entry;
}

/**
 * Starts a superlet worker: the compiled module if one was configured, else the TypeScript
 * source through a plain .mjs bootstrap that registers tsx inside the worker (vitest,
 * `node bin/ecgnq.js`, `node --import tsx`).
 */
function spawnSuperletWorker(): Worker {
  if (compiledWorker) {
    return new Worker(compiledWorker);
  }
  return new Worker(new URL('./ts-worker-bootstrap.mjs', import.meta.url), {
    workerData: { entry: new URL('./superlet.worker.ts', import.meta.url).href },
  });
}

interface Pending {
  task: SuperletTask;
  resolve: (s: Float32Array) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

/** Pool of superlet workers. Create once, reuse for many records, `close()` when done. */
export class SuperletPool {
  /** Number of worker threads. */
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  /** @param size - worker count (default: `os.availableParallelism()`), at least 1. */
  constructor(size: number = availableParallelism()) {
    if (!Number.isInteger(size) || size < 1) {
      throw new DspParamError(`worker pool size must be a positive integer, got ${size}`);
    }
    this.size = size;
  }

  /**
   * Scalograms of many leads, computed on the pool's workers (one lead per task).
   *
   * @param signals - leads (any array of numbers; copied, the caller's arrays are not touched).
   * @param fsHz - sampling rate shared by all leads, whole Hz.
   * @returns one float32 [32×256] scalogram per lead, in input order, identical to `superlet()`.
   * @throws DspParamError as `superlet()` does (bad fs, non-finite samples); Error after `close()`.
   */
  superletMany(signals: readonly ArrayLike<number>[], fsHz: number): Promise<Float32Array[]> {
    if (this.closed) {
      return Promise.reject(new Error('superlet pool is closed'));
    }
    return Promise.all(
      signals.map(
        (signal) =>
          new Promise<Float32Array>((resolve, reject) => {
            const task: SuperletTask = { id: this.nextId++, signal: Float64Array.from(signal), fsHz };
            this.queue.push({ task, resolve, reject });
            this.pump();
          }),
      ),
    );
  }

  /** Terminates every worker; pending tasks are rejected. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('superlet pool closed');
    for (const p of this.queue.splice(0)) {
      p.reject(error);
    }
    const slots = this.slots.splice(0);
    for (const s of slots) {
      s.busy?.reject(error);
      s.busy = null;
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = spawnSuperletWorker();
    const slot: Slot = { worker, busy: null };
    worker.on('message', (msg: SuperletTaskResult) => {
      const p = slot.busy;
      slot.busy = null;
      worker.unref();
      if (p && p.task.id === msg.id) {
        if (msg.error) {
          p.reject(rebuildError(msg.error));
        } else {
          p.resolve(msg.scalogram);
        }
      }
      this.pump();
    });
    worker.on('error', (err) => this.retire(slot, err));
    worker.on('exit', (code) => this.retire(slot, new Error(`superlet worker exited with code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** A worker died: fail its task and forget it (the next pump spawns a replacement). */
  private retire(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) {
      return;
    }
    this.slots.splice(i, 1);
    slot.busy?.reject(err);
    slot.busy = null;
    if (!this.closed) {
      this.pump();
    }
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot) {
        if (this.slots.length >= this.size) {
          return;
        }
        slot = this.spawn();
      }
      const p = this.queue.shift() as Pending;
      slot.busy = p;
      slot.worker.ref(); // keep the process alive while work is in flight
      slot.worker.postMessage(p.task, [p.task.signal.buffer as ArrayBuffer]);
    }
  }
}

let sharedPool: SuperletPool | null = null;

/**
 * Scalograms of many leads on a shared, lazily created pool of `availableParallelism()` workers.
 * The pool does not keep the process alive; {@link closeSharedSuperletPool} ends it early.
 */
export function superletMany(signals: readonly ArrayLike<number>[], fsHz: number): Promise<Float32Array[]> {
  sharedPool ??= new SuperletPool();
  return sharedPool.superletMany(signals, fsHz);
}

/** Terminates the shared pool (if any). */
export async function closeSharedSuperletPool(): Promise<void> {
  const pool = sharedPool;
  sharedPool = null;
  await pool?.close();
}
