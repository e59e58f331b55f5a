import type { PipelineField } from '../../../contract/index.ts';
import type { RangeSeries } from '../../history/rangeSeries.ts';
import { rangeAggregate, statOf } from '../shared/rangeValues.ts';
import type { GaugeOptions } from './options.ts';
import { gaugeView, type GaugeView } from './transform.ts';

/** A range on the dial: the field's last value in it, or its average over it. */
export function transformRange(series: RangeSeries, options: GaugeOptions, fields?: readonly PipelineField[]): GaugeView {
  const value = statOf(rangeAggregate(series, options.fields[0] ?? ''), options.aggregation === 'avg' ? 'mean' : 'last');
  return gaugeView(value, options, fields);
}
