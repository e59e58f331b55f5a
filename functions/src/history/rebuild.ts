/**
 * Rebuilds a period of a pipeline's history from its log, with the dirty-mark
 * processor's own recompute (recompute.ts), directly rather than through
 * marks: every minute document of the period (where they are kept), then the
 * hour buckets of its days, then the day buckets of its months. For pipelines
 * that existed before history, and for any repair. `npm run history:rebuild`.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { BUCKET_MS, bucketKey, bucketStartMs, historyDocIdsBetween, parseHistoryDocId, spanStartMs, type HistoryResolution } from '../../../contract/index.ts';
import { recomputedWrite } from './flushWrites.js';
import { recomputeBuckets } from './recompute.js';
import { historyRef, minuteDocsCutoffMs } from './store.js';

export interface RebuildResult {
  /** History documents written, by resolution. */
  written: Record<HistoryResolution, number>;
  /** Buckets that hold records, by resolution. */
  buckets: Record<HistoryResolution, number>;
}

const PARALLEL = 8;

/** Every bucket key of the document `docId` that lies in [fromMs, toMs). */
function keysIn(docId: string, fromMs: number, toMs: number): string[] {
  const { resolution, startMs, endMs } = parseHistoryDocId(docId)!;
  const keys: string[] = [];
  for (let ms = Math.max(startMs, bucketStartMs(resolution, fromMs)); ms < Math.min(endMs, toMs); ms += BUCKET_MS[resolution]) {
    keys.push(bucketKey(resolution, ms));
  }
  return keys;
}

async function rebuildDocs(db: Firestore, pipelineId: string, docIds: string[], fromMs: number, toMs: number, result: RebuildResult, nowMs: number) {
  for (let i = 0; i < docIds.length; i += PARALLEL) {
    await Promise.all(
      docIds.slice(i, i + PARALLEL).map(async (docId) => {
        const { resolution, startMs } = parseHistoryDocId(docId)!;
        const keys = keysIn(docId, fromMs, toMs);
        if (keys.length === 0) return;
        const recomputed = await recomputeBuckets(db, pipelineId, docId, keys, nowMs);
        if (!recomputed.write) return;
        result.buckets[resolution] += Object.values(recomputed.buckets).filter((b) => b).length;
        const ref = historyRef(db, pipelineId, docId);
        const write = recomputedWrite(resolution, startMs, recomputed.buckets, (await ref.get()).exists);
        if (!write) return;
        await ref.set(write.data, write.options);
        result.written[resolution]++;
      }),
    );
  }
}

/** Recomputes every bucket of [fromMs, toMs), fromMs widened to its UTC midnight (so its hours are whole), from the log. */
export async function rebuildHistory(db: Firestore, pipelineId: string, from: number, toMs: number, nowMs = Date.now()): Promise<RebuildResult> {
  const fromMs = spanStartMs('hour', from);
  const result: RebuildResult = { written: { minute: 0, hour: 0, day: 0 }, buckets: { minute: 0, hour: 0, day: 0 } };
  const cutoff = minuteDocsCutoffMs(nowMs);
  // Minutes where minute documents are kept; hours from them (or from the log before the cutoff); days from the hours.
  const minutesFrom = Math.max(fromMs, cutoff);
  if (toMs > minutesFrom) await rebuildDocs(db, pipelineId, historyDocIdsBetween('minute', minutesFrom, toMs), minutesFrom, toMs, result, nowMs);
  for (const resolution of ['hour', 'day'] as const) {
    await rebuildDocs(db, pipelineId, historyDocIdsBetween(resolution, fromMs, toMs), fromMs, toMs, result, nowMs);
  }
  return result;
}
