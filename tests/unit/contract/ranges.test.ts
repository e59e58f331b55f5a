import { describe, expect, it } from 'vitest';
import {
  formatWidgetRange,
  MAX_RANGE_DOCS,
  parseWidgetRange,
  previewPlan,
  previousPeriod,
  RANGE_PRESETS,
  rangeBounds,
  rangeDocIds,
  resolutionFor,
  type WidgetRange,
} from '../../../contract/ranges.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** 2026-12-01 18:37:20 UTC: mid-hour, so a range ending now meets a partial hour and day. */
const NOW = Date.UTC(2026, 11, 1, 18, 37, 20);
const ago = (ms: number) => ({ fromMs: NOW - ms, toMs: NOW });

describe('parseWidgetRange / formatWidgetRange', () => {
  it.each([
    [undefined, { kind: 'dashboard' }],
    ['dashboard', { kind: 'dashboard' }],
    ['live', { kind: 'live' }],
    ['24h', { kind: 'relative', preset: '24h' }],
    ['2026-12-01T10:00:00.000Z/2026-12-01T12:00:00.000Z', { kind: 'absolute', fromMs: Date.UTC(2026, 11, 1, 10), toMs: Date.UTC(2026, 11, 1, 12) }],
  ])('reads %j', (value, range) => {
    expect(parseWidgetRange(value)).toEqual(range);
  });

  it.each([
    null,
    42,
    '',
    '2h',
    'LIVE',
    '2026-12-01T12:00:00Z/2026-12-01T10:00:00Z', // backwards
    '2026-12-01T10:00:00Z/2026-12-01T10:00:30Z', // shorter than a minute
    '2020-01-01T00:00:00Z/2026-01-02T00:00:00Z', // longer than 5 years
    '2026-12-01T10:00:00Z/2026-12-01T12:00:00Z/x',
    'yesterday/today',
  ])('refuses %j', (value) => {
    expect(parseWidgetRange(value)).toBeNull();
  });

  it('formats every kind back to what parses to it', () => {
    const ranges: WidgetRange[] = [
      { kind: 'dashboard' },
      { kind: 'live' },
      ...RANGE_PRESETS.map((p) => ({ kind: 'relative' as const, preset: p.id })),
      { kind: 'absolute', fromMs: Date.UTC(2026, 0, 1, 0, 0, 0, 250), toMs: Date.UTC(2026, 0, 2) },
    ];
    for (const range of ranges) expect(parseWidgetRange(formatWidgetRange(range))).toEqual(range);
  });
});

describe('rangeBounds / previousPeriod', () => {
  it('a preset ends now; an absolute range is itself', () => {
    expect(rangeBounds({ kind: 'relative', preset: '1h' }, NOW)).toEqual(ago(HOUR));
    expect(rangeBounds({ kind: 'relative', preset: '1y' }, NOW)).toEqual(ago(365 * DAY));
    expect(rangeBounds({ kind: 'absolute', fromMs: 1, toMs: 2 }, NOW)).toEqual({ fromMs: 1, toMs: 2 });
  });

  it('the previous period has the same length and ends where the range starts', () => {
    expect(previousPeriod(NOW - HOUR, NOW)).toEqual({ fromMs: NOW - 2 * HOUR, toMs: NOW - HOUR });
  });
});

describe('resolutionFor', () => {
  it.each([
    ['15m', 'minute'],
    ['1h', 'minute'],
    ['6h', 'minute'],
    ['24h', 'minute'],
    ['7d', 'hour'],
    ['30d', 'hour'],
    ['1y', 'day'],
  ] as const)('draws %s at %s resolution', (preset, resolution) => {
    const { fromMs, toMs } = rangeBounds({ kind: 'relative', preset }, NOW);
    expect(resolutionFor(fromMs, toMs, NOW)).toBe(resolution);
  });

  it('every preset opens at most 32 documents and draws at most 1,500 points, at any time of day', () => {
    for (let hour = 0; hour < 24; hour++) {
      const now = Date.UTC(2026, 2, 31, hour, 59, 59); // the end of a 31-day month, the worst case for 30d
      for (const preset of RANGE_PRESETS) {
        const { fromMs, toMs } = rangeBounds({ kind: 'relative', preset: preset.id }, now);
        const resolution = resolutionFor(fromMs, toMs, now);
        expect(rangeDocIds(resolution, fromMs, toMs, now).length, `${preset.id} at ${hour}h`).toBeLessThanOrEqual(MAX_RANGE_DOCS);
        const bucketMs = { minute: MIN, hour: HOUR, day: DAY }[resolution];
        expect((toMs - fromMs) / bucketMs).toBeLessThanOrEqual(1500);
      }
    }
  });

  it('a short range older than the minute documents kept (35 days) is drawn from hours', () => {
    expect(resolutionFor(NOW - 40 * DAY, NOW - 40 * DAY + HOUR, NOW)).toBe('hour');
    expect(resolutionFor(NOW - 30 * DAY, NOW - 30 * DAY + HOUR, NOW)).toBe('minute');
  });
});

describe('rangeDocIds', () => {
  it('1 h ending mid-hour: the two minute documents it meets, nothing else', () => {
    expect(rangeDocIds('minute', NOW - HOUR, NOW, NOW)).toEqual(['m2026120117', 'm2026120118']);
  });

  it('7 d in hours: the hour documents, plus the current hour in minutes for the live edge', () => {
    const ids = rangeDocIds('hour', NOW - 7 * DAY, NOW, NOW);
    expect(ids.slice(0, 2)).toEqual(['h20261124', 'h20261125']);
    expect(ids.at(-2)).toBe('h20261201');
    expect(ids.at(-1)).toBe('m2026120118');
    expect(ids).toHaveLength(9);
  });

  it('1 y in days: month documents, plus today in hours and this hour in minutes', () => {
    const ids = rangeDocIds('day', NOW - 365 * DAY, NOW, NOW);
    expect(ids[0]).toBe('d202512');
    expect(ids.slice(-3)).toEqual(['d202612', 'h20261201', 'm2026120118']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a range that ended long ago needs no live edge', () => {
    expect(rangeDocIds('hour', NOW - 10 * DAY, NOW - 8 * DAY, NOW)).toEqual(['h20261121', 'h20261122', 'h20261123']);
  });

  it('an absolute range reaching into the future opens no document of the future', () => {
    expect(rangeDocIds('minute', NOW - HOUR, NOW + 3 * HOUR, NOW)).toEqual(['m2026120117', 'm2026120118']);
    expect(rangeDocIds('minute', NOW + HOUR, NOW + 3 * HOUR, NOW)).toEqual([]);
  });
});

describe('previewPlan', () => {
  it('24 h in minutes (25 documents) first draws from its 2 hour documents, 27 documents in all', () => {
    const fine = rangeDocIds('minute', NOW - DAY, NOW, NOW);
    expect(fine).toHaveLength(25);
    const preview = previewPlan('minute', NOW - DAY, NOW, NOW);
    expect(preview).toEqual({ resolution: 'hour', ids: ['h20261130', 'h20261201', 'm2026120118'] });
    expect(new Set([...fine, ...preview!.ids]).size).toBeLessThanOrEqual(MAX_RANGE_DOCS);
  });

  it('none for a range of few documents (1 h, 7 d), nor past the read budget (30 d in hours)', () => {
    expect(previewPlan('minute', NOW - HOUR, NOW, NOW)).toBeNull();
    expect(previewPlan('hour', NOW - 7 * DAY, NOW, NOW)).toBeNull();
    expect(rangeDocIds('hour', NOW - 30 * DAY, NOW, NOW).length).toBeGreaterThan(30);
    expect(previewPlan('hour', NOW - 30 * DAY, NOW, NOW)).toBeNull();
    expect(previewPlan('day', NOW - 365 * DAY, NOW, NOW)).toBeNull();
  });
});

