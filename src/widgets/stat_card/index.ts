import type { WidgetDefinition } from '../types.ts';
import { defaults, optionFields, parseOptions, type StatCardOptions } from './options.ts';
import StatCardWidget from './StatCardWidget.vue';
import { transform, type StatCardView } from './transform.ts';

const statCard: WidgetDefinition<StatCardOptions, StatCardView> = {
  type: 'stat_card',
  name: 'Stat card',
  defaults,
  optionFields,
  parseOptions,
  transform,
  component: StatCardWidget,
};

export default statCard;
