import type { WidgetModule } from '../types.ts';
import LineChartWidget from './LineChartWidget.vue';
import { defaults, optionFields, parseOptions, type LineChartOptions } from './options.ts';
import { transform, type LineChartView } from './transform.ts';

const lineChart: WidgetModule<LineChartOptions, LineChartView> = {
  defaults,
  optionFields,
  parseOptions,
  transform,
  component: LineChartWidget,
};

export default lineChart;
