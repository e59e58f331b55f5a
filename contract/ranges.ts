/**
 * Time ranges: the presets a dashboard offers, the values of a widget's
 * `config.range`, and the history resolution a range is drawn at. Pure.
 */
import { BUCKET_MS, historyDocId, historyDocIdsBetween, MINUTE_DOCS_KEPT_DAYS } from './history.ts';
import type { HistoryResolution } from './types.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The relative ranges offered, as `?range=` and `config.range` spell them, shortest first. */
export const RANGE_PRESETS = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * MINUTE_MS },
  { id: '1h', label: 'Last hour', ms: HOUR_MS },
  { id: '6h', label: 'Last 6 hours', ms: 6 * HOUR_MS },
  { id: '24h', label: 'Last 24 hours', ms: DAY_MS },
  { id: '7d', label: 'Last 7 days', ms: 7 * DAY_MS },
  { id: '30d', label: 'Last 30 days', ms: 30 * DAY_MS },
  { id: '1y', label: 'Last year', ms: 365 * DAY_MS },
] as const;

export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'];

/** What a dashboard (or a widget overriding it) shows: the live window, a period ending now, or a fixed period. */
export type TimeRange =
  | { kind: 'live' }
  | { kind: 'relative'; preset: RangePresetId }
  | { kind: 'absolute'; fromMs: number; toMs: number };

/** A widget's `config.range`: follow the dashboard (the default), or a range of its own. */
export type WidgetRange = { kind: 'dashboard' } | TimeRange;

/** Shortest and longest absolute range. */
export const ABSOLUTE_RANGE_MS = { min: MINUTE_MS, max: 5 * 365 * DAY_MS } as const;

const presetById = new Map<string, (typeof RANGE_PRESETS)[number]>(RANGE_PRESETS.map((p) => [p.id, p]));

export const isRangePreset = (value: string): value is RangePresetId => presetById.has(value);

/** Why an absolute range is not one, or null. */
export function absoluteRangeProblem(fromMs: number, toMs: number): string | null {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return 'from and to must be dates';
  if (toMs - fromMs < ABSOLUTE_RANGE_MS.min) return 'to must be at least a minute after from';
  if (toMs - fromMs > ABSOLUTE_RANGE_MS.max) return 'a range is at most 5 years long';
  return null;
}

/**
 * Reads a `config.range` value: 'dashboard', 'live', a preset id, or an
 * absolute range as two ISO instants joined by '/'. Null for anything else.
 */
export function parseWidgetRange(value: unknown): WidgetRange | null {
  if (value === undefined || value === 'dashboard') return { kind: 'dashboard' };
  if (typeof value !== 'string') return null;
  if (value === 'live') return { kind: 'live' };
  if (isRangePreset(value)) return { kind: 'relative', preset: value };
  const [from, to, extra] = value.split('/');
  if (from === undefined || to === undefined || extra !== undefined) return null;
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  return absoluteRangeProblem(fromMs, toMs) ? null : { kind: 'absolute', fromMs, toMs };
}

/** The `config.range` string of a widget range (the inverse of parseWidgetRange). */
export function formatWidgetRange(range: WidgetRange): string {
  if (range.kind === 'dashboard' || range.kind === 'live') return range.kind;
  if (range.kind === 'relative') return range.preset;
  return `${new Date(range.fromMs).toISOString()}/${new Date(range.toMs).toISOString()}`;
}

/** The period [fromMs, toMs) a non-live range covers at `nowMs`. */
export function rangeBounds(range: Exclude<TimeRange, { kind: 'live' }>, nowMs: number): { fromMs: number; toMs: number } {
  if (range.kind === 'absolute') return { fromMs: range.fromMs, toMs: range.toMs };
  return { fromMs: nowMs - presetById.get(range.preset)!.ms, toMs: nowMs };
}

/** The period of the same length just before [fromMs, toMs): what "compare with the previous period" shows. */
export const previousPeriod = (fromMs: number, toMs: number) => ({ fromMs: 2 * fromMs - toMs, toMs: fromMs });

/** Most history documents a range opens per pipeline. */
export const MAX_RANGE_DOCS = 32;
/** Most points a range draws per field. */
export const MAX_RANGE_POINTS = 1500;

const COARSER: Readonly<Record<HistoryResolution, HistoryResolution | null>> = { minute: 'hour', hour: 'day', day: null };

/**
 * The documents that draw [fromMs, toMs) at `resolution`: the spans of that
 * resolution, plus, for the part of the range after the newest settled
 * bucket of that resolution, the finer documents that hold the live edge:
 * the current day's hours and the current hour's minutes (the rollup's
 * `minute` holds the current minute).
 */
export function rangeDocIds(resolution: HistoryResolution, fromMs: number, toMs: number, nowMs: number): string[] {
  // Documents of the future do not exist yet: each get of one would be a read for nothing.
  if (fromMs >= nowMs) return [];
  const ids = historyDocIdsBetween(resolution, fromMs, Math.min(toMs, nowMs));
  if (toMs <= nowMs - BUCKET_MS[resolution]) return ids;
  if (resolution === 'day') ids.push(historyDocId('hour', nowMs));
  if (resolution !== 'minute') ids.push(historyDocId('minute', nowMs));
  return [...new Set(ids)];
}

/**
 * The finest resolution that draws [fromMs, toMs) in at most MAX_RANGE_POINTS
 * buckets from at most MAX_RANGE_DOCS documents: minutes up to a day, hours
 * up to a month, days beyond. A range starting before the minute documents
 * kept (MINUTE_DOCS_KEPT_DAYS) is drawn from hours at the finest.
 */
export function resolutionFor(fromMs: number, toMs: number, nowMs: number): HistoryResolution {
  let resolution: HistoryResolution = fromMs < nowMs - MINUTE_DOCS_KEPT_DAYS * DAY_MS ? 'hour' : 'minute';
  for (;;) {
    const points = Math.ceil((toMs - fromMs) / BUCKET_MS[resolution]);
    const coarser: HistoryResolution | null = COARSER[resolution];
    if (!coarser) return resolution;
    if (points <= MAX_RANGE_POINTS && rangeDocIds(resolution, fromMs, toMs, nowMs).length <= MAX_RANGE_DOCS) return resolution;
    resolution = coarser;
  }
}

/** A range whose documents are more than this many first draws from the next coarser resolution. */
export const PREVIEW_MIN_DOCS = 12;

/**
 * The documents of a quick first draw of a range at `resolution`: the next
 * coarser resolution's (a day of minutes is 25 documents, its hours 2), read
 * with the fine ones, drawn until they are all in. Null when the range needs
 * few documents, or when both together would read more than MAX_RANGE_DOCS.
 */
export function previewPlan(resolution: HistoryResolution, fromMs: number, toMs: number, nowMs: number): { resolution: HistoryResolution; ids: string[] } | null {
  const coarser = COARSER[resolution];
  const fine = rangeDocIds(resolution, fromMs, toMs, nowMs);
  if (!coarser || fine.length <= PREVIEW_MIN_DOCS) return null;
  const ids = rangeDocIds(coarser, fromMs, toMs, nowMs);
  return new Set([...fine, ...ids]).size <= MAX_RANGE_DOCS ? { resolution: coarser, ids } : null;
}

