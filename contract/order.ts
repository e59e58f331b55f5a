/** The log's order: (ts, id), the order of the window, the tail query and history's first/last. */
import type { Instant, RecordPosition } from './types.ts';

const NANOS_PER_MS = 1_000_000;

/** An instant as (seconds, nanoseconds); a Date has millisecond precision. */
function parts(ts: Instant): [number, number] {
  if (ts instanceof Date) {
    const ms = ts.getTime();
    const seconds = Math.floor(ms / 1000);
    return [seconds, (ms - seconds * 1000) * NANOS_PER_MS];
  }
  return [ts.seconds, ts.nanoseconds];
}

/** Orders two records (or positions) by `ts`, then by `id`: negative, zero or positive, as `Array.prototype.sort` wants. */
export function compareRecords(a: RecordPosition, b: RecordPosition): number {
  const [as, an] = parts(a.ts);
  const [bs, bn] = parts(b.ts);
  return as - bs || an - bn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
