import { describe, expect, test } from 'vitest';
import { minuteSeries } from '../shared/testRecords.ts';
import { parseOptions } from './options.ts';
import { transformRange } from './rangeTransform.ts';

const options = (config: Record<string, unknown> = {}) => {
  const parsed = parseOptions({ fields: ['v'], ...config });
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  return parsed.options;
};

describe('table transformRange', () => {
  test('a row per bucket, newest first: its start, its record count and the chosen aggregate', () => {
    const series = minuteSeries(3, [[1, 3], null, [5]]);
    const view = transformRange(series, options());
    expect(view.columns.map((c) => c.label)).toEqual(['Records', 'V']);
    expect(view.rows.map((r) => [r.iso, r.cells])).toEqual([
      ['2026-01-01T12:02:00.000Z', ['1', '5']],
      ['2026-01-01T12:00:00.000Z', ['2', '2']],
    ]);
    expect(transformRange(series, options({ aggregation: 'max' })).rows[1]!.cells).toEqual(['2', '3']);
  });

  test('an aggregate that is a mapped value shows its text; the record count is never mapped', () => {
    const view = transformRange(minuteSeries(2, [[1, 1], [0, 1]]), options({ mappings: '1=on, 2=two' }));
    expect(view.rows.map((r) => r.cells)).toEqual([['2', '0.5'], ['2', 'on']]);
  });
});
