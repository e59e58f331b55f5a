import { aggregateRecords } from '../../../contract/index.ts';
import type { RangeSeries } from '../../history/rangeSeries.ts';
import type { WindowRecord } from '../types.ts';

/** Test fixture: a record at `second` seconds past a fixed instant, oldest-first windows built from these. */
export function rec(second: number, data: WindowRecord['data'], extra: Partial<WindowRecord> = {}): WindowRecord {
  return { id: `r${String(second).padStart(4, '0')}`, ts: new Date(Date.UTC(2026, 0, 1, 12, 0, second)), data, ...extra };
}

/** Test fixture: a record too large for the window. */
export function truncated(second: number): WindowRecord {
  return rec(second, {}, { truncated: true });
}

/** Test fixture: a range of minute buckets from 12:00 UTC, `minutes` long; `values[i]` (a list: the bucket's values of `v`) at minute i, null for none. */
export function minuteSeries(minutes: number, values: (readonly number[] | null)[], startMs = Date.UTC(2026, 0, 1, 12)): RangeSeries {
  return {
    resolution: 'minute',
    bucketMs: 60_000,
    fromMs: startMs,
    toMs: startMs + minutes * 60_000,
    buckets: values.flatMap((vs, i) => (vs ? [{ startMs: startMs + i * 60_000, bucket: aggregateRecords(vs.map((v, j) => ({ id: `${i}-${j}`, ts: new Date(startMs + i * 60_000 + j), data: { v } }))) }] : [])),
  };
}
