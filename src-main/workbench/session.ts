/**
 * One project open in the workstation: the engine's project model plus what only a viewer needs —
 * records opened for range reads (detail and record views), cached. Every handler reaches the model through
 * {@link WorkbenchSession.current}, which first folds in writes by other processes.
 */
import { resolve } from 'node:path';
import { openProjectSource } from '../engine/importers/record-source';
import { ProjectModel } from '../engine/project/project-model';
import type { SignalSource } from '../engine/types';
import { cachedPromise, LruCache } from './lru-cache';

/** How many opened records the views keep (sources hold open files; short records their samples). */
const RECORD_CACHE_SIZE = 64;

/** A record opened for display: ranges are read as they are shown, never the whole recording. */
export interface RecordSignals {
  fsHz: number;
  leadNames: string[];
  unitsKnown: boolean;
  /** Source file (and locator) for the header line. */
  source: string;
  /** The record's samples by range (closed when the cache drops it). */
  record: SignalSource;
}

/** An open project with its caches. */
export class WorkbenchSession {
  private readonly model: ProjectModel;
  private readonly recordCache = new LruCache<Promise<RecordSignals>>(RECORD_CACHE_SIZE, (pending) => {
    pending.then((r) => r.record.close(), () => undefined);
  });
  private seenChanges = 0;

  constructor(model: ProjectModel) {
    this.model = model;
  }

  /**
   * Opens a project file (see `ProjectModel.open`) and builds the index of its default model: the
   * segments table is the first thing shown, so a project counts as open once it can show it.
   */
  static open(path: string, create = false): WorkbenchSession {
    const session = new WorkbenchSession(ProjectModel.open(resolve(path), { create }));
    session.current().index();
    return session;
  }

  /** Path of the project file. */
  get path(): string {
    return this.model.path;
  }

  /** The project model, up to date with writes by other processes. */
  current(): ProjectModel {
    this.model.sync();
    if (this.model.changeCount !== this.seenChanges) {
      this.seenChanges = this.model.changeCount;
      this.recordCache.clear();
    }
    return this.model;
  }

  /**
   * A record opened for range reads (cached, kept open): WFDB and EDF stream from their files, other
   * formats are read whole.
   * @throws EcgFormatError when the file is gone or changed; EngineError('not-found') for an unknown id.
   */
  recordSignals(recordId: number): Promise<RecordSignals> {
    const model = this.current();
    return cachedPromise(this.recordCache, String(recordId), async () => {
      const row = model.recordRow(recordId);
      const source = await openProjectSource(row);
      return {
        fsHz: source.info.fsHz ?? row.fsHz,
        leadNames: source.info.leadNames,
        unitsKnown: source.info.unitsKnown,
        source: row.sourcePath + (row.locator ? ` [${row.locator}]` : ''),
        record: source,
      };
    });
  }

  close(): void {
    this.recordCache.clear();
    this.model.close();
  }
}
