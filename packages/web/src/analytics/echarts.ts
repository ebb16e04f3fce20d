/**
 * The parts of ECharts the dashboards use, registered once: line, bar and heatmap charts (the
 * heatmap with the continuous visual map it needs for its colours), grid, tooltip, legend, aria
 * (a text description of each chart for screen readers) and the SVG renderer (crisp at any zoom,
 * and the browser tests can read the drawn figures from the DOM). Importing `echarts/core`
 * instead of `echarts` keeps the rest of the library out of the bundle.
 */
import {
  BarChart,
  type BarSeriesOption,
  HeatmapChart,
  type HeatmapSeriesOption,
  LineChart,
  type LineSeriesOption,
} from 'echarts/charts';
import {
  AriaComponent,
  type AriaComponentOption,
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
  type VisualMapComponentOption,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { type ComposeOption, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapContinuousComponent,
  AriaComponent,
  SVGRenderer,
]);

/** The options a dashboard chart may set (only the registered parts). */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | VisualMapComponentOption
  | AriaComponentOption
>;

export { init } from 'echarts/core';
