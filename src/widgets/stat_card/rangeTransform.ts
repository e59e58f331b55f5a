import type { PipelineField } from '../../../contract/index.ts';
import type { RangeSeries } from '../../history/rangeSeries.ts';
import { describeField } from '../shared/fields.ts';
import { formatNumber, formatValue, NO_VALUE } from '../shared/format.ts';
import { bucketValues, rangeAggregate, statOf, type BucketStat } from '../shared/rangeValues.ts';
import { LEVEL_TEXT, thresholdLevel } from '../shared/values.ts';
import type { Aggregation, StatCardOptions } from './options.ts';
import { valueFormat, type StatCardView } from './transform.ts';

const STAT: Readonly<Record<Aggregation, BucketStat>> = { latest: 'last', min: 'min', max: 'max', avg: 'mean', sum: 'sum', count: 'count' };
const NAMES: Readonly<Record<Aggregation, string>> = { latest: 'Last value', min: 'Minimum', max: 'Maximum', avg: 'Average', sum: 'Sum', count: 'Count' };

/** A range's length in words: "15 min", "24 h", "7 d". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours <= 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

/** The card's aggregation of `field` over a range's buckets (null without a value). */
export function rangeValue(series: RangeSeries, field: string, aggregation: Aggregation): number | null {
  const value = statOf(rangeAggregate(series, field), STAT[aggregation]);
  return value === null && aggregation === 'count' ? 0 : value;
}

/**
 * A range as the card's value: the aggregation over the whole range, its
 * change against the previous period of the same length, the sparkline of
 * the bucket means.
 */
export function transformRange(
  series: RangeSeries,
  options: StatCardOptions,
  fields?: readonly PipelineField[],
  previous?: RangeSeries | null,
): StatCardView {
  const field = options.fields[0] ?? '';
  const { label, unit: fieldUnit } = describeField(field, fields, options.unit);
  const { unit, decimals, mappings } = valueFormat(options, fieldUnit);
  const length = formatDuration(series.toMs - series.fromMs);
  const value = rangeValue(series, field, options.aggregation);
  const before = previous ? rangeValue(previous, field, options.aggregation) : null;
  const change = value !== null && before !== null ? value - before : null;
  const direction = change === null ? null : change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const changeDisplay =
    change === null ? '' : `${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatNumber(Math.abs(change), decimals, unit)} vs previous ${length}`;
  const level = thresholdLevel(value, options.thresholds);
  const display = formatValue(value, decimals, unit, mappings);
  const basis = `${NAMES[options.aggregation]} over ${length}`;
  const name = options.label || options.title || label;
  const summary =
    value === null
      ? `${name}: no value in this range`
      : [`${name}: ${display} (${basis.toLowerCase()})`, change !== null ? changeDisplay : '', level ? `level ${LEVEL_TEXT[level]}` : '']
          .filter(Boolean)
          .join(', ');
  return {
    value,
    display: value === null ? NO_VALUE : display,
    change,
    changeDisplay,
    direction,
    level,
    basis,
    sparkline: bucketValues(series, field, 'mean'),
    summary,
  };
}
