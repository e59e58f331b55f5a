import type { PipelineField } from '../../../contract/index.ts';
import type { Threshold, WindowRecord } from '../types.ts';
import { describeField } from '../shared/fields.ts';
import { formatNumber, formatValue, NO_VALUE } from '../shared/format.ts';
import { LEVEL_TEXT, numericValue, thresholdLevel } from '../shared/values.ts';
import type { Aggregation, StatCardOptions } from './options.ts';

export interface StatCardView {
  value: number | null;
  /** The value formatted with its unit, or a dash. */
  display: string;
  /** Value minus the value before the newest record; null with fewer than two values. */
  change: number | null;
  changeDisplay: string;
  direction: 'up' | 'down' | 'flat' | null;
  level: Threshold['color'] | null;
  /** Which value this is: "Latest value", "Average of the last 100 records"... */
  basis: string;
  /** Numeric values of the field over the window, oldest first. */
  sparkline: number[];
  /** What a screen reader announces. */
  summary: string;
}

function aggregate(records: readonly WindowRecord[], field: string, aggregation: Aggregation): number | null {
  if (aggregation === 'count') {
    return records.filter((r) => !r.truncated && r.data[field] !== undefined && r.data[field] !== null).length;
  }
  const values = records.map((r) => numericValue(r, field)).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  switch (aggregation) {
    case 'latest':
      return values[values.length - 1] ?? null;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

const AGGREGATION_NAMES: Record<Exclude<Aggregation, 'latest'>, string> = {
  min: 'Minimum',
  max: 'Maximum',
  avg: 'Average',
  sum: 'Sum',
  count: 'Count',
};

/** Says which value a card shows, so that an average is not read as the current value. */
export function aggregationBasis(aggregation: Aggregation, records: number): string {
  if (aggregation === 'latest') return 'Latest value';
  return `${AGGREGATION_NAMES[aggregation]} of the last ${records === 1 ? 'record' : `${records} records`}`;
}

/** Drops the newest record that has a numeric value of `field` (the "previous" state of the window). */
function withoutNewestValue(records: readonly WindowRecord[], field: string): readonly WindowRecord[] {
  for (let i = records.length - 1; i >= 0; i--) {
    if (numericValue(records[i]!, field) !== null) return [...records.slice(0, i), ...records.slice(i + 1)];
  }
  return records;
}

/** How the card's value reads: a count is of records, not in the field's unit, decimals or mappings. */
export function valueFormat(options: StatCardOptions, fieldUnit: string): Pick<StatCardOptions, 'unit' | 'decimals' | 'mappings'> {
  return options.aggregation === 'count' ? { unit: '', decimals: 0 } : { unit: fieldUnit, decimals: options.decimals, mappings: options.mappings };
}

/** The window to the card's value, its change since the previous value, and its threshold level. */
export function transform(records: readonly WindowRecord[], options: StatCardOptions, fields?: readonly PipelineField[]): StatCardView {
  const field = options.fields[0] ?? '';
  const { label, unit: fieldUnit } = describeField(field, fields, options.unit);
  const { unit, decimals, mappings } = valueFormat(options, fieldUnit);
  const basis = aggregationBasis(options.aggregation, records.filter((r) => !r.truncated).length);
  const value = aggregate(records, field, options.aggregation);
  const sparkline = records.map((r) => numericValue(r, field)).filter((v): v is number => v !== null);
  const hasPrevious = sparkline.length >= 2;
  const previous = hasPrevious ? aggregate(withoutNewestValue(records, field), field, options.aggregation) : null;
  const change = value !== null && previous !== null ? value - previous : null;
  const direction = change === null ? null : change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const changeDisplay =
    change === null ? '' : `${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatNumber(Math.abs(change), decimals, unit)}`;
  const level = thresholdLevel(value, options.thresholds);
  const display = formatValue(value, decimals, unit, mappings);
  const name = options.label || options.title || label;
  const summary =
    value === null
      ? `${name}: no value yet`
      : [
          `${name}: ${display} (${basis.toLowerCase()})`,
          change !== null ? `${direction === 'flat' ? 'unchanged' : direction === 'up' ? 'up' : 'down'} ${changeDisplay} since the previous value` : '',
          level ? `level ${LEVEL_TEXT[level]}` : '',
        ]
          .filter(Boolean)
          .join(', ');
  return { value, display: value === null ? NO_VALUE : display, change, changeDisplay, direction, level, basis, sparkline, summary };
}
