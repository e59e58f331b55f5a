import { describe, expect, test } from 'vitest';
import { formatTime } from '../shared/format.ts';
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
      { field: 'cpu', label: 'Cpu', unit: '', axis: 'y', points: [], latest: null },
      { field: 'mem', label: 'Mem', unit: '', axis: 'y', points: [], latest: null },
    ]);
    expect(view).toMatchObject({ span: null, ticks: [], summary: 'Load: no data yet' });
  });

  test('one record: one point per series at its time', () => {
    const view = transform([rec(1, { cpu: 3, mem: 4 })], options({ unit: '%' }));
    expect(view.series.map((s) => s.points)).toEqual([[{ x: t(1), y: 3 }], [{ x: t(1), y: 4 }]]);
    expect(view.summary).toBe(`Chart, 1 points up to ${formatTime(t(1))}. Latest: Cpu 3%, Mem 4%.`);
  });

  test('a mapped latest value reads as its text; the line keeps the number', () => {
    const view = transform([rec(1, { cpu: 0, mem: 4 }), rec(2, { cpu: 1, mem: 5 })], options({ mappings: '1=on' }));
    expect(view.series[0]?.points.map((p) => p.y)).toEqual([0, 1]);
    expect(view.summary).toBe(`Chart, 2 points up to ${formatTime(t(2))}. Latest: Cpu on, Mem 5.`);
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

  test('the time axis spans the data, no more, with ticks on round times inside it', () => {
    const view = transform([rec(3, { cpu: 1 }), rec(40, { cpu: 2 }), rec(58, { cpu: 3 })], options());
    expect(view.span).toEqual({ min: t(3), max: t(58) });
    expect(view.ticks).toEqual([t(15), t(30), t(45)]);
  });

  test('a pause of many usual intervals breaks every line (a point without value between); a short one does not', () => {
    const seconds = [0, 1, 2, 3, 5, 6, 126, 127];
    const view = transform(seconds.map((s) => rec(s, { cpu: s, mem: 1 })), options());
    const points = view.series[0]!.points;
    expect(points.map((p) => p.y)).toEqual([0, 1, 2, 3, 5, 6, null, 126, 127]);
    expect(points[6]).toEqual({ x: (t(6) + t(126)) / 2, y: null });
    expect(view.series[1]!.points.map((p) => p.x)).toEqual(points.map((p) => p.x));
  });

  test("two units get two axes; the pipeline's labels and units win over the widget's unit", () => {
    const fields = [
      { name: 'cpu', type: 'number', unit: '°C', label: 'Temperature' },
      { name: 'mem', type: 'number', unit: '%', label: 'Humidity' },
    ] as const;
    const view = transform([rec(1, { cpu: 21.5, mem: 40 })], options({ unit: '°C' }), fields);
    expect(view.axes).toEqual([
      { id: 'y', unit: '°C', side: 'left' },
      { id: 'y1', unit: '%', side: 'right' },
    ]);
    expect(view.series.map((s) => [s.label, s.axis])).toEqual([['Temperature', 'y'], ['Humidity', 'y1']]);
    expect(view.summary).toMatch(/Latest: Temperature 21\.5°C, Humidity 40%\.$/);
    expect(transform([rec(1, { cpu: 1, mem: 2 })], options({ unit: '%' })).axes).toHaveLength(1);
  });

  test('options: 1..8 fields, min below max', () => {
    expect(parseOptions({ fields: [] }).ok).toBe(false);
    expect(parseOptions({ fields: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] }).ok).toBe(false);
    expect(parseOptions({ fields: ['a'], min: 10, max: 0 }).ok).toBe(false);
    expect(parseOptions({ fields: ['a'], min: 0 })).toEqual({ ok: true, options: { title: '', fields: ['a'], label: '', unit: '', min: 0 } });
  });
});
