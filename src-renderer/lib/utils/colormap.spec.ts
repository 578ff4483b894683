/** Scalogram colour mapping: palette interpolation and clamping (hand-computed expectations). */
import { describe, expect, it } from 'vitest';
import { colorize, parseHex } from './colormap';

describe('colorize', () => {
  it('interpolates between evenly spaced stops and clamps to the range', () => {
    const rgba = colorize([0, 0.5, 1, 2, -1, Number.NaN], [0, 1], ['#000000', '#ff0080']);
    expect(Array.from(rgba.slice(0, 4))).toEqual([0, 0, 0, 255]);
    // Midway: (255, 0, 128) / 2 → 127.5 → 128 (Uint8ClampedArray rounds half to even: 128), 64.
    expect(Array.from(rgba.slice(4, 8))).toEqual([128, 0, 64, 255]);
    expect(Array.from(rgba.slice(8, 12))).toEqual([255, 0, 128, 255]);
    expect(Array.from(rgba.slice(12, 16))).toEqual([255, 0, 128, 255]);
    expect(Array.from(rgba.slice(16, 20))).toEqual([0, 0, 0, 255]);
    expect(Array.from(rgba.slice(20, 24))).toEqual([0, 0, 0, 0]);
  });

  it('parses hex colours', () => {
    expect(parseHex('#2a788e')).toEqual([42, 120, 142]);
  });
});
