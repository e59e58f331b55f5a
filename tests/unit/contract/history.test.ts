import { describe, expect, it } from 'vitest';
import {
  aggregateByBucket,
  aggregateRecords,
  bucketKey,
  bucketsAgree,
  bucketStartInSpan,
  bucketStartMs,
  emptyBucket,
  foldRecords,
  historyDocId,
  historyDocIdsBetween,
  mergeBuckets,
  parseHistoryDocId,
  spanEndMs,
  spanStartMs,
  type AggregatedRecord,
  type RecordData,
} from '../../../contract/index.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A record at `ms` plus `micros` microseconds (Firestore keeps microseconds). */
const rec = (id: string, ms: number, data: RecordData, micros = 0): AggregatedRecord => ({
  id,
  ts: { seconds: Math.floor(ms / 1000), nanoseconds: (ms % 1000) * 1e6 + micros * 1000 },
  data,
});
const msOf = (r: AggregatedRecord) => (r.ts instanceof Date ? r.ts.getTime() : r.ts.seconds * 1000 + Math.floor(r.ts.nanoseconds / 1e6));

describe('aggregation', () => {
  it('orders first and last by ts, then by id on a tie', () => {
    const t = Date.UTC(2026, 0, 1);
    const bucket = aggregateRecords([rec('b', t, { v: 2 }), rec('c', t, { v: 3 }), rec('a', t, { v: 1 })]);
    expect(bucket.fields.v).toEqual({ n: 3, sum: 6, min: 1, max: 3, first: 1, last: 3 });
  });

  it('orders by the full microsecond precision of ts, not the millisecond', () => {
    const t = Date.UTC(2026, 0, 1);
    // Same millisecond; id order would say z is last, the microseconds say it is first.
    const bucket = aggregateRecords([rec('a', t, { v: 1 }, 900), rec('z', t, { v: 9 }, 100)]);
    expect(bucket.fields.v.first).toBe(9);
    expect(bucket.fields.v.last).toBe(1);
  });

  it('counts booleans as 0 and 1, and does not aggregate strings or null', () => {
    const t = Date.UTC(2026, 0, 1);
    const bucket = aggregateRecords([
      rec('a', t, { on: true, label: 'x', gone: null }),
      rec('b', t + 1, { on: false, label: 'y', gone: null }),
      rec('c', t + 2, { on: true }),
    ]);
    expect(bucket.n).toBe(3);
    expect(bucket.fields).toEqual({ on: { n: 3, sum: 2, min: 0, max: 1, first: 1, last: 1 } });
  });

  it('counts a record without a field in n but not in that field', () => {
    const t = Date.UTC(2026, 0, 1);
    const bucket = aggregateRecords([rec('a', t, { x: 5 }), rec('b', t + 1, { y: 1 }), rec('c', t + 2, {})]);
    expect(bucket.n).toBe(3);
    expect(bucket.fields.x).toEqual({ n: 1, sum: 5, min: 5, max: 5, first: 5, last: 5 });
    expect(bucket.fields.y.n).toBe(1);
  });

  it('folds incrementally to the same bucket as aggregating everything at once', () => {
    const t = Date.UTC(2026, 0, 1);
    const records = Array.from({ length: 20 }, (_, i) => rec(`r${String(i).padStart(2, '0')}`, t + i * 10, { v: Math.sin(i) * 100, on: i % 3 === 0 }));
    const folded = foldRecords(foldRecords(emptyBucket(), records.slice(0, 7)), records.slice(7).reverse());
    expect(folded).toEqual(aggregateRecords(records));
  });

  it('merges the minutes of an hour into the aggregate of the hour’s records', () => {
    const start = Date.UTC(2026, 5, 30, 23);
    const records = Array.from({ length: 500 }, (_, i) =>
      rec(`r${i}`, start + ((i * 7_919) % HOUR), i % 5 === 0 ? { v: i / 7, on: i % 2 === 0 } : { v: -i * 1.5, s: 'text' }),
    );
    const minutes = aggregateByBucket('minute', records, msOf);
    expect([...minutes.keys()]).toEqual([...minutes.keys()].sort((a, b) => a - b));
    const merged = mergeBuckets([...minutes.values()]);
    const whole = aggregateRecords(records);
    expect(bucketsAgree(merged, whole)).toBe(true);
    expect(merged.n).toBe(500);
    expect(merged.fields.v.first).toBe(whole.fields.v.first);
    expect(merged.fields.v.last).toBe(whole.fields.v.last);
  });

  it('merges buckets that lack a field, taking first from the oldest that has it', () => {
    const a = { n: 1, fields: {} };
    const b = { n: 2, fields: { v: { n: 2, sum: 3, min: 1, max: 2, first: 1, last: 2 } } };
    const c = { n: 1, fields: { v: { n: 1, sum: 0, min: 0, max: 0, first: 0, last: 0 } } };
    expect(mergeBuckets([a, b, c])).toEqual({ n: 4, fields: { v: { n: 3, sum: 3, min: 0, max: 2, first: 1, last: 0 } } });
    expect(mergeBuckets([])).toEqual(emptyBucket());
  });

  it('does not change the buckets it merges', () => {
    const b = { n: 1, fields: { v: { n: 1, sum: 1, min: 1, max: 1, first: 1, last: 1 } } };
    mergeBuckets([b, { n: 1, fields: { v: { n: 1, sum: 5, min: 5, max: 5, first: 5, last: 5 } } }]);
    expect(b.fields.v).toEqual({ n: 1, sum: 1, min: 1, max: 1, first: 1, last: 1 });
  });
});

describe('bucketsAgree', () => {
  const bucket = (sum: number, first = 1) => ({ n: 2, fields: { v: { n: 2, sum, min: 1, max: 2, first, last: 2 } } });
  it('accepts sums within 1e-9 of their magnitude and nothing else off', () => {
    expect(bucketsAgree(bucket(3), bucket(3 + 1e-12))).toBe(true);
    expect(bucketsAgree(bucket(3), bucket(3.001))).toBe(false);
    expect(bucketsAgree(bucket(3), bucket(3, 2))).toBe(false);
    expect(bucketsAgree(bucket(3), { n: 3, fields: bucket(3).fields })).toBe(false);
    expect(bucketsAgree(bucket(3), { n: 2, fields: {} })).toBe(false);
    expect(bucketsAgree({ n: 2, fields: {} }, bucket(3))).toBe(false);
  });
  it('scales the tolerance by the sum of |values| for sums that cancel out', () => {
    const a = { n: 2, fields: { v: { n: 2, sum: 0, min: -1e12, max: 1e12, first: 1e12, last: -1e12 } } };
    const b = { n: 2, fields: { v: { ...a.fields.v, sum: 1e-4 } } };
    expect(bucketsAgree(a, b, { v: 2e12 })).toBe(true);
    expect(bucketsAgree(a, { n: 2, fields: { v: { ...a.fields.v, sum: 1e4 } } }, { v: 2e12 })).toBe(false);
  });
});

describe('document ids, spans and keys (UTC)', () => {
  it('names the documents and keys of an instant at every resolution', () => {
    const t = Date.UTC(2026, 11, 1, 18, 7, 30);
    expect(historyDocId('minute', t)).toBe('m2026120118');
    expect(historyDocId('hour', t)).toBe('h20261201');
    expect(historyDocId('day', t)).toBe('d202612');
    expect([bucketKey('minute', t), bucketKey('hour', t), bucketKey('day', t)]).toEqual(['07', '18', '01']);
  });

  it('cuts at the UTC boundaries: the last millisecond of a year, a month and a leap day', () => {
    const newYear = Date.UTC(2027, 0, 1);
    expect(historyDocId('minute', newYear - 1)).toBe('m2026123123');
    expect(bucketKey('minute', newYear - 1)).toBe('59');
    expect(historyDocId('minute', newYear)).toBe('m2027010100');
    expect(historyDocId('day', newYear - 1)).toBe('d202612');
    expect(bucketKey('day', newYear - 1)).toBe('31');
    const leap = Date.UTC(2028, 1, 29, 12);
    expect(historyDocId('hour', leap)).toBe('h20280229');
    expect(bucketKey('day', leap)).toBe('29');
    expect(historyDocId('hour', Date.UTC(2028, 2, 1) - 1)).toBe('h20280229');
    expect(historyDocId('hour', Date.UTC(2027, 2, 1) - 1)).toBe('h20270228');
  });

  it('gives spans of an hour, a day and the month’s own length', () => {
    const t = Date.UTC(2028, 1, 10, 5, 30);
    expect(spanStartMs('minute', t)).toBe(Date.UTC(2028, 1, 10, 5));
    expect(spanEndMs('minute', Date.UTC(2028, 1, 10, 5))).toBe(Date.UTC(2028, 1, 10, 6));
    expect(spanStartMs('hour', t)).toBe(Date.UTC(2028, 1, 10));
    expect(spanEndMs('hour', Date.UTC(2028, 1, 10))).toBe(Date.UTC(2028, 1, 11));
    expect(spanStartMs('day', t)).toBe(Date.UTC(2028, 1, 1));
    expect(spanEndMs('day', Date.UTC(2028, 1, 1)) - Date.UTC(2028, 1, 1)).toBe(29 * DAY);
    expect(spanEndMs('day', Date.UTC(2027, 1, 1)) - Date.UTC(2027, 1, 1)).toBe(28 * DAY);
    expect(spanEndMs('day', Date.UTC(2026, 11, 1))).toBe(Date.UTC(2027, 0, 1));
  });

  it('finds a bucket’s start back from its key', () => {
    const hour = Date.UTC(2026, 11, 31, 23);
    expect(bucketStartInSpan('minute', hour, '59')).toBe(hour + 59 * MIN);
    expect(bucketStartInSpan('hour', Date.UTC(2026, 11, 31), '23')).toBe(hour);
    expect(bucketStartInSpan('day', Date.UTC(2026, 11, 1), '31')).toBe(Date.UTC(2026, 11, 31));
    for (const resolution of ['minute', 'hour', 'day'] as const) {
      const ms = Date.UTC(2028, 1, 29, 13, 45, 10);
      const start = bucketStartInSpan(resolution, spanStartMs(resolution, ms), bucketKey(resolution, ms));
      expect(start).toBe(bucketStartMs(resolution, ms));
    }
  });

  it('parses ids back into their resolution and span', () => {
    expect(parseHistoryDocId('m2026123123')).toEqual({ resolution: 'minute', startMs: Date.UTC(2026, 11, 31, 23), endMs: Date.UTC(2027, 0, 1) });
    expect(parseHistoryDocId('h20280229')).toEqual({ resolution: 'hour', startMs: Date.UTC(2028, 1, 29), endMs: Date.UTC(2028, 2, 1) });
    expect(parseHistoryDocId('d202602')).toEqual({ resolution: 'day', startMs: Date.UTC(2026, 1, 1), endMs: Date.UTC(2026, 2, 1) });
  });

  it('rejects ids the contract does not define', () => {
    for (const id of [
      '', 'x202612', 'm20261201', 'm202612011', 'h2026120118', 'h202612', 'd20261201', 'd2026', 'D202612',
      'm2026120124', 'h20261301', 'h20270229', 'h20261200', 'd202613', 'd202600', 'm2026120160', ' h20261201', 'h20261201 ',
      'h2026-1201', 'd0000ab',
    ]) {
      expect(parseHistoryDocId(id), id).toBeNull();
    }
  });

  it('lists the documents a range meets, oldest first', () => {
    const from = Date.UTC(2026, 11, 31, 22, 30);
    const to = Date.UTC(2027, 0, 1, 1);
    expect(historyDocIdsBetween('minute', from, to)).toEqual(['m2026123122', 'm2026123123', 'm2027010100']);
    expect(historyDocIdsBetween('day', from, to)).toEqual(['d202612', 'd202701']);
    expect(historyDocIdsBetween('hour', from, from)).toEqual([]);
  });
});
