/**
 * One open project as the workstation sees it: the store, the in-memory segment index per model
 * (built on first use, patched in place on relabel), and small caches of decoded records.
 */
import type { DatasetRow, ModelRow } from '../../src-shared/types';
import { SegmentIndex } from './segment-index';
import type { ProjectStore, RecordFacts, RecordSignals } from './store';

/** How many opened records the views keep (sources hold open files; short records their samples). */
const RECORD_CACHE_SIZE = 64;

/** Least-recently-used cache of promises (concurrent requests for one key share the work). */
export class LruCache<V> {
  private readonly map = new Map<string, V>();
  /** @param onEvict - called with each value the cache drops for room. */
  constructor(
    private readonly capacity: number,
    private readonly onEvict?: (value: V) => void,
  ) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string;
      const value = this.map.get(oldest) as V;
      this.map.delete(oldest);
      this.onEvict?.(value);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  /** Empties the cache (each value goes to `onEvict`). */
  clear(): void {
    const values = [...this.map.values()];
    this.map.clear();
    values.forEach((v) => this.onEvict?.(v));
  }
}

/** An open project with its caches. */
export class ProjectSession {
  readonly store: ProjectStore;
  private readonly indexes = new Map<string, SegmentIndex>();
  private readonly recordCache = new LruCache<Promise<RecordSignals>>(RECORD_CACHE_SIZE, (pending) => {
    pending.then((r) => r.record.close(), () => undefined);
  });
  private recordsById: Map<number, RecordFacts> | null = null;
  private datasets: DatasetRow[] | null = null;
  /** Cached model list (a GROUP BY over all scores); null = not looked up yet. */
  private modelRows: ModelRow[] | null = null;

  constructor(store: ProjectStore) {
    this.store = store;
  }

  /** Resolves an optional model id to the one to use (the project's default when absent). */
  resolveModel(modelId: string | undefined): string | null {
    if (modelId !== undefined) {
      return modelId;
    }
    // The model with the most scored segments.
    const models = [...this.models()].sort((a, b) => b.scoredSegments - a.scoredSegments);
    return models.length > 0 ? models[0].id : null;
  }

  /** Models with scores in the project (cached until {@link invalidate}). */
  models(): ModelRow[] {
    this.modelRows ??= this.store.listModels();
    return this.modelRows;
  }

  /** The segment index for a model (built on first use). */
  index(modelId: string | undefined): SegmentIndex {
    const resolved = this.resolveModel(modelId);
    const key = resolved ?? '';
    let index = this.indexes.get(key);
    if (!index) {
      const records = [...this.records().values()];
      index = new SegmentIndex(this.store.loadSegments(resolved), records, this.datasetRows(), resolved);
      this.indexes.set(key, index);
    }
    return index;
  }

  /** Record facts by id (cached). */
  records(): Map<number, RecordFacts> {
    if (!this.recordsById) {
      this.recordsById = new Map(this.store.loadRecords().map((r) => [r.id, r]));
    }
    return this.recordsById;
  }

  datasetRows(): DatasetRow[] {
    if (!this.datasets) {
      this.datasets = this.store.listDatasets();
    }
    return this.datasets;
  }

  /** A record opened for range reads (cached, kept open). */
  recordSignals(recordId: number): Promise<RecordSignals> {
    const key = String(recordId);
    let pending = this.recordCache.get(key);
    if (!pending) {
      pending = this.store.readRecordSignals(recordId);
      pending.catch(() => this.recordCache.delete(key));
      this.recordCache.set(key, pending);
    }
    return pending;
  }

  /** Applies an annotator relabel to every built index. */
  applyRelabel(segmentId: number, label: string | null, annotator: string | null): void {
    for (const index of this.indexes.values()) {
      index.updateAnnotatorLabel(segmentId, label, annotator);
    }
  }

  /** Drops everything derived from the database (after an import or a scoring run). */
  invalidate(): void {
    this.indexes.clear();
    this.recordsById = null;
    this.datasets = null;
    this.modelRows = null;
  }

  close(): void {
    this.recordCache.clear();
    this.store.close();
  }
}
