/**
 * History as the contract defines it (docs/data-model.md 1.1, `history`):
 * document ids and spans of the three resolutions (UTC), bucket keys, and the
 * aggregation of records into buckets. Pure: the functions build history
 * from the log with these, the viewer reads it with them, the tests check
 * history against the log with them.
 */
import { compareRecords } from './order.ts';
import type { FieldAggregate, HistoryBucket, HistoryResolution, RecordData, RecordPosition } from './types.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Length of one bucket of each resolution, in ms (a day bucket is 24 h; months vary). */
export const BUCKET_MS: Readonly<Record<HistoryResolution, number>> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };

/** Minute documents are dropped after this many days; hour and day documents are kept. */
export const MINUTE_DOCS_KEPT_DAYS = 35;

/** A bucket is final this long after its period ends (late records: this long after their write). */
export const BUCKET_FINAL_AFTER_MS = 70_000;

const PREFIX: Readonly<Record<HistoryResolution, string>> = { minute: 'm', hour: 'h', day: 'd' };
const RESOLUTION_OF_PREFIX: Readonly<Record<string, HistoryResolution>> = { m: 'minute', h: 'hour', d: 'day' };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Start (ms) of the bucket of `resolution` holding `ms`. */
export function bucketStartMs(resolution: HistoryResolution, ms: number): number {
  const size = BUCKET_MS[resolution];
  return Math.floor(ms / size) * size;
}

/** Start (ms) of the history document's span (an hour, a day, a month) holding `ms`. */
export function spanStartMs(resolution: HistoryResolution, ms: number): number {
  const d = new Date(ms);
  if (resolution === 'minute') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
  if (resolution === 'hour') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** End (ms, exclusive) of the span that starts at `startMs`. */
export function spanEndMs(resolution: HistoryResolution, startMs: number): number {
  if (resolution === 'minute') return startMs + HOUR_MS;
  if (resolution === 'hour') return startMs + DAY_MS;
  const d = new Date(startMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The id of the history document of `resolution` holding `ms`: `m2026120118`, `h20261201`, `d202612`. */
export function historyDocId(resolution: HistoryResolution, ms: number): string {
  const d = new Date(ms);
  const ym = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}`;
  if (resolution === 'day') return `${PREFIX.day}${ym}`;
  const ymd = `${ym}${pad(d.getUTCDate())}`;
  return resolution === 'hour' ? `${PREFIX.hour}${ymd}` : `${PREFIX.minute}${ymd}${pad(d.getUTCHours())}`;
}

/** The bucket key of `ms` inside its document: minute "00".."59", hour "00".."23", day "01".."31". */
export function bucketKey(resolution: HistoryResolution, ms: number): string {
  const d = new Date(ms);
  if (resolution === 'minute') return pad(d.getUTCMinutes());
  if (resolution === 'hour') return pad(d.getUTCHours());
  return pad(d.getUTCDate());
}

/** A history document id read back: its resolution and span, or null for an id the contract does not define. */
export function parseHistoryDocId(docId: string): { resolution: HistoryResolution; startMs: number; endMs: number } | null {
  const match = /^([mhd])(\d{4})(\d{2})(\d{2})?(\d{2})?$/.exec(docId);
  if (!match) return null;
  const resolution = RESOLUTION_OF_PREFIX[match[1]!]!;
  const [year, month, day, hour] = [match[2], match[3], match[4], match[5]].map((s) => (s === undefined ? undefined : Number(s)));
  const wantsDay = resolution !== 'day';
  const wantsHour = resolution === 'minute';
  if (wantsDay !== (day !== undefined) || wantsHour !== (hour !== undefined)) return null;
  const startMs = Date.UTC(year!, month! - 1, day ?? 1, hour ?? 0);
  if (historyDocId(resolution, startMs) !== docId) return null;
  return { resolution, startMs, endMs: spanEndMs(resolution, startMs) };
}

/** Start (ms) of the bucket `key` of the document whose span starts at `spanStart`. */
export function bucketStartInSpan(resolution: HistoryResolution, spanStart: number, key: string): number {
  const n = Number(key);
  if (resolution === 'minute') return spanStart + n * MINUTE_MS;
  if (resolution === 'hour') return spanStart + n * HOUR_MS;
  return spanStart + (n - 1) * DAY_MS;
}

/** Ids of the documents of `resolution` whose spans meet [fromMs, toMs), oldest first. */
export function historyDocIdsBetween(resolution: HistoryResolution, fromMs: number, toMs: number): string[] {
  const ids: string[] = [];
  // An empty range meets no span (without this, one whose start is not a span's start met its span).
  if (toMs <= fromMs) return ids;
  for (let start = spanStartMs(resolution, fromMs); start < toMs; start = spanEndMs(resolution, start)) {
    ids.push(historyDocId(resolution, start));
  }
  return ids;
}

/** The aggregated value of a record field: numbers as they are, booleans as 0 and 1; anything else is not aggregated. */
export function aggregatedValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** A record as aggregation needs it. */
export interface AggregatedRecord extends RecordPosition {
  data: RecordData;
}

export const emptyBucket = (): HistoryBucket => ({ n: 0, fields: {} });

/**
 * Adds records to a bucket, in place. The records must come after every
 * record already in the bucket in (ts, id) order; they are sorted here, so
 * their own order does not matter.
 */
export function foldRecords(bucket: HistoryBucket, records: readonly AggregatedRecord[]): HistoryBucket {
  const ordered = [...records].sort(compareRecords);
  for (const record of ordered) {
    bucket.n += 1;
    for (const [field, raw] of Object.entries(record.data)) {
      const value = aggregatedValue(raw);
      if (value === undefined) continue;
      const agg = bucket.fields[field];
      if (!agg) {
        bucket.fields[field] = { n: 1, sum: value, min: value, max: value, first: value, last: value };
        continue;
      }
      agg.n += 1;
      agg.sum += value;
      if (value < agg.min) agg.min = value;
      if (value > agg.max) agg.max = value;
      agg.last = value;
    }
  }
  return bucket;
}

/** The bucket of exactly these records (any order). */
export const aggregateRecords = (records: readonly AggregatedRecord[]): HistoryBucket => foldRecords(emptyBucket(), records);

/** The aggregate of consecutive buckets given oldest first (an hour from its minutes, a day from its hours). */
export function mergeBuckets(buckets: readonly HistoryBucket[]): HistoryBucket {
  const merged = emptyBucket();
  for (const bucket of buckets) {
    merged.n += bucket.n;
    for (const [field, agg] of Object.entries(bucket.fields)) {
      const into: FieldAggregate | undefined = merged.fields[field];
      if (!into) {
        merged.fields[field] = { ...agg };
        continue;
      }
      into.n += agg.n;
      into.sum += agg.sum;
      into.min = Math.min(into.min, agg.min);
      into.max = Math.max(into.max, agg.max);
      into.last = agg.last;
    }
  }
  return merged;
}

/**
 * Groups records by their bucket of `resolution`: bucket start ms to its
 * aggregate, for the records given (any order).
 */
export function aggregateByBucket(
  resolution: HistoryResolution,
  records: readonly AggregatedRecord[],
  msOf: (record: AggregatedRecord) => number,
): Map<number, HistoryBucket> {
  const groups = new Map<number, AggregatedRecord[]>();
  for (const record of records) {
    const start = bucketStartMs(resolution, msOf(record));
    const group = groups.get(start);
    if (group) group.push(record);
    else groups.set(start, [record]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b).map(([start, group]) => [start, aggregateRecords(group)]));
}

/** Whether two buckets agree as the contract requires: counts, min, max, first, last exactly; sums within 1e-9 of their magnitude. */
export function bucketsAgree(a: HistoryBucket, b: HistoryBucket, sumOfAbs?: Readonly<Record<string, number>>): boolean {
  if (a.n !== b.n) return false;
  const fields = Object.keys(a.fields);
  if (fields.length !== Object.keys(b.fields).length) return false;
  return fields.every((field) => {
    const x = a.fields[field]!;
    const y = b.fields[field];
    if (!y) return false;
    const scale = Math.max(Math.abs(x.sum), sumOfAbs?.[field] ?? Math.max(Math.abs(x.min), Math.abs(x.max)) * x.n);
    return (
      x.n === y.n && x.min === y.min && x.max === y.max && x.first === y.first && x.last === y.last &&
      Math.abs(x.sum - y.sum) <= 1e-9 * scale
    );
  });
}
