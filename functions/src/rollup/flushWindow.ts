/**
 * The flush: brings `pipelines/{id}/rollups/last100` up to date with the log.
 *
 * The window's newest record (ts, id) is its cursor. A flush reads the window
 * and only what the log holds after the cursor (the newest <= 100 of those
 * records), merges them with `mergeWindow` and writes the window. Its reads
 * follow the new data, not the window size, and since it reads the log rather
 * than any event, a repeated or reordered flush gives the same window.
 *
 * Records that appear behind the cursor. In production Firestore, `ts` (the
 * commit time, the rules demand `serverTimestamp()`) is externally consistent:
 * a record a query did not see commits after that query, so nothing appears
 * behind a cursor. The emulator does not promise that: with 10 concurrent
 * producers about 3% of records became visible after a newer one, up to
 * 400 ms late. So the flush does not trust the cursor alone:
 * - the window's range is checked with one count() of (first, cursor]: if
 *   it holds more records than the window, the newest 100 are re-read;
 * - `count` is not incremented but recounted: a checkpoint (log position,
 *   records up to it) at least SETTLED_AFTER_MS old, plus a count() of the
 *   records since (one read per 1,000, the checkpoint moves every
 *   CHECKPOINT_EVERY_MS). A late record is counted by the next flush.
 * The record trigger makes sure a late record gets that next flush.
 *
 * The window, pipeline and checkpoint are read in the transaction; the log
 * queries run beside it, because records are immutable and reading them
 * transactionally would only lock the range producers append to. The
 * pipeline read makes a flush and a pipeline delete serialize: a flush after
 * the delete writes nothing, one before it is cleaned up by the delete's cascade.
 */
import { FieldValue, Timestamp, type DocumentSnapshot, type Firestore } from 'firebase-admin/firestore';
import { compareRecords, mergeWindow, WINDOW_SIZE, windowCursor, type MergedWindow, type RecordPosition } from '../../../contract/index.ts';
import {
  backendStateRef,
  countReads,
  countRecords,
  newestAtOrBefore,
  newestRecords,
  pipelineRef,
  queryReads,
  readWindow,
  windowRef,
} from './log.js';

/** A record this old is visible to every query: no record appears behind a checkpoint taken this far back. */
export const SETTLED_AFTER_MS = 10_000;
/** How often the count checkpoint moves forward. */
export const CHECKPOINT_EVERY_MS = 20_000;

export interface FlushResult {
  /** `written`: the window changed; `current`: nothing new; `no-pipeline`: the pipeline is gone. */
  outcome: 'written' | 'current' | 'no-pipeline';
  /** How much `count` grew. */
  counted: number;
  /** Records found behind the cursor, inside the window's range. */
  late: number;
  /** Documents read, as Firestore bills them (the last attempt of the transaction). */
  reads: number;
}

/** `pipelines/{id}/backend/countCheckpoint`: `count` records lie at or before (ts, id). */
interface CountCheckpoint {
  position: RecordPosition<Timestamp>;
  count: number;
  takenAtMs: number;
}

function readCheckpoint(snap: DocumentSnapshot): CountCheckpoint | null {
  const ts: unknown = snap.get('ts');
  const id: unknown = snap.get('id');
  const count: unknown = snap.get('count');
  const takenAt: unknown = snap.get('takenAt');
  if (!(ts instanceof Timestamp) || typeof id !== 'string' || typeof count !== 'number' || !(takenAt instanceof Timestamp)) {
    return null;
  }
  return { position: { ts, id }, count, takenAtMs: takenAt.toMillis() };
}

/** Brings a pipeline's window up to date with its log (idempotent). */
export async function flushWindow(db: Firestore, pipelineId: string, nowMs = Date.now()): Promise<FlushResult> {
  const windowDoc = windowRef(db, pipelineId);
  const checkpointDoc = backendStateRef(db, pipelineId, 'countCheckpoint');
  return db.runTransaction(async (tx) => {
    const [pipeline, stored, checkpointSnap] = await tx.getAll(pipelineRef(db, pipelineId), windowDoc, checkpointDoc);
    let reads = 3;
    if (!pipeline.exists) return { outcome: 'no-pipeline', counted: 0, late: 0, reads };
    const window = readWindow(stored);
    const cursor = windowCursor(window.records);
    const fresh = await newestRecords(db, pipelineId, WINDOW_SIZE, { after: cursor });
    reads += queryReads(fresh.length);
    let late = 0;
    const first = window.records[0];
    if (cursor && window.records.length > 1) {
      const inRange = await countRecords(db, pipelineId, first, cursor);
      reads += countReads(inRange);
      late = Math.max(0, inRange - (window.records.length - 1));
    }
    if (fresh.length === 0 && late === 0) {
      if (window.exists) return { outcome: 'current', counted: 0, late, reads };
      tx.set(windowDoc, { records: [], count: 0, lastTs: null, updatedAt: FieldValue.serverTimestamp() });
      return { outcome: 'written', counted: 0, late, reads };
    }

    let merged: MergedWindow<Timestamp>;
    if (late > 0) {
      const newest = await newestRecords(db, pipelineId, WINDOW_SIZE);
      reads += queryReads(newest.length);
      merged = mergeWindow<Timestamp>([], newest);
    } else {
      merged = mergeWindow<Timestamp>(window.records, fresh);
    }
    const newCursor = windowCursor(merged.records);
    const checkpoint = readCheckpoint(checkpointSnap);
    let count = checkpoint?.count ?? 0;
    if (newCursor) {
      const since = await countRecords(db, pipelineId, checkpoint?.position ?? null, newCursor);
      reads += countReads(since);
      count += since;
    }
    tx.set(windowDoc, { records: merged.records, count, lastTs: merged.lastTs, updatedAt: FieldValue.serverTimestamp() });

    if (!checkpoint || nowMs - checkpoint.takenAtMs >= CHECKPOINT_EVERY_MS) {
      const settled = await newestAtOrBefore(db, pipelineId, nowMs - SETTLED_AFTER_MS);
      reads += 1;
      if (settled && (!checkpoint || compareRecords(settled, checkpoint.position) > 0)) {
        const moved = await countRecords(db, pipelineId, checkpoint?.position ?? null, settled);
        reads += countReads(moved);
        tx.set(checkpointDoc, {
          ts: settled.ts,
          id: settled.id,
          count: (checkpoint?.count ?? 0) + moved,
          takenAt: Timestamp.fromMillis(nowMs),
        });
      }
    }
    return { outcome: 'written', counted: count - window.count, late, reads };
  });
}
