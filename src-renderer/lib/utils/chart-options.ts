/** ECharts option builders for every plot of the workstation (pure: data in, option out). */
import { PAPER_THRESHOLD_DB, PSNR_HISTOGRAM } from '../../../src-shared/psnr';
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
        data: localPsnr.map((v) => ({ value: v, itemStyle: { color: v < thresholdDb ? '#dc2626' : colors.accent } })),
        markLine: { symbol: 'none', data: [{ yAxis: thresholdDb }], lineStyle: { color: '#dc2626', type: 'dashed' }, label: { formatter: `${thresholdDb} dB` } },
      },
    ],
  };
}

/** A compact bar histogram (e.g. PSNR of the table's current filter). */
export function histogramOption(histogram: Histogram, colors: ChartColors, markDb: number | null = null): ChartOption {
  const centers = histogram.counts.map((_, i) => (histogram.edges[i] + histogram.edges[i + 1]) / 2);
  return {
    grid: { left: 36, right: 8, top: 8, bottom: 20 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: centers.map((c) => c.toFixed(1)), axisLabel: { color: colors.text, interval: 9 } },
    yAxis: { type: 'value', axisLabel: { color: colors.text }, splitLine: { show: false } },
    series: [
      {
        type: 'bar',
        data: histogram.counts,
        barCategoryGap: '5%',
        itemStyle: { color: colors.accent },
        markLine:
          markDb === null
            ? undefined
            : { symbol: 'none', data: [{ xAxis: centers.findIndex((c) => c > markDb) }], lineStyle: { color: '#dc2626', type: 'dashed' } },
      },
    ],
  };
}

/** PSNR distributions per label (one line per label, density normalised), with thresholds marked. */
export function distributionsOption(
  groups: { label: string; histogram: Histogram; count: number }[],
  thresholdDb: number,
  youdenDb: number | null,
  colors: ChartColors,
): ChartOption {
  const first = groups[0]?.histogram;
  const centers = first ? first.counts.map((_, i) => (first.edges[i] + first.edges[i + 1]) / 2) : [];
  const marks: { xAxis: number; name: string }[] = [{ xAxis: PAPER_THRESHOLD_DB, name: `${PAPER_THRESHOLD_DB} dB` }, { xAxis: thresholdDb, name: 'threshold' }];
  if (youdenDb !== null) {
    marks.push({ xAxis: youdenDb, name: 'Youden' });
  }
  return {
    grid: { left: 48, right: 16, top: 36, bottom: 36 },
    legend: { top: 4, textStyle: { color: colors.text } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'PSNR dB', nameLocation: 'middle', nameGap: 24, min: PSNR_HISTOGRAM.minDb, max: PSNR_HISTOGRAM.maxDb, axisLabel: { color: colors.text } },
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
              data: marks.map((m) => ({ xAxis: m.xAxis, name: m.name, label: { formatter: m.name, color: colors.text } })),
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
