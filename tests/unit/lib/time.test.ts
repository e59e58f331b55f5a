import { describe, expect, test } from 'vitest';
import { formatTime } from '../../../src/lib/time.ts';

describe('formatTime', () => {
  const at = new Date(Date.UTC(2026, 0, 1, 19, 4, 23));

  test("is the locale's own time of day with seconds, the format toLocaleTimeString gives", () => {
    expect(formatTime(at)).toBe(at.toLocaleTimeString());
    expect(formatTime(at.getTime())).toBe(formatTime(at));
  });

  test('keeps the locale hour cycle rather than forcing 24 hours', () => {
    const hour12 = new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions().hour12;
    expect(/AM|PM/.test(formatTime(at))).toBe(Boolean(hour12));
  });
});
