/**
 * One project open in the workstation: the engine's project model plus what only a viewer needs —
 * decoded records for the detail view, cached. Every handler reaches the model through
 * {@link WorkbenchSession.current}, which first folds in writes by other processes.
 */
import { resolve } from 'node:path';
import { loadProjectRecord } from '../engine/importers/record-source';
import { ProjectModel } from '../engine/project/project-model';
import type { EcgRecord } from '../engine/types';
import { cachedPromise, LruCache } from './lru-cache';

/** How many decoded records the detail view keeps (12-lead 10-s records are ~0.5 MB each). */
const RECORD_CACHE_SIZE = 64;

/** A record's signals as read for display. */
export interface RecordSignals {
  fsHz: number;
  leadNames: string[];
  unitsKnown: boolean;
  signals: Float64Array[];
  /** Source file (and locator) for the header line. */
  source: string;
  /** The record as the engine read it (for scalograms). */
  record: EcgRecord;
}

/** An open project with its caches. */
export class WorkbenchSession {
  private readonly model: ProjectModel;
  private readonly recordCache = new LruCache<Promise<RecordSignals>>(RECORD_CACHE_SIZE);
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

  /** Decoded signals of a record (cached). */
  recordSignals(recordId: number): Promise<RecordSignals> {
    const model = this.current();
    return cachedPromise(this.recordCache, String(recordId), async () => {
      const row = model.recordRow(recordId);
      const ecg = await loadProjectRecord(row);
      return {
        fsHz: ecg.fsHz ?? row.fsHz,
        leadNames: ecg.leadNames,
        unitsKnown: ecg.unitsKnown,
        signals: ecg.signals,
        source: row.sourcePath + (row.locator ? ` [${row.locator}]` : ''),
        record: ecg,
      };
    });
  }

  close(): void {
    this.model.close();
  }
}
