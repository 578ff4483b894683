/**
 * ECharts figures of the model report, rendered server-side to SVG strings (no DOM, no canvas):
 * PSNR distribution per label (box plot + points), median PSNR vs SNR per NSTDB noise type,
 * macro W1 / AUROC vs t per sampler, and the learning curve (W1 and AUROC vs training time).
 */
import * as echarts from 'echarts';
import type { SettingResult } from '../src-main/engine/eval/sweep';
import type { SnrCheckResult } from '../src-main/engine/eval/snr-check';

/** Most points drawn per label in the PSNR distribution figure. */
const MAX_POINTS = 250;

function render(option: echarts.EChartsCoreOption, width = 760, height = 420): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, backgroundColor: '#ffffff', ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Tukey box (whiskers at the last points within 1.5 IQR) and the points outside it. */
export function tukeyBox(values: number[]): { box: [number, number, number, number, number]; outliers: number[] } {
  const s = [...values].sort((a, b) => a - b);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  const iqr = q3 - q1;
  const inside = s.filter((v) => v >= q1 - 1.5 * iqr && v <= q3 + 1.5 * iqr);
  return { box: [inside[0], q1, quantile(s, 0.5), q3, inside[inside.length - 1]], outliers: s.filter((v) => v < q1 - 1.5 * iqr || v > q3 + 1.5 * iqr) };
}

/**
 * PSNR distribution per label: box plot per group with every lead as a point (deterministic
 * horizontal jitter), the Youden threshold and the 24 dB line.
 */
export function psnrDistributionSvg(groups: Array<{ label: string; psnr: number[] }>, youdenDb: number | null, title: string): string {
  const shown = groups.filter((g) => g.psnr.length > 0);
  const boxes = shown.map((g) => tukeyBox(g.psnr).box);
  // Every lead is in the box; at most MAX_POINTS per label are drawn as points (even stride) to keep the SVG small.
  const points = shown.flatMap((g, gi) => {
    const stride = Math.max(1, Math.ceil(g.psnr.length / MAX_POINTS));
    return g.psnr.filter((_, i) => i % stride === 0).map((v, i) => [gi + (((i * 0.618034) % 1) - 0.5) * 0.5, v]);
  });
  const lines: Array<{ name: string; yAxis: number }> = [{ name: '24 dB', yAxis: 24 }];
  if (youdenDb !== null) {
    lines.push({ name: `Youden ${youdenDb.toFixed(2)} dB`, yAxis: youdenDb });
  }
  return render({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 60, right: 120, top: 50, bottom: 50 },
    xAxis: [
      { type: 'category', data: shown.map((g) => `${g.label} (n=${g.psnr.length})`), axisLabel: { interval: 0 } },
      { type: 'value', min: -0.5, max: shown.length - 0.5, show: false },
    ],
    yAxis: { type: 'value', name: 'PSNR (dB)', scale: true, axisLine: { onZero: false } },
    series: [
      {
        type: 'boxplot',
        data: boxes,
        itemStyle: { color: '#dfe9f5', borderColor: '#2f5d8a' },
        markLine: { symbol: 'none', label: { formatter: '{b}' }, lineStyle: { type: 'dashed', color: '#b03030' }, data: lines },
      },
      { type: 'scatter', xAxisIndex: 1, data: points, symbolSize: 4, itemStyle: { color: '#333333', opacity: 0.5 } },
    ],
  });
}

/** Median PSNR vs nominal SNR, one line per noise type, clean median as a reference line. */
export function psnrVsSnrSvg(result: SnrCheckResult, title: string): string {
  const levels = [...result.levelsDb].sort((a, b) => b - a);
  const colours = ['#2f5d8a', '#c0622b', '#4b8a3c', '#7a4b9a'];
  return render({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { top: 32 },
    grid: { left: 60, right: 110, top: 75, bottom: 50 },
    xAxis: { type: 'category', name: 'SNR (dB)', nameLocation: 'middle', nameGap: 30, data: levels.map(String) },
    yAxis: { type: 'value', name: 'median PSNR (dB)', scale: true },
    series: result.noiseTypes.map((type, k) => ({
      name: type,
      type: 'line',
      data: levels.map((level) => result.rows.find((r) => r.noiseType === type && r.snrDb === level)?.medianPsnr ?? null),
      itemStyle: { color: colours[k % colours.length] },
      ...(k === 0 && result.cleanMedianPsnr !== null && Number.isFinite(result.cleanMedianPsnr)
        ? { markLine: { symbol: 'none', label: { formatter: 'clean {c}' }, lineStyle: { type: 'dashed', color: '#555555' }, data: [{ yAxis: Number(result.cleanMedianPsnr.toFixed(2)) }] } }
        : {}),
    })),
  });
}

/** Macro W1 (left) and AUROC of the 'any' group (right) vs t, one line per sampler/interval. */
export function sweepSvg(results: SettingResult[], title: string): string {
  const ts = [...new Set(results.map((r) => r.setting.t))].sort((a, b) => a - b);
  const families = [...new Set(results.map((r) => `${r.setting.scheduler} k=${r.setting.stepInterval}`))];
  const series = families.flatMap((family) => {
    const of = (t: number): SettingResult | undefined => results.find((r) => r.setting.t === t && `${r.setting.scheduler} k=${r.setting.stepInterval}` === family);
    return [
      { name: `${family} macro W1`, type: 'line', yAxisIndex: 0, data: ts.map((t) => of(t)?.result.macroW1 ?? null) },
      { name: `${family} AUROC`, type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' }, data: ts.map((t) => of(t)?.result.rows.find((row) => row.group === 'any')?.auroc ?? null) },
    ];
  });
  return render({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { top: 32 },
    grid: { left: 60, right: 60, top: 110, bottom: 50 },
    xAxis: { type: 'category', name: 't', nameLocation: 'middle', nameGap: 30, data: ts.map(String) },
    yAxis: [
      { type: 'value', name: 'macro W1', scale: true },
      { type: 'value', name: 'AUROC', scale: true },
    ],
    series,
  });
}

/** One row of training/learning_curve.py's CSV (seconds, W1 z-scored, AUROC, dB). */
export interface LearningCurveRow {
  step: number;
  unet_wall_s: number;
  cumulative_train_s: number;
  w1_static_noise: number;
  w1_burst_noise: number;
  w1_baseline_drift: number;
  macro_w1: number;
  auroc_any: number;
  median_clean_db: number;
}

/** W1 per noise type and macro W1 (left) and AUROC of 'any' (right) vs cumulative training hours. */
export function learningCurveSvg(rows: LearningCurveRow[], title: string): string {
  const hours = (r: LearningCurveRow): number => Number((r.cumulative_train_s / 3600).toFixed(3));
  const line = (name: string, pick: (r: LearningCurveRow) => number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    type: 'line',
    data: rows.map((r) => [hours(r), pick(r)]),
    ...extra,
  });
  return render({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { top: 32 },
    grid: { left: 60, right: 60, top: 80, bottom: 50 },
    xAxis: { type: 'value', name: 'cumulative training (h)', nameLocation: 'middle', nameGap: 30, scale: true },
    yAxis: [
      { type: 'value', name: 'W1 (z)', scale: true },
      { type: 'value', name: 'AUROC', scale: true },
    ],
    series: [
      line('macro W1', (r) => r.macro_w1, { lineStyle: { width: 3 } }),
      line('W1 static', (r) => r.w1_static_noise),
      line('W1 burst', (r) => r.w1_burst_noise),
      line('W1 drift', (r) => r.w1_baseline_drift),
      line('AUROC any', (r) => r.auroc_any, { yAxisIndex: 1, lineStyle: { type: 'dashed' } }),
    ],
  });
}
