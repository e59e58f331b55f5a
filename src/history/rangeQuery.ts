import {
  absoluteRangeProblem,
  isRangePreset,
  parseWidgetRange,
  RANGE_PRESETS,
  type TimeRange,
  type WidgetRange,
} from '../../contract/ranges.ts';

/** A route's query, as vue-router gives it (a key may repeat). */
type Query = Readonly<Record<string, string | null | (string | null)[] | undefined>>;

const first = (value: Query[string]): string | undefined => (Array.isArray(value) ? (value[0] ?? undefined) : (value ?? undefined));

/**
 * The dashboard's range from its URL: `?range=24h` (a preset), `?from=<ISO>&to=<ISO>`
 * (absolute), else Live. A malformed value reads as Live rather than failing the page.
 */
export function parseRangeQuery(query: Query): TimeRange {
  const from = first(query.from);
  const to = first(query.to);
  if (from && to) {
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    if (!absoluteRangeProblem(fromMs, toMs)) return { kind: 'absolute', fromMs, toMs };
  }
  const range = first(query.range);
  return range && isRangePreset(range) ? { kind: 'relative', preset: range } : { kind: 'live' };
}

/** `query` with its range keys replaced by those of `range` (Live has none), the other keys kept. */
export function withRangeQuery(query: Query, range: TimeRange): Record<string, Query[string]> {
  const { range: _range, from: _from, to: _to, ...rest } = query;
  if (range.kind === 'relative') return { ...rest, range: range.preset };
  if (range.kind === 'absolute') return { ...rest, from: new Date(range.fromMs).toISOString(), to: new Date(range.toMs).toISOString() };
  return rest;
}

/** What a widget shows: its own `config.range` when it has a valid one, else the dashboard's range. */
export function effectiveRange(configRange: unknown, dashboard: TimeRange): TimeRange {
  const own: WidgetRange | null = parseWidgetRange(configRange);
  return !own || own.kind === 'dashboard' ? dashboard : own;
}

/** Live, then the presets shortest first: what `[` and `]` step through and what `t` + digit picks (0 is Live). */
export const RANGE_STEPS: readonly TimeRange[] = [{ kind: 'live' }, ...RANGE_PRESETS.map((p) => ({ kind: 'relative' as const, preset: p.id }))];

/**
 * The next longer (`+1`) or shorter (`-1`) step of RANGE_STEPS; it stays at
 * Live and at the longest preset. From an absolute range: the preset just
 * longer, or just shorter, than it (Live below the shortest).
 */
export function stepRange(range: TimeRange, direction: 1 | -1): TimeRange {
  const last = RANGE_STEPS.length - 1;
  if (range.kind === 'absolute') {
    const length = range.toMs - range.fromMs;
    const longer = RANGE_PRESETS.findIndex((p) => p.ms > length);
    const shorter = RANGE_PRESETS.findLastIndex((p) => p.ms < length);
    return RANGE_STEPS[direction === 1 ? (longer === -1 ? last : longer + 1) : shorter + 1]!;
  }
  const at = range.kind === 'live' ? 0 : 1 + RANGE_PRESETS.findIndex((p) => p.id === range.preset);
  return RANGE_STEPS[Math.min(last, Math.max(0, at + direction))]!;
}

/** Short label of a range, for the picker and file names: "Live", "24h", "2026-12-01 10:00–12:00 UTC". */
export function rangeLabel(range: TimeRange): string {
  if (range.kind === 'live') return 'Live';
  if (range.kind === 'relative') return range.preset;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `${iso(range.fromMs)}–${iso(range.toMs)} UTC`;
}

/**
 * The absolute range of a drag from `aMs` to `bMs` (either way round) over a
 * chart, kept within [minMs, maxMs]; null when shorter than a minute (a click, not a drag).
 */
export function zoomRange(aMs: number, bMs: number, minMs: number, maxMs: number): TimeRange | null {
  const fromMs = Math.round(Math.max(minMs, Math.min(aMs, bMs)));
  const toMs = Math.round(Math.min(maxMs, Math.max(aMs, bMs)));
  return absoluteRangeProblem(fromMs, toMs) ? null : { kind: 'absolute', fromMs, toMs };
}
