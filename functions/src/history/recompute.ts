/**
 * The dirty-mark processor: recomputes the listed buckets of one history
 * document exactly, writes them, marks the parent document's bucket dirty
 * (minute -> hour -> day), and deletes the mark, unless it changed meanwhile.
 *
 * - minute buckets from the log records of those minutes;
 * - hour buckets from the day's minute documents, or from the log when the
 *   day's minute documents are no longer kept (minuteDocsCutoffMs);
 * - day buckets from the month's hour documents.
 *
 * A recompute reads the log or the documents as they are now, so running it
 * twice, or concurrently, writes the same buckets.
 */
import type { Firestore, Timestamp } from 'firebase-admin/firestore';
import {
  aggregateByBucket,
  BUCKET_MS,
  bucketKey,
  bucketStartInSpan,
  historyDocId,
  mergeBuckets,
  parseHistoryDocId,
  type HistoryBucket,
  type HistoryResolution,
} from '../../../contract/index.ts';
import { pipelineRef } from '../rollup/log.js';
import { recomputedWrite } from './flushWrites.js';
import {
  dirtyMark,
  dirtyRef,
  historyRef,
  minuteDocsCutoffMs,
  msOfRecord,
  recordsBetween,
  type DirtyKeys,
} from './store.js';

const PARENT: Readonly<Record<HistoryResolution, HistoryResolution | null>> = { minute: 'hour', hour: 'day', day: null };

/** The buckets of the stored history document, ordered by key (oldest first). */
async function storedBuckets(db: Firestore, pipelineId: string, docId: string): Promise<HistoryBucket[]> {
  const buckets: unknown = (await historyRef(db, pipelineId, docId).get()).get('buckets');
  if (!buckets || typeof buckets !== 'object') return [];
  return Object.entries(buckets as Record<string, HistoryBucket>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, bucket]) => bucket);
}

/** Buckets of the log's records in [fromMs, toMs) at `resolution`, by bucket start. */
async function fromLog(db: Firestore, pipelineId: string, resolution: HistoryResolution, fromMs: number, toMs: number) {
  return aggregateByBucket(resolution, await recordsBetween(db, pipelineId, fromMs, toMs), msOfRecord);
}

export interface Recomputed {
  /** The buckets to write (null: the bucket has no record and is removed). */
  buckets: Record<string, HistoryBucket | null>;
  /** Write them: false for minute documents no longer kept. */
  write: boolean;
  /** Bucket keys of other documents to recompute next. */
  parents: DirtyKeys;
}

/** The exact buckets `keys` of history document `docId`, from the log or the documents below it. */
export async function recomputeBuckets(db: Firestore, pipelineId: string, docId: string, keys: readonly string[], nowMs = Date.now()): Promise<Recomputed> {
  const span = parseHistoryDocId(docId);
  if (!span) throw new Error(`"${docId}" is not a history document id`);
  const { resolution, startMs } = span;
  const starts = keys.map((k) => bucketStartInSpan(resolution, startMs, k)).sort((a, b) => a - b);
  const cutoff = minuteDocsCutoffMs(nowMs);
  const buckets: Record<string, HistoryBucket | null> = {};
  const parents: DirtyKeys = new Map();
  const parent = PARENT[resolution];
  for (const start of starts) {
    if (parent) {
      const parentId = historyDocId(parent, start);
      const set = parents.get(parentId) ?? new Set<string>();
      parents.set(parentId, set.add(bucketKey(parent, start)));
    }
  }
  if (resolution === 'minute' && startMs < cutoff) return { buckets, write: false, parents };

  if (resolution === 'minute' || (resolution === 'hour' && startMs < cutoff)) {
    // One read of the log from the first listed bucket to the end of the last.
    const size = BUCKET_MS[resolution];
    const computed = await fromLog(db, pipelineId, resolution, starts[0]!, starts[starts.length - 1]! + size);
    for (const start of starts) buckets[bucketKey(resolution, start)] = computed.get(start) ?? null;
  } else {
    const child = resolution === 'hour' ? 'minute' : 'hour';
    for (const start of starts) {
      const merged = mergeBuckets(await storedBuckets(db, pipelineId, historyDocId(child, start)));
      buckets[bucketKey(resolution, start)] = merged.n > 0 ? merged : null;
    }
  }
  return { buckets, write: true, parents };
}

export type ProcessOutcome = 'processed' | 'gone' | 'superseded' | 'no-pipeline';

/**
 * Processes the mark of history document `docId`. With `onlyIf` (the update
 * time of the write that triggered this run), a mark written again since is
 * left to that later write's own run; without it, a mark that changed while
 * it was processed is processed again.
 */
export async function processDirtyMark(db: Firestore, pipelineId: string, docId: string, onlyIf?: Timestamp): Promise<ProcessOutcome> {
  const markRef = dirtyRef(db, pipelineId, docId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const mark = await markRef.get();
    if (!mark.exists) return 'gone';
    if (onlyIf && !mark.updateTime!.isEqual(onlyIf)) return 'superseded';
    const keys = Object.keys((mark.get('keys') as Record<string, unknown> | undefined) ?? {});
    const recomputed = parseHistoryDocId(docId)
      ? await recomputeBuckets(db, pipelineId, docId, keys)
      : { buckets: {}, write: false, parents: new Map<string, Set<string>>() };
    // The writes in a transaction with the pipeline and the mark: nothing is written after the
    // pipeline's delete, and a mark changed meanwhile is not deleted.
    const outcome = await db.runTransaction(async (tx) => {
      const [pipeline, current, stored] = await tx.getAll(pipelineRef(db, pipelineId), markRef, historyRef(db, pipelineId, docId));
      if (!pipeline.exists) return 'no-pipeline' as const;
      if (!current.exists || !current.updateTime!.isEqual(mark.updateTime!)) return 'changed' as const;
      const span = parseHistoryDocId(docId);
      const write = span && recomputed.write ? recomputedWrite(span.resolution, span.startMs, recomputed.buckets, stored.exists) : null;
      if (write) tx.set(historyRef(db, pipelineId, docId), write.data, write.options);
      for (const [parentId, parentKeys] of recomputed.parents) tx.set(dirtyRef(db, pipelineId, parentId), dirtyMark(parentKeys), { merge: true });
      tx.delete(markRef);
      return 'processed' as const;
    });
    if (outcome === 'no-pipeline' || outcome === 'processed') return outcome;
    if (onlyIf) return 'superseded';
  }
  return 'superseded';
}
