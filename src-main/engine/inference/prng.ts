/**
 * Seeded pseudo-random numbers for the diffusion noise, so a segment's noise (and score) depends
 * only on its key — (global seed, sha256 of the segment's image, draw index), see
 * reverse-process.ts — never on names, batch size, order or thread count.
 *
 * Specification (stable; changing it changes every stored score, so bump `NOISE_STREAM_VERSION`):
 * 1. Key hash: FNV-1a 64 over the UTF-8 bytes of
 *    `"ecgnq-noise/v1" + "\u0000" + part0 + "\u0000" + part1 + …` where each part is written with
 *    `String(part)` (integers in decimal). FNV-1a 64: h = 0xcbf29ce484222325; for each byte b:
 *    h = (h XOR b) × 0x100000001b3 mod 2^64.
 * 2. The 64-bit hash is finalised with one SplitMix64 output (below) so nearby keys give unrelated seeds.
 * 3. Generator: xoshiro128** (Blackman & Vigna 2018) with 4 × 32-bit state words taken from two
 *    successive SplitMix64 outputs of the seed (high word first). SplitMix64:
 *    s += 0x9e3779b97f4a7c15; z = s; z = (z ^ (z >> 30)) × 0xbf58476d1ce4e5b9;
 *    z = (z ^ (z >> 27)) × 0x94d049bb133111eb; return z ^ (z >> 31)   (all mod 2^64).
 *    xoshiro128** next(): r = rotl(s1 × 5, 7) × 9; t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2;
 *    s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11); return r   (all mod 2^32).
 * 4. Uniform float64 in [0, 1): (a >>> 5) · 2^26 + (b >>> 6), divided by 2^53, from two successive
 *    outputs a, b.
 * 5. Gaussian: basic Box–Muller. From uniforms u1, u2: r = sqrt(−2 ln(1 − u1)) (1 − u1 ∈ (0, 1]),
 *    z0 = r cos(2π u2), z1 = r sin(2π u2); values are emitted in the order z0, z1, z0', z1', … and
 *    a fill of odd length discards the last z1. Results are rounded to float32 when stored.
 * V8's Math.log/cos/sin are fdlibm ports, so the stream is identical across platforms.
 */

/** Version tag hashed into every key; part of score provenance. */
export const NOISE_STREAM_VERSION = 'ecgnq-noise/v1';

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** FNV-1a 64-bit hash of `bytes`. */
export function fnv1a64(bytes: Uint8Array): bigint {
  let h = FNV_OFFSET;
  for (const b of bytes) {
    h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  }
  return h;
}

/** One SplitMix64 step: returns the new state and the output (both 64-bit unsigned). */
export function splitMix64(state: bigint): { state: bigint; value: bigint } {
  const s = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return { state: s, value: z ^ (z >> 31n) };
}

/**
 * Seed for a key made of `parts` (e.g. global seed, image hash, draw index), per
 * steps 1–2 of the module spec. Returns a 64-bit unsigned bigint.
 */
export function seedFromKey(parts: ReadonlyArray<string | number | bigint>): bigint {
  const text = [NOISE_STREAM_VERSION, ...parts.map((p) => String(p))].join('\u0000');
  return splitMix64(fnv1a64(new TextEncoder().encode(text))).value;
}

function rotl32(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** xoshiro128** generator seeded through SplitMix64 (module spec step 3). */
export class Xoshiro128ss {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed 64-bit seed (values are reduced mod 2^64). */
  constructor(seed: bigint) {
    const a = splitMix64(seed & MASK64);
    const b = splitMix64(a.state);
    this.s0 = Number(a.value >> 32n);
    this.s1 = Number(a.value & 0xffffffffn);
    this.s2 = Number(b.value >> 32n);
    this.s3 = Number(b.value & 0xffffffffn);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) {
      this.s0 = 1; // the all-zero state is a fixed point; SplitMix64 practically never yields it
    }
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl32(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl32(this.s3, 11);
    return result;
  }

  /** Uniform float64 in [0, 1) with 53 random bits (module spec step 4). */
  nextFloat64(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }
}

/**
 * Fills `out` with standard normal values (Box–Muller, module spec step 5), rounded to float32.
 * @returns `out`.
 */
export function fillGaussian(rng: Xoshiro128ss, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i += 2) {
    const u1 = rng.nextFloat64();
    const u2 = rng.nextFloat64();
    const r = Math.sqrt(-2 * Math.log(1 - u1));
    const angle = 2 * Math.PI * u2;
    out[i] = r * Math.cos(angle);
    if (i + 1 < out.length) {
      out[i + 1] = r * Math.sin(angle);
    }
  }
  return out;
}

/** `count` standard normal float32 values from the stream seeded by `seed`. */
export function gaussianFromSeed(seed: bigint, count: number): Float32Array {
  return fillGaussian(new Xoshiro128ss(seed), new Float32Array(count));
}
