/**
 * The rolling window as pure data: truncation and the merge of new log
 * records into a window. The trigger, the reconcile and the unit tests all run
 * this same code.
 */
import { MAX_WINDOW_DATA_BYTES, WINDOW_SIZE } from './limits.ts';
import { compareRecords } from './order.ts';
import type { Instant, LogEntry, RecordData, RecordPosition, WindowRecord } from './types.ts';

const utf8 = new TextEncoder();

/** Bytes Firestore counts for a string: its UTF-8 length plus one. */
function stringSize(s: string): number {
  return utf8.encode(s).length + 1;
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
export function toWindowRecord<T extends Instant>(record: LogEntry<T>): WindowRecord<T> {
  if (dataSize(record.data) > MAX_WINDOW_DATA_BYTES) return { id: record.id, ts: record.ts, data: {}, truncated: true };
  return { id: record.id, ts: record.ts, data: record.data };
}

/** The window fields derived from its records. */
export interface MergedWindow<T = Instant> {
  records: WindowRecord<T>[];
  lastTs: T | null;
}

/**
 * Merges new log records into a window: ordered by (ts, id), each id once (the
 * log's copy wins), the newest WINDOW_SIZE kept. Order and repetition of the
 * input do not matter, so duplicate or reordered deliveries give the same window.
 */
export function mergeWindow<T extends Instant>(window: readonly WindowRecord<T>[], newRecords: readonly LogEntry<T>[]): MergedWindow<T> {
  const byId = new Map<string, WindowRecord<T>>();
  for (const r of window) byId.set(r.id, r);
  for (const r of newRecords) byId.set(r.id, toWindowRecord(r));
  const records = [...byId.values()].sort(compareRecords).slice(-WINDOW_SIZE);
  return { records, lastTs: records.at(-1)?.ts ?? null };
}

/** The window's cursor: the (ts, id) of its newest record, or null when it is empty. */
export function windowCursor<T extends Instant>(records: readonly WindowRecord<T>[]): RecordPosition<T> | null {
  const last = records.at(-1);
  return last ? { ts: last.ts, id: last.id } : null;
}
