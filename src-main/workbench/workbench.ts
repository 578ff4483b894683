/**
 * The workstation back end that Electron and the web host share: the open project, the services
 * (scalograms, background jobs), the API handlers, and a watch that tells renderers when another
 * process changed the project (a CLI import or scoring run) so they reload within a second.
 */
import type { Worker } from 'node:worker_threads';
import { DEFAULT_MODEL_DIR } from '../engine/package-info';
import { EVENT } from '../../src-shared/contract-names';
import type { EventMap, EventName } from '../../src-shared/ipc-contract';
import { createHandlers, type Handlers } from './api/handlers';
import { JobHost } from './jobs/job-host';
import { ScalogramService } from './scalograms';
import { WorkbenchSession } from './session';

/** How often the open project is checked for writes by other processes, ms. */
export const CHANGE_POLL_MS = 250;

/** Options of {@link Workbench}. */
export interface WorkbenchOptions {
  host: 'electron' | 'web';
  /** Model folders for reconstructions (the first is the default for scoring; default: models/default). */
  modelDirs?: string[];
  /** Whether renderers may open and create other projects (Electron) or not (web host: one project). */
  canOpenProjects: boolean;
  /** Pushes an event to every connected renderer. */
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** Starts a job worker (default: the TypeScript entry through tsx). */
  spawnJobWorker?: () => Worker;
}

/** The back end of one workstation window or web host. */
export class Workbench {
  readonly handlers: Handlers;
  private current: WorkbenchSession | null = null;
  private readonly timer: NodeJS.Timeout;
  private announcedChanges = 0;

  constructor(private readonly options: WorkbenchOptions) {
    const modelDirs = options.modelDirs && options.modelDirs.length > 0 ? options.modelDirs : [DEFAULT_MODEL_DIR];
    this.handlers = createHandlers({
      host: options.host,
      session: () => this.current,
      openProject: options.canOpenProjects ? (path, create) => this.open(path, create) : undefined,
      scalograms: new ScalogramService(modelDirs),
      jobs: new JobHost({ spawn: options.spawnJobWorker, defaultModelDir: modelDirs[0], emit: options.emit }),
      emit: options.emit,
    });
    this.timer = setInterval(() => this.announceChanges(), CHANGE_POLL_MS);
    this.timer.unref();
  }

  /** The open project, or null. */
  get session(): WorkbenchSession | null {
    return this.current;
  }

  /**
   * Opens (or creates) a project, closing the one open before.
   * @throws EngineError('not-found') for a missing file when `create` is false.
   */
  open(path: string, create = false): WorkbenchSession {
    const next = WorkbenchSession.open(path, create);
    this.current?.close();
    this.current = next;
    this.announcedChanges = 0;
    return next;
  }

  /** Stops the watch and closes the project. */
  close(): void {
    clearInterval(this.timer);
    this.current?.close();
    this.current = null;
  }

  private announceChanges(): void {
    const session = this.current;
    if (!session) {
      return;
    }
    try {
      const changes = session.current().changeCount;
      if (changes !== this.announcedChanges) {
        this.announcedChanges = changes;
        this.options.emit(EVENT.projectChanged, { reason: 'the project was changed by another process' });
      }
    } catch {
      // A request will report the problem (e.g. the file was removed).
    }
  }
}
