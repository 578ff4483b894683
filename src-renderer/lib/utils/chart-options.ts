/** ECharts option builders for every plot of the workstation (pure: data in, option out). */
import { formatThresholdDb, PAPER_THRESHOLD_DB } from '../../../src-shared/psnr';
import type { Histogram } from '../../../src-shared/types';
import type { ChartOption } from './echarts';
import type { RocPoint } from './threshold';

/** Colours that follow the theme. */
export interface ChartColors {
  text: string;
  axis: string;
  accent: string;
  paperMajor: string;
  paperMinor: string;
  trace: string;
}

/** Theme palettes. */
export function chartColors(dark: boolean): ChartColors {
  return dark
    ? { text: '#d6d9de', axis: '#6b7280', accent: '#60a5fa', paperMajor: '#7f3b4a', paperMinor: '#3f2730', trace: '#f3f4f6' }
    : { text: '#1f2937', axis: '#9ca3af', accent: '#2563eb', paperMajor: '#f0a3b1', paperMinor: '#fadce2', trace: '#111827' };
}

/**
 * A scalogram image (`rows × cols`, row 0 = highest frequency, drawn at the top) stretched over
 * the plot area by a custom series, with time (s) and frequency (Hz) axes. One image element
 * instead of 8,192 heatmap cells keeps it instant.
 */
export function scalogramOption(image: CanvasImageSource, rows: number, durationS: number, freqsHz: number[], colors: ChartColors): ChartOption {
  return {
    grid: { left: 44, right: 8, top: 6, bottom: 22 },
    tooltip: { show: false },
    xAxis: { type: 'value', min: 0, max: durationS, interval: 2, axisLabel: { color: colors.text }, splitLine: { show: false } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: Array.from({ length: rows }, (_, i) => (freqsHz[i] !== undefined ? freqsHz[i].toFixed(1) : String(i))),
      axisLabel: { color: colors.text, interval: 7 },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'custom',
        silent: true,
        data: [[0, 0]],
        renderItem: (params: { coordSys: unknown }) => {
          const box = params.coordSys as { x: number; y: number; width: number; height: number };
          return { type: 'image', style: { image, x: box.x, y: box.y, width: box.width, height: box.height } };
        },
      },
    ],
  };
}

/** Local PSNR per partition, with the threshold marked. */
export function localPsnrOption(localPsnr: number[], thresholdDb: number, colors: ChartColors): ChartOption {
  return {
    grid: { left: 44, right: 8, top: 8, bottom: 22 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)} dB` : String(v)) },
    xAxis: { type: 'category', data: localPsnr.map((_, i) => i + 1), axisLabel: { color: colors.text } },
    yAxis: { type: 'value', name: 'dB', axisLabel: { color: colors.text }, splitLine: { lineStyle: { color: colors.axis, opacity: 0.3 } } },
    series: [
      {
        type: 'bar',
        data: localPsnr.map((v) => ({ value: v, itemStyle: { color: v <= thresholdDb ? '#dc2626' : colors.accent } })),
        markLine: { symbol: 'none', data: [{ yAxis: thresholdDb }], lineStyle: { color: '#dc2626', type: 'dashed' }, label: { formatter: `${formatThresholdDb(thresholdDb)} dB` } },
      },
    ],
  };
}

/** About how many category labels a compact histogram's x axis shows. */
const HISTOGRAM_AXIS_LABELS = 6;

/** A compact bar histogram (e.g. PSNR of the table's current filter) over the bins the back end fitted to the data. */
export function histogramOption(histogram: Histogram, colors: ChartColors, markDb: number | null = null): ChartOption {
  const centers = histogram.counts.map((_, i) => (histogram.edges[i] + histogram.edges[i + 1]) / 2);
  const binDb = histogram.edges.length > 1 ? histogram.edges[1] - histogram.edges[0] : 1;
  const digits = binDb >= 1 ? 0 : binDb >= 0.1 ? 1 : 2;
  // The mark sits in the bin that holds the threshold (bins are [edge, next edge)).
  const markBin = markDb === null ? -1 : histogram.counts.findIndex((_, i) => markDb >= histogram.edges[i] && markDb < histogram.edges[i + 1]);
  return {
    grid: { left: 36, right: 8, top: 8, bottom: 20 },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: centers.map((c) => c.toFixed(digits)),
      axisLabel: { color: colors.text, interval: Math.max(0, Math.ceil(centers.length / HISTOGRAM_AXIS_LABELS) - 1) },
    },
    yAxis: { type: 'value', axisLabel: { color: colors.text }, splitLine: { show: false } },
    series: [
      {
        type: 'bar',
        data: histogram.counts,
        barCategoryGap: '5%',
        itemStyle: { color: colors.accent },
        markLine: markBin < 0 ? undefined : { symbol: 'none', data: [{ xAxis: markBin }], lineStyle: { color: '#dc2626', type: 'dashed' }, label: { show: false } },
      },
    ],
  };
}

/** A vertical mark on a PSNR axis: where, and what its label says. */
export interface PsnrMark {
  xDb: number;
  name: string;
}

/** Marks closer than this fraction of the axis span share one label (their labels would overprint). */
const MERGE_FRACTION = 0.05;

/**
 * Marks as drawn: sorted by position, and those within {@link MERGE_FRACTION} of the axis span of
 * the previous one merged into one line whose label names them all ("threshold · 24 dB paper
 * 24 dB"), so labels never overprint. Each label gives its own dB value.
 */
export function mergeMarks(marks: PsnrMark[], spanDb: number): { xDb: number; label: string }[] {
  const sorted = [...marks].sort((a, b) => a.xDb - b.xDb);
  const groups: PsnrMark[][] = [];
  for (const mark of sorted) {
    const last = groups.at(-1);
    if (last && mark.xDb - last[0].xDb < spanDb * MERGE_FRACTION) {
      last.push(mark);
    } else {
      groups.push([mark]);
    }
  }
  return groups.map((group) => ({ xDb: group[0].xDb, label: group.map((m) => `${m.name} ${formatThresholdDb(m.xDb)} dB`).join(' · ') }));
}

/**
 * PSNR distributions per label (one line per label, density normalised) over the bins the back end
 * fitted to the data, with the project's threshold, the Youden threshold and the paper's 24 dB
 * marked (merged where they would overprint, see {@link mergeMarks}).
 */
export function distributionsOption(
  groups: { label: string; histogram: Histogram; count: number }[],
  thresholdDb: number,
  youdenDb: number | null,
  colors: ChartColors,
): ChartOption {
  const first = groups[0]?.histogram;
  const centers = first ? first.counts.map((_, i) => (first.edges[i] + first.edges[i + 1]) / 2) : [];
  const marks: PsnrMark[] = [{ xDb: thresholdDb, name: 'threshold' }];
  if (youdenDb !== null) {
    marks.push({ xDb: youdenDb, name: 'Youden' });
  }
  marks.push({ xDb: PAPER_THRESHOLD_DB, name: 'paper' });
  // The axis spans the data and every mark.
  const minDb = Math.floor(Math.min(first?.edges[0] ?? thresholdDb, ...marks.map((m) => m.xDb)) - 0.5);
  const maxDb = Math.ceil(Math.max(first?.edges.at(-1) ?? thresholdDb, ...marks.map((m) => m.xDb)) + 0.5);
  const drawn = mergeMarks(marks, maxDb - minDb);
  return {
    grid: { left: 48, right: 16, top: 36, bottom: 36 },
    legend: { top: 4, textStyle: { color: colors.text } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'PSNR dB', nameLocation: 'middle', nameGap: 24, min: minDb, max: maxDb, axisLabel: { color: colors.text } },
    yAxis: { type: 'value', name: 'fraction', axisLabel: { color: colors.text }, splitLine: { lineStyle: { color: colors.axis, opacity: 0.3 } } },
    series: groups.map((g, k) => ({
      type: 'line',
      name: `${g.label} (${g.count})`,
      smooth: true,
      showSymbol: false,
      data: g.histogram.counts.map((c, i) => [centers[i], g.count > 0 ? c / g.count : 0]),
      markLine:
        k === 0
          ? {
              symbol: 'none',
              // Labels run along their (vertical) lines, so neighbouring marks never overprint.
              data: drawn.map((m) => ({ xAxis: m.xDb, name: m.label, label: { formatter: m.label, color: colors.text, position: 'insideEndTop' } })),
              lineStyle: { type: 'dashed', color: colors.axis },
            }
          : undefined,
    })),
  };
}

/** ROC curve with the chance diagonal and the current operating point. */
export function rocOption(points: RocPoint[], current: { fpr: number; tpr: number } | null, auroc: number | null, colors: ChartColors): ChartOption {
  return {
    grid: { left: 48, right: 16, top: 28, bottom: 40 },
    title: { text: auroc === null ? 'ROC' : `ROC — AUROC ${auroc.toFixed(3)}`, textStyle: { color: colors.text, fontSize: 13 }, left: 'center' },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', min: 0, max: 1, name: 'false positive rate', nameLocation: 'middle', nameGap: 24, axisLabel: { color: colors.text } },
    yAxis: { type: 'value', min: 0, max: 1, name: 'true positive rate', axisLabel: { color: colors.text }, splitLine: { lineStyle: { color: colors.axis, opacity: 0.3 } } },
    series: [
      { type: 'line', data: [[0, 0], [1, 1]], showSymbol: false, lineStyle: { type: 'dashed', color: colors.axis } },
      { type: 'line', data: points.map((p) => [p.fpr, p.tpr]), showSymbol: false, step: false, lineStyle: { color: colors.accent, width: 2 } },
      {
        type: 'line',
        data: current ? [[current.fpr, current.tpr]] : [],
        showSymbol: true,
        symbolSize: 10,
        itemStyle: { color: '#dc2626' },
      },
    ],
  };
}
