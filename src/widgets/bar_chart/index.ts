import type { WidgetModule } from '../types.ts';
import BarChartWidget from './BarChartWidget.vue';
import { defaults, fieldsUsed, optionFields, parseOptions, type BarChartOptions } from './options.ts';
import { transformRange } from './rangeTransform.ts';
import { transform, type BarChartView } from './transform.ts';

const barChart: WidgetModule<BarChartOptions, BarChartView> = {
  defaults,
  optionFields,
  parseOptions,
  transform,
  transformRange,
  fieldsUsed,
  component: BarChartWidget,
};

export default barChart;
