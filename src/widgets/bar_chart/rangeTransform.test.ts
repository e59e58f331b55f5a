import { describe, expect, test } from 'vitest';
import { minuteSeries } from '../shared/testRecords.ts';
import { parseOptions } from './options.ts';
import { transformRange } from './rangeTransform.ts';

const options = (config: Record<string, unknown> = {}) => {
  const parsed = parseOptions({ fields: ['v'], ...config });
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  return parsed.options;
};

describe('bar_chart transformRange', () => {
  const series = minuteSeries(3, [[1, 3], null, [5]]);
  test('a bar per bucket: the mean of the field', () => {
    expect(transformRange(series, options()).values).toEqual([2, 5]);
  });
  test('or a bar per field: its mean over the whole range', () => {
    const view = transformRange(series, options({ rangeBars: 'field' }));
    expect(view.labels).toEqual(['V']);
    expect(view.values).toEqual([3]);
  });
});
