/** Record overview chart pieces: envelope polygons, strip pixels and colours, strip hit-testing. */
import { describe, expect, it } from 'vitest';
import type { RecordOverview } from '../../../src-shared/types';
import { envelopePolygons, LANE, LANE_ROWS, stripColor, stripHit, stripPixels } from './record-overview-options';

function overview(): RecordOverview {
  return {
    recordId: 1,
    record: 'r',
    dataset: 'd',
    recordSource: '/x',
    fsHz: 100,
    unitsKnown: true,
    leadNames: ['I', 'II'],
    durationS: 40,
    startS: 0,
    endS: 40,
    startSample: 0,
    columnSamples: 1000,
    envelopes: [
      { mins: [0, -1, null, 0], maxs: [1, 2, null, 1] },
      { mins: [0, 0, 0, 0], maxs: [1, 1, 1, 1] },
    ],
    strips: [
      [
        { startS: 0, endS: 10, psnr: 30, segmentId: 11, windows: 1 },
        { startS: 10, endS: 20, psnr: 10, segmentId: 12, windows: 1 },
        { startS: 20, endS: 30, psnr: null, segmentId: 13, windows: 1 },
        { startS: 25, endS: 35, psnr: 24, segmentId: 14, windows: 1 },
      ],
      [{ startS: 0, endS: 40, psnr: 24, segmentId: 21, windows: 4 }],
    ],
    envelopeFrom: 'samples',
    modelId: null,
    elapsedMs: 0,
  };
}

describe('record overview chart', () => {
  it('draws each lead as polygons split where a column has no valid sample, lead 0 on top', () => {
    const [first, second] = envelopePolygons(overview());
    expect(first).toHaveLength(2); // columns 0–1, then 3
    expect(second).toHaveLength(1);
    expect(first[0]).toHaveLength(8); // 2 columns × 2 points, upper then lower
    expect(first[0][0][0]).toBe(0);
    expect(first[0][3][0]).toBe(20);
    expect(Math.min(...first.flat().map((p) => p[1]))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...second.flat().map((p) => p[1]))).toBeLessThanOrEqual(1);
  });

  it('colours the strip by PSNR against the threshold, grey when unscored, later windows on top', () => {
    expect(stripColor(null, 24)).toEqual([0x9c, 0xa3, 0xaf]);
    expect(stripColor(24, 24)).toEqual([0xf5, 0x9e, 0x0b]);
    expect(stripColor(0, 24)).toEqual([0xb9, 0x1c, 0x1c]);
    expect(stripColor(60, 24)).toEqual([0x15, 0x80, 0x3d]);
    const px = stripPixels(overview(), 40, 24); // 1 px per second
    const at = (lead: number, x: number): number[] => Array.from(px.subarray(((lead * LANE_ROWS) * 40 + x) * 4, ((lead * LANE_ROWS) * 40 + x) * 4 + 3));
    expect(at(0, 5)).toEqual(stripColor(30, 24));
    expect(at(0, 22)).toEqual(stripColor(null, 24));
    expect(at(0, 27)).toEqual(stripColor(24, 24)); // the overlapping trailing window paints over
    expect(px[((LANE_ROWS - 1) * 40 + 5) * 4 + 3]).toBe(0); // the gap row between lanes
  });

  it('maps a click in a lane to the segment there (the later window where two overlap)', () => {
    const o = overview();
    expect(stripHit(o, 12, -LANE / 2)).toBe(12);
    expect(stripHit(o, 27, -LANE / 2)).toBe(14);
    expect(stripHit(o, 27, -1.5 * LANE)).toBe(21);
    expect(stripHit(o, 27, 0.5)).toBeNull();
    expect(stripHit(o, 39, -LANE / 2)).toBeNull();
  });
});
