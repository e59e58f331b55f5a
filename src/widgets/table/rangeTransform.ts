import type { PipelineField } from '../../../contract/index.ts';
import type { RangeSeries } from '../../history/rangeSeries.ts';
import { formatMoment } from '../../lib/time.ts';
import { describeField } from '../shared/fields.ts';
import { formatValue } from '../shared/format.ts';
import { statOf, type BucketStat } from '../shared/rangeValues.ts';
import type { TableAggregation, TableOptions } from './options.ts';
import type { TableView } from './transform.ts';

const STAT: Readonly<Record<TableAggregation, BucketStat>> = { avg: 'mean', min: 'min', max: 'max', sum: 'sum', latest: 'last' };

/** A range as rows: one per bucket, newest first: its start, its record count, and the chosen aggregate of each field. */
export function transformRange(series: RangeSeries, options: TableOptions, fields?: readonly PipelineField[]): TableView {
  const columns = [{ field: 'n', label: 'Records', unit: '' }, ...options.fields.map((f) => describeField(f, fields, options.unit))];
  const stat = STAT[options.aggregation];
  const rows = series.buckets
    .slice()
    .reverse()
    .map((b) => ({
      id: String(b.startMs),
      time: formatMoment(b.startMs),
      iso: new Date(b.startMs).toISOString(),
      cells: [String(b.bucket.n), ...columns.slice(1).map((c) => formatValue(statOf(b.bucket.fields[c.field], stat), options.decimals, c.unit, options.mappings))],
      truncated: false,
    }));
  const name = options.label || options.title || 'Table';
  const newest = rows[0];
  const summary = newest
    ? `${name}: ${rows.length} ${series.resolution} rows, newest from ${newest.time}: ${columns.map((c, i) => `${c.label} ${newest.cells[i]}`).join(', ')}.`
    : `${name}: no rows in this range`;
  return { columns, rows, summary };
}
