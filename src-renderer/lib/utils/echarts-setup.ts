/** ECharts with only the charts and components the workstation uses (tree-shaken); loaded through `echarts.ts`. */
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  BarChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  DataZoomComponent,
  GraphicComponent,
  MarkLineComponent,
  MarkAreaComponent,
  TitleComponent,
  LegendComponent,
  CanvasRenderer,
]);

export { echarts };
