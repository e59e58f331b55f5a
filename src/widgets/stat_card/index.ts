import type { WidgetModule } from '../types.ts';
import { defaults, optionFields, parseOptions, type StatCardOptions } from './options.ts';
import StatCardWidget from './StatCardWidget.vue';
import { transform, type StatCardView } from './transform.ts';

const statCard: WidgetModule<StatCardOptions, StatCardView> = {
  defaults,
  optionFields,
  parseOptions,
  transform,
  component: StatCardWidget,
};

export default statCard;
