import type { OptionField, ParsedOptions } from '../types.ts';
import { checkRange, labelField, parseConfig, refine, titleField, unitField, rangeField, mappingsField } from '../shared/options.ts';
import type { ValueMappings } from '../shared/mappings.ts';

export type BarMode = 'fields' | 'category';

export interface BarChartOptions {
  title: string;
  /** Mode 'fields': one bar per field, its latest value. */
  fields: string[];
  label: string;
  unit: string;
  /** Values shown as text instead of the number ("1=on"). */
  mappings?: ValueMappings;
  mode: BarMode;
  /** Mode 'category': one bar per value of `categoryField`, the latest `valueField` of that category. */
  categoryField: string;
  valueField: string;
  min?: number;
  max?: number;
  /** Over a time range: a bar per bucket (the average of the first field, or of the value field), or a bar per field (its average over the range). */
  rangeBars: 'bucket' | 'field';
}

export const defaults: BarChartOptions = {
  title: '',
  fields: [],
  label: '',
  unit: '',
  mode: 'fields',
  categoryField: '',
  valueField: '',
  rangeBars: 'bucket',
};

export const optionFields: readonly OptionField[] = [
  titleField,
  {
    key: 'mode',
    label: 'Bars',
    kind: 'select',
    choices: [
      { value: 'fields', label: 'Latest value of each field' },
      { value: 'category', label: 'Latest value per category' },
    ],
  },
  { key: 'fields', label: 'Fields', kind: 'fields', multiple: true, numeric: true, min: 0, max: 20 },
  { key: 'categoryField', label: 'Category field', kind: 'fields', multiple: false, min: 0 },
  { key: 'valueField', label: 'Value field', kind: 'fields', multiple: false, numeric: true, min: 0 },
  labelField,
  unitField,
  mappingsField,
  { key: 'min', label: 'Minimum', kind: 'number' },
  { key: 'max', label: 'Maximum', kind: 'number' },
  {
    key: 'rangeBars',
    label: 'Over a time range',
    kind: 'select',
    choices: [
      { value: 'bucket', label: 'A bar per period (average)' },
      { value: 'field', label: 'A bar per field (average over the range)' },
    ],
  },
  rangeField,
];

export function parseOptions(config: unknown): ParsedOptions<BarChartOptions> {
  return refine(parseConfig(config, optionFields, defaults), (o) => {
    if (o.mode === 'fields' && o.fields.length === 0) return '"Fields": choose a field.';
    if (o.mode === 'category' && (!o.categoryField || !o.valueField)) {
      return 'Bars per category need a "Category field" and a "Value field".';
    }
    return checkRange(o.min, o.max);
  });
}

/** The record fields a bar chart reads in its mode. */
export function fieldsUsed(options: BarChartOptions): string[] {
  return options.mode === 'category' ? [options.categoryField, options.valueField] : options.fields;
}
