import type { WidgetModule } from '../types.ts';
import LineChartWidget from './LineChartWidget.vue';
import { defaults, optionFields, parseOptions, type LineChartOptions } from './options.ts';
import { transformRange } from './rangeTransform.ts';
import { transform, type LineChartView } from './transform.ts';

const lineChart: WidgetModule<LineChartOptions, LineChartView> = {
  defaults,
  optionFields,
  parseOptions,
  transform,
  transformRange,
  previousPeriod: 'toggle',
  component: LineChartWidget,
};

export default lineChart;
