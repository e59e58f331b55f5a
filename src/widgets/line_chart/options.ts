import type { OptionField, ParsedOptions } from '../types.ts';
import { checkRange, labelField, parseConfig, refine, titleField, unitField, rangeField, mappingsField } from '../shared/options.ts';
import type { ValueMappings } from '../shared/mappings.ts';

export interface LineChartOptions {
  title: string;
  /** One line per field, 1..8. */
  fields: string[];
  label: string;
  unit: string;
  /** Values shown as text instead of the number ("1=on"). */
  mappings?: ValueMappings;
  /** Fixed bounds of the value axis; undefined fits the data. */
  min?: number;
  max?: number;
}

export const defaults: LineChartOptions = { title: '', fields: [], label: '', unit: '' };

export const optionFields: readonly OptionField[] = [
  titleField,
  { key: 'fields', label: 'Fields', kind: 'fields', multiple: true, numeric: true, min: 1, max: 8 },
  labelField,
  unitField,
  mappingsField,
  { key: 'min', label: 'Minimum', kind: 'number' },
  { key: 'max', label: 'Maximum', kind: 'number' },
  rangeField,
];

export function parseOptions(config: unknown): ParsedOptions<LineChartOptions> {
  return refine(parseConfig(config, optionFields, defaults), (o) => checkRange(o.min, o.max));
}
