import { describe, expect, it } from 'vitest';
import { aggregateRecords, historyDocId, type HistoryBucket, type HistoryDoc, type HistoryResolution } from '../../../contract/index.ts';
import { buildSeries, type SeriesInput } from '../../../src/history/rangeSeries.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 11, 1, 18); // 18:00 UTC
const ts = { seconds: 0, nanoseconds: 0, toMillis: () => 0 };

/** A bucket of `n` records of `v` (all the same value). */
const bucket = (n: number, v: number): HistoryBucket => ({ n, fields: { v: { n, sum: n * v, min: v, max: v, first: v, last: v } } });
const doc = (resolution: HistoryResolution, buckets: Record<string, HistoryBucket>): HistoryDoc => ({ resolution, start: ts, buckets, updatedAt: ts });

function input(patch: Partial<SeriesInput>): SeriesInput {
  return { resolution: 'minute', fromMs: T0, toMs: T0 + HOUR, nowMs: T0 + HOUR, docs: new Map(), minute: null, window: [], ...patch };
}

describe('buildSeries', () => {
  it('minute buckets of the range, oldest first, with no bucket where no record was (a gap)', () => {
    const docs = new Map([[historyDocId('minute', T0), doc('minute', { '05': bucket(1, 5), '00': bucket(2, 1), '59': bucket(1, 9) })]]);
    const series = buildSeries(input({ docs, fromMs: T0 + MIN, toMs: T0 + HOUR }));
    expect(series.bucketMs).toBe(MIN);
    expect(series.buckets.map((b) => (b.startMs - T0) / MIN)).toEqual([5, 59]);
  });

  it('a bucket that began before the range but ends inside it is part of it', () => {
    const docs = new Map([[historyDocId('minute', T0), doc('minute', { '00': bucket(2, 1) })]]);
    expect(buildSeries(input({ docs, fromMs: T0 + 30_000 })).buckets).toHaveLength(1);
  });

  it('the live edge: the rollup minute, then the window for minutes history has no bucket of yet', () => {
    const now = T0 + 10 * MIN + 20_000;
    const docs = new Map([[historyDocId('minute', T0), doc('minute', { '08': bucket(3, 8) })]]);
    const window = [
      { id: 'a', ts: new Date(T0 + 8 * MIN + 59_000), data: { v: 100 } }, // minute 08 is in history: not replaced
      { id: 'b', ts: new Date(T0 + 9 * MIN + 1_000), data: { v: 9 } },
      { id: 'c', ts: new Date(T0 + 10 * MIN + 1_000), data: { v: 10 } },
    ];
    const minute = { startMs: T0 + 10 * MIN, bucket: bucket(4, 10) };
    const series = buildSeries(input({ docs, window, minute, nowMs: now, toMs: now, fromMs: now - HOUR }));
    expect(series.buckets.map((b) => [(b.startMs - T0) / MIN, b.bucket.n])).toEqual([
      [8, 3],
      [9, 1],
      [10, 4],
    ]);
  });

  it('an old rollup minute does not replace the final bucket history holds', () => {
    const docs = new Map([[historyDocId('minute', T0), doc('minute', { '02': bucket(7, 2) })]]);
    const minute = { startMs: T0 + 2 * MIN, bucket: bucket(1, 2) };
    const series = buildSeries(input({ docs, minute, nowMs: T0 + 30 * MIN }));
    expect(series.buckets[0]!.bucket.n).toBe(7);
  });

  it('hours: the current hour is merged from its minutes and the rollup minute, so the chart moves like live', () => {
    const day = Date.UTC(2026, 11, 1);
    const now = T0 + 2 * MIN + 30_000;
    const docs = new Map<string, HistoryDoc | null>([
      [historyDocId('hour', day), doc('hour', { '16': bucket(60, 1), '17': bucket(60, 2), '18': bucket(5, 0) /* partial */ })],
      [historyDocId('minute', T0), doc('minute', { '00': bucket(10, 3), '01': bucket(10, 5) })],
    ]);
    const minute = { startMs: T0 + 2 * MIN, bucket: bucket(2, 7) };
    const series = buildSeries(input({ resolution: 'hour', docs, minute, nowMs: now, fromMs: now - 3 * HOUR, toMs: now }));
    expect(series.buckets.map((b) => new Date(b.startMs).getUTCHours())).toEqual([16, 17, 18]);
    const current = series.buckets[2]!.bucket;
    expect(current).toEqual({ n: 22, fields: { v: { n: 22, sum: 30 + 50 + 14, min: 3, max: 7, first: 3, last: 7 } } });
  });

  it('days: today from its hours and this hour from its minutes; an absent document is an empty span', () => {
    const month = Date.UTC(2026, 11, 1);
    const now = T0 + 30 * MIN;
    const docs = new Map<string, HistoryDoc | null>([
      [historyDocId('day', month), null],
      [historyDocId('hour', now), doc('hour', { '10': bucket(1, 4) })],
      [historyDocId('minute', now), doc('minute', { '29': bucket(1, 6) })],
    ]);
    const series = buildSeries(input({ resolution: 'day', docs, nowMs: now, fromMs: month, toMs: now }));
    expect(series.buckets).toEqual([{ startMs: month, bucket: aggregateRecords([
      { id: 'a', ts: new Date(T0 - 8 * HOUR), data: { v: 4 } },
      { id: 'b', ts: new Date(T0 + 29 * MIN), data: { v: 6 } },
    ]) }]);
  });

  it('a final hour keeps its own bucket even when a minute document of it is read', () => {
    const day = Date.UTC(2026, 11, 1);
    const docs = new Map<string, HistoryDoc | null>([
      [historyDocId('hour', day), doc('hour', { '18': bucket(60, 1) })],
      [historyDocId('minute', T0), doc('minute', { '00': bucket(1, 3) })],
    ]);
    const series = buildSeries(input({ resolution: 'hour', docs, nowMs: T0 + 5 * HOUR, fromMs: day, toMs: T0 + 5 * HOUR }));
    expect(series.buckets[0]!.bucket.n).toBe(60);
  });
});
