/**
 * The flush: brings `pipelines/{id}/rollups/last100` up to date with the log.
 *
 * The window's newest record (ts, id) is its cursor. A flush reads the window
 * and every record the log holds after the cursor, oldest first (at most
 * FLUSH_READ_CAP; past it the window jumps to the newest 100), merges the
 * newest 100 with `mergeWindow` and writes the window. History is fed from
 * the same reads (../history/plan.ts): every record document is read once by
 * the backend. Its reads follow the new data, not the window size, and since
 * it reads the log rather than any event, a repeated or reordered flush gives
 * the same window.
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
 * How it writes (no lock held while the log is read, nothing created after
 * the pipeline's delete): see flushWindow below.
 */
import { FieldValue, Timestamp, type DocumentData, type DocumentSnapshot, type Firestore } from 'firebase-admin/firestore';
import { compareRecords, mergeWindow, WINDOW_SIZE, windowCursor, type MergedWindow, type RecordPosition } from '../../../contract/index.ts';
import { historyWrites, writeHistory, writeHistoryAfter, type HistoryWrites } from '../history/flushWrites.js';
import { planHistory } from '../history/plan.js';
import { forUpdate, historyStateFields, readHistoryState, sameState } from '../history/state.js';
import { msOfRecord } from '../history/store.js';
import { flushSecondsOf } from './cadence.js';
import { noteFolded } from './foldedHere.js';
import {
  backendStateRef,
  countReads,
  countRecords,
  deletedByRetention,
  hasEnabledAlertRules,
  newestAtOrBefore,
  newestRecords,
  pipelineRef,
  queryReads,
  readWindow,
  RECONCILE_EVERY_MS,
  reconcileQueueRef,
  recordsAfter,
  windowRef,
} from './log.js';

/** The most records after the cursor one flush reads (and folds into history). */
export const FLUSH_READ_CAP = 10_000;

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
  /** Of `reads`, the record documents: each new record once, plus the newest 100 when the window is re-read. */
  recordReads: number;
  /** Minutes written to history, history documents marked dirty, and the start of the minute this flush opened. */
  history: { closed: number; marked: number; opened?: number };
  /** Whether the pipeline has enabled alert rules to evaluate after this flush (../alerts/evaluate.ts). */
  alerting: boolean;
}

export interface FlushOptions {
  nowMs?: number;
  /**
   * Only close the open minute by the clock: when records wait after the
   * cursor, do nothing (their own leader's flush is coming and will close it).
   */
  closeOnly?: boolean;
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

/** What a flush will write, planned from reads made outside any transaction. */
interface FlushPlan {
  result: FlushResult;
  window?: DocumentData;
  checkpoint?: DocumentData;
  /** The reconcile queue entry that tells the reconcile this window changed (see reconcile.ts). */
  queue?: DocumentData;
  /** The update times the plan was made against (undefined: the document did not exist). */
  windowTime?: Timestamp;
  checkpointTime?: Timestamp;
  history?: HistoryWrites;
  /** The records read after the cursor: the window and history take them in once the plan is written. */
  foldedIds?: string[];
}

/** A write whose documents changed (or whose pipeline went) since the plan was made: plan again. */
class StalePlan extends Error {}

/** Errors of a conditional write that mean another flush (or a delete) came first. */
const CONFLICTS = new Set([5, 6, 9, 10]); // NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED
const MAX_ATTEMPTS = 5;

const isConflict = (err: unknown): boolean =>
  err instanceof StalePlan || CONFLICTS.has((err as { code?: unknown }).code as number);

/**
 * Brings a pipeline's window up to date with its log (idempotent).
 *
 * No lock is held while the log is read: a function instance that dies
 * mid-flush (a deploy, a crash, a timeout) would otherwise leave the window
 * locked until its transaction expires, and every flush of that pipeline
 * would fail meanwhile (on the emulator: "Transaction lock timeout" for about
 * a minute; tests/functions/reload.test.ts). The plan is made from plain
 * reads and written conditionally: updates of existing documents with their
 * update time as precondition, in one batch; documents to create in a short
 * transaction that reads the pipeline again, so that nothing is created after
 * the pipeline's delete (its cascade would miss it). A plan that lost a race
 * is made again.
 */
export async function flushWindow(db: Firestore, pipelineId: string, options: FlushOptions = {}): Promise<FlushResult> {
  for (let attempt = 1; ; attempt++) {
    const plan = await planFlush(db, pipelineId, options.nowMs ?? Date.now(), options.closeOnly ?? false);
    try {
      await writePlan(db, pipelineId, plan);
      if (plan.history) await writeHistoryAfter(db, pipelineId, plan.history);
      if (plan.foldedIds) noteFolded(pipelineId, plan.foldedIds);
      return plan.result;
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isConflict(err)) throw err;
    }
  }
}

async function writePlan(db: Firestore, pipelineId: string, plan: FlushPlan): Promise<void> {
  if (!plan.window) return;
  const windowDoc = windowRef(db, pipelineId);
  const checkpointDoc = backendStateRef(db, pipelineId, 'countCheckpoint');
  const creates = !plan.windowTime || (plan.checkpoint !== undefined && !plan.checkpointTime);
  if (!creates) {
    const batch = db.batch();
    batch.update(windowDoc, forUpdate(plan.window), { lastUpdateTime: plan.windowTime });
    if (plan.checkpoint) batch.update(checkpointDoc, plan.checkpoint, { lastUpdateTime: plan.checkpointTime });
    if (plan.queue) batch.set(reconcileQueueRef(db, pipelineId), plan.queue);
    if (plan.history) writeHistory(db, pipelineId, plan.history, batch);
    await batch.commit();
    return;
  }
  await db.runTransaction(async (tx) => {
    const [pipeline, stored, checkpoint] = await tx.getAll(pipelineRef(db, pipelineId), windowDoc, checkpointDoc);
    const same = (a: Timestamp | undefined, b: Timestamp | undefined) => (a && b ? a.isEqual(b) : a === b);
    if (!pipeline.exists || !same(stored.updateTime, plan.windowTime) || !same(checkpoint.updateTime, plan.checkpointTime)) {
      throw new StalePlan();
    }
    tx.set(windowDoc, plan.window!);
    if (plan.checkpoint) tx.set(checkpointDoc, plan.checkpoint, { merge: true });
    if (plan.queue) tx.set(reconcileQueueRef(db, pipelineId), plan.queue);
    if (plan.history) writeHistory(db, pipelineId, plan.history, tx);
  });
}

async function planFlush(db: Firestore, pipelineId: string, nowMs: number, closeOnly: boolean): Promise<FlushPlan> {
  const windowDoc = windowRef(db, pipelineId);
  const checkpointDoc = backendStateRef(db, pipelineId, 'countCheckpoint');
  // The alerts state comes in the same round trip: a pipeline without rules then costs no evaluation.
  const [pipeline, stored, checkpointSnap, alertsSnap] = await db.getAll(pipelineRef(db, pipelineId), windowDoc, checkpointDoc, backendStateRef(db, pipelineId, 'alerts'));
  const times = { windowTime: stored.updateTime, checkpointTime: checkpointSnap.updateTime };
  let reads = 4;
  let recordReads = 0;
  const alerting = hasEnabledAlertRules(alertsSnap!);
  const nothing = (outcome: FlushResult['outcome']): FlushPlan => ({
    result: { outcome, counted: 0, late: 0, reads, recordReads, alerting, history: { closed: 0, marked: 0 } },
  });
  if (!pipeline.exists) return nothing('no-pipeline');
  const window = readWindow(stored);
  const cursor = windowCursor(window.records);
  const after = await recordsAfter(db, pipelineId, cursor, FLUSH_READ_CAP);
  reads += after.reads;
  recordReads += after.records.length;
  if (closeOnly && after.records.length > 0) return nothing('current');
  const overflow = after.records.length > FLUSH_READ_CAP;
  const fresh = overflow ? after.records.slice(0, FLUSH_READ_CAP) : after.records;
  const newest = overflow ? (await newestRecords(db, pipelineId, WINDOW_SIZE)).reverse() : undefined;
  if (newest) {
    reads += queryReads(newest.length);
    recordReads += newest.length;
  }

  let late = 0;
  const first = window.records[0];
  if (cursor && window.records.length > 1 && !closeOnly) {
    const inRange = await countRecords(db, pipelineId, first, cursor);
    reads += countReads(inRange);
    late = Math.max(0, inRange - (window.records.length - 1));
  }
  const historyState = readHistoryState(stored);
  const history = planHistory({ state: historyState, fresh, ...(newest && { newest }), nowMs, msOf: msOfRecord });
  const historyChanged =
    history.closed.length > 0 || history.dirty.length > 0 || history.completedHours.length > 0 || !sameState(historyState, history.state);
  if (fresh.length === 0 && late === 0 && !historyChanged) {
    if (window.exists) return nothing('current');
    const plan = nothing('written');
    return { ...plan, window: { records: [], count: 0, lastTs: null, updatedAt: FieldValue.serverTimestamp() }, ...times };
  }

  let merged: MergedWindow<Timestamp>;
  if (newest) {
    merged = mergeWindow<Timestamp>([], newest);
  } else if (late > 0) {
    const reread = await newestRecords(db, pipelineId, WINDOW_SIZE);
    reads += queryReads(reread.length);
    recordReads += reread.length;
    merged = mergeWindow<Timestamp>([], reread);
  } else {
    merged = mergeWindow<Timestamp>(window.records, fresh.slice(-WINDOW_SIZE));
  }
  const newCursor = windowCursor(merged.records);
  const checkpoint = readCheckpoint(checkpointSnap);
  // Without a checkpoint the log is counted from its start: plus what retention deleted from it.
  const base = checkpoint ? checkpoint.count : deletedByRetention(await backendStateRef(db, pipelineId, 'retention').get());
  if (!checkpoint) reads += 1;
  let count = base;
  if (newCursor) {
    const since = await countRecords(db, pipelineId, checkpoint?.position ?? null, newCursor);
    reads += countReads(since);
    count += since;
  }
  const writes = await historyWrites(db, pipelineId, history, nowMs);
  reads += writes.reads;
  const plan: FlushPlan = {
    result: {
      outcome: 'written',
      alerting,
      counted: count - window.count,
      late,
      reads,
      recordReads,
      history: { closed: history.closed.length, marked: writes.marks.size, ...(history.opened !== undefined && { opened: history.opened }) },
    },
    window: {
      records: merged.records,
      count,
      lastTs: merged.lastTs,
      updatedAt: FieldValue.serverTimestamp(),
      ...historyStateFields(history.state),
    },
    ...times,
    history: writes,
    foldedIds: fresh.map((r) => r.id),
  };

  if (!checkpoint || nowMs - checkpoint.takenAtMs >= CHECKPOINT_EVERY_MS) {
    const settled = await newestAtOrBefore(db, pipelineId, nowMs - SETTLED_AFTER_MS);
    reads += 1;
    if (settled) recordReads += 1;
    if (settled && (!checkpoint || compareRecords(settled, checkpoint.position) > 0)) {
      const moved = await countRecords(db, pipelineId, checkpoint?.position ?? null, settled);
      reads += countReads(moved);
      plan.checkpoint = { ts: settled.ts, id: settled.id, count: base + moved, takenAt: Timestamp.fromMillis(nowMs) };
    }
  }
  // Tells the reconcile this window changed, at most once per reconcile cadence (see reconcile.ts).
  const queuedAt: unknown = checkpointSnap.get('queuedAt');
  if (!(queuedAt instanceof Timestamp) || nowMs - queuedAt.toMillis() >= RECONCILE_EVERY_MS) {
    plan.queue = { queuedAt: Timestamp.fromMillis(nowMs), flushSeconds: flushSecondsOf(pipeline.get('flushSeconds')) };
    plan.checkpoint = { ...plan.checkpoint, queuedAt: Timestamp.fromMillis(nowMs) };
  }
  plan.result.reads = reads;
  plan.result.recordReads = recordReads;
  return plan;
}
