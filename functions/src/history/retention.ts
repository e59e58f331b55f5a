/**
 * Retention, run by the scheduled maintenance about once a day (decided by
 * `backendState/retention`): deletes the records older than each pipeline's
 * `retentionDays`, and the minute documents of hours before
 * minuteDocsCutoffMs. Bounded: at most RETENTION_BATCHES batches of
 * RETENTION_BATCH deletes per run; what is left is taken up by the next
 * maintenance run (`more`), not a day later. History is never changed by
 * the deletion of records (hour and day documents are kept for ever), nor
 * is the window's `count`: the records deleted are tallied per pipeline
 * (log.ts, deletedByRetention) for the counts of the whole log.
 */
import { FieldPath, FieldValue, Timestamp, type DocumentReference, type Firestore, type Query } from 'firebase-admin/firestore';
import { BUCKET_MS, historyDocId } from '../../../contract/index.ts';
import { backendStateRef } from '../rollup/log.js';
import { minuteDocsCutoffMs } from './store.js';

export const RETENTION_EVERY_MS = BUCKET_MS.day;
export const RETENTION_BATCH = 500;
export const RETENTION_BATCHES = 20;

export interface RetentionResult {
  ran: boolean;
  recordsDeleted: number;
  minuteDocsDeleted: number;
  /** The run stopped at its bound: the next maintenance run goes on. */
  more: boolean;
}

const stateRef = (db: Firestore) => db.doc('backendState/retention');

/**
 * Deletes what `query` finds, a batch at a time, within `budget` batches;
 * returns how many and whether it finished. `tally`, if given, adds each
 * batch's deletes to its `deleted` in the same batch.
 */
async function deleteAll(
  db: Firestore,
  query: Query,
  budget: { batches: number },
  tally?: DocumentReference,
): Promise<{ deleted: number; done: boolean }> {
  let deleted = 0;
  while (budget.batches > 0) {
    budget.batches--;
    const page = await query.select().limit(RETENTION_BATCH).get();
    if (page.empty) return { deleted, done: true };
    const batch = db.batch();
    for (const doc of page.docs) batch.delete(doc.ref);
    if (tally) batch.set(tally, { deleted: FieldValue.increment(page.size), updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    await batch.commit();
    deleted += page.size;
    if (page.size < RETENTION_BATCH) return { deleted, done: true };
  }
  return { deleted, done: false };
}

export async function runRetention(db: Firestore, nowMs = Date.now(), force = false): Promise<RetentionResult> {
  const result: RetentionResult = { ran: false, recordsDeleted: 0, minuteDocsDeleted: 0, more: false };
  const state = await stateRef(db).get();
  const lastRun: unknown = state.get('lastRunAt');
  const due = force || state.get('more') === true || !(lastRun instanceof Timestamp) || nowMs - lastRun.toMillis() >= RETENTION_EVERY_MS;
  if (!due) return result;
  result.ran = true;
  const budget = { batches: RETENTION_BATCHES };
  const minuteCutoffId = historyDocId('minute', minuteDocsCutoffMs(nowMs));
  const pipelines = await db.collection('pipelines').select('retentionDays').get();
  for (const pipeline of pipelines.docs) {
    const days: unknown = pipeline.get('retentionDays');
    if (typeof days === 'number' && Number.isInteger(days) && days >= 1) {
      const old = pipeline.ref.collection('records').where('ts', '<', Timestamp.fromMillis(nowMs - days * BUCKET_MS.day));
      const records = await deleteAll(db, old, budget, backendStateRef(db, pipeline.id, 'retention'));
      result.recordsDeleted += records.deleted;
      if (!records.done) result.more = true;
    }
    const minuteDocs = pipeline.ref
      .collection('history')
      .where(FieldPath.documentId(), '>=', 'm')
      .where(FieldPath.documentId(), '<', minuteCutoffId);
    const docs = await deleteAll(db, minuteDocs, budget);
    result.minuteDocsDeleted += docs.deleted;
    if (!docs.done) result.more = true;
    if (budget.batches === 0) {
      result.more = true;
      break;
    }
  }
  await stateRef(db).set({ lastRunAt: Timestamp.fromMillis(nowMs), more: result.more, updatedAt: FieldValue.serverTimestamp() });
  return result;
}
