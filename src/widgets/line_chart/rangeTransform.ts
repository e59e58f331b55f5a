import type { PipelineField } from '../../../contract/index.ts';
import type { RangeSeries } from '../../history/rangeSeries.ts';
import { formatMoment } from '../../lib/time.ts';
import { axesForUnits } from '../shared/chartOptions.ts';
import { describeField } from '../shared/fields.ts';
import { formatValue } from '../shared/format.ts';
import { bucketPoints } from '../shared/rangeValues.ts';
import { timeTicks } from '../shared/timeAxis.ts';
import type { LineChartOptions } from './options.ts';
import type { LineChartView } from './transform.ts';

/**
 * A range as lines: per field, the mean of each bucket, with its min and max
 * as a band, a gap where a bucket has no value; with `previous`, that
 * period's means shifted by the range's length onto this one.
 */
export function transformRange(
  series: RangeSeries,
  options: LineChartOptions,
  fields?: readonly PipelineField[],
  previous?: RangeSeries | null,
): LineChartView {
  const shown = options.fields.map((f) => describeField(f, fields, options.unit));
  const axes = axesForUnits(shown.map((d) => d.unit));
  const shift = series.toMs - series.fromMs;
  const lines = shown.map((d) => {
    const points = bucketPoints(series, d.field, 'mean');
    const mins = bucketPoints(series, d.field, 'min');
    const maxs = bucketPoints(series, d.field, 'max');
    const latest = points.findLast((p) => p.y !== null)?.y ?? null;
    return {
      ...d,
      points,
      band: points.map((_, i) => ({ min: mins[i]!.y, max: maxs[i]!.y })),
      ...(previous && { previous: bucketPoints(previous, d.field, 'mean').map((p) => ({ x: p.x + shift, y: p.y })) }),
      latest,
      axis: axes.find((a) => a.unit === d.unit)!.id,
    };
  });
  const span = { min: series.fromMs, max: series.toMs };
  const name = options.label || options.title || 'Chart';
  const newest = series.buckets.at(-1);
  const summary = newest
    ? `${name}, ${series.buckets.length} ${series.resolution} buckets from ${formatMoment(series.fromMs)} to ${formatMoment(series.toMs)}. Latest mean: ${lines
        .map((l) => `${l.label} ${formatValue(l.latest, undefined, l.unit, options.mappings)}`)
        .join(', ')}.`
    : `${name}: no data from ${formatMoment(series.fromMs)} to ${formatMoment(series.toMs)}`;
  return { series: lines, axes, span, ticks: timeTicks(span), summary, rangeMs: shift };
}
