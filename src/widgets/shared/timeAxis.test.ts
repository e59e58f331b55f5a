import { describe, expect, test } from 'vitest';
import { gapsBefore, timeSpan, timeTicks } from './timeAxis.ts';

const s = (n: number): number => Date.UTC(2026, 0, 1, 12, 0, 0) + n * 1000;

describe('gapsBefore', () => {
  test('a pause of minutes in a once-a-second series is a gap; jitter is not', () => {
    const times = [0, 1, 2, 3, 4.5, 5, 6, 126, 127, 128].map(s);
    expect(gapsBefore(times)).toEqual([7]);
  });

  test('a slow but regular series has no gaps; too few records tell nothing', () => {
    expect(gapsBefore([0, 60, 120, 180, 240].map(s))).toEqual([]);
    expect(gapsBefore([0, 1, 200].map(s))).toEqual([]);
    expect(gapsBefore([])).toEqual([]);
  });

  test('a burst (many records at one time) does not make every later interval a gap', () => {
    expect(gapsBefore([0, 0, 0, 0, 1, 2, 3, 4].map(s))).toEqual([]);
  });
});

describe('timeSpan and timeTicks', () => {
  test('the span is the data, nothing before or after it', () => {
    expect(timeSpan([s(3), s(10), s(70)])).toEqual({ min: s(3), max: s(70) });
    expect(timeSpan([s(10)])).toEqual({ min: s(-50), max: s(10) });
    expect(timeSpan([])).toBeNull();
  });

  test('ticks fall on round times inside the span', () => {
    expect(timeTicks({ min: s(3), max: s(99) })).toEqual([s(30), s(60), s(90)]);
    expect(timeTicks({ min: s(1), max: s(20) })).toEqual([s(5), s(10), s(15), s(20)]);
    const hourly = timeTicks({ min: s(0), max: s(5 * 3600) });
    expect(hourly).toHaveLength(6); // on the hour, both ends included
    expect(hourly.every((t) => t >= s(0) && t <= s(5 * 3600))).toBe(true);
  });
});
