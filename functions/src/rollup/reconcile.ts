/**
 * The scheduled reconcile: repairs any window that disagrees with its log
 * (a lost trigger, a crashed function, a deploy during ingest, a bad write).
 *
 * Per pipeline it reads the window, its check state and the newest record
 * (3 reads, plus 1 for listing the pipeline). A window whose fingerprint
 * matches the one verified last time is known good up to its cursor, so an
 * idle pipeline costs those 4 reads a run. Otherwise the window is compared
 * with the newest <= 100 records up to its cursor and its count with the last
 * verified count plus a count() of the records since (1 read per 1,000).
 * A window that disagrees, is malformed, is missing, or is ahead of its log is
 * rebuilt from the log (a full count(): N / 1,000 reads, only on repair).
 * Records after the cursor that are older than a flush should take were
 * missed by their trigger, and are flushed.
 */
import { FieldPath, FieldValue, Timestamp, type DocumentData, type Firestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { compareRecords, mergeWindow, toWindowRecord, WINDOW_SIZE, windowCursor, type RecordPosition } from '../../../contract/index.ts';
import { historyStateFields, readHistoryState } from '../history/state.js';
import { flushSecondsOf } from './cadence.js';
import { flushWindow } from './flushWindow.js';
import {
  backendStateRef,
  countReads,
  countRecords,
  deletedByRetention,
  newestRecords,
  pipelineRef,
  queryReads,
  readWindow,
  RECONCILE_EVERY_MS,
  reconcileQueueRef,
  windowRef,
} from './log.js';
import { isWellFormedWindow, windowFingerprint } from './windowCheck.js';

/** How long past its flush a record after the cursor may wait before the reconcile flushes it itself. */
export const PENDING_GRACE_MS = 10_000;
const PARALLEL_PIPELINES = 8;

export type ReconcileOutcome = 'current' | 'verified' | 'flushed' | 'rebuilt' | 'no-pipeline' | 'failed';

export interface WindowReconcile {
  outcome: ReconcileOutcome;
  /** Documents read, as Firestore bills them (excluding listing the pipeline). */
  reads: number;
}

/** What `pipelines/{id}/backend/reconcile` remembers: the last window found to agree with the log. */
interface CheckState {
  cursor: RecordPosition<Timestamp> | null;
  count: number;
  fingerprint: string;
}

function readCheckState(data: DocumentData | undefined): CheckState | null {
  if (!data || typeof data.fingerprint !== 'string' || typeof data.count !== 'number') return null;
  const cursor =
    data.cursorTs instanceof Timestamp && typeof data.cursorId === 'string' ? { ts: data.cursorTs, id: data.cursorId } : null;
  return { cursor, count: data.count, fingerprint: data.fingerprint };
}

function checkStateFields(state: CheckState): Record<string, unknown> {
  return {
    cursorTs: state.cursor?.ts ?? null,
    cursorId: state.cursor?.id ?? null,
    count: state.count,
    fingerprint: state.fingerprint,
    checkedAt: FieldValue.serverTimestamp(),
  };
}

/** Rewrites a window from the log alone, in a transaction with the pipeline read (so never after its delete). */
export async function rebuildWindow(db: Firestore, pipelineId: string): Promise<WindowReconcile> {
  return db.runTransaction(async (tx) => {
    const [pipeline, stored, retention] = await tx.getAll(
      pipelineRef(db, pipelineId),
      windowRef(db, pipelineId),
      backendStateRef(db, pipelineId, 'retention'),
    );
    if (!pipeline.exists) return { outcome: 'no-pipeline', reads: 3 };
    const newest = await newestRecords(db, pipelineId, WINDOW_SIZE);
    const cursor = newest[0] ?? null;
    const inLog = cursor ? await countRecords(db, pipelineId, null, cursor) : 0;
    const count = deletedByRetention(retention) + inLog;
    const merged = mergeWindow<Timestamp>([], newest);
    tx.set(windowRef(db, pipelineId), {
      records: merged.records,
      count,
      lastTs: merged.lastTs,
      updatedAt: FieldValue.serverTimestamp(),
      // History's state is kept: a minute it folded differently from the rebuilt window is found at its close (its count).
      ...historyStateFields(readHistoryState(stored)),
    });
    // The next flush recounts from scratch, in case the count checkpoint was what went wrong.
    tx.delete(backendStateRef(db, pipelineId, 'countCheckpoint'));
    const cursorPosition = cursor ? { ts: cursor.ts, id: cursor.id } : null;
    tx.set(
      backendStateRef(db, pipelineId, 'reconcile'),
      checkStateFields({ cursor: cursorPosition, count, fingerprint: windowFingerprint(merged.records, count) }),
    );
    return { outcome: 'rebuilt', reads: 3 + queryReads(newest.length) + (cursor ? countReads(inLog) : 0) };
  });
}

/** Checks one pipeline's window against its log and repairs it if needed. */
export async function reconcileWindow(
  db: Firestore,
  pipelineId: string,
  flushSeconds: number,
  nowMs = Date.now(),
): Promise<WindowReconcile> {
  const stateDoc = backendStateRef(db, pipelineId, 'reconcile');
  const [windowSnap, stateSnap] = await db.getAll(windowRef(db, pipelineId), stateDoc);
  const [newest] = await newestRecords(db, pipelineId, 1);
  let reads = 3;
  const rebuild = async () => {
    const result = await rebuildWindow(db, pipelineId);
    return { outcome: result.outcome, reads: reads + result.reads };
  };

  const wellFormed =
    windowSnap.exists &&
    isWellFormedWindow({ records: windowSnap.get('records'), count: windowSnap.get('count'), lastTs: windowSnap.get('lastTs') });
  if (!wellFormed) return rebuild();
  const window = readWindow(windowSnap);
  const cursor = windowCursor(window.records);
  if (cursor && (!newest || compareRecords(newest, cursor) < 0)) return rebuild();

  const fingerprint = windowFingerprint(window.records, window.count);
  const state = readCheckState(stateSnap.data());
  let outcome: ReconcileOutcome = 'current';
  if (state?.fingerprint !== fingerprint) {
    const expected = cursor ? await newestRecords(db, pipelineId, WINDOW_SIZE, { upTo: cursor }) : [];
    reads += cursor ? queryReads(expected.length) : 0;
    const expectedRecords = expected.reverse().map(toWindowRecord);
    if (windowFingerprint(expectedRecords, window.count) !== fingerprint) return rebuild();
    // Count only the records since the last verified cursor when the window has not moved behind it.
    const base = state && (!state.cursor || (cursor && compareRecords(state.cursor, cursor) <= 0)) ? state : null;
    let expectedCount = base ? base.count : deletedByRetention(await backendStateRef(db, pipelineId, 'retention').get());
    if (!base) reads += 1;
    if (cursor && !(base?.cursor && compareRecords(base.cursor, cursor) === 0)) {
      const counted = await countRecords(db, pipelineId, base?.cursor ?? null, cursor);
      reads += countReads(counted);
      expectedCount += counted;
    }
    if (expectedCount !== window.count) return rebuild();
    await stateDoc.set(checkStateFields({ cursor, count: window.count, fingerprint }));
    outcome = 'verified';
  }

  const pending = newest && (!cursor || compareRecords(newest, cursor) > 0);
  if (pending && newest.ts.toMillis() < nowMs - flushSeconds * 1000 - PENDING_GRACE_MS) {
    const flush = await flushWindow(db, pipelineId);
    return { outcome: flush.outcome === 'no-pipeline' ? 'no-pipeline' : 'flushed', reads: reads + flush.reads };
  }
  return { outcome, reads };
}

export interface ReconcileSummary {
  /** Pipelines checked (each once per run). */
  pipelines: number;
  outcomes: Record<ReconcileOutcome, number>;
  /** Documents read, including the queue and the sweep's page. */
  reads: number;
  /** Pipelines taken from the queue of changed windows, and from the sweep. */
  changed: number;
  swept: number;
}

/** How many pipelines of the full sweep one run checks, beyond the changed ones. */
export const SWEEP_PAGE = 200;

/** `backendState/reconcileSweep`: where the full sweep resumes (the last pipeline id it checked). */
const sweepCursorRef = (db: Firestore) => db.doc('backendState/reconcileSweep');

/**
 * The scheduled reconcile's handler, fair whatever the number of pipelines:
 * - every pipeline whose window changed since its last check: a flush that
 *   writes a window queues its pipeline (`reconcileQueue`, at most once per
 *   RECONCILE_EVERY_MS), oldest first; an entry stays for two cadences (the
 *   flush does not re-queue more often) and is then checked a last time and dropped;
 * - then a page of SWEEP_PAGE pipelines in id order, resuming where the last
 *   run stopped, for windows no flush touched (a lost trigger, a pipeline never flushed).
 * Pipelines a team creates in bulk neither delay the changed ones nor stop the sweep.
 */
export async function reconcileAllWindows(db: Firestore, nowMs = Date.now(), sweepPage = SWEEP_PAGE): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = {
    pipelines: 0,
    outcomes: { current: 0, verified: 0, flushed: 0, rebuilt: 0, 'no-pipeline': 0, failed: 0 },
    reads: 0,
    changed: 0,
    swept: 0,
  };
  const checked = new Set<string>();
  const check = async (items: { id: string; flushSeconds: unknown }[]) => {
    for (let i = 0; i < items.length; i += PARALLEL_PIPELINES) {
      const batch = items.slice(i, i + PARALLEL_PIPELINES).filter((p) => !checked.has(p.id));
      for (const p of batch) checked.add(p.id);
      const results = await Promise.all(
        batch.map((p) =>
          reconcileWindow(db, p.id, flushSecondsOf(p.flushSeconds), nowMs).catch((err: unknown): WindowReconcile => {
            logger.error('reconcile failed', { pipelineId: p.id, error: String(err) });
            return { outcome: 'failed', reads: 0 };
          }),
        ),
      );
      results.forEach((r, j) => {
        summary.outcomes[r.outcome]++;
        summary.reads += r.reads;
        // A deleted pipeline has nothing left to check.
        if (r.outcome === 'no-pipeline') void reconcileQueueRef(db, batch[j].id).delete();
      });
      summary.pipelines += batch.length;
    }
  };

  const queue = await db.collection('reconcileQueue').orderBy('queuedAt').get();
  summary.reads += queryReads(queue.size);
  summary.changed = queue.size;
  await check(queue.docs.map((d) => ({ id: d.id, flushSeconds: d.get('flushSeconds') })));
  const stale = queue.docs.filter((d) => {
    const queuedAt: unknown = d.get('queuedAt');
    return !(queuedAt instanceof Timestamp) || queuedAt.toMillis() < nowMs - 2 * RECONCILE_EVERY_MS;
  });
  // Dropped only if no flush re-queued it meanwhile.
  await Promise.all(stale.map((d) => d.ref.delete({ lastUpdateTime: d.updateTime }).catch(() => undefined)));

  const cursor: unknown = (await sweepCursorRef(db).get()).get('after');
  summary.reads += 1;
  let page = db.collection('pipelines').orderBy(FieldPath.documentId()).select('flushSeconds').limit(sweepPage);
  if (typeof cursor === 'string') page = page.startAfter(cursor);
  const swept = await page.get();
  summary.reads += queryReads(swept.size);
  summary.swept = swept.size;
  await check(swept.docs.map((d) => ({ id: d.id, flushSeconds: d.get('flushSeconds') })));
  const last = swept.size < sweepPage ? null : swept.docs[swept.docs.length - 1].id;
  await sweepCursorRef(db).set({ after: last, sweptAt: FieldValue.serverTimestamp() });
  return summary;
}
