/**
 * ECharts, loaded on first use: it is most of the renderer's code, and the first view (the segments
 * table) can show its rows before any chart is drawn.
 */
import type * as Echarts from 'echarts/core';

export type { EChartsCoreOption as ChartOption } from 'echarts/core';

let loading: Promise<typeof Echarts> | null = null;

/** The configured ECharts module (one import, shared by every caller). */
export function loadEcharts(): Promise<typeof Echarts> {
  loading ??= import('./echarts-setup').then((m) => m.echarts);
  return loading;
}
