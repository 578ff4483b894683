/**
 * A short-lived cache of in-flight requests, so that a view can start loading what it will show
 * before it is mounted (on pointer-down, on navigation) and pick the promise up when it mounts.
 * Entries expire after `maxAgeMs` (the data may change) and at most `capacity` are kept.
 */
export class Prefetcher<K, V> {
  private readonly entries = new Map<K, { promise: Promise<V>; at: number }>();

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly maxAgeMs = 2000,
    private readonly capacity = 4,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts loading `key` unless a fresh load is already in flight. Never throws. */
  prefetch(key: K): void {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at <= this.maxAgeMs) {
      return;
    }
    const promise = this.load(key);
    promise.catch(() => undefined); // the taker sees the error; an untaken prefetch must not be "unhandled"
    this.entries.delete(key);
    this.entries.set(key, { promise, at: this.now() });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }

  /** The prefetched promise for `key` if fresh (and forgets it), else a new load. */
  take(key: K): Promise<V> {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry && this.now() - entry.at <= this.maxAgeMs ? entry.promise : this.load(key);
  }

  /** Drops every entry (after a change that makes them stale, e.g. a relabel). */
  clear(): void {
    this.entries.clear();
  }
}
