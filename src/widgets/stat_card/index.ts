import type { WidgetModule } from '../types.ts';
import { defaults, optionFields, parseOptions, type StatCardOptions } from './options.ts';
import StatCardWidget from './StatCardWidget.vue';
import { transformRange } from './rangeTransform.ts';
import { transform, type StatCardView } from './transform.ts';

const statCard: WidgetModule<StatCardOptions, StatCardView> = {
  defaults,
  optionFields,
  parseOptions,
  transform,
  transformRange,
  previousPeriod: 'always',
  component: StatCardWidget,
};

export default statCard;
