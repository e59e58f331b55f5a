/**
 * The rolling window as pure data: ordering, truncation and the merge of new
 * log records into a window. No Firestore here, so the trigger, the reconcile
 * and the unit tests all run the same code.
 */

/** How many records the window keeps (DATA_MODEL.md: rollups/last100). */
export const WINDOW_SIZE = 100;

/**
 * Largest `data` (Firestore storage size, bytes) kept whole in the window:
 * 100 x 8 KiB plus per-record overhead stays under the 1 MiB document limit.
 */
export const MAX_WINDOW_DATA_BYTES = 8 * 1024;

/** A point in time as Firestore's Timestamp exposes it. */
export interface Instant {
  readonly seconds: number;
  readonly nanoseconds: number;
}

export type RecordValue = number | string | boolean | null;
export type RecordData = Record<string, RecordValue>;

/** A record of the log (`pipelines/{id}/records/{recordId}`), as the window needs it. */
export interface LogRecord<T extends Instant = Instant> {
  id: string;
  ts: T;
  data: RecordData;
}

/** One entry of `rollups/last100.records`. */
export interface WindowRecord<T extends Instant = Instant> {
  id: string;
  ts: T;
  data: RecordData;
  truncated?: true;
}

/** The position of a record in the log: its (ts, id), the window's cursor. */
export interface LogPosition<T extends Instant = Instant> {
  ts: T;
  id: string;
}

/** Orders two log positions by (ts, id), the log's order. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.ts.seconds - b.ts.seconds || a.ts.nanoseconds - b.ts.nanoseconds || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Bytes Firestore counts for a string: its UTF-8 length plus one. */
function stringSize(s: string): number {
  return Buffer.byteLength(s, 'utf8') + 1;
}

/**
 * Firestore's storage size of a record's `data` map
 * (https://firebase.google.com/docs/firestore/storage-size): the measure the
 * 1 MiB document limit is written in.
 */
export function dataSize(data: RecordData): number {
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    size += stringSize(key);
    if (typeof value === 'string') size += stringSize(value);
    else if (typeof value === 'number') size += 8;
    else size += 1;
  }
  return size;
}

/** The window entry for a log record: the record itself, or a truncated stub when its data is too large. */
export function toWindowRecord<T extends Instant>(record: LogRecord<T>): WindowRecord<T> {
  if (dataSize(record.data) > MAX_WINDOW_DATA_BYTES) return { id: record.id, ts: record.ts, data: {}, truncated: true };
  return { id: record.id, ts: record.ts, data: record.data };
}

/** The window fields derived from its records. */
export interface MergedWindow<T extends Instant = Instant> {
  records: WindowRecord<T>[];
  lastTs: T | null;
}

/**
 * Merges new log records into a window: ordered by (ts, id), each id once (the
 * log's copy wins), the newest WINDOW_SIZE kept. Order and repetition of the
 * input do not matter, so duplicate or reordered deliveries give the same window.
 */
export function mergeWindow<T extends Instant>(window: readonly WindowRecord<T>[], newRecords: readonly LogRecord<T>[]): MergedWindow<T> {
  const byId = new Map<string, WindowRecord<T>>();
  for (const r of window) byId.set(r.id, r);
  for (const r of newRecords) byId.set(r.id, toWindowRecord(r));
  const records = [...byId.values()].sort(comparePositions).slice(-WINDOW_SIZE);
  return { records, lastTs: records.at(-1)?.ts ?? null };
}

/** The window's cursor: the (ts, id) of its newest record, or null when it is empty. */
export function windowCursor<T extends Instant>(records: readonly WindowRecord<T>[]): LogPosition<T> | null {
  const last = records.at(-1);
  return last ? { ts: last.ts, id: last.id } : null;
}
