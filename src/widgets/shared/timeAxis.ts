/** A gap in the data is a break in the line when it lasts this many usual intervals... */
export const GAP_INTERVALS = 4;
/** ...and at least this long (a busy pipeline's jitter is no gap). */
export const MIN_GAP_MS = 5_000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Round steps between the ticks of a time axis (days for the ranges of history). */
const TICK_STEPS = [
  ...[1, 2, 5, 10, 15, 30].map((n) => n * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((n) => n * MINUTE),
  ...[1, 2, 3, 6, 12, 24].map((n) => n * HOUR),
  ...[2, 7, 14, 30, 61, 91].map((n) => n * DAY),
];

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The indexes of the times (ascending, in ms) that follow a gap: longer than
 * GAP_INTERVALS times the usual interval between them, and than MIN_GAP_MS.
 */
export function gapsBefore(times: readonly number[]): number[] {
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  const usual = median(intervals.filter((d) => d > 0));
  if (usual === null || intervals.length < 3) return [];
  const longest = Math.max(GAP_INTERVALS * usual, MIN_GAP_MS);
  return intervals.flatMap((d, i) => (d > longest ? [i + 1] : []));
}

/** The span a time axis draws: the oldest time to the newest (a lone point ends a minute-long axis). */
export function timeSpan(times: readonly number[]): { min: number; max: number } | null {
  if (times.length === 0) return null;
  const min = times[0]!;
  const max = times[times.length - 1]!;
  return { min: max > min ? min : max - MINUTE, max };
}

/** Ticks at round local times (every 5 s, 1 min, 2 h...) within `span`, about `count` of them. */
export function timeTicks(span: { min: number; max: number }, count = 5): number[] {
  const step = TICK_STEPS.find((s) => (span.max - span.min) / s <= count) ?? TICK_STEPS[TICK_STEPS.length - 1]!;
  // Round in local time, so that hourly ticks fall on the hour where the offset is not whole hours.
  const offset = -new Date(span.min).getTimezoneOffset() * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil((span.min + offset) / step) * step - offset; t <= span.max; t += step) ticks.push(t);
  return ticks;
}
