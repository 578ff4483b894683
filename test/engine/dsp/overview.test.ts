/**
 * Min/max envelopes (dsp/overview.ts) against a direct computation: buckets fed in any block sizes
 * equal one pass over the whole lead; reducing buckets to pixels equals min/max over each pixel's samples.
 */
import { describe, expect, it } from 'vitest';
import { MinMaxBuckets, reduceEnvelope, sampleEnvelope } from '../../../src-main/engine/dsp/overview';

const lead = Float64Array.from({ length: 10_007 }, (_, i) => (i % 997 === 0 ? Number.NaN : Math.sin(i * 0.013) * 3 + ((i * 7919) % 31) / 31));

function direct(samples: ArrayLike<number>, from: number, to: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < to; i++) {
    if (!Number.isNaN(samples[i])) {
      lo = Math.min(lo, samples[i]);
      hi = Math.max(hi, samples[i]);
    }
  }
  return lo <= hi ? [Math.fround(lo), Math.fround(hi)] : [Number.NaN, Number.NaN];
}

describe('MinMaxBuckets', () => {
  it('gives the same buckets whatever the block sizes, NaN samples left out', () => {
    for (const blocks of [[lead.length], [1, 99, 1000, 8907], [333, 333, 333, 9008]]) {
      const b = new MinMaxBuckets(100, lead.length);
      let at = 0;
      for (const size of blocks) {
        b.push(lead.subarray(at, at + size));
        at += size;
      }
      expect(b.mins.length).toBe(101);
      for (let k = 0; k < b.mins.length; k++) {
        expect([b.mins[k], b.maxs[k]], `bucket ${k}`).toEqual(direct(lead, k * 100, Math.min(lead.length, (k + 1) * 100)));
      }
    }
  });

  it('a bucket of invalid samples only is NaN', () => {
    const b = new MinMaxBuckets(2, 4);
    b.push([Number.NaN, Number.NaN, 1, 2]);
    expect(Array.from(b.mins)).toEqual([Number.NaN, 1]);
  });
});

describe('reduceEnvelope and sampleEnvelope', () => {
  it('reduces buckets to columns of whole buckets: min/max over each column\'s samples', () => {
    const b = new MinMaxBuckets(10, lead.length);
    b.push(lead);
    const columns = reduceEnvelope(b, 3, b.mins.length, 28); // buckets 3…1000 in columns of 28 (the last of 17)
    expect(columns.mins.length).toBe(36);
    for (let p = 0; p < 36; p++) {
      const first = (3 + 28 * p) * 10;
      const end = Math.min(lead.length, first + 280);
      expect([columns.mins[p], columns.maxs[p]], `column ${p}`).toEqual(direct(lead, first, end));
    }
    const raw = sampleEnvelope(lead.subarray(500, 800), 300);
    expect(raw.mins.length).toBe(300);
    expect(raw.mins[7]).toBe(Math.fround(lead[507]));
    expect(sampleEnvelope(lead, 100).mins.length).toBe(100);
  });
});
