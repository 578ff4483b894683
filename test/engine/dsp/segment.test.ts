/**
 * segmentWindows / sliceWindow follow the reference `segment_ecg` and the last-window rule of
 * `compute_psnr_matrix` (Han et al., arXiv 2506.11815, utils/inference.py):
 * full windows [i·L, (i+1)·L), a remainder r > 0 adds the window [n−L, n) whose valid columns are
 * int(256 · (r / L)). Expected values below are worked out by hand from that rule.
 */
import { describe, expect, it } from 'vitest';
import { DspParamError } from '../../../src-main/engine/errors';
import { segmentWindows, sliceWindow, windowLengthSamples } from '../../../src-main/engine/dsp/segment';

describe('segmentWindows', () => {
  it('one exact 10-s window at 500 Hz', () => {
    expect(segmentWindows(5000, 500)).toEqual([
      { index: 0, startSample: 0, endSample: 5000, validColumns: 256 },
    ]);
  });

  it('a 24-s record at 500 Hz: two full windows and a trailing window of the last 10 s', () => {
    // n = 12000, L = 5000: 2 full windows, r = 2000 → window [7000, 12000), int(256·0.4) = 102.
    expect(segmentWindows(12000, 500)).toEqual([
      { index: 0, startSample: 0, endSample: 5000, validColumns: 256 },
      { index: 1, startSample: 5000, endSample: 10000, validColumns: 256 },
      { index: 2, startSample: 7000, endSample: 12000, validColumns: 102 },
    ]);
  });

  it('rounds the valid columns down (int() in the reference)', () => {
    // r/L = 125/1000 = 0.125 exactly → 32; r/L = 999/1000 → 255.744 → 255.
    expect(segmentWindows(1125, 100).at(-1)!.validColumns).toBe(32);
    expect(segmentWindows(1999, 100).at(-1)!.validColumns).toBe(255);
    // 360 Hz: r = 225 of L = 3600 → 0.0625 · 256 = 16 exactly.
    expect(segmentWindows(2 * 3600 + 225, 360).at(-1)).toEqual({
      index: 2,
      startSample: 3825,
      endSample: 7425,
      validColumns: 16,
    });
  });

  it('a tiny remainder gives a trailing window with 0 valid columns (no PSNR, as the reference)', () => {
    // r = 3 of 1000 → int(0.768) = 0.
    const windows = segmentWindows(1003, 100);
    expect(windows).toHaveLength(2);
    expect(windows[1]).toEqual({ index: 1, startSample: 3, endSample: 1003, validColumns: 0 });
  });

  it('a whole MIT-BIH record (650000 samples at 360 Hz)', () => {
    // 650000 = 180·3600 + 2000 → 181 windows; int(256 · 2000/3600) = int(142.2) = 142.
    const windows = segmentWindows(650000, 360);
    expect(windows).toHaveLength(181);
    expect(windows[179]).toEqual({ index: 179, startSample: 644400, endSample: 648000, validColumns: 256 });
    expect(windows[180]).toEqual({ index: 180, startSample: 646400, endSample: 650000, validColumns: 142 });
  });

  it('honours other window lengths and column counts', () => {
    // 2.5-s windows at 200 Hz = 500 samples; n = 1250 → r = 250 → int(64 · 0.5) = 32.
    expect(segmentWindows(1250, 200, 2.5, 64).map((w) => [w.startSample, w.validColumns])).toEqual([
      [0, 64],
      [500, 64],
      [750, 32],
    ]);
  });

  it('rejects records shorter than 10 s, naming the length', () => {
    expect(() => segmentWindows(999, 100)).toThrow(DspParamError);
    expect(() => segmentWindows(999, 100)).toThrow(/999 samples \(9\.990 s at 100 Hz\)/);
    expect(() => segmentWindows(0, 500)).toThrow(/0 samples/);
  });

  it('rejects bad rates, window lengths and counts', () => {
    expect(() => segmentWindows(5000, 0)).toThrow(DspParamError);
    expect(() => segmentWindows(5000, Number.NaN)).toThrow(DspParamError);
    expect(() => segmentWindows(5000, 500, -1)).toThrow(DspParamError);
    expect(() => segmentWindows(5000.5, 500)).toThrow(DspParamError);
    expect(() => segmentWindows(5000, 500, 10, 0)).toThrow(DspParamError);
    // 100.05 Hz · 10 s = 1000.5 samples: not a whole window.
    expect(() => windowLengthSamples(100.05)).toThrow(/not a whole number/);
    expect(windowLengthSamples(257.5)).toBe(2575);
  });
});

describe('sliceWindow', () => {
  it('copies the window samples', () => {
    const signal = Float32Array.from({ length: 1125 }, (_, i) => i);
    const [first, last] = segmentWindows(1125, 100);
    const a = sliceWindow(signal, first);
    const b = sliceWindow(signal, last);
    expect(a.length).toBe(1000);
    expect(a[0]).toBe(0);
    expect(a[999]).toBe(999);
    expect(b[0]).toBe(125);
    expect(b[999]).toBe(1124);
    a[0] = 42;
    expect(signal[0]).toBe(0);
  });

  it('rejects a window outside the signal', () => {
    expect(() => sliceWindow(new Float64Array(10), { index: 0, startSample: 0, endSample: 11, validColumns: 256 })).toThrow(
      DspParamError,
    );
  });
});
