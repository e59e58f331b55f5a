/**
 * Firestore access to a pipeline's log and window: references, the (ts, id)
 * ordered queries the flush and the reconcile share, and their read costs.
 */
import {
  FieldPath,
  Timestamp,
  type CollectionReference,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Query,
  type QueryDocumentSnapshot,
} from 'firebase-admin/firestore';
import type { LogEntry, RecordData, RecordPosition, WindowRecord } from '../../../contract/index.ts';

/** Reads Firestore bills for a count() aggregation: one per 1,000 index entries, at least one. */
export const countReads = (count: number): number => Math.max(1, Math.ceil(count / 1000));

/** Reads Firestore bills for a query returning `n` documents (an empty result costs one). */
export const queryReads = (n: number): number => Math.max(1, n);

export const pipelineRef = (db: Firestore, pipelineId: string): DocumentReference => db.doc(`pipelines/${pipelineId}`);

export const windowRef = (db: Firestore, pipelineId: string): DocumentReference =>
  db.doc(`pipelines/${pipelineId}/rollups/last100`);

export const recordsOf = (db: Firestore, pipelineId: string): CollectionReference =>
  db.collection(`pipelines/${pipelineId}/records`);

/**
 * Backend-only state of a pipeline. Clients never read it (the rules match no
 * such path); it lives outside `rollups`, whose only document is the window.
 */
export const backendStateRef = (
  db: Firestore,
  pipelineId: string,
  name: 'countCheckpoint' | 'reconcile' | 'publicFlag' | 'retention' | 'alerts',
): DocumentReference =>
  db.doc(`pipelines/${pipelineId}/backend/${name}`);

/**
 * Records retention deleted from the log (`backend/retention.deleted`, kept by
 * the retention run in the batches that delete them): the window's `count`
 * still counts them (contract), so a count of the whole log adds them.
 */
export function deletedByRetention(snap: { get(field: string): unknown }): number {
  const deleted = snap.get('deleted');
  return typeof deleted === 'number' && deleted > 0 ? deleted : 0;
}

/**
 * Whether `backend/alerts` (kept by ../alerts/evaluate.ts: the alert cursor,
 * a copy of the enabled rules and their states, and `ruleCount`) says the
 * pipeline has rules to evaluate: the flush reads it with its own documents,
 * so a pipeline without rules costs no evaluation.
 */
export function hasEnabledAlertRules(snap: { get(field: string): unknown }): boolean {
  const count = snap.get('ruleCount');
  return typeof count === 'number' && count > 0;
}

/** How often the scheduled reconcile runs (index.ts schedules it every 5 minutes). */
export const RECONCILE_EVERY_MS = 5 * 60_000;

/**
 * `reconcileQueue/{pipelineId}`: `{ queuedAt, flushSeconds }`, written by a
 * flush that changed the window (at most once per RECONCILE_EVERY_MS), so that
 * the reconcile checks every window that changed, whatever else exists.
 */
export const reconcileQueueRef = (db: Firestore, pipelineId: string): DocumentReference => db.doc(`reconcileQueue/${pipelineId}`);

/** The log in (ts, id) order, oldest first, or newest first. */
export function logOrder(db: Firestore, pipelineId: string, direction: 'asc' | 'desc'): Query {
  return recordsOf(db, pipelineId).orderBy('ts', direction).orderBy(FieldPath.documentId(), direction);
}

/** A record document as the window needs it; null for a document without a timestamp `ts`. */
export function toLogRecord(doc: QueryDocumentSnapshot): LogEntry<Timestamp> | null {
  const ts: unknown = doc.get('ts');
  if (!(ts instanceof Timestamp)) return null;
  const data: unknown = doc.get('data');
  return { id: doc.id, ts, data: data && typeof data === 'object' ? (data as RecordData) : {} };
}

/** The newest `limit` records, newest first, strictly after `after` and at or before `upTo` when given. */
export async function newestRecords(
  db: Firestore,
  pipelineId: string,
  limit: number,
  bounds: { after?: RecordPosition<Timestamp> | null; upTo?: RecordPosition<Timestamp> | null } = {},
): Promise<LogEntry<Timestamp>[]> {
  let query = logOrder(db, pipelineId, 'desc');
  if (bounds.upTo) query = query.startAt(bounds.upTo.ts, bounds.upTo.id);
  if (bounds.after) query = query.endBefore(bounds.after.ts, bounds.after.id);
  const snap = await query.limit(limit).get();
  return snap.docs.map(toLogRecord).filter((r): r is LogEntry<Timestamp> => r !== null);
}

/**
 * Records strictly after `after`, oldest first, read in pages of 1,000: at
 * most `cap` + 1 of them (one more than the cap says there are more).
 */
export async function recordsAfter(
  db: Firestore,
  pipelineId: string,
  after: RecordPosition<Timestamp> | null,
  cap: number,
): Promise<{ records: LogEntry<Timestamp>[]; reads: number }> {
  const records: LogEntry<Timestamp>[] = [];
  let reads = 0;
  let from = after;
  for (;;) {
    const limit = Math.min(RECORD_PAGE, cap + 1 - records.length);
    let query = logOrder(db, pipelineId, 'asc');
    if (from) query = query.startAfter(from.ts, from.id);
    const page = await query.limit(limit).get();
    reads += queryReads(page.size);
    for (const doc of page.docs) {
      const r = toLogRecord(doc);
      if (r) records.push(r);
    }
    if (page.size < limit || records.length > cap) return { records, reads };
    const last = page.docs[page.size - 1]!;
    from = { ts: last.get('ts') as Timestamp, id: last.id };
  }
}

const RECORD_PAGE = 1000;

/** The newest record committed at or before `atMs`, if any. */
export async function newestAtOrBefore(db: Firestore, pipelineId: string, atMs: number): Promise<LogEntry<Timestamp> | undefined> {
  const snap = await logOrder(db, pipelineId, 'desc').where('ts', '<=', Timestamp.fromMillis(atMs)).limit(1).get();
  return snap.docs.map(toLogRecord).find((r) => r !== null);
}

/** How many records lie in (after, upTo] of the log, by a count() aggregation. */
export async function countRecords(
  db: Firestore,
  pipelineId: string,
  after: RecordPosition<Timestamp> | null,
  upTo: RecordPosition<Timestamp>,
): Promise<number> {
  let query = logOrder(db, pipelineId, 'asc');
  if (after) query = query.startAfter(after.ts, after.id);
  const snap = await query.endAt(upTo.ts, upTo.id).count().get();
  return snap.data().count;
}

/** The window document as stored, read leniently (a damaged field reads as empty). */
export interface StoredWindow {
  exists: boolean;
  records: WindowRecord<Timestamp>[];
  count: number;
}

function isWindowRecord(value: unknown): value is WindowRecord<Timestamp> {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return typeof r.id === 'string' && r.ts instanceof Timestamp && !!r.data && typeof r.data === 'object';
}

export function readWindow(snap: DocumentSnapshot): StoredWindow {
  if (!snap.exists) return { exists: false, records: [], count: 0 };
  const records: unknown = snap.get('records');
  const count: unknown = snap.get('count');
  return {
    exists: true,
    records: Array.isArray(records) ? records.filter(isWindowRecord) : [],
    count: typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : 0,
  };
}
