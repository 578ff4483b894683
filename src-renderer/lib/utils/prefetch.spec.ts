import { describe, expect, it } from 'vitest';
import { Prefetcher } from './prefetch';

function counting(): { load: (key: number) => Promise<string>; calls: number[] } {
  const calls: number[] = [];
  return { calls, load: (key) => (calls.push(key), Promise.resolve(`v${key}:${calls.length}`)) };
}

describe('Prefetcher', () => {
  it('hands a prefetched promise to the first taker only', async () => {
    const source = counting();
    const cache = new Prefetcher(source.load);
    cache.prefetch(7);
    cache.prefetch(7);
    expect(await cache.take(7)).toBe('v7:1');
    expect(source.calls).toEqual([7]);
    expect(await cache.take(7)).toBe('v7:2');
    expect(source.calls).toEqual([7, 7]);
  });

  it('reloads entries older than maxAgeMs', async () => {
    let clock = 0;
    const source = counting();
    const cache = new Prefetcher(source.load, 100, 4, () => clock);
    cache.prefetch(1);
    clock = 101;
    expect(await cache.take(1)).toBe('v1:2');
    cache.prefetch(2);
    clock = 150;
    cache.prefetch(2);
    expect(source.calls).toEqual([1, 1, 2]);
  });

  it('keeps at most `capacity` entries, dropping the oldest', async () => {
    const source = counting();
    const cache = new Prefetcher(source.load, 1000, 2);
    cache.prefetch(1);
    cache.prefetch(2);
    cache.prefetch(3);
    await cache.take(1);
    expect(source.calls).toEqual([1, 2, 3, 1]);
    cache.clear();
    await cache.take(3);
    expect(source.calls).toEqual([1, 2, 3, 1, 3]);
  });

  it('passes a failed prefetch on to the taker without an unhandled rejection', async () => {
    const cache = new Prefetcher<number, string>(() => Promise.reject(new Error('gone')));
    cache.prefetch(1);
    await expect(cache.take(1)).rejects.toThrow('gone');
  });
});
