import type { PipelineField } from '../../../contract/index.ts';
import type { WindowRecord } from '../types.ts';
import { axesForUnits, type ValueAxis } from '../shared/chartOptions.ts';
import { describeField, type FieldDisplay } from '../shared/fields.ts';
import { formatTime, formatValue } from '../shared/format.ts';
import { gapsBefore, timeSpan, timeTicks } from '../shared/timeAxis.ts';
import { lastNumeric, numericValue } from '../shared/values.ts';
import type { LineChartOptions } from './options.ts';

/** A point of a line: x is the record's time in ms; y is null where the record has no numeric value (a gap). */
export interface LinePoint {
  x: number;
  y: number | null;
}

export interface LineSeries extends FieldDisplay {
  /** Every series has a point at every index (the same record), so a hover reads them all at once. */
  points: LinePoint[];
  /** A range: the min and max of each bucket, index by index with `points` (the band around the mean). */
  band?: { min: number | null; max: number | null }[];
  /** A range compared with the period before it: that period's means, shifted onto this one. */
  previous?: LinePoint[];
  latest: number | null;
  /** The id of its value axis (one per unit). */
  axis: string;
}

export interface LineChartView {
  series: LineSeries[];
  axes: ValueAxis[];
  /** The time the axis spans: the data's, no more. Null while the window is empty. */
  span: { min: number; max: number } | null;
  ticks: number[];
  summary: string;
  /** A range (not the live window): its length, which sets how times read; the chart can be zoomed into. */
  rangeMs?: number;
}

/**
 * One series per field over the window's records (oldest first); truncated
 * records are left out, and a long pause in the records is a break in every
 * line (a point without a value between the records around it).
 */
export function transform(records: readonly WindowRecord[], options: LineChartOptions, fields?: readonly PipelineField[]): LineChartView {
  const usable = records.filter((r) => !r.truncated);
  const times = usable.map((r) => r.ts.getTime());
  const breaks = new Set(gapsBefore(times));
  const shown = options.fields.map((f) => describeField(f, fields, options.unit));
  const axes = axesForUnits(shown.map((d) => d.unit));
  const series = shown.map((d) => ({
    ...d,
    points: usable.flatMap((r, i) => {
      const point = { x: times[i]!, y: numericValue(r, d.field) };
      return breaks.has(i) ? [{ x: (times[i - 1]! + times[i]!) / 2, y: null }, point] : [point];
    }),
    latest: lastNumeric(usable, d.field),
    axis: axes.find((a) => a.unit === d.unit)!.id,
  }));
  const span = timeSpan(times);
  const name = options.label || options.title || 'Chart';
  const newest = usable[usable.length - 1];
  const summary =
    newest === undefined
      ? `${name}: no data yet`
      : `${name}, ${usable.length} points up to ${formatTime(newest.ts)}. Latest: ${series
          .map((s) => `${s.label} ${formatValue(s.latest, undefined, s.unit, options.mappings)}`)
          .join(', ')}.`;
  return { series, axes, span, ticks: span ? timeTicks(span) : [], summary };
}
