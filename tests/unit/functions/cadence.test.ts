import { describe, expect, it } from 'vitest';
import { bucketOf, flushDelayMs, flushSecondsOf, FLUSH_SKEW_MS } from '../../../functions/src/rollup/cadence.ts';

describe('flushSecondsOf', () => {
  it.each([
    [undefined, 1],
    [null, 1],
    ['5', 1],
    [Number.NaN, 1],
    [0, 1],
    [-3, 1],
    [1, 1],
    [2.4, 2],
    [30, 30],
    [60, 60],
    [61, 60],
    [3600, 60],
  ])('reads %s as %i', (value, expected) => {
    expect(flushSecondsOf(value)).toBe(expected);
  });
});

describe('bucketOf', () => {
  it('cuts time into buckets of the cadence', () => {
    expect(bucketOf(12_345, 1)).toEqual({ startMs: 12_000, endMs: 13_000 });
    expect(bucketOf(12_000, 1)).toEqual({ startMs: 12_000, endMs: 13_000 });
    expect(bucketOf(12_999, 1)).toEqual({ startMs: 12_000, endMs: 13_000 });
    expect(bucketOf(119_999, 60)).toEqual({ startMs: 60_000, endMs: 120_000 });
  });
});

describe('flushDelayMs', () => {
  it('waits until the bucket has ended plus the skew margin, never a negative time', () => {
    expect(flushDelayMs(13_000, 12_400)).toBe(600 + FLUSH_SKEW_MS);
    expect(flushDelayMs(13_000, 13_000 + FLUSH_SKEW_MS)).toBe(0);
    expect(flushDelayMs(13_000, 20_000)).toBe(0);
  });
});
