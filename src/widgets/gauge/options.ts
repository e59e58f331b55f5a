import type { OptionField, ParsedOptions, Threshold } from '../types.ts';
import { checkRange, labelField, parseConfig, refine, thresholdsField, titleField, unitField, rangeField, mappingsField } from '../shared/options.ts';
import type { ValueMappings } from '../shared/mappings.ts';

export interface GaugeOptions {
  title: string;
  /** Exactly one field. */
  fields: string[];
  label: string;
  unit: string;
  /** Values shown as text instead of the number ("1=on"). */
  mappings?: ValueMappings;
  min: number;
  max: number;
  decimals?: number;
  thresholds: Threshold[];
  /** Over a time range: the last value in it, or the average. */
  aggregation: 'latest' | 'avg';
}

export const defaults: GaugeOptions = { title: '', fields: [], label: '', unit: '', min: 0, max: 100, thresholds: [], aggregation: 'latest' };

export const optionFields: readonly OptionField[] = [
  titleField,
  { key: 'fields', label: 'Field', kind: 'fields', multiple: false, numeric: true },
  labelField,
  unitField,
  { key: 'min', label: 'Minimum', kind: 'number' },
  { key: 'max', label: 'Maximum', kind: 'number' },
  { key: 'decimals', label: 'Decimals', kind: 'number', min: 0, max: 6, integer: true },
  mappingsField,
  thresholdsField,
  {
    key: 'aggregation',
    label: 'Over a time range',
    kind: 'select',
    choices: [
      { value: 'latest', label: 'Last value' },
      { value: 'avg', label: 'Average' },
    ],
  },
  rangeField,
];

export function parseOptions(config: unknown): ParsedOptions<GaugeOptions> {
  return refine(parseConfig(config, optionFields, defaults), (o) => checkRange(o.min, o.max));
}
