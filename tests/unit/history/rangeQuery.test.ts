import { describe, expect, it } from 'vitest';
import { effectiveRange, parseRangeQuery, rangeLabel, stepRange, withRangeQuery, zoomRange } from '../../../src/history/rangeQuery.ts';

const FROM = '2026-12-01T10:00:00.000Z';
const TO = '2026-12-01T12:00:00.000Z';
const ABS = { kind: 'absolute', fromMs: Date.parse(FROM), toMs: Date.parse(TO) } as const;

describe('the range in the URL', () => {
  it.each([
    [{}, { kind: 'live' }],
    [{ range: '24h' }, { kind: 'relative', preset: '24h' }],
    [{ range: ['7d', '1h'] }, { kind: 'relative', preset: '7d' }],
    [{ from: FROM, to: TO }, ABS],
    [{ from: FROM, to: TO, range: '1h' }, ABS],
    [{ range: '3h' }, { kind: 'live' }],
    [{ from: TO, to: FROM }, { kind: 'live' }],
    [{ from: 'soon', to: TO, range: '1h' }, { kind: 'relative', preset: '1h' }],
  ])('%j reads as %j', (query, range) => {
    expect(parseRangeQuery(query)).toEqual(range);
  });

  it('writing a range replaces the range keys and keeps the others', () => {
    expect(withRangeQuery({ kiosk: '1', range: '1h' }, ABS)).toEqual({ kiosk: '1', from: FROM, to: TO });
    expect(withRangeQuery({ kiosk: '1', from: FROM, to: TO }, { kind: 'relative', preset: '6h' })).toEqual({ kiosk: '1', range: '6h' });
    expect(withRangeQuery({ range: '6h' }, { kind: 'live' })).toEqual({});
    expect(parseRangeQuery(withRangeQuery({}, ABS))).toEqual(ABS);
  });
});

describe('ranges', () => {
  it("a widget's own range wins over the dashboard's, unless it follows it or is malformed", () => {
    const dashboard = { kind: 'relative', preset: '24h' } as const;
    expect(effectiveRange(undefined, dashboard)).toBe(dashboard);
    expect(effectiveRange('dashboard', dashboard)).toBe(dashboard);
    expect(effectiveRange('nonsense', dashboard)).toBe(dashboard);
    expect(effectiveRange('live', dashboard)).toEqual({ kind: 'live' });
    expect(effectiveRange('1h', dashboard)).toEqual({ kind: 'relative', preset: '1h' });
  });

  it('[ and ] step through Live and the presets, stopping at the ends', () => {
    expect(stepRange({ kind: 'live' }, 1)).toEqual({ kind: 'relative', preset: '15m' });
    expect(stepRange({ kind: 'live' }, -1)).toEqual({ kind: 'live' });
    expect(stepRange({ kind: 'relative', preset: '15m' }, -1)).toEqual({ kind: 'live' });
    expect(stepRange({ kind: 'relative', preset: '24h' }, 1)).toEqual({ kind: 'relative', preset: '7d' });
    expect(stepRange({ kind: 'relative', preset: '1y' }, 1)).toEqual({ kind: 'relative', preset: '1y' });
  });

  it('from an absolute range, a step goes to the preset just longer or just shorter', () => {
    expect(stepRange(ABS, 1)).toEqual({ kind: 'relative', preset: '6h' });
    expect(stepRange(ABS, -1)).toEqual({ kind: 'relative', preset: '1h' });
    const hour = { kind: 'absolute', fromMs: 0, toMs: 3_600_000 } as const;
    expect(stepRange(hour, 1)).toEqual({ kind: 'relative', preset: '6h' });
    expect(stepRange(hour, -1)).toEqual({ kind: 'relative', preset: '15m' });
    expect(stepRange({ kind: 'absolute', fromMs: 0, toMs: 120_000 }, -1)).toEqual({ kind: 'live' });
  });

  it('labels', () => {
    expect(rangeLabel({ kind: 'live' })).toBe('Live');
    expect(rangeLabel({ kind: 'relative', preset: '7d' })).toBe('7d');
    expect(rangeLabel(ABS)).toBe('2026-12-01 10:00–2026-12-01 12:00 UTC');
  });
});

describe('zoomRange', () => {
  const min = Date.parse(FROM);
  const max = Date.parse(TO);
  it('a drag either way is the absolute range between its ends, within the chart', () => {
    expect(zoomRange(min + 600_000, min + 60_000, min, max)).toEqual({ kind: 'absolute', fromMs: min + 60_000, toMs: min + 600_000 });
    expect(zoomRange(min - 600_000, min + 600_000, min, max)).toEqual({ kind: 'absolute', fromMs: min, toMs: min + 600_000 });
  });
  it('a drag shorter than a minute is no zoom', () => {
    expect(zoomRange(min, min + 59_000, min, max)).toBeNull();
  });
});
