/**
 * Records that reach a minute after its bucket went to history: imported by
 * trusted code with a past `ts`, made visible late by the emulator, or
 * delivered to their trigger after their minute closed.
 *
 * A record's trigger that runs after its minute has ended (and whose own
 * flush did not take it in) compares the count() of the minute in the log
 * with the stored bucket's `n` (the hour's for records whose minute documents
 * are no longer kept), and on a mismatch marks the bucket dirty. A minute
 * still open is looked at again LATE_CHECK_AFTER_WRITE_MS after the record's
 * write: a flush closing it may have counted the minute before the record was
 * visible and committed since. If it is still open then, its close will count
 * the record (flushWrites.ts). (The wait only for open minutes: a trigger
 * holds one of the emulator's few delivery lanes while it waits.)
 */
import type { Firestore } from 'firebase-admin/firestore';
import { BUCKET_MS, bucketKey, bucketStartMs, historyDocId, type HistoryResolution } from '../../../contract/index.ts';
import { windowRef } from '../rollup/log.js';
import { readHistoryState } from './state.js';
import { countBetween, dirtyMark, dirtyRef, historyRef, minuteDocsCutoffMs } from './store.js';

export const LATE_CHECK_AFTER_WRITE_MS = 2000;

/** Whether a record of `tsMs` whose trigger runs at `nowMs` may have missed its minute's close. */
export const mayBeLate = (tsMs: number, nowMs: number): boolean => nowMs >= bucketStartMs('minute', tsMs) + BUCKET_MS.minute;

export type LateOutcome = 'open' | 'agrees' | 'marked';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function checkLateRecord(db: Firestore, pipelineId: string, tsMs: number, writtenMs: number): Promise<LateOutcome> {
  const minute = bucketStartMs('minute', tsMs);
  const accounted = async () => {
    const { throughMs } = readHistoryState(await windowRef(db, pipelineId).get());
    return throughMs !== null && throughMs > minute;
  };
  if (!(await accounted())) {
    const wait = writtenMs + LATE_CHECK_AFTER_WRITE_MS - Date.now();
    if (wait <= 0) return 'open';
    await sleep(wait);
    if (!(await accounted())) return 'open';
  }
  const resolution: HistoryResolution = minute >= minuteDocsCutoffMs(Date.now()) ? 'minute' : 'hour';
  const start = bucketStartMs(resolution, tsMs);
  const docId = historyDocId(resolution, tsMs);
  const key = bucketKey(resolution, tsMs);
  const [stored, n] = await Promise.all([
    historyRef(db, pipelineId, docId).get(),
    countBetween(db, pipelineId, start, start + BUCKET_MS[resolution]),
  ]);
  const storedN: unknown = stored.get(`buckets.${key}.n`);
  if (storedN === n) return 'agrees';
  // Already marked (a close whose count disagreed, another late record): its recompute will read this record.
  const mark = await dirtyRef(db, pipelineId, docId).get();
  if (mark.get(`keys.${key}`) === true) return 'agrees';
  await dirtyRef(db, pipelineId, docId).set(dirtyMark([key]), { merge: true });
  return 'marked';
}
