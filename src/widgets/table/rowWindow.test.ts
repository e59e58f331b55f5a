import { describe, expect, test } from 'vitest';
import { FIRST_ROWS, OVERSCAN_ROWS, rowWindow } from './rowWindow.ts';

describe('rowWindow', () => {
  test('a table that fits its view and the overscan renders every row', () => {
    expect(rowWindow(15, 20, 0, 200)).toEqual({ start: 0, end: 15, before: 0, after: 0 });
  });

  test('a long table at the top renders the rows in view and the overscan below, a spacer for the rest', () => {
    const w = rowWindow(1440, 20, 0, 200);
    expect(w).toEqual({ start: 0, end: 11 + OVERSCAN_ROWS, before: 0, after: (1440 - 21) * 20 });
  });

  test('scrolled, it renders the rows in view with the overscan on both sides; spacers keep the full height', () => {
    const w = rowWindow(1440, 20, 10_000, 200);
    expect(w.start).toBe(500 - OVERSCAN_ROWS);
    expect(w.end).toBe(500 + 11 + OVERSCAN_ROWS);
    expect(w.before + (w.end - w.start) * 20 + w.after).toBe(1440 * 20);
  });

  test('scrolled to the end, it stops at the last row', () => {
    const w = rowWindow(1440, 20, 1440 * 20 - 200, 200);
    expect(w.end).toBe(1440);
    expect(w.after).toBe(0);
  });

  test('before its rows are measured (height 0), it renders the first rows, to measure them', () => {
    expect(rowWindow(500, 0, 0, 200)).toEqual({ start: 0, end: FIRST_ROWS, before: 0, after: 0 });
    expect(rowWindow(10, 0, 0, 200)).toEqual({ start: 0, end: 10, before: 0, after: 0 });
  });
});
