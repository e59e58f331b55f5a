import type { WidgetModule } from '../types.ts';
import { defaults, optionFields, parseOptions, type TableOptions } from './options.ts';
import TableWidget from './TableWidget.vue';
import { transformRange } from './rangeTransform.ts';
import { transform, type TableView } from './transform.ts';

const table: WidgetModule<TableOptions, TableView> = {
  defaults,
  optionFields,
  parseOptions,
  transform,
  transformRange,
  component: TableWidget,
};

export default table;
