/**
 * The record overview chart (pure: overview in, ECharts option out). One grid on one time axis: each
 * lead as a band between its per-column minimum and maximum (one polygon per lead), and below the
 * leads a PSNR strip per lead (one cell per window, or per group of windows, coloured against the
 * threshold) drawn as one image. A few elements whatever the record's length, so a day draws at once.
 */
import type { RecordOverview } from '../../../src-shared/types';
import type { ChartColors } from './chart-options';
import type { ChartOption } from './echarts';

/** Strip colours: unscored, and the ends of the ramp below and above the threshold. */
const STRIP = { unscored: '#9ca3af', worst: '#b91c1c', threshold: '#f59e0b', best: '#15803d' } as const;
/** dB around the threshold over which the strip goes from amber to red (below) or green (above). */
const STRIP_SPAN_DB = 12;
/** Height of a strip lane in lead units (a lead's band is 1). */
export const LANE = 0.3;
/** Pixels per lead band in the chart. */
export const BAND_PX = 64;

function rgb(hex: string): number[] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
}

function mix(a: string, b: string, t: number): number[] {
  const pa = rgb(a);
  const pb = rgb(b);
  return pa.map((v, i) => Math.round(v + (pb[i] - v) * Math.min(1, Math.max(0, t))));
}

/** Strip colour `[r, g, b]` of a PSNR against the threshold. */
export function stripColor(psnr: number | null, thresholdDb: number): number[] {
  if (psnr === null) {
    return rgb(STRIP.unscored);
  }
  const d = psnr - thresholdDb;
  return d <= 0 ? mix(STRIP.threshold, STRIP.worst, -d / STRIP_SPAN_DB) : mix(STRIP.threshold, STRIP.best, d / STRIP_SPAN_DB);
}

/** The [low, high] a lead's band is scaled to: its 0.5th and 99.5th percentiles, so a spike does not flatten it. */
export function bandRange(mins: (number | null)[], maxs: (number | null)[]): [number, number] {
  const lows = mins.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const highs = maxs.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (lows.length === 0) {
    return [0, 1];
  }
  const lo = lows[Math.floor(0.005 * (lows.length - 1))];
  const hi = highs[Math.ceil(0.995 * (highs.length - 1))];
  return hi > lo ? [lo, hi] : [lo - 1, lo + 1];
}

/**
 * Each lead's band as polygons in data coordinates (seconds, lead units; lead 0 on top): the upper
 * edge left to right, then the lower edge back, split where a column has no valid sample.
 */
export function envelopePolygons(o: RecordOverview): number[][][][] {
  const leads = o.envelopes.length;
  return o.envelopes.map((e, lead) => {
    const [lo, hi] = bandRange(e.mins, e.maxs);
    const base = leads - 1 - lead;
    const y = (v: number): number => base + 0.08 + 0.84 * Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
    const polygons: number[][][] = [];
    let upper: number[][] = [];
    let lower: number[][] = [];
    const close = (): void => {
      if (upper.length > 0) {
        polygons.push([...upper, ...lower.reverse()]);
      }
      upper = [];
      lower = [];
    };
    e.mins.forEach((min, c) => {
      const max = e.maxs[c];
      if (min === null || max === null) {
        close();
        return;
      }
      const x0 = (o.startSample + c * o.columnSamples) / o.fsHz;
      const x1 = Math.min(o.durationS, x0 + o.columnSamples / o.fsHz);
      upper.push([x0, y(max)], [x1, y(max)]);
      lower.push([x0, y(min)], [x1, y(min)]);
    });
    close();
    return polygons;
  });
}

/** Image rows per strip lane (the last one left transparent, as a gap between lanes). */
export const LANE_ROWS = 8;

/**
 * The strip as RGBA pixels: {@link LANE_ROWS} rows per lead, `width` columns over `[startS, endS]`
 * (windows after an overlapping one paint over it, as the trailing window's new columns are its last).
 */
export function stripPixels(o: RecordOverview, width: number, thresholdDb: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * o.strips.length * LANE_ROWS * 4);
  const scale = width / Math.max(1e-9, o.endS - o.startS);
  o.strips.forEach((columns, lead) => {
    for (const c of columns) {
      const [r, g, b] = stripColor(c.psnr, thresholdDb);
      const a = Math.max(0, Math.floor((c.startS - o.startS) * scale));
      const z = Math.min(width, Math.max(a + 1, Math.ceil((c.endS - o.startS) * scale)));
      for (let row = lead * LANE_ROWS; row < (lead + 1) * LANE_ROWS - 1; row++) {
        for (let x = a; x < z; x++) {
          out.set([r, g, b, 255], (row * width + x) * 4);
        }
      }
    }
  });
  return out;
}

/**
 * The segment under a click at data point `[x, y]` (seconds, lead units), or null: the strip cell of
 * that lead's lane holding time x (the later cell where the trailing window overlaps).
 */
export function stripHit(o: RecordOverview, x: number, y: number): number | null {
  if (y >= 0) {
    return null;
  }
  const lead = Math.floor(-y / LANE);
  const columns = o.strips[lead];
  if (!columns) {
    return null;
  }
  const hit = [...columns].reverse().find((c) => c.startS <= x && x < c.endS);
  return hit ? hit.segmentId : null;
}

/**
 * The overview chart, zoomed to `view` (seconds) with the wheel. `strip` is the strip image (see
 * {@link stripPixels}) as something the canvas can draw.
 */
export function recordOverviewOption(o: RecordOverview, view: [number, number], strip: CanvasImageSource, colors: ChartColors): ChartOption {
  const leads = o.leadNames.length;
  const time = (v: number): string => {
    const s = Math.max(0, Math.round(v));
    return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  const polygons = envelopePolygons(o);
  return {
    grid: { left: 56, right: 12, top: 10, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: o.durationS, axisLabel: { color: colors.text, formatter: time }, splitLine: { show: false } },
    yAxis: { type: 'value', min: -LANE * leads, max: leads, axisLabel: { show: false }, splitLine: { show: false } },
    // Lead names beside their bands (the chart is BAND_PX per band tall, see RecordView).
    graphic: o.leadNames.map((name, lead) => ({
      type: 'text',
      left: 4,
      top: 10 + lead * BAND_PX + BAND_PX / 2 - 7,
      silent: true,
      style: { text: name, fill: colors.text, fontSize: 11 },
    })),
    dataZoom: [{ type: 'inside', filterMode: 'none', startValue: view[0], endValue: view[1], minValueSpan: 10 }],
    animation: false,
    series: [
      {
        type: 'custom',
        silent: true,
        clip: true,
        data: polygons.map((_, lead) => [lead]),
        renderItem: (params: { dataIndex: number }, api: { coord(p: number[]): number[] }) => ({
          type: 'group',
          children: polygons[params.dataIndex].map((points) => ({
            type: 'polygon',
            shape: { points: points.map((p) => api.coord(p)) },
            style: { fill: colors.trace },
          })),
        }),
      },
      {
        type: 'custom',
        silent: true,
        clip: true,
        data: [[0]],
        renderItem: (_params: unknown, api: { coord(p: number[]): number[] }) => {
          const [x0, y0] = api.coord([o.startS, -0.02]);
          const [x1, y1] = api.coord([o.endS, -LANE * leads]);
          return { type: 'image', style: { image: strip, x: x0, y: y0, width: Math.max(1, x1 - x0), height: y1 - y0 } };
        },
      },
    ],
  };
}
