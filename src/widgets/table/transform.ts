import type { WindowRecord } from '../types.ts';
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
  columns: string[];
  rows: TableRow[];
  summary: string;
}

/** The newest `rows` records, newest first, with formatted times and values. */
export function transform(records: readonly WindowRecord[], options: TableOptions): TableView {
  const rows = records
    .slice(-options.rows)
    .reverse()
    .map((r) => ({
      id: r.id,
      time: formatTime(r.ts),
      iso: r.ts.toISOString(),
      cells: r.truncated ? [] : options.fields.map((f) => formatValue(r.data[f], options.decimals, options.unit)),
      truncated: Boolean(r.truncated),
    }));
  const name = options.label || options.title || 'Table';
  const newest = rows[0];
  const summary = newest
    ? `${name}: ${rows.length} rows, newest at ${newest.time}${
        newest.truncated ? ' (too large to show)' : `: ${options.fields.map((f, i) => `${f} ${newest.cells[i]}`).join(', ')}`
      }.`
    : `${name}: no rows yet`;
  return { columns: [...options.fields], rows, summary };
}
