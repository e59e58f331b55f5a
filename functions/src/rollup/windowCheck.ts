/** Pure checks the reconcile makes on a stored window. */
import { createHash } from 'node:crypto';
import { compareRecords, WINDOW_SIZE, type RecordData, type TimestampLike, type WindowRecord } from '../../../contract/index.ts';

/** What the checks read of a timestamp. */
type Stamp = Pick<TimestampLike, 'seconds' | 'nanoseconds'>;

function isStamp(value: unknown): value is Stamp {
  if (!value || typeof value !== 'object') return false;
  const t = value as Record<string, unknown>;
  return typeof t.seconds === 'number' && typeof t.nanoseconds === 'number';
}

function isWindowRecord(value: unknown): value is WindowRecord<Stamp> {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  const allowed = r.truncated === undefined ? 3 : 4;
  return (
    typeof r.id === 'string' &&
    isStamp(r.ts) &&
    !!r.data &&
    typeof r.data === 'object' &&
    !Array.isArray(r.data) &&
    (r.truncated === undefined || r.truncated === true) &&
    Object.keys(r).length === allowed
  );
}

/**
 * Whether stored window fields have the contract's shape: at most WINDOW_SIZE
 * well-formed records in strictly increasing (ts, id) order with distinct ids,
 * `lastTs` equal to the last record's ts (null when empty), `count` an integer
 * no smaller than the number of records.
 */
export function isWellFormedWindow(fields: { records: unknown; count: unknown; lastTs: unknown }): boolean {
  const { records, count, lastTs } = fields;
  if (!Array.isArray(records) || records.length > WINDOW_SIZE || !records.every(isWindowRecord)) return false;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < records.length) return false;
  const ids = new Set(records.map((r) => r.id));
  if (ids.size !== records.length) return false;
  for (let i = 1; i < records.length; i++) if (compareRecords(records[i - 1], records[i]) >= 0) return false;
  const last = records.at(-1);
  if (!last) return lastTs === null;
  return isStamp(lastTs) && lastTs.seconds === last.ts.seconds && lastTs.nanoseconds === last.ts.nanoseconds;
}

function canonicalData(data: RecordData): [string, unknown][] {
  return Object.keys(data)
    .sort()
    .map((k) => [k, data[k]]);
}

/** A digest of a window's records and count: equal digests, equal windows (map key order aside). */
export function windowFingerprint(records: readonly WindowRecord<Stamp>[], count: number): string {
  const canonical = records.map((r) => [r.id, r.ts.seconds, r.ts.nanoseconds, r.truncated === true, canonicalData(r.data)]);
  return createHash('sha256').update(JSON.stringify([count, canonical])).digest('base64');
}
