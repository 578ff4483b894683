/**
 * ECG plot options: the paper grid path, flat trace data and lead hit-testing. Expected values are
 * counted by hand from the definitions (0.04 s / 0.1 mV minor squares, a major line every 5).
 */
import { describe, expect, it } from 'vitest';
import { ecgTraceOption, flatTrace, leadAt, leadsLayout, leadsOption, paperGridPaths, traceRange } from './ecg-chart-options';
import { chartColors } from './chart-options';

const box = { x: 10, y: 20, width: 1000, height: 200 };
/** 100 px per second from x = 10, 100 px per mV downwards from y = 120 (0 mV). */
const toPx = ([t, mv]: [number, number]): number[] => [10 + t * 100, 120 - mv * 100];

function lines(path: string): string[] {
  return path.split('M').filter(Boolean);
}

describe('paperGridPaths', () => {
  it('draws a minor line every 0.04 s and 0.1 mV and a major one every fifth', () => {
    const { minor, major } = paperGridPaths(box, 0, 10, -1, 1, toPx);
    // x: 0..10 s → 251 lines, 51 major (every 0.2 s); y: -1..1 mV → 21 lines, 5 major (-1, -0.5, 0, 0.5, 1).
    expect(lines(major)).toHaveLength(51 + 5);
    expect(lines(minor)).toHaveLength(200 + 16);
    expect(major).toContain('M10.5 20L10.5 220'); // t = 0, snapped to a half pixel
    expect(major).toContain('M10 120.5L1010 120.5'); // 0 mV
  });

  it('skips lines outside the plot box (zoomed in) and minor lines closer than 2 px', () => {
    const zoomed = (p: [number, number]): number[] => [10 + (p[0] - 5) * 1000, 120 - p[1] * 100];
    const { minor, major } = paperGridPaths(box, 0, 10, 0, 0, zoomed);
    // visible: 5.0 .. 6.0 s → 26 lines, 6 major.
    expect(lines(major).length + lines(minor).length).toBe(26 + 1);
    const squeezed = (p: [number, number]): number[] => [10 + p[0] * 10, 120 - p[1] * 100];
    const dense = paperGridPaths(box, 0, 10, 0, 0, squeezed);
    expect(lines(dense.minor).filter((l) => !l.includes(' 120.5'))).toHaveLength(0); // 0.4 px apart: only majors
  });
});

describe('flatTrace and traceRange', () => {
  it('interleaves time and value', () => {
    expect(Array.from(flatTrace([1, 2, 3], 2, 10))).toEqual([10, 1, 10.5, 2, 11, 3]);
  });

  it('pads the range to whole 0.5-mV steps and survives NaN-only traces', () => {
    expect(traceRange([-0.2, 1.3, NaN])).toEqual([-1, 2]);
    expect(traceRange([NaN, NaN])).toEqual([-1, 1]);
  });

  it('puts ECG paper under a trace in mV, and a plain grid labelled z-score under one of unknown units', () => {
    type Opt = { series: { type: string; z: number }[]; yAxis: { name: string; splitLine: { show: boolean } } };
    const mv = ecgTraceOption([0, 1, 0], 500, 0, true, chartColors(false)) as Opt;
    expect(mv.series.map((s) => [s.type, s.z])).toEqual([
      ['custom', 1],
      ['line', 2],
    ]);
    expect([mv.yAxis.name, mv.yAxis.splitLine.show]).toEqual(['mV · 10 mm/mV · 25 mm/s', false]);
    const z = ecgTraceOption([0, 1, 0], 100, 0, false, chartColors(false)) as Opt;
    expect(z.series.map((s) => s.type)).toEqual(['line']);
    expect([z.yAxis.name, z.yAxis.splitLine.show]).toEqual(['z-score', true]);
  });
});

describe('leads small multiples', () => {
  const layout = leadsLayout(12, 100);

  it('maps a point back to the lead whose cell holds it', () => {
    expect(leadAt(layout, 12, 50, 1.5)).toBe(0); // top row, first column
    expect(leadAt(layout, 12, 5 * 106 + 10, 1.2)).toBe(5);
    expect(leadAt(layout, 12, 2 * 106 + 99, 0.3)).toBe(8); // bottom row, third column
    expect(leadAt(layout, 12, 103, 1.5)).toBeNull(); // in the gap between cells
    expect(leadAt(layout, 12, -1, 1.5)).toBeNull();
    expect(leadAt(leadsLayout(8, 100), 8, 3 * 106, 0.5)).toBeNull(); // cell without a lead
  });

  it('draws all other leads in one NaN-separated series and the current lead in another', () => {
    const previews = [
      [0, 1],
      [2, 3],
      [4, 5],
    ];
    const option = leadsOption(previews, ['I', 'II', 'III'], 1, chartColors(false), 6) as { series: { data: Float64Array }[] };
    expect(option.series).toHaveLength(2);
    expect(option.series[0].data.length).toBe(2 * (2 * 2 + 2));
    expect(Number.isNaN(option.series[0].data[4])).toBe(true);
    expect(Array.from(option.series[1].data.filter((_, i) => i % 2 === 0))).toEqual([2 + 0.06 * 2, 3 + 0.06 * 2]);
  });
});
