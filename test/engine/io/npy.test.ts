/**
 * NPY/NPZ reader and writer tests.
 *
 * Fixtures in test/fixtures/npy were written by numpy:
 *   .venv/bin/python test/fixtures/npy/make_npy_fixtures.py
 * Every fixture is np.arange-based (base = arange(24).reshape(2,3,4) - 5.5), so the expected values are
 * derived here, independently of numpy. Real files: ../shared/golden/superlet_golden_cpu_x64.npz,
 * ../shared/data/example/ecg_example.npz, ../shared/data/ptbxl/ptbxl_subset_100hz.npz (expected numbers
 * printed by `np.load(...)` in the venv, quoted next to each assertion).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EcgFormatError } from '../../../src-main/engine/errors';
import { halfToFloat, ndArrayToFloat64, readNpy, writeNpy } from '../../../src-main/engine/io/npy';
import { readNpz } from '../../../src-main/engine/io/npz';

const FIX = join(__dirname, '../../fixtures/npy');
const SHARED = join(__dirname, '../../../../shared');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIX, name)));
/** base in C order: -5.5, -4.5, ..., 17.5 */
const BASE = Array.from({ length: 24 }, (_, i) => i - 5.5);

describe('readNpy', () => {
  it.each(['f8_c.npy', 'f8_fortran.npy', 'v2_f8.npy', 'v3_f8.npy', 'f8_be_fortran.npy'])(
    '%s decodes to the C-order float64 base array',
    (name) => {
      const arr = readNpy(fixture(name), name);
      expect(arr.shape).toEqual([2, 3, 4]);
      expect(arr.data).toBeInstanceOf(Float64Array);
      expect(Array.from(arr.data)).toEqual(BASE);
      expect(arr.fortranOrder).toBe(name.includes('fortran'));
    },
  );

  it('converts a 2-D Fortran-order float32 array to C order', () => {
    const arr = readNpy(fixture('f4_fortran_2d.npy'), 'f4_fortran_2d.npy');
    expect(arr.shape).toEqual([3, 4]);
    expect(arr.data).toBeInstanceOf(Float32Array);
    expect(Array.from(arr.data)).toEqual(BASE.slice(0, 12));
  });

  it.each(['f2_le.npy', 'f2_be.npy', 'f4_be.npy'])('%s (half/float32, both endians) → Float32Array', (name) => {
    const arr = readNpy(fixture(name), name);
    expect(arr.data).toBeInstanceOf(Float32Array);
    // all base values (multiples of 0.5 below 2048) are exact in float16
    expect(Array.from(arr.data)).toEqual(BASE);
  });

  it('reads integer dtypes: int16, big-endian int32, int64 → Float64Array', () => {
    const doubled = BASE.map((v) => Math.trunc(v * 2));
    const i2 = readNpy(fixture('i2.npy'), 'i2.npy');
    expect(i2.data).toBeInstanceOf(Int16Array);
    expect(Array.from(i2.data)).toEqual(doubled);
    const i4 = readNpy(fixture('i4_be.npy'), 'i4_be.npy');
    expect(i4.data).toBeInstanceOf(Int32Array);
    expect(Array.from(i4.data)).toEqual(doubled);
    const i8 = readNpy(fixture('i8.npy'), 'i8.npy');
    expect(i8.data).toBeInstanceOf(Float64Array);
    expect(Array.from(i8.data)).toEqual(doubled);
  });

  it('reads uint8, bool, a 0-d scalar and a zero-length array', () => {
    expect(Array.from(readNpy(fixture('u1.npy'), 'u1').data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const b = readNpy(fixture('b1.npy'), 'b1');
    expect(b.shape).toEqual([2, 12]);
    expect(Array.from(b.data)).toEqual(Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? 1 : 0)));
    const s = readNpy(fixture('scalar_i2.npy'), 'scalar');
    expect(s.shape).toEqual([]);
    expect(Array.from(s.data)).toEqual([360]);
    const e = readNpy(fixture('empty_f8.npy'), 'empty');
    expect(e.shape).toEqual([0, 5]);
    expect(e.data.length).toBe(0);
  });

  it('reads string arrays (UCS-4 and bytes, Fortran order) into `strings`', () => {
    expect(readNpy(fixture('u_leads.npy'), 'u').strings).toEqual(['I', 'II', 'aVR']);
    expect(readNpy(fixture('s_leads.npy'), 's').strings).toEqual(['I', 'II', 'aVR']);
    const f = readNpy(fixture('u_fortran.npy'), 'f');
    expect(f.shape).toEqual([2, 2]);
    expect(f.strings).toEqual(['a', 'bb', 'ccc', 'd']); // np.array([['a','bb'],['ccc','d']]) in C order
    expect(f.data.length).toBe(0);
  });

  it('halfToFloat handles subnormals, infinities and NaN (IEEE 754 binary16 bit patterns)', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToFloat(0x7bff)).toBe(65504); // largest finite
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
  });

  it('rejects truncated data, trailing bytes and bad magic with EcgFormatError naming the file', () => {
    const good = fixture('f8_c.npy');
    expect(() => readNpy(good.subarray(0, good.length - 8), 'cut.npy')).toThrow(/cut\.npy: truncated npy data/);
    const longer = new Uint8Array(good.length + 8);
    longer.set(good);
    expect(() => readNpy(longer, 'long.npy')).toThrow(/long\.npy: npy file is longer/);
    const bad = good.slice();
    bad[1] = 0x41;
    expect(() => readNpy(bad, 'magic.npy')).toThrow(EcgFormatError);
    expect(() => readNpy(new Uint8Array(0), 'empty.npy')).toThrow(/empty file/);
  });
});

describe('writeNpy', () => {
  it('round-trips float32, float64, uint8 and int16 with a 64-byte aligned v1.0 header', () => {
    const cases = [
      { dtype: '<f4' as const, shape: [2, 3, 4], data: Float32Array.from(BASE) },
      { dtype: '<f8' as const, shape: [24], data: Float64Array.from(BASE) },
      { dtype: '|u1' as const, shape: [4, 6], data: Uint8Array.from({ length: 24 }, (_, i) => i * 10) },
      { dtype: '<i2' as const, shape: [1, 24], data: Int16Array.from(BASE.map((v) => Math.round(v * 100))) },
    ];
    for (const c of cases) {
      const bytes = writeNpy(c);
      const headerLength = bytes[8] | (bytes[9] << 8);
      expect((10 + headerLength) % 64).toBe(0);
      const back = readNpy(bytes, 'roundtrip.npy');
      expect(back.dtype).toBe(c.dtype);
      expect(back.shape).toEqual(c.shape);
      expect(Array.from(back.data)).toEqual(Array.from(c.data));
    }
  });

  it('writes exactly the header numpy writes for the same array', () => {
    // numpy's header for np.zeros((32, 256), '<f4'): {'descr': '<f4', 'fortran_order': False, 'shape': (32, 256), }
    const bytes = writeNpy({ dtype: '<f4', shape: [32, 256], data: new Float32Array(32 * 256) });
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + (bytes[8] | (bytes[9] << 8))));
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (32, 256), }");
    expect(header.endsWith('\n')).toBe(true);
    expect(() => writeNpy({ dtype: '<f8', shape: [3], data: [1, 2] })).toThrow(RangeError);
  });
});

describe('readNpz', () => {
  it('reads stored and deflated archives, keys without .npy', () => {
    const stored = readNpz(fixture('stored.npz'), 'stored.npz');
    expect([...stored.keys()]).toEqual(['signal', 'fs']);
    expect(Array.from(stored.get('signal')!.data)).toEqual(BASE);
    expect(Array.from(stored.get('fs')!.data)).toEqual([250]);
    const deflated = readNpz(fixture('deflated.npz'), 'deflated.npz');
    expect(deflated.get('signals')!.shape).toEqual([2, 3, 4]);
    expect(Array.from(deflated.get('signals')!.data)).toEqual(BASE);
    expect(Array.from(deflated.get('ecg_id')!.data)).toEqual([7, 9]);
  });

  it('rejects a truncated archive and a non-zip file', () => {
    const z = fixture('deflated.npz');
    expect(() => readNpz(z.subarray(0, 200), 'cut.npz')).toThrow(/cut\.npz: corrupt or truncated npz/);
    expect(() => readNpz(fixture('f8_c.npy'), 'not.npz')).toThrow(/not\.npz: bad npz magic/);
  });

  const golden = join(SHARED, 'golden/superlet_golden_cpu_x64.npz');
  it.runIf(existsSync(golden))('reads the superlet golden archive (stored)', () => {
    const m = readNpz(new Uint8Array(readFileSync(golden)), golden);
    expect(m.size).toBe(24); // 8 signals × {signal, scalogram, image}
    const sig = m.get('example_500hz.signal')!;
    expect(sig.dtype).toBe('<f8');
    expect(sig.shape).toEqual([5000]);
    expect(sig.data[0]).toBe(0.435); // np.load(...)['example_500hz.signal'][0]
    const sc = m.get('tones_100hz.scalogram')!;
    expect(sc.shape).toEqual([32, 256]);
    expect(sc.data[0]).toBeCloseTo(-3.2202444076538086, 12); // float32 value printed by numpy
    const img = m.get('noise_500hz.image')!;
    expect(img.dtype).toBe('|u1');
    expect(Array.from(img.data.subarray(0, 3))).toEqual([182, 184, 162]);
    expect(Array.from(m.get('flat_500hz.scalogram')!.data.subarray(0, 2))).toEqual([-24, -24]);
  });

  const example = join(SHARED, 'data/example/ecg_example.npz');
  it.runIf(existsSync(example))('reads the paper example ecg_example.npz', () => {
    const m = readNpz(new Uint8Array(readFileSync(example)), example);
    expect(m.get('signal')!.shape).toEqual([5000]);
    expect(m.get('scalogram')!.shape).toEqual([32, 256]);
    expect(m.get('scalogram')!.data[0]).toBeCloseTo(-3.2614054679870605, 12);
    expect(ndArrayToFloat64(m.get('signal')!)).toBeInstanceOf(Float64Array);
  });

  const ptbxl = join(SHARED, 'data/ptbxl/ptbxl_subset_100hz.npz');
  it.runIf(existsSync(ptbxl))('reads the PTB-XL float16 subset [1625, 12, 1000]', () => {
    const m = readNpz(new Uint8Array(readFileSync(ptbxl)), ptbxl);
    const s = m.get('signals')!;
    expect(s.dtype).toBe('<f2');
    expect(s.shape).toEqual([1625, 12, 1000]);
    expect(s.data).toBeInstanceOf(Float32Array);
    // np.load(...)['signals'].ravel()[:3].astype(float) → [-0.09417725, -0.15771484, -0.18713379]
    expect(s.data[0]).toBeCloseTo(-0.09417724609375, 10);
    expect(s.data[2]).toBeCloseTo(-0.1871337890625, 10);
    expect(Array.from(m.get('ecg_id')!.data.subarray(0, 3))).toEqual([24, 43, 55]);
    expect(Array.from(m.get('fs')!.data)).toEqual([100]);
    expect(m.get('fs')!.shape).toEqual([]);
  });
});
