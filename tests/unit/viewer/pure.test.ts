import { describe, expect, test } from 'vitest';
import { byPosition, layoutRows, normalizePosition } from '../../../src/components/dashboard/gridLayout.ts';
import { formatAge, freshness, MIN_INTERVAL_MS, usualInterval } from '../../../src/composables/freshness.ts';
import { DEFAULT_ROTATION_SECONDS, nextInRotation, parseKioskQuery } from '../../../src/composables/kiosk.ts';
import { recordDocsToWindow, toWindowRecords } from '../../../src/stores/windowRecords.ts';
import type { WidgetDoc } from '../../../src/widgets/types.ts';
import { rec } from '../../../src/widgets/shared/testRecords.ts';

const ts = (ms: number) => ({ toDate: () => new Date(ms) });

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

describe('kiosk query', () => {
  test('?kiosk, kiosk=1 and kiosk=0', () => {
    expect(parseKioskQuery({ kiosk: null }).kiosk).toBe(true);
    expect(parseKioskQuery({ kiosk: '1' }).kiosk).toBe(true);
    expect(parseKioskQuery({ kiosk: '0' }).kiosk).toBe(false);
    expect(parseKioskQuery({})).toEqual({ kiosk: false, rotate: [], every: DEFAULT_ROTATION_SECONDS, theme: null });
  });

  test('rotation: valid slugs once each, every N seconds (at least 5), theme', () => {
    expect(parseKioskQuery({ rotate: 'demo, ops,Bad!,demo,x', every: '12', theme: 'light' })).toEqual({
      kiosk: false,
      rotate: ['demo', 'ops'],
      every: 12,
      theme: 'light',
    });
    expect(parseKioskQuery({ every: '1' }).every).toBe(5);
    expect(parseKioskQuery({ every: 'soon' }).every).toBe(DEFAULT_ROTATION_SECONDS);
  });

  test('the next dashboard of a rotation wraps around, and starts at the first from elsewhere', () => {
    expect(nextInRotation(['a1a', 'b2b'], 'a1a')).toBe('b2b');
    expect(nextInRotation(['a1a', 'b2b'], 'b2b')).toBe('a1a');
    expect(nextInRotation(['a1a', 'b2b'], 'zzz')).toBe('a1a');
    expect(nextInRotation([], 'a1a')).toBeNull();
  });
});

describe('grid layout', () => {
  const w = (id: string, x: number, y: number, h = 2): WidgetDoc => ({ id, type: 't', pipelineId: 'p', config: {}, position: { x, y, w: 3, h } });

  test('reading order is by row, then column, then id', () => {
    expect([w('d', 6, 2), w('c', 0, 2), w('b', 9, 0), w('a', 9, 0)].sort(byPosition).map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('rows spanned by the layout', () => {
    expect(layoutRows([w('a', 0, 0, 2), w('b', 0, 6, 4)])).toBe(10);
    expect(layoutRows([])).toBe(1);
  });

  test('positions are clamped into the 12 columns', () => {
    expect(normalizePosition({ x: 10, y: 1, w: 6, h: 2 })).toEqual({ x: 10, y: 1, w: 2, h: 2 });
    expect(normalizePosition(undefined)).toEqual({ x: 0, y: 0, w: 4, h: 3 });
    expect(normalizePosition({ x: 1.6, y: '3', w: 2, h: 2 })).toEqual({ x: 2, y: 0, w: 2, h: 2 });
  });
});

describe('window records', () => {
  test('rollup entries: Timestamps to Dates, truncated kept, malformed entries dropped', () => {
    expect(
      toWindowRecords([
        { id: 'a', ts: ts(1), data: { v: 1 } },
        { id: 'b', ts: ts(2), data: {}, truncated: true },
        { id: 'c', ts: null, data: {} },
        { ts: ts(3), data: {} },
        'junk',
        { id: 'd', ts: ts(4), data: 'not a map' },
      ]),
    ).toEqual([
      { id: 'a', ts: new Date(1), data: { v: 1 } },
      { id: 'b', ts: new Date(2), data: {}, truncated: true },
      { id: 'd', ts: new Date(4), data: {} },
    ]);
    expect(toWindowRecords(undefined)).toEqual([]);
  });

  test('record documents queried newest first become a window oldest first', () => {
    expect(
      recordDocsToWindow([
        { id: 'n', data: { ts: ts(2), data: { v: 2 }, producer: 'u' } },
        { id: 'o', data: { ts: ts(1), data: { v: 1 }, producer: 'u' } },
      ]).map((r) => r.id),
    ).toEqual(['o', 'n']);
  });
});
