import type { RecordData } from '../../contract/index.ts';
import type { RangeSeries } from '../history/rangeSeries.ts';

export type CsvCell = string | number | boolean | null | undefined;

const AGGREGATES = ['n', 'sum', 'min', 'max', 'first', 'last'] as const;

/** One cell per RFC 4180: quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled. */
function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text, CRLF line ends (what spreadsheets expect), a line end after the last row too. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(cell).join(',')}\r\n`).join('');
}

/** A range's buckets: start (ISO), record count, and for each field its n, sum, min, max, first, last and mean. */
export function seriesCsv(series: RangeSeries, fields: readonly string[]): string {
  const header = ['start', 'n', ...fields.flatMap((f) => [...AGGREGATES, 'mean'].map((a) => `${f}.${a}`))];
  const rows = series.buckets.map((b) => [
    new Date(b.startMs).toISOString(),
    b.bucket.n,
    ...fields.flatMap((f) => {
      const agg = b.bucket.fields[f];
      return agg ? [...AGGREGATES.map((a) => agg[a]), agg.n ? agg.sum / agg.n : null] : Array<CsvCell>(AGGREGATES.length + 1).fill(null);
    }),
  ]);
  return csvText([header, ...rows]);
}

/** The live window's records: time (ISO), record id, and each field's value as recorded. */
export function recordsCsv(records: readonly { id: string; ts: Date; data: RecordData }[], fields: readonly string[]): string {
  return csvText([['time', 'id', ...fields], ...records.map((r) => [r.ts.toISOString(), r.id, ...fields.map((f) => r.data[f])])]);
}

/** A file name from parts ("demo", "CPU load", "24h"): each part lower case, runs of other characters as one "-", joined by "_". */
export function csvFileName(parts: readonly string[]): string {
  const clean = parts.map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')).filter(Boolean);
  return `${clean.join('_') || 'export'}.csv`;
}
