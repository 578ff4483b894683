/**
 * Row cache of the virtualised table: keeps fetched rows by id, works out which ids of a visible
 * window still need fetching (in page-aligned chunks), and bounds memory by evicting old pages.
 */

/** Rows by id, with page bookkeeping. */
export class RowCache<Row extends { id: number }> {
  private readonly rows = new Map<number, Row>();
  private readonly pending = new Set<number>();

  constructor(
    readonly pageSize = 200,
    readonly maxRows = 20_000,
  ) {}

  get(id: number): Row | undefined {
    return this.rows.get(id);
  }

  get size(): number {
    return this.rows.size;
  }

  /**
   * Ids in `ids[first..last]` (inclusive, clamped), widened to whole pages, that are neither
   * cached nor being fetched. Marks them pending.
   */
  missing(ids: ArrayLike<number>, first: number, last: number): number[] {
    const start = Math.max(0, Math.floor(first / this.pageSize) * this.pageSize);
    const end = Math.min(ids.length, (Math.floor(Math.max(last, 0) / this.pageSize) + 1) * this.pageSize);
    const out: number[] = [];
    for (let k = start; k < end; k++) {
      const id = ids[k];
      if (!this.rows.has(id) && !this.pending.has(id)) {
        out.push(id);
        this.pending.add(id);
      }
    }
    return out;
  }

  /** Stores fetched rows (and clears their pending marks). */
  put(rows: Row[], requested: number[] = []): void {
    for (const id of requested) {
      this.pending.delete(id);
    }
    for (const row of rows) {
      this.pending.delete(row.id);
      this.rows.delete(row.id);
      this.rows.set(row.id, row);
    }
    while (this.rows.size > this.maxRows) {
      const oldest = this.rows.keys().next().value as number;
      this.rows.delete(oldest);
    }
  }

  /** Forgets pending marks (after a failed fetch) so the ids are requested again. */
  release(ids: number[]): void {
    ids.forEach((id) => this.pending.delete(id));
  }

  /** Drops cached rows (all, or the given ids). */
  invalidate(ids?: number[]): void {
    if (ids) {
      ids.forEach((id) => this.rows.delete(id));
    } else {
      this.rows.clear();
      this.pending.clear();
    }
  }
}

/** First and last row index visible in a scroll viewport (with `overscan` rows either side). */
export function visibleRange(scrollTopPx: number, viewportPx: number, rowPx: number, total: number, overscan = 10): [number, number] {
  if (total === 0) {
    return [0, -1];
  }
  const first = Math.max(0, Math.floor(scrollTopPx / rowPx) - overscan);
  const last = Math.min(total - 1, Math.ceil((scrollTopPx + viewportPx) / rowPx) + overscan);
  return [first, last];
}
