import type { OptionField, ParsedOptions } from '../types.ts';
import { labelField, parseConfig, titleField, unitField, rangeField, mappingsField } from '../shared/options.ts';
import type { ValueMappings } from '../shared/mappings.ts';

export interface TableOptions {
  title: string;
  /** Columns, 1..20, after the time column. */
  fields: string[];
  label: string;
  /** Applied to numeric cells. */
  unit: string;
  /** Values shown as text instead of the number ("1=on"). */
  mappings?: ValueMappings;
  /** Newest rows shown, 1..100. */
  rows: number;
  decimals?: number;
  /** Over a time range: what each bucket's cell shows. */
  aggregation: TableAggregation;
}

export const TABLE_AGGREGATIONS = ['avg', 'min', 'max', 'sum', 'latest'] as const;
export type TableAggregation = (typeof TABLE_AGGREGATIONS)[number];
const AGGREGATION_LABELS: Record<TableAggregation, string> = { avg: 'Average', min: 'Minimum', max: 'Maximum', sum: 'Sum', latest: 'Last value' };

export const defaults: TableOptions = { title: '', fields: [], label: '', unit: '', rows: 10, aggregation: 'avg' };

export const optionFields: readonly OptionField[] = [
  titleField,
  { key: 'fields', label: 'Columns', kind: 'fields', multiple: true, min: 1, max: 20 },
  labelField,
  unitField,
  { key: 'rows', label: 'Rows', kind: 'number', min: 1, max: 100, integer: true },
  { key: 'decimals', label: 'Decimals', kind: 'number', min: 0, max: 6, integer: true },
  mappingsField,
  {
    key: 'aggregation',
    label: 'Over a time range, each period shows',
    kind: 'select',
    choices: TABLE_AGGREGATIONS.map((value) => ({ value, label: AGGREGATION_LABELS[value] })),
  },
  rangeField,
];

export function parseOptions(config: unknown): ParsedOptions<TableOptions> {
  return parseConfig(config, optionFields, defaults);
}
