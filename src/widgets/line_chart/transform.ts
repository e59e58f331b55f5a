import type { WindowRecord } from '../types.ts';
import { formatNumber, formatTime } from '../shared/format.ts';
import { lastNumeric, numericValue } from '../shared/values.ts';
import type { LineChartOptions } from './options.ts';

/** A point of a line: x is the record's time in ms; y is null where the record has no numeric value (a gap). */
export interface LinePoint {
  x: number;
  y: number | null;
}

export interface LineChartView {
  series: { field: string; points: LinePoint[]; latest: number | null }[];
  summary: string;
}

/** One series per field over the window's records (oldest first); truncated records are left out. */
export function transform(records: readonly WindowRecord[], options: LineChartOptions): LineChartView {
  const usable = records.filter((r) => !r.truncated);
  const series = options.fields.map((field) => ({
    field,
    points: usable.map((r) => ({ x: r.ts.getTime(), y: numericValue(r, field) })),
    latest: lastNumeric(usable, field),
  }));
  const name = options.label || options.title || 'Chart';
  const newest = usable[usable.length - 1];
  const summary =
    newest === undefined
      ? `${name}: no data yet`
      : `${name}, ${usable.length} points up to ${formatTime(newest.ts)}. Latest: ${series
          .map((s) => `${s.field} ${formatNumber(s.latest, undefined, options.unit)}`)
          .join(', ')}.`;
  return { series, summary };
}
