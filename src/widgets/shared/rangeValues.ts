import { mergeBuckets, type FieldAggregate } from '../../../contract/index.ts';
import type { RangeSeries } from '../../history/rangeSeries.ts';

/** What one number of a field's aggregate over a bucket (or a range) is. */
export type BucketStat = 'mean' | 'min' | 'max' | 'first' | 'last' | 'sum' | 'count';

/** One number of an aggregate: `count` is how many values the field had, `mean` their sum over that. */
export function statOf(agg: FieldAggregate | undefined, stat: BucketStat): number | null {
  if (!agg || agg.n === 0) return null;
  if (stat === 'mean') return agg.sum / agg.n;
  if (stat === 'count') return agg.n;
  return agg[stat];
}

/** The aggregate of `field` over the whole range (its buckets merged), or undefined where it has no value. */
export function rangeAggregate(series: RangeSeries, field: string): FieldAggregate | undefined {
  return mergeBuckets(series.buckets.map((b) => b.bucket)).fields[field];
}

/** A bucket's point: x its start (ms), y null where the range has no value of the field then. */
export interface BucketPoint {
  x: number;
  y: number | null;
}

/**
 * A point per bucket of the range, from its first bucket slot to its last,
 * `stat` of `field`, null where there is no bucket or no value (a gap), so
 * that every field's points line up index by index.
 */
export function bucketPoints(series: RangeSeries, field: string, stat: BucketStat): BucketPoint[] {
  const { bucketMs } = series;
  const byStart = new Map(series.buckets.map((b) => [b.startMs, b.bucket]));
  const points: BucketPoint[] = [];
  for (let x = Math.floor(series.fromMs / bucketMs) * bucketMs; x < series.toMs; x += bucketMs) {
    points.push({ x, y: statOf(byStart.get(x)?.fields[field], stat) });
  }
  return points;
}

/** The values of `field` per bucket that has one, oldest first (a sparkline). */
export const bucketValues = (series: RangeSeries, field: string, stat: BucketStat): number[] =>
  series.buckets.map((b) => statOf(b.bucket.fields[field], stat)).filter((v): v is number => v !== null);
