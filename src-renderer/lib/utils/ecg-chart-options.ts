/**
 * ECharts options of the segment detail's two ECG plots: the lead's trace on ECG paper and the
 * record's other leads as small multiples. Both open with the detail view, so both are built for
 * a cheap first frame: flat typed-array data (ECharts copies it instead of deep-cloning 5,000
 * small arrays), the paper grid as two paths instead of ~400 split-line elements, and two series
 * for twelve leads.
 */
import type { ChartColors } from './chart-options';
import type { ChartOption } from './echarts';

/** ECG paper: minor squares 0.04 s × 0.1 mV (1 mm at 25 mm/s, 10 mm/mV), major every 5 minor. */
export const PAPER = { minorS: 0.04, minorMv: 0.1, minorPerMajor: 5 } as const;

/** Plot area in pixels, as ECharts hands it to a custom series. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * SVG path data (`M x y L x y …`) of the paper lines inside `box`: vertical lines at multiples of
 * `PAPER.minorS` within `[x0S, x1S]`, horizontal ones at multiples of `PAPER.minorMv` within
 * `[y0Mv, y1Mv]`, split into minor and major lines. `toPx` maps data to pixels (the zoomed axes);
 * lines are snapped to half pixels so that 1-px strokes stay crisp. Lines closer than 2 px to the
 * previous one are skipped (a zoomed-out grid would otherwise be a solid fill).
 */
export function paperGridPaths(
  box: PixelBox,
  x0S: number,
  x1S: number,
  y0Mv: number,
  y1Mv: number,
  toPx: (point: [number, number]) => number[],
): { minor: string; major: string } {
  const minor: string[] = [];
  const major: string[] = [];
  const left = box.x;
  const right = box.x + box.width;
  const top = box.y;
  const bottom = box.y + box.height;
  const snap = (v: number): number => Math.round(v - 0.5) + 0.5;

  let lastPx = -Infinity;
  for (let k = Math.ceil(x0S / PAPER.minorS - 1e-9); k * PAPER.minorS <= x1S + 1e-9; k++) {
    const x = toPx([k * PAPER.minorS, y0Mv])[0];
    const px = snap(x);
    const isMajor = k % PAPER.minorPerMajor === 0;
    if (x < left - 1e-6 || x > right + 1e-6 || (!isMajor && px - lastPx < 2)) {
      continue;
    }
    (isMajor ? major : minor).push(`M${px} ${top}L${px} ${bottom}`);
    lastPx = px;
  }
  for (let k = Math.ceil(y0Mv / PAPER.minorMv - 1e-9); k * PAPER.minorMv <= y1Mv + 1e-9; k++) {
    const y = toPx([x0S, k * PAPER.minorMv])[1];
    const py = snap(y);
    if (y < top - 1e-6 || y > bottom + 1e-6) {
      continue;
    }
    (k % PAPER.minorPerMajor === 0 ? major : minor).push(`M${left} ${py}L${right} ${py}`);
  }
  return { minor: minor.join(''), major: major.join('') };
}

/** `[t0, v0, t1, v1, …]`: a trace as the flat (time s, value) pairs ECharts reads from a typed array. */
export function flatTrace(trace: ArrayLike<number>, fsHz: number, startS: number): Float64Array {
  const out = new Float64Array(trace.length * 2);
  for (let i = 0; i < trace.length; i++) {
    out[2 * i] = startS + i / fsHz;
    out[2 * i + 1] = trace[i];
  }
  return out;
}

/** y-axis range in whole 0.5-mV steps with half a step of margin; [-1, 1] when nothing is finite. */
export function traceRange(trace: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < trace.length; i++) {
    const v = trace[i];
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) {
    return [-1, 1];
  }
  return [Math.floor(lo / 0.5) * 0.5 - 0.5, Math.ceil(hi / 0.5) * 0.5 + 0.5];
}

interface RenderItemApi {
  coord: (point: [number, number]) => number[];
}

/** The trace's value axis name: mV on ECG paper when the file's units are known, else 'z-score' (scaled samples, no paper). */
export function traceUnitsLabel(unitsKnown: boolean): string {
  return unitsKnown ? 'mV · 10 mm/mV · 25 mm/s' : 'z-score';
}

/**
 * ECG trace: on ECG paper (major lines every 0.2 s and 0.5 mV, minor every 0.04 s and 0.1 mV) when
 * the samples are in mV; on a plain 1-s grid, labelled 'z-score', when their units are unknown (a
 * z-scored dataset such as the PTB-XL subset), since paper squares would claim a scale that is not
 * there. Zoom with the wheel, pan by dragging, or with the slider; the grid follows the zoom.
 */
export function ecgTraceOption(trace: ArrayLike<number>, fsHz: number, startS: number, unitsKnown: boolean, colors: ChartColors): ChartOption {
  const endS = startS + trace.length / fsHz;
  const [yMin, yMax] = traceRange(trace);
  const paper = {
    type: 'custom',
    silent: true,
    z: 1,
    clip: true,
    data: [[startS, yMin]],
    renderItem: (params: { coordSys: unknown }, api: RenderItemApi) => {
      const paths = paperGridPaths(params.coordSys as PixelBox, startS, endS, yMin, yMax, (p) => api.coord(p));
      return {
        type: 'group',
        children: [
          { type: 'path', shape: { pathData: paths.minor }, style: { fill: 'none', stroke: colors.paperMinor, lineWidth: 0.5 } },
          { type: 'path', shape: { pathData: paths.major }, style: { fill: 'none', stroke: colors.paperMajor, lineWidth: 1 } },
        ],
      };
    },
  };
  return {
    grid: { left: 48, right: 16, top: 12, bottom: 56 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : String(v)) },
    xAxis: {
      type: 'value',
      min: startS,
      max: endS,
      splitNumber: 10, // 1-s labels over 10 s; finer as one zooms in
      name: 's',
      nameGap: 4,
      // At the bottom, not across the trace at 0 mV (ECharts' default for a value axis).
      axisLine: { onZero: false },
      axisLabel: { color: colors.text },
      splitLine: { show: !unitsKnown, lineStyle: { color: colors.paperMinor } },
    },
    yAxis: {
      type: 'value',
      min: yMin,
      max: yMax,
      interval: 0.5,
      name: traceUnitsLabel(unitsKnown),
      nameTextStyle: { color: colors.text, align: 'left' },
      axisLabel: { color: colors.text, formatter: (v: number) => (Number.isInteger(v) ? String(v) : '') },
      splitLine: { show: !unitsKnown, lineStyle: { color: colors.paperMinor } },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      // No data shadow in the slider: drawing it costs more than the trace itself.
      { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8, filterMode: 'none', showDataShadow: false },
    ],
    series: [
      ...(unitsKnown ? [paper] : []),
      {
        type: 'line',
        z: 2,
        data: flatTrace(trace, fsHz, startS),
        dimensions: ['t', 'v'],
        encode: { x: 't', y: 'v' },
        showSymbol: false,
        lineStyle: { color: colors.trace, width: 1.2 },
        sampling: 'minmax',
      },
    ],
  };
}

/** Where the small multiples put each lead: `columns` cells per row, each 1 unit tall. */
export interface LeadsLayout {
  columns: number;
  rows: number;
  /** Samples per preview (the widest one). */
  width: number;
  /** x gap between cells, in samples. */
  gap: number;
}

/** The layout of `count` previews of up to `width` samples. */
export function leadsLayout(count: number, width: number, columns = 6): LeadsLayout {
  return { columns, rows: Math.ceil(count / columns), width: Math.max(1, width), gap: Math.max(1, width) * 0.06 };
}

/** The layout {@link leadsOption} uses for `previews`. */
export function previewsLayout(previews: readonly ArrayLike<number>[], columns = 6): LeadsLayout {
  return leadsLayout(previews.length, Math.max(0, ...previews.map((p) => p.length)), columns);
}

/** The lead whose cell contains the data point `[x, y]` of the leads chart, or null (gaps, outside). */
export function leadAt(layout: LeadsLayout, count: number, x: number, y: number): number | null {
  const pitch = layout.width + layout.gap;
  const col = Math.floor(x / pitch);
  const row = layout.rows - 1 - Math.floor(y);
  if (col < 0 || col >= layout.columns || row < 0 || row >= layout.rows || x - col * pitch > layout.width) {
    return null;
  }
  const lead = row * layout.columns + col;
  return lead < count ? lead : null;
}

/**
 * The record's leads as small multiples in ONE chart with ONE grid and TWO series (the other leads,
 * NaN-separated, and the current one, highlighted). Each lead is scaled into its own cell of a
 * shared coordinate space; map a click back to its lead with `leadAt`.
 */
export function leadsOption(previews: number[][], leadNames: string[], currentLead: number, colors: ChartColors, columns = 6): ChartOption {
  const layout = previewsLayout(previews, columns);
  const others: number[] = [];
  let current: Float64Array = new Float64Array(0);
  const cells = previews.map((p, i) => {
    const col = i % columns;
    const row = Math.floor(i / columns);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of p) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const span = hi - lo || 1;
    const x0 = col * (layout.width + layout.gap);
    // Each cell spans 1 unit of y; the trace fills 70% of it, under a band for the name.
    const y0 = (layout.rows - 1 - row) * 1.0;
    const xy = new Float64Array(p.length * 2);
    p.forEach((v, k) => {
      xy[2 * k] = x0 + k;
      xy[2 * k + 1] = y0 + 0.05 + (0.7 * (v - lo)) / span;
    });
    if (i === currentLead) {
      current = xy;
    } else {
      for (const v of xy) {
        others.push(v);
      }
      others.push(NaN, NaN);
    }
    return { x0, y0 };
  });
  const total = columns * (layout.width + layout.gap) - layout.gap;
  return {
    grid: { left: 4, right: 4, top: 4, bottom: 4 },
    xAxis: { type: 'value', show: false, min: 0, max: total },
    yAxis: { type: 'value', show: false, min: 0, max: layout.rows },
    series: [
      { type: 'line', silent: true, data: Float64Array.from(others), dimensions: ['x', 'y'], encode: { x: 'x', y: 'y' }, showSymbol: false, lineStyle: { color: colors.trace, width: 1 } },
      { type: 'line', silent: true, data: current, dimensions: ['x', 'y'], encode: { x: 'x', y: 'y' }, showSymbol: false, lineStyle: { color: colors.accent, width: 1.5 } },
    ],
    graphic: cells.map((cell, i) => ({
      type: 'text',
      left: `${(100 * cell.x0) / total}%`,
      top: `${(100 * (layout.rows - 1 - cell.y0)) / layout.rows + 3}%`,
      silent: true,
      style: { text: leadNames[i] ?? String(i), fill: i === currentLead ? colors.accent : colors.text, fontSize: 11 },
    })),
  };
}
