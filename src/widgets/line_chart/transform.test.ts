import { describe, expect, test } from 'vitest';
import { rec, truncated } from '../shared/testRecords.ts';
import { parseOptions, type LineChartOptions } from './options.ts';
import { transform } from './transform.ts';

function options(config: Record<string, unknown> = {}): LineChartOptions {
  const parsed = parseOptions({ fields: ['cpu', 'mem'], ...config });
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  return parsed.options;
}

const t = (second: number): number => Date.UTC(2026, 0, 1, 12, 0, second);

describe('line_chart transform', () => {
  test('an empty window: one empty series per field', () => {
    const view = transform([], options({ title: 'Load' }));
    expect(view.series).toEqual([
      { field: 'cpu', points: [], latest: null },
      { field: 'mem', points: [], latest: null },
    ]);
    expect(view.summary).toBe('Load: no data yet');
  });

  test('one record: one point per series at its time', () => {
    const view = transform([rec(1, { cpu: 3, mem: 4 })], options({ unit: '%' }));
    expect(view.series.map((s) => s.points)).toEqual([[{ x: t(1), y: 3 }], [{ x: t(1), y: 4 }]]);
    expect(view.summary).toMatch(/^Chart, 1 points up to \d\d:\d\d:\d\d\. Latest: cpu 3%, mem 4%\.$/);
  });

  test('missing fields and non-numeric values are gaps (null), not zeros', () => {
    const view = transform([rec(1, { cpu: 1 }), rec(2, { cpu: 'x', mem: 2 }), rec(3, { cpu: 3, mem: null })], options());
    expect(view.series[0]?.points.map((p) => p.y)).toEqual([1, null, 3]);
    expect(view.series[1]?.points.map((p) => p.y)).toEqual([null, 2, null]);
    expect(view.series[1]?.latest).toBe(2);
  });

  test('truncated records are left out of the lines', () => {
    const view = transform([rec(1, { cpu: 1 }), truncated(2), rec(3, { cpu: 3 })], options({ fields: ['cpu'] }));
    expect(view.series[0]?.points).toEqual([{ x: t(1), y: 1 }, { x: t(3), y: 3 }]);
  });

  test('ties in time keep both points, in window order', () => {
    const view = transform([rec(4, { cpu: 1 }, { id: 'a' }), rec(4, { cpu: 2 }, { id: 'b' })], options({ fields: ['cpu'] }));
    expect(view.series[0]?.points).toEqual([{ x: t(4), y: 1 }, { x: t(4), y: 2 }]);
    expect(view.series[0]?.latest).toBe(2);
  });

  test('options: 1..8 fields, min below max', () => {
    expect(parseOptions({ fields: [] }).ok).toBe(false);
    expect(parseOptions({ fields: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] }).ok).toBe(false);
    expect(parseOptions({ fields: ['a'], min: 10, max: 0 }).ok).toBe(false);
    expect(parseOptions({ fields: ['a'], min: 0 })).toEqual({ ok: true, options: { title: '', fields: ['a'], label: '', unit: '', min: 0 } });
  });
});
