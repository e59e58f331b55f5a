/**
 * History's self-healing, run by the scheduled maintenance for each pipeline
 * whose window changed (the reconcile queue):
 * - an open minute long past its end (its closing leader died) is closed;
 * - each final hour of about the last two hours not verified yet is compared
 *   with the log: count() of the hour against its hour bucket's `n`; on a
 *   mismatch, count() of each minute against the minute buckets, and what
 *   disagrees is marked dirty (the hour itself when its minutes agree);
 * - dirty marks whose processing was lost (older than STALE_MARK_MS) are processed.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { BUCKET_FINAL_AFTER_MS, BUCKET_MS, bucketKey, bucketStartMs, historyDocId } from '../../../contract/index.ts';
import { countReads, windowRef } from '../rollup/log.js';
import { flushWindow } from '../rollup/flushWindow.js';
import { CLOSE_SKEW_MS } from './plan.js';
import { processDirtyMark } from './recompute.js';
import { readHistoryState } from './state.js';
import { countBetween, dirtyMark, dirtyRef, historyRef, minuteDocsCutoffMs } from './store.js';

const HOUR_MS = BUCKET_MS.hour;
const MINUTE_MS = BUCKET_MS.minute;
/** How far back the check looks. */
export const HEAL_LOOKBACK_MS = 2 * HOUR_MS;
/** An open minute this long past its end lost its closing leader. */
const OPEN_MINUTE_GRACE_MS = 10_000;
/** A dirty mark this old lost its processor's run (the processor debounces a few seconds). */
export const STALE_MARK_MS = 60_000;

export interface HealResult {
  closedMinute: boolean;
  hoursChecked: number;
  marked: number;
  reads: number;
}

/** `pipelines/{p}/backend/historyCheck`: `{ verifiedThrough }`, the end of the last hour found to agree with the log. */
const checkRef = (db: Firestore, pipelineId: string) => db.doc(`pipelines/${pipelineId}/backend/historyCheck`);

async function storedN(db: Firestore, pipelineId: string, docId: string, cache: Map<string, Record<string, { n?: unknown }>>) {
  if (!cache.has(docId)) cache.set(docId, ((await historyRef(db, pipelineId, docId).get()).get('buckets') as Record<string, { n?: unknown }>) ?? {});
  return cache.get(docId)!;
}

export async function healHistory(db: Firestore, pipelineId: string, nowMs = Date.now()): Promise<HealResult> {
  const result: HealResult = { closedMinute: false, hoursChecked: 0, marked: 0, reads: 2 };
  const [window, check] = await db.getAll(windowRef(db, pipelineId), checkRef(db, pipelineId));
  const state = readHistoryState(window);
  if (state.minute && nowMs >= state.minute.startMs + MINUTE_MS + CLOSE_SKEW_MS + OPEN_MINUTE_GRACE_MS) {
    const flush = await flushWindow(db, pipelineId, { closeOnly: true, nowMs });
    result.reads += flush.reads;
    result.closedMinute = flush.history.closed > 0;
    if (result.closedMinute) state.minute = null;
  }
  if (state.throughMs === null) return result;

  // Final hours: ended BUCKET_FINAL_AFTER_MS ago, and not holding the open minute.
  const finalUntil = Math.min(bucketStartMs('hour', nowMs - BUCKET_FINAL_AFTER_MS), state.minute ? bucketStartMs('hour', state.minute.startMs) : Infinity);
  const verified: unknown = check.get('verifiedThrough');
  let from = Math.max(bucketStartMs('hour', nowMs - HEAL_LOOKBACK_MS), verified instanceof Timestamp ? verified.toMillis() : -Infinity);
  const cutoff = minuteDocsCutoffMs(nowMs);
  const docs = new Map<string, Record<string, { n?: unknown }>>();
  let verifiedThrough = from;
  for (let hour = from; hour + HOUR_MS <= finalUntil; hour += HOUR_MS) {
    result.hoursChecked++;
    const n = await countBetween(db, pipelineId, hour, hour + HOUR_MS);
    const hourDoc = historyDocId('hour', hour);
    const stored = (await storedN(db, pipelineId, hourDoc, docs))[bucketKey('hour', hour)]?.n ?? 0;
    result.reads += countReads(n) + 1;
    if (stored === n) {
      if (verifiedThrough === hour) verifiedThrough = hour + HOUR_MS;
      continue;
    }
    const minuteKeys: string[] = [];
    if (hour >= cutoff) {
      const minuteDoc = historyDocId('minute', hour);
      const minutes = await storedN(db, pipelineId, minuteDoc, docs);
      for (let m = hour; m < hour + HOUR_MS; m += MINUTE_MS) {
        const count = await countBetween(db, pipelineId, m, m + MINUTE_MS);
        result.reads += countReads(count);
        if ((minutes[bucketKey('minute', m)]?.n ?? 0) !== count) minuteKeys.push(bucketKey('minute', m));
      }
      if (minuteKeys.length > 0) await dirtyRef(db, pipelineId, minuteDoc).set(dirtyMark(minuteKeys), { merge: true });
    }
    if (minuteKeys.length === 0) await dirtyRef(db, pipelineId, hourDoc).set(dirtyMark([bucketKey('hour', hour)]), { merge: true });
    result.marked++;
  }
  from = verifiedThrough;
  if (result.hoursChecked > 0) await checkRef(db, pipelineId).set({ verifiedThrough: Timestamp.fromMillis(from) });

  // Marks left by a lost processor run.
  const stale = await db
    .collection(`pipelines/${pipelineId}/historyDirty`)
    .where('markedAt', '<', Timestamp.fromMillis(nowMs - STALE_MARK_MS))
    .get();
  result.reads += Math.max(1, stale.size);
  for (const mark of stale.docs) await processDirtyMark(db, pipelineId, mark.id);
  return result;
}
