/** A small least-recently-used cache (the workstation keeps decoded records and scalograms in them). */

/** Least-recently-used map of at most `capacity` entries. */
export class LruCache<V> {
  private readonly map = new Map<string, V>();

  /** @param onEvict - called with each value the cache drops (for room, or by {@link clear}). */
  constructor(
    private readonly capacity: number,
    private readonly onEvict?: (value: V) => void,
  ) {}

  /** The value under `key` (marked most recently used), or undefined. */
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Stores a value, evicting the least recently used beyond capacity. */
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string;
      const dropped = this.map.get(oldest) as V;
      this.map.delete(oldest);
      this.onEvict?.(dropped);
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

/** The value under `key`, computed by `make` on a miss; a rejected promise is not kept. */
export function cachedPromise<V>(cache: LruCache<Promise<V>>, key: string, make: () => Promise<V>): Promise<V> {
  let pending = cache.get(key);
  if (!pending) {
    pending = make();
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
