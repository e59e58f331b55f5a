import { describe, expect, test } from 'vitest';
import { minuteSeries } from '../shared/testRecords.ts';
import { parseOptions } from './options.ts';
import { transformRange } from './rangeTransform.ts';

describe('gauge transformRange', () => {
  const series = minuteSeries(3, [[10, 30], null, [50]]);
  test.each([
    ['latest', 50],
    ['avg', 30],
  ])('%s over the range is %d', (aggregation, value) => {
    const parsed = parseOptions({ fields: ['v'], aggregation });
    if (!parsed.ok) throw new Error(parsed.errors.join(' '));
    expect(transformRange(series, parsed.options)).toMatchObject({ value, fraction: value / 100 });
  });
});
