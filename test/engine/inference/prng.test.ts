/**
 * PRNG and Gaussian sampler of the diffusion noise. Expected vectors: FNV-1a and SplitMix64 from their
 * published reference values; xoshiro128**, key seeds and Gaussians from the independent Python
 * implementation `python3 test/engine/inference/prng_reference.py`.
 */
import { describe, expect, it } from 'vitest';
import {
  fnv1a64,
  gaussianFromSeed,
  seedFromKey,
  splitMix64,
  Xoshiro128ss,
} from '../../../src-main/engine/inference/prng';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('prng', () => {
  it('FNV-1a 64 matches the published test vectors', () => {
    expect(fnv1a64(utf8(''))).toBe(0xcbf29ce484222325n);
    expect(fnv1a64(utf8('a'))).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64(utf8('foobar'))).toBe(0x85944171f73967e8n);
  });

  it('SplitMix64 from state 0 gives the reference outputs', () => {
    const a = splitMix64(0n);
    const b = splitMix64(a.state);
    expect(a.value).toBe(0xe220a8397b1dcdafn);
    expect(b.value).toBe(0x6e789e6aa1b965f4n);
  });

  it('xoshiro128** matches the Python reference', () => {
    const rng = new Xoshiro128ss(42n);
    const got = Array.from({ length: 5 }, () => rng.nextUint32());
    expect(got).toEqual([825760943, 2622800619, 310231447, 2495256757, 2989135795]);
  });

  it('key seed and Gaussian stream match the Python reference', () => {
    const seed = seedFromKey([7, 'HR06000', 3, 1]);
    expect(seed).toBe(5454515600341945649n);
    const z = gaussianFromSeed(seed, 5);
    const expected = [-0.10000648349523544, -0.32324135303497314, -0.9921958446502686, 0.9611501693725586, 0.08338853716850281];
    for (let i = 0; i < 5; i++) {
      expect(Math.abs(z[i] - expected[i])).toBeLessThan(1e-6);
    }
  });

  it('different keys give different streams; the same key the same stream', () => {
    const a = gaussianFromSeed(seedFromKey([0, 'r', 0, 0]), 64);
    const b = gaussianFromSeed(seedFromKey([0, 'r', 0, 1]), 64);
    const c = gaussianFromSeed(seedFromKey([0, 'r', 1, 0]), 64);
    const a2 = gaussianFromSeed(seedFromKey([0, 'r', 0, 0]), 64);
    expect(a).toEqual(a2);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
    // "r" + lead 10 must not collide with "r1" + lead 0 (the separator prevents it)
    expect(seedFromKey([0, 'r', 10, 0])).not.toBe(seedFromKey([0, 'r1', 0, 0]));
  });

  it('Gaussian sample has mean ≈ 0 and variance ≈ 1', () => {
    const n = 200_000;
    const z = gaussianFromSeed(123n, n);
    let sum = 0;
    let sumSq = 0;
    for (const v of z) {
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    // standard errors: mean 1/sqrt(n) ≈ 0.0022, variance sqrt(2/n) ≈ 0.0032 → 5 sigma bounds
    expect(Math.abs(mean)).toBeLessThan(0.012);
    expect(Math.abs(variance - 1)).toBeLessThan(0.016);
  });
});
