import { describe, expect, test } from 'vitest';
import { minuteSeries } from '../shared/testRecords.ts';
import { parseOptions } from './options.ts';
import { formatDuration, transformRange } from './rangeTransform.ts';

const T0 = Date.UTC(2026, 0, 1, 12);
const options = (config: Record<string, unknown> = {}) => {
  const parsed = parseOptions({ fields: ['v'], ...config });
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  return parsed.options;
};

describe('stat_card transformRange', () => {
  const series = minuteSeries(3, [[1, 5], null, [3, 3]]);
  test.each([
    ['latest', 3],
    ['min', 1],
    ['max', 5],
    ['avg', 3],
    ['sum', 12],
    ['count', 4],
  ])('%s over the range is %d', (aggregation, value) => {
    expect(transformRange(series, options({ aggregation })).value).toBe(value);
  });

  test('the change against the previous period of the same length, and the sparkline of bucket means', () => {
    const previous = minuteSeries(3, [[1], [1]], T0 - 180_000);
    const view = transformRange(series, options({ aggregation: 'avg' }), undefined, previous);
    expect(view).toMatchObject({ change: 2, direction: 'up', basis: 'Average over 3 min', sparkline: [3, 3] });
    expect(view.changeDisplay).toBe('+2 vs previous 3 min');
  });

  test('a mapped value shows its text; a count is never mapped', () => {
    expect(transformRange(series, options({ mappings: '3=idle' })).display).toBe('idle');
    expect(transformRange(series, options({ aggregation: 'count', mappings: '4=four' })).display).toBe('4');
  });

  test('no previous data: no change; no data: no value (and a count of 0)', () => {
    expect(transformRange(series, options(), undefined, minuteSeries(3, [], T0 - 180_000)).change).toBeNull();
    expect(transformRange(minuteSeries(3, []), options()).display).toBe('—');
    expect(transformRange(minuteSeries(3, []), options({ aggregation: 'count' })).value).toBe(0);
  });

  test('durations', () => {
    expect(formatDuration(15 * 60_000)).toBe('15 min');
    expect(formatDuration(24 * 3_600_000)).toBe('24 h');
    expect(formatDuration(7 * 86_400_000)).toBe('7 d');
  });
});
