import { describe, expect, test } from 'vitest';
import { rec } from '../widgets/shared/testRecords.ts';
import { formatAge, freshness, MIN_INTERVAL_MS, usualInterval } from './freshness.ts';

describe('freshness', () => {
  test('usual interval: the median gap, at least the floor', () => {
    expect(usualInterval([])).toBe(MIN_INTERVAL_MS);
    expect(usualInterval([rec(0, {})])).toBe(MIN_INTERVAL_MS);
    expect(usualInterval([rec(0, {}), rec(1, {}), rec(2, {})])).toBe(MIN_INTERVAL_MS);
    expect(usualInterval([rec(0, {}), rec(10, {}), rec(20, {}), rec(50, {})])).toBe(10_000);
    expect(usualInterval([rec(0, {}), rec(10, {}), rec(30, {})])).toBe(15_000);
  });

  test.each([
    [0, 'just now'],
    [12_400, '12 s ago'],
    [59_999, '59 s ago'],
    [60_000, '1 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [50 * 3_600_000, '2 d ago'],
    [-5_000, 'just now'],
  ])('%i ms is "%s"', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });

  test('live, then stale past three usual intervals; offline wins; waiting without data', () => {
    const newest = new Date(100_000);
    expect(freshness(newest, 10_000, 112_000, false)).toEqual({ state: 'live', age: '12 s ago', description: 'Live: newest record 12 s ago' });
    expect(freshness(newest, 10_000, 130_000, false).state).toBe('live');
    expect(freshness(newest, 10_000, 131_000, false)).toEqual({ state: 'stale', age: '31 s ago', description: 'Stale: no new record for 31 s' });
    expect(freshness(newest, 10_000, 131_000, true).state).toBe('offline');
    expect(freshness(null, 10_000, 0, false).state).toBe('waiting');
    expect(freshness(null, 10_000, 0, true).state).toBe('offline');
  });
});
