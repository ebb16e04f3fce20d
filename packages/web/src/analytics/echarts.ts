/**
 * The parts of ECharts the dashboards use, registered once: line and bar charts, grid, tooltip,
 * legend, aria (a text description of each chart for screen readers) and the SVG renderer
 * (crisp at any zoom, and the browser tests can read the drawn figures from the DOM). Importing
 * `echarts/core` instead of `echarts` keeps the rest of the library out of the bundle.
 */
import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  type AriaComponentOption,
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

/** The options a dashboard chart may set (only the registered parts). */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | AriaComponentOption
>;

export { init } from 'echarts/core';
