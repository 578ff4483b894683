/**
 * Draws the detail view's two ECG charts once, off-screen, while the app is idle after start, so
 * that the first segment a curator opens does not also pay for compiling ECharts' code paths
 * (the cold first open is ~3× slower than the following ones otherwise).
 */
import { chartColors } from './chart-options';
import { ecgTraceOption, leadsOption } from './ecg-chart-options';
import type * as Echarts from 'echarts/core';
import { loadEcharts, type ChartOption } from './echarts';

function drawOnce(echarts: typeof Echarts, option: ChartOption): void {
  const host = document.createElement('div');
  host.style.cssText = 'position:absolute;left:-10000px;top:0;width:800px;height:200px;';
  document.body.append(host);
  const chart = echarts.init(host, undefined, { renderer: 'canvas', width: 800, height: 200 });
  try {
    chart.setOption({ animation: false, ...option });
    chart.getZr().refreshImmediately();
  } finally {
    chart.dispose();
    host.remove();
  }
}

/**
 * Schedules the warm-up for the next idle moment (never delays anything the user asked for). Call it
 * once the first view shows its data: ECharts is loaded lazily, after the table's first rows.
 */
export function warmUpChartsWhenIdle(): void {
  const run = async (): Promise<void> => {
    const echarts = await loadEcharts();
    const fsHz = 500;
    const trace = Array.from({ length: 10 * fsHz }, (_, i) => Math.sin((2 * Math.PI * i) / fsHz) * (i % fsHz < 40 ? 2 : 0.2));
    const colors = chartColors(false);
    drawOnce(echarts, ecgTraceOption(trace, fsHz, 0, true, colors));
    const previews = Array.from({ length: 12 }, () => trace.slice(0, 600));
    drawOnce(echarts, leadsOption(previews, previews.map((_, i) => `L${i}`), 0, colors));
  };
  if ('requestIdleCallback' in window) {
    window.requestIdleCallback(() => void run(), { timeout: 1000 });
  } else {
    setTimeout(() => void run(), 100);
  }
}
