import { compareRecords, WINDOW_SIZE, type LiveMode, type WindowRecord } from '../../contract/index.ts';

/** How a viewer actually reads a pipeline: window only, or window plus a tail listener on the records. */
export type DeliveryMode = Exclude<LiveMode, 'auto'>;

type ShownRecord = WindowRecord<Date>;
/** Auto turns economy above this rate (records/s)... */
export const AUTO_TO_ECONOMY = 2;
/** ...and back to instant only below this one, so a rate near the threshold does not flap. */
export const AUTO_TO_INSTANT = 1.5;

/**
 * The records a viewer shows: the window (oldest first) plus the tail
 * listener's records past it, each record once by id, ordered by (ts, id), the
 * newest `WINDOW_SIZE`. Tail records the window already covers (at or before its
 * last record) are dropped: the window's copy is the one shown.
 */
export function mergeLiveWindow(window: readonly ShownRecord[], tail: readonly ShownRecord[]): readonly ShownRecord[] {
  const last = window.at(-1);
  const ids = new Set(window.map((r) => r.id));
  const extra: ShownRecord[] = [];
  for (const r of tail) {
    if (ids.has(r.id)) continue;
    if (last && compareRecords(r, last) <= 0) continue;
    ids.add(r.id);
    extra.push(r);
  }
  if (extra.length === 0) return window.length > WINDOW_SIZE ? window.slice(-WINDOW_SIZE) : window;
  extra.sort(compareRecords);
  return [...window, ...extra].slice(-WINDOW_SIZE);
}

/**
 * A tail listener is moved to the window's newest record (a new query, whose
 * first answer is billed one read per record, at least one) only once the
 * window covers this many of its records. Moving it on every flush would
 * re-read the anchor record each time: on a pipeline writing once a second,
 * that doubled the reads of instant mode.
 */
export const REANCHOR_AFTER = 10;

/**
 * Whether to move a tail listener past the window: once the window covers
 * `REANCHOR_AFTER` of its records (the merge drops them, but the listener still
 * holds them), or when it nears the query's limit, past which newer records
 * would not reach it.
 */
export function shouldReanchor(tail: readonly ShownRecord[], windowLast: Pick<ShownRecord, 'ts' | 'id'>): boolean {
  if (tail.length >= WINDOW_SIZE - REANCHOR_AFTER) return true;
  let covered = 0;
  for (const r of tail) if (compareRecords(r, windowLast) <= 0) covered++;
  return covered >= REANCHOR_AFTER;
}

/** The span over which auto measures a pipeline's rate. */
export const RATE_SPAN_MS = 10_000;
/**
 * This many records within a second of the newest one read as busy at once,
 * without waiting for a span's worth of them: in instant mode each record
 * waited for is a read, so a pipeline jumping to 100 records/s turns economy
 * after its first ten, not after twenty-odd.
 */
export const BURST_RECORDS = 10;
const BURST_SPAN_MS = 1_000;

/**
 * A view's recent rate in records/s: its records in the `RATE_SPAN_MS` up to
 * its newest one, over that span, or the last second's count when that is a
 * burst (`BURST_RECORDS`). Measured from the newest record rather than the
 * viewer's clock (which may be off by more than the span), and on the whole
 * view (window and tail), so that in instant mode a rise shows within a
 * second rather than a window later. A view holds at most 100 records, so
 * sustained rates past 10/s read as 10/s: far above the threshold either way.
 */
export function recentRate(view: readonly ShownRecord[]): number {
  const newest = view.at(-1);
  if (!newest) return 0;
  const newestMs = newest.ts.getTime();
  let inSpan = 0;
  let inBurst = 0;
  for (let i = view.length - 1; i >= 0; i--) {
    const age = newestMs - view[i]!.ts.getTime();
    if (age >= RATE_SPAN_MS) break;
    inSpan++;
    if (age < BURST_SPAN_MS) inBurst++;
  }
  const sustained = (inSpan * 1000) / RATE_SPAN_MS;
  return inBurst >= BURST_RECORDS ? Math.max(sustained, inBurst) : sustained;
}

/**
 * The mode a viewer reads a pipeline in. Records are readable by team members
 * only, so everyone else reads the window (economy). Auto is instant on slow
 * pipelines and economy on busy ones, with hysteresis around the threshold
 * (`previous` is the mode in use).
 */
export function effectiveMode(
  live: LiveMode | undefined,
  ratePerSecond: number,
  isMember: boolean,
  previous: DeliveryMode = 'instant',
): DeliveryMode {
  if (!isMember) return 'economy';
  if (live === 'instant' || live === 'economy') return live;
  if (previous === 'economy') return ratePerSecond < AUTO_TO_INSTANT ? 'instant' : 'economy';
  return ratePerSecond > AUTO_TO_ECONOMY ? 'economy' : 'instant';
}
