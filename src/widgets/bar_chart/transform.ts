import type { PipelineField } from '../../../contract/index.ts';
import type { WindowRecord } from '../types.ts';
import { axesForUnits, type ValueAxis } from '../shared/chartOptions.ts';
import { describeField } from '../shared/fields.ts';
import { formatValue } from '../shared/format.ts';
import { lastNumeric, numericValue } from '../shared/values.ts';
import type { BarChartOptions } from './options.ts';

/** At most this many categories are drawn (the first ones in order). */
export const MAX_CATEGORIES = 30;

export interface BarChartView {
  labels: string[];
  values: (number | null)[];
  /** The unit of each bar. */
  units: string[];
  /** Each bar's value as text: mapped, or with its unit. */
  displays: string[];
  /** A value axis per unit; each bar is drawn against its unit's. */
  axes: ValueAxis[];
  summary: string;
}

const byName = new Intl.Collator('en', { numeric: true }).compare;

function latestPerCategory(records: readonly WindowRecord[], options: BarChartOptions): Map<string, number> {
  const latest = new Map<string, number>();
  for (const r of records) {
    const category = r.truncated ? undefined : r.data[options.categoryField];
    const value = numericValue(r, options.valueField);
    if (category === undefined || category === null || value === null) continue;
    latest.set(String(category), value);
  }
  return latest;
}

/** Bars of the latest value of each field, or of the latest value per category (categories in name order). */
export function transform(records: readonly WindowRecord[], options: BarChartOptions, fields?: readonly PipelineField[]): BarChartView {
  let labels: string[];
  let values: (number | null)[];
  let units: string[];
  if (options.mode === 'category') {
    const latest = latestPerCategory(records, options);
    labels = [...latest.keys()].sort(byName).slice(0, MAX_CATEGORIES);
    values = labels.map((l) => latest.get(l) ?? null);
    units = labels.map(() => describeField(options.valueField, fields, options.unit).unit);
  } else {
    const shown = options.fields.map((f) => describeField(f, fields, options.unit));
    labels = shown.map((d) => d.label);
    values = options.fields.map((f) => lastNumeric(records, f));
    units = shown.map((d) => d.unit);
  }
  return barView(labels, values, units, options);
}

/** Bars with these labels, values and units. */
export function barView(labels: string[], values: (number | null)[], units: string[], options: BarChartOptions): BarChartView {
  const name = options.label || options.title || 'Bar chart';
  const displays = values.map((v, i) => formatValue(v, undefined, units[i], options.mappings));
  const summary = values.some((v) => v !== null) ? `${name}: ${labels.map((l, i) => `${l} ${displays[i]}`).join(', ')}.` : `${name}: no data yet`;
  return { labels, values, units, displays, axes: axesForUnits(units), summary };
}
