/**
 * Unit tests of the WFDB byte decoders and frame alignment on hand-built bytes. Expected values are
 * worked out by hand from signal(5) (https://physionet.org/physiotools/wag/signal-5.htm); the
 * decoders are also checked end to end against wfdb-python in wfdb.test.ts (binformats record).
 */
import { describe, expect, it } from 'vitest';
import { decodableSamples, decodeSamples, INVALID_SAMPLE } from '../../../src-main/engine/io/wfdb/formats';
import { alignFrames } from '../../../src-main/engine/io/wfdb/frames';
import { readWfdbRecord } from '../../../src-main/engine/io/wfdb';

describe('format decoders', () => {
  it('212: 12-bit pairs in 3 bytes, high nibbles in the middle byte', () => {
    // samples 0x123 and 0x800 (= −2048, invalid): byte0 = 0x23, byte1 = (0x8 << 4) | 0x1, byte2 = 0x00
    expect(Array.from(decodeSamples(212, new Uint8Array([0x23, 0x81, 0x00]), 2))).toEqual([0x123, -2048]);
    expect(INVALID_SAMPLE[212]).toBe(-2048);
    // odd sample count: the last sample needs 2 bytes of its group
    expect(decodableSamples(212, 5)).toBe(3);
  });

  it('310 and 311: three 10-bit samples in 4 bytes, partial trailing groups', () => {
    // 311: word = s0 | s1 << 10 | s2 << 20 with s0 = 1, s1 = −1 (0x3ff), s2 = −512 (0x200)
    const word = 1 | (0x3ff << 10) | (0x200 << 20);
    const bytes311 = new Uint8Array([word & 0xff, (word >> 8) & 0xff, (word >> 16) & 0xff, (word >>> 24) & 0xff]);
    expect(Array.from(decodeSamples(311, bytes311, 3))).toEqual([1, -1, -512]);
    // 310: w0 = s0 << 1 | (s2 & 0x1f) << 11, w1 = s1 << 1 | (s2 >> 5) << 11 with s0 = 5, s1 = −2, s2 = 100
    const s2 = 100;
    const w0 = (5 << 1) | ((s2 & 0x1f) << 11);
    const w1 = ((-2 & 0x3ff) << 1) | ((s2 >> 5) << 11);
    const bytes310 = new Uint8Array([w0 & 0xff, w0 >> 8, w1 & 0xff, (w1 >> 8) & 0xff]);
    expect(Array.from(decodeSamples(310, bytes310, 3))).toEqual([5, -2, 100]);
    expect([decodableSamples(310, 1358), decodableSamples(311, 1358), decodableSamples(311, 1359)]).toEqual([1018, 1018, 1019]);
  });

  it('16/61/160/24/32/80/8 byte orders and offsets', () => {
    expect(Array.from(decodeSamples(16, new Uint8Array([0x00, 0x80, 0xff, 0x7f]), 2))).toEqual([-32768, 32767]);
    expect(Array.from(decodeSamples(61, new Uint8Array([0x80, 0x00, 0x7f, 0xff]), 2))).toEqual([-32768, 32767]);
    expect(Array.from(decodeSamples(160, new Uint8Array([0x00, 0x80, 0x00, 0x00]), 2))).toEqual([0, -32768]);
    expect(Array.from(decodeSamples(24, new Uint8Array([0xff, 0xff, 0xff, 0x00, 0x00, 0x80]), 2))).toEqual([-1, -8388608]);
    expect(Array.from(decodeSamples(32, new Uint8Array([0xfe, 0xff, 0xff, 0xff]), 1))).toEqual([-2]);
    expect(Array.from(decodeSamples(80, new Uint8Array([0, 128, 255]), 3))).toEqual([-128, 0, 127]);
    expect(Array.from(decodeSamples(8, new Uint8Array([0xff, 0x02]), 2))).toEqual([-1, 2]);
  });
});

describe('record assembly on synthetic files', () => {
  const files: Record<string, Uint8Array> = {
    'syn.hea': new TextEncoder().encode('syn 2 100 3\nsyn.dat 16 100(10)/uV 16 0 0 0 0 A\nsyn.dat 16x2:1 0/mV 16 0 0 0 0 B\n'),
    // frames: [A, B0, B1] × 4 (one extra frame in the file for B's skew)
    'syn.dat': new Uint8Array(new Int16Array([110, 1, 2, 210, 3, 4, -32768, 5, 6, 410, 7, 8]).buffer),
  };
  const read = (name: string): Uint8Array => {
    const bytes = files[name];
    if (bytes === undefined) {
      throw new Error(`ENOENT ${name}`);
    }
    return bytes;
  };

  it('applies baseline, µV→mV, default gain, invalid → NaN, skew and samples per frame', () => {
    const record = readWfdbRecord('syn', read);
    expect(record.fsHz).toBe(200); // frame rate 100 Hz × 2 samples per frame (B)
    // A: (adc − 10) / 100 µV → mV, held for 2 output samples; frame 2 is invalid.
    expect(Array.from(record.signals[0]!)).toEqual([0.001, 0.001, 0.002, 0.002, Number.NaN, Number.NaN]);
    // B: skew 1 → frames 1..3 of the file, but frame 3 lies past the stated length (NaN, as wfdb-python).
    expect(Array.from(record.signals[1]!)).toEqual([3 / 200, 4 / 200, 5 / 200, 6 / 200, Number.NaN, Number.NaN]);
    const averaged = readWfdbRecord('syn', read, { frameMode: 'average' });
    expect(averaged.fsHz).toBe(100);
    expect(Array.from(averaged.signals[1]!)).toEqual([3.5 / 200, 5.5 / 200, Number.NaN]);
  });
});

describe('header text encodings', () => {
  it('reads µV written as UTF-8 or as the latin1 byte 0xB5', () => {
    const dat = new Uint8Array(new Int16Array([1000, 2000]).buffer);
    const utf8 = new TextEncoder().encode('u 1 100 2\nu.dat 16 1/µV 16 0 0 0 0 I\n');
    const latin1 = Uint8Array.from('l 1 100 2\nl.dat 16 1/\u00b5V 16 0 0 0 0 I\n', (ch) => ch.charCodeAt(0));
    for (const [name, header] of [['u', utf8], ['l', latin1]] as const) {
      const record = readWfdbRecord(name, (file) => (file.endsWith('.hea') ? header : dat));
      expect(record.unitsKnown).toBe(true);
      expect(record.sourceUnits).toEqual(['µV']);
      expect(Array.from(record.signals[0]!)).toEqual([1, 2]); // 1000 µV = 1 mV
    }
  });
});

describe('alignFrames', () => {
  it('holds slower signals at the fastest rate, or averages frames', () => {
    const fast = new Float64Array([1, 2, 3, 4, 5, 6]); // 3 per frame
    const slow = new Float64Array([10, 20]); // 1 per frame
    const up = alignFrames([fast, slow], [3, 1], 2, 'upsample');
    expect(up.samplesPerFrame).toBe(3);
    expect(Array.from(up.signals[1]!)).toEqual([10, 10, 10, 20, 20, 20]);
    const avg = alignFrames([fast, slow], [3, 1], 2, 'average');
    expect(Array.from(avg.signals[0]!)).toEqual([2, 5]);
    expect(avg.signals[1]).toBe(slow);
  });
});
