import { describe, expect, test } from 'vitest';
import { minuteSeries } from '../shared/testRecords.ts';
import { parseOptions } from './options.ts';
import { transformRange } from './rangeTransform.ts';

const T0 = Date.UTC(2026, 0, 1, 12);
const options = () => {
  const parsed = parseOptions({ fields: ['v'], title: 'V' });
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  return parsed.options;
};

describe('line_chart transformRange', () => {
  test('the mean per bucket, the min–max band, a gap (null) where a bucket is missing, the range as the axis', () => {
    const view = transformRange(minuteSeries(4, [[1, 3], null, [5]]), options());
    const [line] = view.series;
    expect(line!.points).toEqual([
      { x: T0, y: 2 },
      { x: T0 + 60_000, y: null },
      { x: T0 + 120_000, y: 5 },
      { x: T0 + 180_000, y: null },
    ]);
    expect(line!.band).toEqual([
      { min: 1, max: 3 },
      { min: null, max: null },
      { min: 5, max: 5 },
      { min: null, max: null },
    ]);
    expect(line!.latest).toBe(5);
    expect(view.span).toEqual({ min: T0, max: T0 + 240_000 });
    expect(view.rangeMs).toBe(240_000);
    expect(view.summary).toMatch(/^V, 2 minute buckets from .* Latest mean: V 5\.$/);
  });

  test('the previous period is shifted by the range length onto this one', () => {
    const previous = minuteSeries(2, [[10], [20]], T0 - 120_000);
    const view = transformRange(minuteSeries(2, [[1], [2]]), options(), undefined, previous);
    expect(view.series[0]!.previous).toEqual([
      { x: T0, y: 10 },
      { x: T0 + 60_000, y: 20 },
    ]);
  });

  test('an empty range says so', () => {
    expect(transformRange(minuteSeries(3, []), options()).summary).toMatch(/^V: no data from/);
  });
});
