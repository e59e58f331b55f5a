/**
 * What a flush does to history, planned from the records it read. Pure.
 *
 * The rollup carries the history state: `minute` (the open minute, the
 * aggregate of every record of it up to the window's cursor) and
 * `historyThrough` (every minute before it is written to history or marked
 * dirty). A flush reads all records after the cursor, oldest first; here they
 * are folded into the open minute, minutes they show to have ended are
 * closed (their buckets go to history), and records of minutes already
 * behind `historyThrough` make those minutes dirty (recomputed from the log
 * by the dirty-mark processor).
 */
import {
  aggregateRecords,
  BUCKET_MS,
  bucketStartMs,
  foldRecords,
  type AggregatedRecord,
  type HistoryBucket,
} from '../../../contract/index.ts';

const MINUTE_MS = BUCKET_MS.minute;
const HOUR_MS = BUCKET_MS.hour;

/**
 * A minute is closed by the clock this long after its end: records committed
 * in it are visible to queries by then, even with this much clock skew.
 */
export const CLOSE_SKEW_MS = 1000;

export interface OpenMinute {
  startMs: number;
  bucket: HistoryBucket;
}

export interface HistoryState {
  minute: OpenMinute | null;
  throughMs: number | null;
}

export interface ClosedMinute {
  startMs: number;
  bucket: HistoryBucket;
  /**
   * The bucket holds records folded by earlier flushes (or a partial fold
   * after an overflow): the flush counts the minute in the log before writing
   * it, and marks it dirty instead on a mismatch (records that became visible
   * behind the cursor, a window rebuilt meanwhile).
   */
  verify: boolean;
}

export interface HistoryPlan {
  state: HistoryState;
  closed: ClosedMinute[];
  /** Minute-aligned [fromMs, toMs) ranges whose minutes must be recomputed from the log. */
  dirty: [number, number][];
  /**
   * Starts of the hours whose hour buckets are to be recomputed: those this
   * flush completed, and the hour of a minute it closed by the clock (a pause:
   * the hour may get no later record to complete it).
   */
  completedHours: number[];
  /** Start of the minute this flush opened (and did not close): someone must close it by the clock. */
  opened?: number;
}

export interface HistoryPlanInput {
  state: HistoryState;
  /** Records after the window's cursor, oldest first: all of them, or the oldest ones read when `newest` is given. */
  fresh: readonly AggregatedRecord[];
  /** Past the flush's read cap: the newest records of the log (oldest first), where the window jumps to. */
  newest?: readonly AggregatedRecord[];
  nowMs: number;
  msOf: (record: AggregatedRecord) => number;
}

const cloneBucket = (b: HistoryBucket): HistoryBucket => ({
  n: b.n,
  fields: Object.fromEntries(Object.entries(b.fields).map(([k, v]) => [k, { ...v }])),
});

function byMinute(records: readonly AggregatedRecord[], msOf: (r: AggregatedRecord) => number): [number, AggregatedRecord[]][] {
  const groups = new Map<number, AggregatedRecord[]>();
  for (const r of records) {
    const start = bucketStartMs('minute', msOf(r));
    const group = groups.get(start);
    if (group) group.push(r);
    else groups.set(start, [r]);
  }
  return [...groups].sort(([a], [b]) => a - b);
}

export function planHistory(input: HistoryPlanInput): HistoryPlan {
  const { nowMs, msOf } = input;
  const closed: ClosedMinute[] = [];
  const dirty: [number, number][] = [];
  let open = input.state.minute ? { startMs: input.state.minute.startMs, bucket: cloneBucket(input.state.minute.bucket), carried: true } : null;
  let through = input.state.throughMs;

  const close = () => {
    if (open) closed.push({ startMs: open.startMs, bucket: open.bucket, verify: open.carried });
    open = null;
  };

  let groups = byMinute(input.fresh, msOf);
  // Past the cap, the last minute read may be partial: it and all after it are left to the dirty marks.
  const lastRead = input.newest && groups.length > 0 ? groups[groups.length - 1]![0] : undefined;
  if (lastRead !== undefined) groups = groups.slice(0, -1);

  for (const [start, records] of groups) {
    if ((through !== null && start < through) || (open && start < open.startMs)) {
      dirty.push([start, start + MINUTE_MS]);
    } else if (open && start === open.startMs) {
      foldRecords(open.bucket, records);
    } else {
      close();
      open = { startMs: start, bucket: aggregateRecords(records), carried: false };
      through = start;
    }
  }

  if (input.newest && input.newest.length > 0) {
    const newestMinute = bucketStartMs('minute', msOf(input.newest[input.newest.length - 1]!));
    if (open && open.startMs < newestMinute) close();
    const from = Math.max(lastRead ?? newestMinute, through ?? -Infinity);
    if (from < newestMinute) dirty.push([from, newestMinute]);
    // Partial when the newest minute holds more records than were read: verified (and made dirty) at its close.
    const inNewest = input.newest.filter((r) => bucketStartMs('minute', msOf(r)) === newestMinute);
    open = { startMs: newestMinute, bucket: aggregateRecords(inNewest), carried: true };
    through = newestMinute;
  }

  const openedAt = open?.startMs;
  let quietHour: number | undefined;
  if (open && nowMs >= open.startMs + MINUTE_MS + CLOSE_SKEW_MS) {
    through = open.startMs + MINUTE_MS;
    // Records paused: nothing may come to complete this hour, so its bucket is recomputed now (and again if more come).
    quietHour = bucketStartMs('hour', open.startMs);
    close();
  }

  const completedHours = completed(input.state.throughMs, through, closed);
  if (quietHour !== undefined && !completedHours.includes(quietHour)) completedHours.push(quietHour);
  const state: HistoryState = { minute: open ? { startMs: open.startMs, bucket: open.bucket } : null, throughMs: through };
  const opened = open && openedAt !== input.state.minute?.startMs ? openedAt : undefined;
  return { state, closed, dirty, completedHours, ...(opened !== undefined && { opened }) };
}

/**
 * Hours whose minutes are all accounted for now and were not before: those
 * with minutes closed by this flush, and the hour of the last minute closed
 * before it (its buckets were written by earlier flushes), once `through`
 * passes their end.
 */
function completed(before: number | null, through: number | null, closed: readonly ClosedMinute[]): number[] {
  if (through === null) return [];
  const hours = new Set(closed.map((c) => bucketStartMs('hour', c.startMs)));
  if (before !== null) {
    const last = bucketStartMs('hour', before - 1);
    if (before < last + HOUR_MS) hours.add(last);
  }
  return [...hours].filter((h) => h + HOUR_MS <= through).sort((a, b) => a - b);
}
