import { describe, expect, test } from 'vitest';
import { rec, truncated } from '../shared/testRecords.ts';
import { parseOptions, type GaugeOptions } from './options.ts';
import { arcPath, transform } from './transform.ts';

function options(config: Record<string, unknown> = {}): GaugeOptions {
  const parsed = parseOptions({ fields: ['load'], min: 0, max: 4, ...config });
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  return parsed.options;
}

describe('gauge transform', () => {
  test('an empty window has no value and an empty dial', () => {
    const view = transform([], options());
    expect(view).toMatchObject({ value: null, display: '—', fraction: 0, level: null, minDisplay: '0', maxDisplay: '4' });
    expect(view.summary).toBe('Load: no value yet');
  });

  test('one record: the value as a fraction of min..max', () => {
    const view = transform([rec(1, { load: 1 })], options({ unit: 'x' }));
    expect(view.fraction).toBe(0.25);
    expect(view.summary).toBe('Load: 1 x on a scale from 0 x to 4 x');
  });

  test('a mapped value shows its text; the dial still places the number', () => {
    const view = transform([rec(1, { load: 4 })], options({ mappings: '4=full' }));
    expect(view).toMatchObject({ value: 4, display: 'full', fraction: 1, maxDisplay: '4' });
    expect(view.summary).toBe('Load: full on a scale from 0 to 4');
  });

  test('values outside min..max are clamped on the dial but shown as they are', () => {
    expect(transform([rec(1, { load: 9 })], options())).toMatchObject({ fraction: 1, display: '9' });
    expect(transform([rec(1, { load: -2 })], options())).toMatchObject({ fraction: 0, display: '-2' });
  });

  test('a missing field, non-numeric values and truncated records leave the newest numeric value', () => {
    const records = [rec(1, { load: 2 }), rec(2, { load: 'n/a' }), rec(3, { other: 1 }), truncated(4)];
    expect(transform(records, options()).value).toBe(2);
    expect(transform(records, options({ fields: ['absent'] })).value).toBeNull();
  });

  test('ties in time: the later record wins', () => {
    expect(transform([rec(5, { load: 1 }, { id: 'a' }), rec(5, { load: 3 }, { id: 'b' })], options()).value).toBe(3);
  });

  test('thresholds give the level and marks on the dial', () => {
    const view = transform([rec(1, { load: 3.5 })], options({ thresholds: [{ value: 2, color: 'warning' }, { value: 3, color: 'critical' }] }));
    expect(view.level).toBe('critical');
    expect(view.marks).toEqual([{ fraction: 0.5, color: 'warning' }, { fraction: 0.75, color: 'critical' }]);
    expect(view.summary).toContain('level Critical');
  });

  test("the pipeline's declared unit wins over the widget's, and scales", () => {
    const view = transform([rec(1, { load: 1500 })], options({ unit: '%', max: 4000 }), [{ name: 'load', type: 'number', unit: 'W', label: 'Power' }]);
    expect(view).toMatchObject({ display: '1.5 kW', minDisplay: '0 W', maxDisplay: '4 kW' });
    expect(view.summary).toBe('Power: 1.5 kW on a scale from 0 W to 4 kW');
  });

  test('the arc runs from the left end over the top', () => {
    expect(arcPath(0)).toBe('M 10 50 A 40 40 0 0 1 10.00 50.00');
    expect(arcPath(0.5)).toBe('M 10 50 A 40 40 0 0 1 50.00 10.00');
    expect(arcPath(1)).toBe('M 10 50 A 40 40 0 0 1 90.00 50.00');
  });

  test('options: min must be below max', () => {
    expect(parseOptions({ fields: ['load'], min: 5, max: 5 })).toEqual({ ok: false, errors: ['"Minimum" must be below "Maximum".'] });
  });
});
