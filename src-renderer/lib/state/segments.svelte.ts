/**
 * Segments table state: filter, sort (both kept per project in local storage, so a reload or a
 * review resumed later sees the same table), the ordered ids of the current query, the selection
 * and the row cache.
 */
import { CHANNEL } from '../../../src-shared/contract-names';
import type { SegmentFilter, SegmentQueryResult, SegmentRow, SegmentSort } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { normalizeFilter } from '../utils/filters';
import { RowCache } from '../utils/row-cache';
import { app } from './app.svelte';

class SegmentsState {
  filter = $state<SegmentFilter>({});
  sort = $state<SegmentSort>({ key: 'record', dir: 'asc' });
  result = $state.raw<SegmentQueryResult | null>(null);
  loading = $state(false);
  /** Bumped whenever rows land in the cache (the table re-reads visible rows). */
  rowsVersion = $state(0);
  /** Segments selected for a bulk relabel (cleared when the filter changes, so none is hidden). */
  selected = $state.raw<ReadonlySet<number>>(new Set());
  /** Index of the row last opened (kept so returning to the table restores the position). */
  scrollTop = $state(0);
  readonly cache = new RowCache<SegmentRow>();
  /** The stored-threshold version the cached rows and the query were made at (see `app.thresholdVersion`). */
  thresholdVersion = 0;
  private querySeq = 0;
  /** The project whose stored filter and sort were restored. */
  private restoredFor: string | null = null;

  /** Replaces the filter and re-queries. */
  setFilter(filter: SegmentFilter): Promise<void> {
    this.filter = normalizeFilter(filter);
    this.selected = new Set();
    this.save();
    this.scrollTop = 0;
    return this.query();
  }

  setSort(key: SegmentSort['key']): Promise<void> {
    this.sort = { key, dir: this.sort.key === key && this.sort.dir === 'asc' ? 'desc' : 'asc' };
    this.save();
    return this.query();
  }

  /** Runs the query for the current filter and sort (latest call wins). */
  async query(): Promise<void> {
    this.restore();
    const seq = ++this.querySeq;
    this.loading = true;
    try {
      const result = await api.call(CHANNEL.segmentsQuery, { filter: $state.snapshot(this.filter), sort: $state.snapshot(this.sort) });
      if (seq === this.querySeq) {
        this.result = result;
      }
    } catch (error) {
      app.report(error);
    } finally {
      if (seq === this.querySeq) {
        this.loading = false;
      }
    }
  }

  /** Fetches the rows of ids[first..last] that are not cached yet. */
  async ensureRows(first: number, last: number): Promise<void> {
    const ids = this.result?.ids;
    if (!ids) {
      return;
    }
    const missing = this.cache.missing(ids, first, last);
    for (let k = 0; k < missing.length; k += 1000) {
      const chunk = missing.slice(k, k + 1000);
      try {
        this.cache.put(await api.call(CHANNEL.segmentsRows, { ids: chunk }), chunk);
        this.rowsVersion += 1;
      } catch (error) {
        this.cache.release(chunk);
        app.report(error);
      }
    }
  }

  /**
   * After the project's threshold changed (anywhere, while any view was shown): cached rows carry
   * stale flags, and a filter that judges at the threshold matches other segments.
   */
  followThreshold(): void {
    if (this.thresholdVersion === app.thresholdVersion) {
      return;
    }
    this.thresholdVersion = app.thresholdVersion;
    this.invalidateRows();
    if (this.filter.disagreement || this.filter.predicted) {
      void this.query();
    }
  }

  /** Restores the project's stored filter and sort once per project (before its first query). */
  private restore(): void {
    const path = app.summary?.path ?? app.info?.projectPath ?? null;
    if (path === null || this.restoredFor === path) {
      return;
    }
    this.restoredFor = path;
    try {
      const saved = JSON.parse(localStorage.getItem(`ecgnq.table:${path}`) ?? 'null') as { filter?: SegmentFilter; sort?: SegmentSort } | null;
      if (saved?.filter) {
        this.filter = normalizeFilter(saved.filter);
      }
      if (saved?.sort) {
        this.sort = saved.sort;
      }
    } catch {
      // A damaged entry is forgotten.
    }
  }

  private save(): void {
    const path = app.summary?.path ?? app.info?.projectPath ?? null;
    if (path !== null) {
      localStorage.setItem(`ecgnq.table:${path}`, JSON.stringify({ filter: $state.snapshot(this.filter), sort: $state.snapshot(this.sort) }));
    }
  }

  /** Selects or unselects one segment. */
  toggleSelected(id: number): void {
    this.selected = this.selected.has(id) ? new Set([...this.selected].filter((s) => s !== id)) : new Set([...this.selected, id]);
  }

  /** Selects every segment of the current query (or none). */
  selectAll(on: boolean): void {
    this.selected = new Set(on ? (this.result?.ids ?? []) : []);
  }

  /** Refreshes cached rows after a relabel. */
  invalidateRows(ids?: number[]): void {
    this.cache.invalidate(ids);
    this.rowsVersion += 1;
  }
}

/** The segments state singleton. */
export const segments = new SegmentsState();
