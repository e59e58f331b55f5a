/**
 * History checked against the log, as invariant 5 states it: every bucket
 * the rollup says is done (before `historyThrough`) equals the aggregate of
 * the log's records of its period, and the rollup's `minute` equals the
 * open minute's.
 */
import {
  aggregateByBucket,
  BUCKET_MS,
  bucketKey,
  bucketsAgree,
  historyDocId,
  type HistoryBucket,
  type HistoryResolution,
  type LogEntry,
} from '../../contract/index.ts';
import { minuteDocsCutoffMs } from '../../functions/src/history/store.ts';
import { healHistory, STALE_MARK_MS } from '../../functions/src/history/heal.ts';
import { fdb, readLog, Timestamp, waitFor } from './harness.ts';

const msOf = (r: { ts: unknown }) => (r.ts as Timestamp).toMillis();

export interface HistorySnapshot {
  throughMs: number | null;
  minute: (HistoryBucket & { startMs: number }) | null;
  /** Stored buckets by resolution, keyed by bucket start ms. */
  stored: Record<HistoryResolution, Map<number, HistoryBucket>>;
}

export async function readHistory(pipelineId: string): Promise<HistorySnapshot> {
  const db = fdb();
  const [rollup, docs] = await Promise.all([
    db.doc(`pipelines/${pipelineId}/rollups/last100`).get(),
    db.collection(`pipelines/${pipelineId}/history`).get(),
  ]);
  const through: unknown = rollup.get('historyThrough');
  const minute = rollup.get('minute') as (HistoryBucket & { start: Timestamp }) | undefined;
  const stored: HistorySnapshot['stored'] = { minute: new Map(), hour: new Map(), day: new Map() };
  for (const doc of docs.docs) {
    const resolution = doc.get('resolution') as HistoryResolution;
    const start = (doc.get('start') as Timestamp).toMillis();
    for (const [key, bucket] of Object.entries(doc.get('buckets') as Record<string, HistoryBucket>)) {
      const offset = resolution === 'day' ? (Number(key) - 1) * BUCKET_MS.day : Number(key) * BUCKET_MS[resolution];
      stored[resolution].set(start + offset, bucket);
    }
  }
  return {
    throughMs: through instanceof Timestamp ? through.toMillis() : null,
    minute: minute ? { n: minute.n, fields: minute.fields, startMs: minute.start.toMillis() } : null,
    stored,
  };
}

/** What differs between history and the log (empty when history is exact); hours and days only up to `completeUntilMs`. */
export function historyProblems(log: LogEntry<Timestamp>[], h: HistorySnapshot, completeUntilMs: number): string[] {
  const problems: string[] = [];
  const through = h.throughMs ?? -Infinity;
  // Minute documents are not kept before the cutoff (35 days, at a UTC midnight).
  const cutoff = minuteDocsCutoffMs(Date.now());
  const check = (resolution: HistoryResolution, until: number) => {
    const expected = aggregateByBucket(resolution, log, msOf);
    const starts = new Set([...expected.keys(), ...h.stored[resolution].keys()]);
    for (const start of [...starts].sort((a, b) => a - b)) {
      if (start + BUCKET_MS[resolution] > until || (resolution === 'minute' && start < cutoff)) continue;
      const want = expected.get(start);
      const got = h.stored[resolution].get(start);
      const name = `${historyDocId(resolution, start)}.${bucketKey(resolution, start)}`;
      if (!want || !got) {
        if (want || got) problems.push(`${name}: ${want ? `missing (log has ${want.n})` : `has ${got!.n}, log none`}`);
      } else if (!bucketsAgree(want, got)) {
        problems.push(`${name}: n ${got.n}, log ${want.n}`);
      }
    }
  };
  check('minute', through);
  check('hour', Math.min(through, completeUntilMs));
  check('day', Math.min(through, completeUntilMs));
  const open = h.minute ? [h.minute.startMs, h.minute.startMs + BUCKET_MS.minute] : null;
  const pending = log.filter((r) => msOf(r) >= through && !(open && msOf(r) >= open[0] && msOf(r) < open[1])).length;
  if (pending > 0) problems.push(`${pending} records neither before historyThrough nor in the rollup's minute`);
  if (h.minute) {
    const want = aggregateByBucket('minute', log.filter((r) => msOf(r) >= h.minute!.startMs && msOf(r) < h.minute!.startMs + BUCKET_MS.minute), msOf).get(h.minute.startMs);
    if (!want || !bucketsAgree(want, h.minute)) problems.push(`rollup minute ${new Date(h.minute.startMs).toISOString()}: n ${h.minute.n}, log ${want?.n ?? 0}`);
  }
  return problems;
}

/**
 * Waits until history agrees with the log (minutes up to `historyThrough`,
 * the rollup's minute, and hours and days that ended before `completeUntilMs`,
 * default: all of `historyThrough`), and `historyThrough` reaches `throughAtLeast` if given.
 */
export async function waitForExactHistory(
  pipelineId: string,
  options: { completeUntilMs?: number; throughAtLeast?: number; timeoutMs?: number } = {},
): Promise<{ log: LogEntry<Timestamp>[]; history: HistorySnapshot }> {
  let last: string[] = [];
  const startedMs = Date.now();
  let healedMs = 0;
  try {
    return await waitFor(
      `history of ${pipelineId} to match its log`,
      async () => {
        const [log, history] = await Promise.all([readLog(pipelineId), readHistory(pipelineId)]);
        last = historyProblems(log, history, options.completeUntilMs ?? Infinity);
        if (options.throughAtLeast !== undefined && (history.throughMs ?? -Infinity) < options.throughAtLeast) {
          last.push(`historyThrough ${history.throughMs === null ? 'absent' : new Date(history.throughMs).toISOString()}`);
        }
        const marks = await fdb().collection(`pipelines/${pipelineId}/historyDirty`).count().get();
        if (marks.data().count > 0) {
          last.push(`${marks.data().count} dirty marks left`);
          // A mark whose trigger run was lost (seen on this 2-core machine under the whole suite's load)
          // is production's scheduled heal's to process once stale: run it as the schedule would.
          if (Date.now() - startedMs > 30_000 && Date.now() - healedMs > 10_000) {
            healedMs = Date.now();
            await healHistory(fdb(), pipelineId, Date.now() + STALE_MARK_MS);
          }
        }
        return last.length === 0 ? { log, history } : undefined;
      },
      options.timeoutMs ?? 70_000,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}: ${last.slice(0, 8).join('; ')}`, { cause: err });
  }
}

/** Waits (up to a minute) until the clock is `atSecond` seconds into a minute, so that a test's ingest crosses a minute boundary. */
export async function untilSecond(atSecond: number): Promise<void> {
  const now = Date.now();
  const target = Math.floor(now / 60_000) * 60_000 + atSecond * 1000;
  const at = target > now ? target : target + 60_000;
  await new Promise((r) => setTimeout(r, at - now));
}
