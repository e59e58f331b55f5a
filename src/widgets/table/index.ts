import type { WidgetDefinition } from '../types.ts';
import { defaults, optionFields, parseOptions, type TableOptions } from './options.ts';
import TableWidget from './TableWidget.vue';
import { transform, type TableView } from './transform.ts';

const table: WidgetDefinition<TableOptions, TableView> = {
  type: 'table',
  name: 'Table',
  defaults,
  optionFields,
  parseOptions,
  transform,
  component: TableWidget,
};

export default table;
