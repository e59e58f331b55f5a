import { describe, expect, test } from 'vitest';
import { monthlyCost, PRICES, recordBytes, recordsPerSecond } from '../../../src/pipelines/storageCost.ts';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);

describe('recordsPerSecond', () => {
  test('from the span of the times, in any order', () => {
    expect(recordsPerSecond([at(10), at(0), at(5)])).toBe(0.2);
    expect(recordsPerSecond(Array.from({ length: 50 }, (_, i) => at(i / 10)))).toBeCloseTo(10);
  });

  test('0 with fewer than two records or no span', () => {
    expect(recordsPerSecond([])).toBe(0);
    expect(recordsPerSecond([at(3)])).toBe(0);
    expect(recordsPerSecond([at(3), at(3)])).toBe(0);
  });
});

describe('recordBytes', () => {
  test('counts keys and strings as UTF-8 plus one, numbers as 8, booleans and null as 1, over a fixed overhead', () => {
    const base = recordBytes({ data: {}, producer: 'p' });
    expect(recordBytes({ data: { t: 21.5 }, producer: 'p' })).toBe(base + 2 + 8);
    expect(recordBytes({ data: { ok: true, x: null }, producer: 'p' })).toBe(base + 3 + 1 + 2 + 1);
    expect(recordBytes({ data: { s: 'é' }, producer: 'p' })).toBe(base + 2 + 3);
    expect(recordBytes({ data: {}, producer: 'token:abc' })).toBe(base + 8);
  });
});

describe('monthlyCost', () => {
  const month = 30 * 86_400;

  test('at 1 record/s: a write per record and per flush, 47,520 history writes, each record read once', () => {
    const c = monthlyCost({ recordsPerSecond: 1, recordBytes: 200, fields: 4, flushSeconds: 1 });
    expect(c.recordWrites).toBe(month);
    expect(c.windowWrites).toBe(month);
    // The README's figure: a write per minute plus six per hour.
    expect(c.historyWrites).toBe(43_200 + 6 * 720);
    expect(c.backendReads).toBe(month + 4 * month);
    expect(c.growing).toBe(true);
    expect(c.storedRecordBytes).toBe(200 * month);
    expect(c.usd.writes).toBeCloseTo(((2 * month + 47_520) / 100_000) * PRICES.writesPer100k);
    expect(c.usd.total).toBeCloseTo(c.usd.writes + c.usd.reads + c.usd.storage);
  });

  test('at 100 records/s the window is written once per cadence and history as often as at 1 record/s', () => {
    const c = monthlyCost({ recordsPerSecond: 100, recordBytes: 200, fields: 4, flushSeconds: 5 });
    expect(c.recordWrites).toBe(100 * month);
    expect(c.windowWrites).toBe(month / 5);
    expect(c.historyWrites).toBe(47_520);
  });

  test('a record every 15 minutes writes history for its minutes only', () => {
    const c = monthlyCost({ recordsPerSecond: 1 / 900, recordBytes: 200, fields: 4, flushSeconds: 1 });
    expect(c.recordWrites).toBeCloseTo(2880);
    expect(c.historyWrites).toBeCloseTo(2880 + 6 * 720);
  });

  test('retention bounds the stored records; history grows with the fields, not the rate', () => {
    const kept = monthlyCost({ recordsPerSecond: 1, recordBytes: 200, fields: 4, flushSeconds: 1, retentionDays: 7 });
    expect(kept.growing).toBe(false);
    expect(kept.storedRecordBytes).toBe(200 * 7 * 86_400);
    const fast = monthlyCost({ recordsPerSecond: 100, recordBytes: 200, fields: 4, flushSeconds: 1, retentionDays: 7 });
    expect(fast.storedHistoryBytes).toBe(kept.storedHistoryBytes);
    const wide = monthlyCost({ recordsPerSecond: 1, recordBytes: 200, fields: 8, flushSeconds: 1, retentionDays: 7 });
    expect(wide.storedHistoryBytes).toBe(2 * kept.storedHistoryBytes);
  });

  test('nothing at all for a pipeline without records', () => {
    const c = monthlyCost({ recordsPerSecond: 0, recordBytes: 0, fields: 0, flushSeconds: 1 });
    expect([c.recordWrites, c.windowWrites, c.historyWrites, c.backendReads, c.storedRecordBytes, c.storedHistoryBytes, c.usd.total]).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
  });
});
