/**
 * The flush: brings `pipelines/{id}/rollups/last100` up to date with the log.
 *
 * The window's newest record (ts, id) is its cursor. A flush reads the window,
 * then only what the log holds after the cursor: the newest <= 100 of those
 * records and a count() of all of them (billed one read per 1,000), merges
 * them with `mergeWindow` and writes records, count += counted, lastTs. So its
 * reads follow the new data, not the window size, and since it reads the log
 * rather than any event, a repeated or reordered flush gives the same window.
 *
 * Why the cursor is safe: `ts` is the record's commit time (the rules demand
 * `serverTimestamp()`), and Firestore's commit timestamps are externally
 * consistent: a commit that was not visible to a read gets a timestamp after
 * that read, so no record can later appear behind a cursor a query has
 * already seen. The count is bounded by the newest record the flush read
 * (endAt), so the count and the records describe the same slice of the log
 * even though they are two reads.
 *
 * The window and pipeline are read in the transaction; the log queries run
 * beside it, because records are immutable and reading them transactionally
 * would only lock the range producers append to. The pipeline read makes a
 * flush and a pipeline delete serialize: a flush after the delete writes
 * nothing, one before it is cleaned up by the delete's cascade.
 */
import { FieldValue, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { mergeWindow, WINDOW_SIZE, windowCursor } from './mergeWindow.js';
import { countReads, countRecords, newestRecords, pipelineRef, queryReads, readWindow, windowRef } from './log.js';

export interface FlushResult {
  /** `written`: the window changed; `current`: nothing new; `no-pipeline`: the pipeline is gone. */
  outcome: 'written' | 'current' | 'no-pipeline';
  /** Records added to the count by this flush. */
  counted: number;
  /** Documents read, as Firestore bills them (the last attempt of the transaction). */
  reads: number;
}

/** Brings a pipeline's window up to date with its log (idempotent). */
export async function flushWindow(db: Firestore, pipelineId: string): Promise<FlushResult> {
  const windowDoc = windowRef(db, pipelineId);
  return db.runTransaction(async (tx) => {
    const [pipeline, stored] = await tx.getAll(pipelineRef(db, pipelineId), windowDoc);
    if (!pipeline.exists) return { outcome: 'no-pipeline', counted: 0, reads: 2 };
    const window = readWindow(stored);
    const cursor = windowCursor(window.records);
    const fresh = await newestRecords(db, pipelineId, WINDOW_SIZE, { after: cursor });
    let reads = 2 + queryReads(fresh.length);
    const newest = fresh[0];
    if (!newest) {
      if (!window.exists) tx.set(windowDoc, { records: [], count: 0, lastTs: null, updatedAt: FieldValue.serverTimestamp() });
      return { outcome: window.exists ? 'current' : 'written', counted: 0, reads };
    }
    const counted = await countRecords(db, pipelineId, cursor, newest);
    reads += countReads(counted);
    const merged = mergeWindow<Timestamp>(window.records, fresh);
    tx.set(windowDoc, {
      records: merged.records,
      count: window.count + counted,
      lastTs: merged.lastTs,
      updatedAt: FieldValue.serverTimestamp(),
    });
    return { outcome: 'written', counted, reads };
  });
}
