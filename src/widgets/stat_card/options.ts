import type { OptionField, ParsedOptions, Threshold } from '../types.ts';
import { labelField, parseConfig, thresholdsField, titleField, unitField, rangeField, mappingsField } from '../shared/options.ts';
import type { ValueMappings } from '../shared/mappings.ts';

export const AGGREGATIONS = ['latest', 'min', 'max', 'avg', 'sum', 'count'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface StatCardOptions {
  title: string;
  /** Exactly one field. */
  fields: string[];
  label: string;
  unit: string;
  /** Values shown as text instead of the number ("1=on"). */
  mappings?: ValueMappings;
  aggregation: Aggregation;
  /** Fixed decimals; undefined shows up to 2. */
  decimals?: number;
  sparkline: boolean;
  thresholds: Threshold[];
}

export const defaults: StatCardOptions = {
  title: '',
  fields: [],
  label: '',
  unit: '',
  aggregation: 'latest',
  sparkline: false,
  thresholds: [],
};

const AGGREGATION_LABELS: Record<Aggregation, string> = {
  latest: 'Latest value',
  min: 'Minimum over the window',
  max: 'Maximum over the window',
  avg: 'Average over the window',
  sum: 'Sum over the window',
  count: 'Number of records with the field',
};

export const optionFields: readonly OptionField[] = [
  titleField,
  { key: 'fields', label: 'Field', kind: 'fields', multiple: false, numeric: true },
  labelField,
  unitField,
  { key: 'aggregation', label: 'Value', kind: 'select', choices: AGGREGATIONS.map((value) => ({ value, label: AGGREGATION_LABELS[value] })) },
  { key: 'decimals', label: 'Decimals', kind: 'number', min: 0, max: 6, integer: true },
  mappingsField,
  { key: 'sparkline', label: 'Sparkline', kind: 'boolean' },
  thresholdsField,
  rangeField,
];

export function parseOptions(config: unknown): ParsedOptions<StatCardOptions> {
  return parseConfig(config, optionFields, defaults);
}
