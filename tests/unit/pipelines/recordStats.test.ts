import { expect, test } from 'vitest';
import { ago, lastTime, recordsPerMinute } from '../../../src/pipelines/recordStats.ts';

const now = new Date('2026-01-01T12:00:00Z');
const before = (s: number) => new Date(now.getTime() - s * 1000);

test('records per minute counts the last 60 s only', () => {
  expect(recordsPerMinute([], now)).toBe(0);
  expect(recordsPerMinute([before(0), before(30), before(59.9), before(60), before(600)], now)).toBe(3);
});

test('last time is the newest', () => {
  expect(lastTime([])).toBeNull();
  expect(lastTime([before(30), before(2), before(90)])).toEqual(before(2));
});

test('ago reads like a person would say it', () => {
  expect(ago(before(1), now)).toBe('just now');
  expect(ago(before(42), now)).toBe('42 s ago');
  expect(ago(before(185), now)).toBe('3 min ago');
  expect(ago(before(7300), now)).toBe('2 h ago');
});
