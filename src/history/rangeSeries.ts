import {
  aggregateByBucket,
  BUCKET_FINAL_AFTER_MS,
  BUCKET_MS,
  bucketStartInSpan,
  mergeBuckets,
  parseHistoryDocId,
  spanStartMs,
  type HistoryBucket,
  type HistoryDoc,
  type HistoryResolution,
  type WindowRecord,
} from '../../contract/index.ts';
import type { LiveMinute } from '../live/rollupMinute.ts';

/** One bucket of a range, where it starts. */
export interface SeriesBucket {
  startMs: number;
  bucket: HistoryBucket;
}

/** What a widget draws for a range: the buckets of one resolution that meet [fromMs, toMs), oldest first; an empty period has none. */
export interface RangeSeries {
  resolution: HistoryResolution;
  bucketMs: number;
  fromMs: number;
  toMs: number;
  buckets: SeriesBucket[];
}

export interface SeriesInput {
  resolution: HistoryResolution;
  fromMs: number;
  toMs: number;
  nowMs: number;
  /** The range's history documents by id, as read so far; null for a document that does not exist. */
  docs: ReadonlyMap<string, HistoryDoc | null>;
  minute: LiveMinute | null;
  /** The rolling window (oldest first): the newest minutes when history has not caught up yet. */
  window: readonly WindowRecord<Date>[];
}

const FINER: Readonly<Record<HistoryResolution, HistoryResolution | null>> = { minute: null, hour: 'minute', day: 'hour' };

/** A bucket of `resolution` starting at `startMs` is final at `nowMs` (the contract: 70 s after its end). */
const isFinal = (resolution: HistoryResolution, startMs: number, nowMs: number) =>
  startMs + BUCKET_MS[resolution] + BUCKET_FINAL_AFTER_MS <= nowMs;

/**
 * A resolution's buckets by start, from its documents; `spans` collects the
 * spans (by start) whose document was read, present or not.
 */
function bucketsOf(resolution: HistoryResolution, docs: SeriesInput['docs'], spans: Set<number>): Map<number, HistoryBucket> {
  const buckets = new Map<number, HistoryBucket>();
  for (const [id, doc] of docs) {
    const span = parseHistoryDocId(id);
    if (span?.resolution !== resolution) continue;
    spans.add(span.startMs);
    for (const [key, bucket] of Object.entries(doc?.buckets ?? {})) buckets.set(bucketStartInSpan(resolution, span.startMs, key), bucket);
  }
  return buckets;
}

/** Puts `fresh` where `buckets` has nothing, or only a bucket that is not final yet. */
function overlay(resolution: HistoryResolution, buckets: Map<number, HistoryBucket>, startMs: number, fresh: HistoryBucket, nowMs: number): void {
  if (!buckets.has(startMs) || !isFinal(resolution, startMs, nowMs)) buckets.set(startMs, fresh);
}

/**
 * The minute buckets: the minute documents', then, where they have no final
 * bucket yet, the rollup's current minute, and else minutes aggregated from
 * the window's records (history is written about once a minute, the window
 * every flush: the window's minutes stand in until their buckets come).
 */
function minuteBuckets(input: SeriesInput, spans: Set<number>): Map<number, HistoryBucket> {
  const buckets = bucketsOf('minute', input.docs, spans);
  const fromWindow = aggregateByBucket('minute', input.window, (r) => (r.ts as Date).getTime());
  for (const [startMs, bucket] of fromWindow) {
    // The window may hold only the end of a minute: it never replaces a bucket history has.
    if (!buckets.has(startMs) && startMs !== input.minute?.startMs) buckets.set(startMs, bucket);
  }
  if (input.minute) overlay('minute', buckets, input.minute.startMs, input.minute.bucket, input.nowMs);
  return buckets;
}

/**
 * The buckets of `resolution`: its documents', with the buckets that are not
 * final yet (the live edge) merged from the finer resolution, for each span
 * whose finer document was read (a span of the finer resolution is exactly one
 * bucket of this one: an hour of minutes, a day of hours). `spans` collects
 * the spans of `resolution` read.
 */
function resolutionBuckets(resolution: HistoryResolution, input: SeriesInput, spans: Set<number>): Map<number, HistoryBucket> {
  const finer = FINER[resolution];
  if (!finer) return minuteBuckets(input, spans);
  const buckets = bucketsOf(resolution, input.docs, spans);
  const finerSpans = new Set<number>();
  const groups = new Map<number, [number, HistoryBucket][]>();
  for (const [startMs, bucket] of resolutionBuckets(finer, input, finerSpans)) {
    const span = spanStartMs(finer, startMs);
    if (!finerSpans.has(span)) continue;
    const group = groups.get(span) ?? [];
    group.push([startMs, bucket]);
    groups.set(span, group);
  }
  for (const [span, group] of groups) {
    group.sort(([x], [y]) => x - y);
    overlay(resolution, buckets, span, mergeBuckets(group.map(([, bucket]) => bucket)), input.nowMs);
  }
  return buckets;
}

/** The series a range draws, from the documents read so far, the rollup's minute and the window. Pure. */
export function buildSeries(input: SeriesInput): RangeSeries {
  const { resolution, fromMs, toMs } = input;
  const bucketMs = BUCKET_MS[resolution];
  const buckets = [...resolutionBuckets(resolution, input, new Set())]
    .filter(([startMs]) => startMs + bucketMs > fromMs && startMs < toMs)
    .sort(([a], [b]) => a - b)
    .map(([startMs, bucket]) => ({ startMs, bucket }));
  return { resolution, bucketMs, fromMs, toMs, buckets };
}
