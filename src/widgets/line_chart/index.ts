import type { WidgetDefinition } from '../types.ts';
import LineChartWidget from './LineChartWidget.vue';
import { defaults, optionFields, parseOptions, type LineChartOptions } from './options.ts';
import { transform, type LineChartView } from './transform.ts';

const lineChart: WidgetDefinition<LineChartOptions, LineChartView> = {
  type: 'line_chart',
  name: 'Line chart',
  defaults,
  optionFields,
  parseOptions,
  transform,
  component: LineChartWidget,
};

export default lineChart;
