import { describe, expect, test } from 'vitest';
import { rec, truncated } from '../shared/testRecords.ts';
import { parseOptions, type StatCardOptions } from './options.ts';
import { aggregationBasis, transform } from './transform.ts';

function options(config: Record<string, unknown> = {}): StatCardOptions {
  const parsed = parseOptions({ fields: ['cpu'], ...config });
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  return parsed.options;
}

const window3 = [rec(1, { cpu: 10 }), rec(2, { cpu: 30 }), rec(3, { cpu: 20 })];

describe('stat_card transform', () => {
  test('an empty window shows a dash and no change', () => {
    const view = transform([], options({ unit: '%' }));
    expect(view).toMatchObject({ value: null, display: '—', change: null, direction: null, level: null, sparkline: [] });
    expect(view.summary).toBe('Cpu: no value yet');
  });

  test('one record: its value, no change', () => {
    const view = transform([rec(1, { cpu: 42.25 })], options({ unit: '%', decimals: 1 }));
    expect(view).toMatchObject({ value: 42.25, display: '42.3%', change: null, direction: null });
  });

  test.each([
    ['latest', 20, 20 - 30, 'down'],
    ['min', 10, 0, 'flat'],
    ['max', 30, 0, 'flat'],
    ['sum', 60, 20, 'up'],
    ['avg', 20, 0, 'flat'],
    ['count', 3, 1, 'up'],
  ] as const)('aggregation %s over the window, change since the previous value', (aggregation, value, change, direction) => {
    const view = transform(window3, options({ aggregation }));
    expect(view.value).toBe(value);
    expect(view.change).toBe(change);
    expect(view.direction).toBe(direction);
  });

  test('the change is signed and formatted with the unit', () => {
    expect(transform(window3, options({ unit: 'ms', decimals: 0 })).changeDisplay).toBe('−10 ms');
    expect(transform(window3.slice(0, 2), options({ unit: 'ms', decimals: 0 })).changeDisplay).toBe('+20 ms');
  });

  test('a missing field yields no value; count is zero', () => {
    expect(transform(window3, options({ fields: ['mem'] })).value).toBeNull();
    expect(transform(window3, options({ fields: ['mem'], aggregation: 'count' })).value).toBe(0);
  });

  test('non-numeric values and truncated records are skipped by numeric aggregations', () => {
    const records = [rec(1, { cpu: 5 }), rec(2, { cpu: 'high' }), rec(3, { cpu: null }), rec(4, { cpu: true }), truncated(5)];
    const view = transform(records, options({ aggregation: 'latest' }));
    expect(view.value).toBe(5);
    expect(view.sparkline).toEqual([5]);
    expect(transform(records, options({ aggregation: 'avg' })).value).toBe(5);
    // count: records that have the field at all (strings and booleans count, null and truncated do not)
    expect(transform(records, options({ aggregation: 'count' })).value).toBe(3);
  });

  test('ties in time: the later record of the window is the latest', () => {
    const a = rec(7, { cpu: 1 }, { id: 'a' });
    const b = rec(7, { cpu: 2 }, { id: 'b' });
    expect(transform([a, b], options()).value).toBe(2);
    expect(transform([a, b], options()).change).toBe(1);
  });

  test('thresholds colour the value from each threshold upward, and the summary says the level', () => {
    const thresholds = [{ value: 90, color: 'critical' }, { value: 70, color: 'warning' }];
    expect(transform([rec(1, { cpu: 50 })], options({ thresholds })).level).toBe('ok');
    expect(transform([rec(1, { cpu: 70 })], options({ thresholds })).level).toBe('warning');
    const critical = transform([rec(1, { cpu: 95 })], options({ thresholds, unit: '%' }));
    expect(critical.level).toBe('critical');
    expect(critical.summary).toBe('Cpu: 95% (latest value), level Critical');
  });

  test('large numbers get thousands separators; count has no decimals', () => {
    expect(transform([rec(1, { cpu: 1234567 })], options({ unit: 'req', decimals: 0 })).display).toBe('1,234,567 req');
    expect(transform([rec(1, { cpu: 1234567 })], options({ unit: 'B/s', decimals: 0 })).display).toBe('1 MB/s');
    expect(transform(window3, options({ aggregation: 'count', decimals: 2 })).display).toBe('3');
  });

  test('a mapped value shows its text, in the summary too; a count is never mapped', () => {
    const view = transform([rec(1, { cpu: 0 }), rec(2, { cpu: 1 })], options({ label: 'Pump', mappings: '1=on, 0=off, 2=broken', thresholds: [{ value: 1, color: 'ok' }] }));
    expect(view).toMatchObject({ value: 1, display: 'on', changeDisplay: '+1', level: 'ok' });
    expect(view.summary).toBe('Pump: on (latest value), up +1 since the previous value, level OK');
    expect(transform(window3, options({ aggregation: 'count', mappings: '3=three' })).display).toBe('3');
  });

  test('the card says which aggregation it shows, over how many records', () => {
    expect(transform(window3, options()).basis).toBe('Latest value');
    expect(transform(window3, options({ aggregation: 'avg' })).basis).toBe('Average of the last 3 records');
    expect(transform([rec(1, { cpu: 1 }), truncated(2)], options({ aggregation: 'max' })).basis).toBe('Maximum of the last record');
    expect(aggregationBasis('count', 100)).toBe('Count of the last 100 records');
    expect(transform(window3, options({ aggregation: 'avg', unit: '%' })).summary).toBe('Cpu: 20% (average of the last 3 records), unchanged ±0% since the previous value');
  });

  test("the pipeline's declared unit and label win over the widget's unit; a count has no unit", () => {
    const fields = [{ name: 'cpu', type: 'number', unit: 'B/s', label: 'Inbound' }] as const;
    const view = transform([rec(1, { cpu: 2_500_000 })], options({ unit: '%' }), fields);
    expect(view.display).toBe('2.5 MB/s');
    expect(view.summary).toBe('Inbound: 2.5 MB/s (latest value)');
    expect(transform(window3, options({ aggregation: 'count', unit: '%' })).display).toBe('3');
  });

  test('the sparkline holds the numeric values, oldest first', () => {
    expect(transform(window3, options()).sparkline).toEqual([10, 30, 20]);
  });
});
