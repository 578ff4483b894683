/**
 * Review state: a queue built from the segments table's current filter (its disagreements at the
 * project's threshold, strongest first, or every segment of the filter in the table's order), never
 * capped; which of it you have reviewed; and where you are — kept per project, so a review resumes
 * where it stopped (or at the first segment not yet reviewed).
 */
import { CHANNEL } from '../../../src-shared/contract-names';
import type { SegmentRow } from '../../../src-shared/ipc-contract';
import { api } from '../api/client';
import { normalizeFilter } from '../utils/filters';
import { RowCache } from '../utils/row-cache';
import { app } from './app.svelte';
import { segments } from './segments.svelte';

/** What the queue holds. */
export type ReviewMode = 'disagreements' | 'filter';

/** What is stored per project to resume. */
interface Saved {
  mode: ReviewMode;
  segmentId: number | null;
}

/** An annotator name as the back end records it (blanks become underscores). */
function recordedName(name: string): string {
  return name.trim().replace(/\s+/g, '_');
}

class ReviewState {
  mode = $state<ReviewMode>('disagreements');
  ids = $state.raw<number[]>([]);
  reviewed = $state.raw<ReadonlySet<number>>(new Set());
  cursor = $state(0);
  thresholdDb = $state(0);
  loaded = $state(false);
  /** Bumped whenever rows land in the cache. */
  rowsVersion = $state(0);
  readonly cache = new RowCache<SegmentRow>(100, 5000);
  /** The filter, sort, mode and threshold the queue was built from (rebuilt when they change). */
  private builtFor = '';
  private seq = 0;

  /** The segment under the cursor, or null. */
  get currentId(): number | null {
    return this.ids[this.cursor] ?? null;
  }

  /** Builds the queue unless it is already built for the table's filter, the mode and the threshold. */
  async ensure(): Promise<void> {
    const key = JSON.stringify([normalizeFilter($state.snapshot(segments.filter)), $state.snapshot(segments.sort), this.mode, app.thresholdDb, app.annotator, app.summary?.path]);
    if (key !== this.builtFor) {
      this.builtFor = key;
      await this.load();
    }
  }

  /** Switches between disagreements and every segment of the filter. */
  async setMode(mode: ReviewMode): Promise<void> {
    this.mode = mode;
    this.save(null);
    await this.ensure();
  }

  /** (Re)builds the queue and puts the cursor where the last review stopped. */
  async load(): Promise<void> {
    const seq = ++this.seq;
    // The old queue's list goes away while the new one loads (its items are not the new queue's).
    this.loaded = false;
    const saved = this.restore();
    this.mode = saved.mode;
    try {
      const queue = await api.call(CHANNEL.reviewQueue, {
        filter: normalizeFilter($state.snapshot(segments.filter)),
        sort: $state.snapshot(segments.sort),
        disagreementsOnly: this.mode === 'disagreements',
        annotator: app.annotator ?? undefined,
      });
      if (seq !== this.seq) {
        return;
      }
      this.cache.invalidate();
      this.ids = queue.ids;
      this.thresholdDb = queue.thresholdDb;
      this.reviewed = new Set(queue.reviewed);
      const at = saved.segmentId === null ? -1 : queue.ids.indexOf(saved.segmentId);
      const firstOpen = queue.ids.findIndex((id) => !this.reviewed.has(id));
      this.cursor = at >= 0 ? at : Math.max(0, firstOpen);
    } catch (error) {
      app.report(error);
    } finally {
      if (seq === this.seq) {
        this.loaded = true;
      }
    }
  }

  /** Moves the cursor to queue index `index` (clamped) and remembers it. */
  goTo(index: number): void {
    this.cursor = Math.max(0, Math.min(this.ids.length - 1, index));
    this.save(this.currentId);
  }

  /** Moves to a segment of the queue; false when it is not in it. */
  goToSegment(segmentId: number): boolean {
    const at = this.ids.indexOf(segmentId);
    if (at >= 0) {
      this.goTo(at);
    }
    return at >= 0;
  }

  /** Re-reads a segment's row and whether it counts as reviewed (its current label is yours). */
  async refresh(segmentId: number): Promise<void> {
    try {
      const [row] = await api.call(CHANNEL.segmentsRows, { ids: [segmentId] });
      if (row) {
        this.cache.put([row]);
        const mine = app.annotator !== null && row.annotator === recordedName(app.annotator);
        const others = [...this.reviewed].filter((id) => id !== segmentId);
        this.reviewed = new Set(mine ? [...others, segmentId] : others);
        this.rowsVersion += 1;
      }
    } catch (error) {
      app.report(error);
    }
  }

  /** Fetches the rows of queue indices first..last that are not cached yet. */
  async ensureRows(first: number, last: number): Promise<void> {
    const missing = this.cache.missing(this.ids, first, last);
    if (missing.length === 0) {
      return;
    }
    try {
      this.cache.put(await api.call(CHANNEL.segmentsRows, { ids: missing }), missing);
      this.rowsVersion += 1;
    } catch (error) {
      this.cache.release(missing);
      app.report(error);
    }
  }

  private storageKey(): string {
    return `ecgnq.review:${app.summary?.path ?? ''}`;
  }

  private restore(): Saved {
    try {
      const saved = JSON.parse(localStorage.getItem(this.storageKey()) ?? 'null') as Partial<Saved> | null;
      return { mode: saved?.mode === 'filter' ? 'filter' : this.mode, segmentId: typeof saved?.segmentId === 'number' ? saved.segmentId : null };
    } catch {
      return { mode: this.mode, segmentId: null };
    }
  }

  private save(segmentId: number | null): void {
    localStorage.setItem(this.storageKey(), JSON.stringify({ mode: this.mode, segmentId } satisfies Saved));
  }
}

/** The review state singleton. */
export const review = new ReviewState();
