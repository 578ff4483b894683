/** Trace decimation for small plots: the engine sends the renderer already-downsampled data. */

/**
 * Min/max decimation: splits `signal` into `buckets` equal spans and keeps each span's minimum and
 * maximum in time order (2 values per bucket), so spikes such as QRS complexes survive. Signals
 * with at most 2 × buckets samples are returned as they are.
 * @returns a new array of at most 2 × buckets values (rounded to 1e-4).
 */
export function minMaxDecimate(signal: ArrayLike<number>, buckets: number): number[] {
  const n = signal.length;
  const round = (v: number): number => Math.round(v * 1e4) / 1e4;
  if (n <= 2 * buckets) {
    return Array.from(signal, round);
  }
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (signal[i] < signal[lo]) {
        lo = i;
      }
      if (signal[i] > signal[hi]) {
        hi = i;
      }
    }
    if (lo <= hi) {
      out.push(round(signal[lo]), round(signal[hi]));
    } else {
      out.push(round(signal[hi]), round(signal[lo]));
    }
  }
  return out;
}
