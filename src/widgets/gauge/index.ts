import type { WidgetModule } from '../types.ts';
import GaugeWidget from './GaugeWidget.vue';
import { defaults, optionFields, parseOptions, type GaugeOptions } from './options.ts';
import { transformRange } from './rangeTransform.ts';
import { transform, type GaugeView } from './transform.ts';

const gauge: WidgetModule<GaugeOptions, GaugeView> = {
  defaults,
  optionFields,
  parseOptions,
  transform,
  transformRange,
  component: GaugeWidget,
};

export default gauge;
