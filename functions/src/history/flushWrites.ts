/**
 * The history writes of one flush, from its plan (plan.ts): closed minutes
 * into their minute documents, everything else as dirty marks. Written in
 * the flush's own batch, with the window (so under its preconditions).
 */
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { BUCKET_MS, bucketKey, historyDocId, parseHistoryDocId, type HistoryBucket, type HistoryResolution } from '../../../contract/index.ts';
import { countReads } from '../rollup/log.js';
import type { HistoryPlan } from './plan.js';
import {
  commitDirtyMarks,
  countBetween,
  dirtyKeysOfHours,
  dirtyKeysOfMinutes,
  historyRef,
  minuteDocsCutoffMs,
  writeDirtyMarks,
  type DirtyKeys,
  type Writer,
} from './store.js';

/** More history documents than this in one flush (an import of a long past) go as marks written after the batch. */
const MAX_IN_BATCH = 200;

export interface HistoryWrites {
  /** Minute documents: their buckets to replace, by key. */
  minuteDocs: Map<string, Record<string, HistoryBucket>>;
  marks: DirtyKeys;
  /** The marks are too many for the batch: written after it commits. */
  marksAfter: boolean;
  reads: number;
}

/** Resolves the plan's verifications (one count() per closed minute that earlier flushes folded) into writes. */
export async function historyWrites(db: Firestore, pipelineId: string, plan: HistoryPlan, nowMs: number): Promise<HistoryWrites> {
  const cutoff = minuteDocsCutoffMs(nowMs);
  const dirty = [...plan.dirty];
  const minuteDocs = new Map<string, Record<string, HistoryBucket>>();
  let reads = 0;
  for (const c of plan.closed) {
    if (c.verify) {
      const n = await countBetween(db, pipelineId, c.startMs, c.startMs + BUCKET_MS.minute);
      reads += countReads(n);
      if (n !== c.bucket.n) {
        dirty.push([c.startMs, c.startMs + BUCKET_MS.minute]);
        continue;
      }
    }
    if (c.startMs < cutoff) {
      dirty.push([c.startMs, c.startMs + BUCKET_MS.minute]);
      continue;
    }
    const docId = historyDocId('minute', c.startMs);
    const buckets = minuteDocs.get(docId) ?? {};
    buckets[bucketKey('minute', c.startMs)] = c.bucket;
    minuteDocs.set(docId, buckets);
  }
  let marks = dirtyKeysOfHours(plan.completedHours, dirtyKeysOfMinutes(dirty, nowMs));
  let marksAfter = false;
  if (minuteDocs.size + marks.size > MAX_IN_BATCH) {
    const closedRanges = plan.closed.map((c): [number, number] => [c.startMs, c.startMs + BUCKET_MS.minute]);
    marks = dirtyKeysOfMinutes(closedRanges, nowMs, marks);
    minuteDocs.clear();
    marksAfter = true;
  }
  return { minuteDocs, marks, marksAfter, reads };
}

/** A history document's write with `mergeFields`, so that each listed bucket is replaced (or deleted) whole. */
export function historyDocWrite(resolution: HistoryResolution, startMs: number, buckets: Record<string, HistoryBucket | FieldValue>) {
  return {
    data: { resolution, start: Timestamp.fromMillis(startMs), updatedAt: FieldValue.serverTimestamp(), buckets },
    options: { mergeFields: ['resolution', 'start', 'updatedAt', ...Object.keys(buckets).map((k) => `buckets.${k}`)] },
  };
}

/**
 * Recomputed buckets (null: no record, the bucket is removed) as the write of
 * a document that exists or not: a document is never created without its
 * `buckets` map (the contract requires it), nor created only to hold nothing.
 */
export function recomputedWrite(resolution: HistoryResolution, startMs: number, buckets: Record<string, HistoryBucket | null>, exists: boolean) {
  const kept = Object.fromEntries(Object.entries(buckets).filter((e): e is [string, HistoryBucket] => e[1] !== null));
  if (exists) return historyDocWrite(resolution, startMs, Object.fromEntries(Object.entries(buckets).map(([k, b]) => [k, b ?? FieldValue.delete()])));
  if (Object.keys(kept).length === 0) return null;
  return { data: { resolution, start: Timestamp.fromMillis(startMs), updatedAt: FieldValue.serverTimestamp(), buckets: kept }, options: { merge: true } };
}

export function writeHistory(db: Firestore, pipelineId: string, writes: HistoryWrites, writer: Writer): void {
  for (const [docId, buckets] of writes.minuteDocs) {
    const { data, options } = historyDocWrite('minute', parseHistoryDocId(docId)!.startMs, buckets);
    writer.set(historyRef(db, pipelineId, docId), data, options);
  }
  if (!writes.marksAfter) writeDirtyMarks(db, pipelineId, writes.marks, writer);
}

export async function writeHistoryAfter(db: Firestore, pipelineId: string, writes: HistoryWrites): Promise<void> {
  if (writes.marksAfter) await commitDirtyMarks(db, pipelineId, writes.marks);
}
