import type { PipelineField } from '../../../contract/index.ts';
import type { WindowRecord } from '../types.ts';
import { describeField, type FieldDisplay } from '../shared/fields.ts';
import { formatTime, formatValue } from '../shared/format.ts';
import type { TableOptions } from './options.ts';

export interface TableRow {
  id: string;
  time: string;
  /** ISO time, for a `<time datetime>`. */
  iso: string;
  cells: string[];
  /** The record was too large for the window: its values are not shown. */
  truncated: boolean;
}

export interface TableView {
  /** One per field: its header (label) and the unit of its cells. */
  columns: FieldDisplay[];
  rows: TableRow[];
  summary: string;
}

/** The newest `rows` records, newest first, with formatted times and values, each column in its own unit. */
export function transform(records: readonly WindowRecord[], options: TableOptions, fields?: readonly PipelineField[]): TableView {
  const columns = options.fields.map((f) => describeField(f, fields, options.unit));
  const rows = records
    .slice(-options.rows)
    .reverse()
    .map((r) => ({
      id: r.id,
      time: formatTime(r.ts),
      iso: r.ts.toISOString(),
      cells: r.truncated ? [] : columns.map((c) => formatValue(r.data[c.field], options.decimals, c.unit, options.mappings)),
      truncated: Boolean(r.truncated),
    }));
  const name = options.label || options.title || 'Table';
  const newest = rows[0];
  const summary = newest
    ? `${name}: ${rows.length} rows, newest at ${newest.time}${
        newest.truncated ? ' (too large to show)' : `: ${columns.map((c, i) => `${c.label} ${newest.cells[i]}`).join(', ')}`
      }.`
    : `${name}: no rows yet`;
  return { columns, rows, summary };
}
