import type { PipelineField } from '../../../contract/index.ts';
import type { RangeSeries } from '../../history/rangeSeries.ts';
import { formatRangeTime } from '../../lib/time.ts';
import { describeField } from '../shared/fields.ts';
import { rangeAggregate, statOf } from '../shared/rangeValues.ts';
import type { BarChartOptions } from './options.ts';
import { barView, type BarChartView } from './transform.ts';

/**
 * A range as bars: one per bucket, the average of the first field (of the
 * value field in category mode: history keeps no categories), or one per
 * field, its average over the whole range.
 */
export function transformRange(series: RangeSeries, options: BarChartOptions, fields?: readonly PipelineField[]): BarChartView {
  const chosen = options.mode === 'category' ? [options.valueField] : options.fields;
  if (options.rangeBars === 'field' && options.mode === 'fields') {
    const shown = chosen.map((f) => describeField(f, fields, options.unit));
    const values = chosen.map((f) => statOf(rangeAggregate(series, f), 'mean'));
    return barView(shown.map((d) => d.label), values, shown.map((d) => d.unit), options);
  }
  const field = describeField(chosen[0] ?? '', fields, options.unit);
  const length = series.toMs - series.fromMs;
  return barView(
    series.buckets.map((b) => formatRangeTime(b.startMs, length)),
    series.buckets.map((b) => statOf(b.bucket.fields[field.field], 'mean')),
    series.buckets.map(() => field.unit),
    options,
  );
}
