/**
 * Min/max envelopes of long leads for the record overview: per-bucket minimum and maximum kept as
 * samples stream past (a day at 1 kHz is 86,400 one-second buckets, 0.7 MB per lead in float32), and
 * reduced to columns of whole buckets for any span, so a day-long record draws without reading it.
 * Invalid samples (NaN) are left out; a bucket without a valid sample is NaN.
 */

/** Seconds of recording per stored overview bucket. */
export const OVERVIEW_BUCKET_S = 1;

/** Min/max per pixel (or per bucket): NaN where no valid sample fell. */
export interface MinMaxEnvelope {
  mins: Float32Array;
  maxs: Float32Array;
}

/** Accumulates one lead's per-bucket min/max from consecutive blocks of samples. */
export class MinMaxBuckets {
  readonly mins: Float32Array;
  readonly maxs: Float32Array;
  private position = 0;

  /**
   * @param bucketSamples - samples per bucket (positive integer).
   * @param nSamples - samples the lead has (the last bucket may be partial).
   */
  constructor(
    readonly bucketSamples: number,
    nSamples: number,
  ) {
    const buckets = Math.ceil(nSamples / bucketSamples);
    this.mins = new Float32Array(buckets).fill(Number.NaN);
    this.maxs = new Float32Array(buckets).fill(Number.NaN);
  }

  /** Adds the next samples of the lead. */
  push(block: ArrayLike<number>): void {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let bucket = Math.floor(this.position / this.bucketSamples);
    let left = this.bucketSamples - (this.position % this.bucketSamples);
    const flush = (): void => {
      if (lo <= hi) {
        this.mins[bucket] = Number.isNaN(this.mins[bucket]) ? lo : Math.min(this.mins[bucket], lo);
        this.maxs[bucket] = Number.isNaN(this.maxs[bucket]) ? hi : Math.max(this.maxs[bucket], hi);
      }
    };
    for (let i = 0; i < block.length; i++) {
      const v = block[i];
      if (v < lo) {
        lo = v;
      }
      if (v > hi) {
        hi = v;
      }
      if (--left === 0) {
        flush();
        bucket += 1;
        left = this.bucketSamples;
        lo = Number.POSITIVE_INFINITY;
        hi = Number.NEGATIVE_INFINITY;
      }
    }
    if (left !== this.bucketSamples) {
      flush();
    }
    this.position += block.length;
  }
}

/**
 * Reduces buckets `[first, end)` of an envelope to columns of `group` buckets each (the last may hold
 * fewer): each column the min of its buckets' mins and the max of their maxs.
 */
export function reduceEnvelope(envelope: MinMaxEnvelope, first: number, end: number, group: number): MinMaxEnvelope {
  const n = Math.max(0, end - first);
  const out = Math.ceil(n / group);
  const mins = new Float32Array(out).fill(Number.NaN);
  const maxs = new Float32Array(out).fill(Number.NaN);
  for (let p = 0; p < out; p++) {
    const a = first + p * group;
    const b = Math.min(end, a + group);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = a; i < b; i++) {
      // NaN comparisons are false: empty buckets drop out.
      if (envelope.mins[i] < lo) {
        lo = envelope.mins[i];
      }
      if (envelope.maxs[i] > hi) {
        hi = envelope.maxs[i];
      }
    }
    if (lo <= hi) {
      mins[p] = lo;
      maxs[p] = hi;
    }
  }
  return { mins, maxs };
}

/** Min/max envelope of samples in columns of `ceil(n / pixels)` samples (at most `pixels` columns). */
export function sampleEnvelope(samples: ArrayLike<number>, pixels: number): MinMaxEnvelope {
  const buckets = new MinMaxBuckets(Math.max(1, Math.ceil(samples.length / pixels)), samples.length);
  buckets.push(samples);
  return buckets;
}
