import type { WidgetDefinition } from '../types.ts';
import BarChartWidget from './BarChartWidget.vue';
import { defaults, fieldsUsed, optionFields, parseOptions, type BarChartOptions } from './options.ts';
import { transform, type BarChartView } from './transform.ts';

const barChart: WidgetDefinition<BarChartOptions, BarChartView> = {
  type: 'bar_chart',
  name: 'Bar chart',
  defaults,
  optionFields,
  parseOptions,
  transform,
  fieldsUsed,
  component: BarChartWidget,
};

export default barChart;
