/** Row cache + visible range of the virtualised table (the part that keeps 260k rows smooth). */
import { describe, expect, it } from 'vitest';
import { RowCache, visibleRange } from './row-cache';

describe('visibleRange', () => {
  it('covers the viewport plus overscan, clamped to the rows', () => {
    // 28-px rows, 560-px viewport scrolled to row 100: rows 100..120 visible, ±10 overscan.
    expect(visibleRange(2800, 560, 28, 260_000, 10)).toEqual([90, 130]);
    expect(visibleRange(0, 560, 28, 5, 10)).toEqual([0, 4]);
    expect(visibleRange(0, 560, 28, 0)).toEqual([0, -1]);
    // Bottom of a 260k table.
    expect(visibleRange(260_000 * 28 - 560, 560, 28, 260_000, 10)).toEqual([259_970, 259_999]);
  });
});

describe('RowCache', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => 5000 + i);

  it('asks for whole pages once, then nothing while they are pending or cached', () => {
    const cache = new RowCache<{ id: number }>(100, 10_000);
    const first = cache.missing(ids, 150, 160);
    expect(first).toEqual(ids.slice(100, 200));
    expect(cache.missing(ids, 150, 160)).toEqual([]);
    cache.put(first.map((id) => ({ id })), first);
    expect(cache.get(5150)).toEqual({ id: 5150 });
    expect(cache.missing(ids, 190, 210)).toEqual(ids.slice(200, 300));
  });

  it('re-requests ids released after a failed fetch', () => {
    const cache = new RowCache<{ id: number }>(10, 100);
    const asked = cache.missing(ids, 0, 3);
    cache.release(asked);
    expect(cache.missing(ids, 0, 3)).toEqual(asked);
  });

  it('evicts the oldest rows beyond maxRows and can be invalidated', () => {
    const cache = new RowCache<{ id: number }>(10, 20);
    cache.put(ids.slice(0, 30).map((id) => ({ id })));
    expect(cache.size).toBe(20);
    expect(cache.get(ids[0])).toBeUndefined();
    expect(cache.get(ids[29])).toBeDefined();
    cache.invalidate([ids[29]]);
    expect(cache.get(ids[29])).toBeUndefined();
    cache.invalidate();
    expect(cache.size).toBe(0);
  });
});
