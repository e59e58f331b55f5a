/**
 * Firestore access to a pipeline's history: its documents, its dirty marks,
 * and the log read by time range.
 *
 * `pipelines/{p}/historyDirty/{historyDocId}`: `{ keys: { [bucketKey]: true }, markedAt }`,
 * backend only (the rules match no such path): "recompute these buckets of
 * that history document". Its processor is recompute.ts.
 */
import { FieldValue, Timestamp, type DocumentData, type DocumentReference, type Firestore, type SetOptions } from 'firebase-admin/firestore';
import {
  BUCKET_MS,
  bucketKey,
  bucketStartMs,
  historyDocId,
  MINUTE_DOCS_KEPT_DAYS,
  spanStartMs,
  type AggregatedRecord,
  type LogEntry,
  type RecordPosition,
} from '../../../contract/index.ts';
import { logOrder, toLogRecord } from '../rollup/log.js';

const MINUTE_MS = BUCKET_MS.minute;
const HOUR_MS = BUCKET_MS.hour;
const DAY_MS = BUCKET_MS.day;

export const historyRef = (db: Firestore, pipelineId: string, docId: string): DocumentReference =>
  db.doc(`pipelines/${pipelineId}/history/${docId}`);

export const dirtyRef = (db: Firestore, pipelineId: string, docId: string): DocumentReference =>
  db.doc(`pipelines/${pipelineId}/historyDirty/${docId}`);

/**
 * Minute documents of hours before this instant (a UTC midnight) are neither
 * written nor kept; hour buckets of days before it are computed from the log.
 */
export const minuteDocsCutoffMs = (nowMs: number): number => spanStartMs('hour', nowMs - MINUTE_DOCS_KEPT_DAYS * DAY_MS);

/** Bucket keys to recompute, by history document id. */
export type DirtyKeys = Map<string, Set<string>>;

function add(keys: DirtyKeys, docId: string, key: string): void {
  const set = keys.get(docId);
  if (set) set.add(key);
  else keys.set(docId, new Set([key]));
}

/** The dirty keys of minute-aligned [from, to) ranges: minute keys, or hour keys where minute documents are not kept. */
export function dirtyKeysOfMinutes(ranges: readonly [number, number][], nowMs: number, into: DirtyKeys = new Map()): DirtyKeys {
  const cutoff = minuteDocsCutoffMs(nowMs);
  for (const [from, to] of ranges) {
    for (let ms = from; ms < to; ) {
      if (ms < cutoff) {
        add(into, historyDocId('hour', ms), bucketKey('hour', ms));
        ms = bucketStartMs('hour', ms) + HOUR_MS;
      } else {
        add(into, historyDocId('minute', ms), bucketKey('minute', ms));
        ms += MINUTE_MS;
      }
    }
  }
  return into;
}

/** The dirty keys of whole hours (given by their starts). */
export function dirtyKeysOfHours(hours: readonly number[], into: DirtyKeys = new Map()): DirtyKeys {
  for (const h of hours) add(into, historyDocId('hour', h), bucketKey('hour', h));
  return into;
}

/** A dirty mark's data: merged into any mark already there. */
export const dirtyMark = (keys: Iterable<string>) => ({
  keys: Object.fromEntries([...keys].map((k) => [k, true])),
  markedAt: FieldValue.serverTimestamp(),
});

/** What history writes go through: a WriteBatch or a Transaction. */
export interface Writer {
  set(ref: DocumentReference, data: DocumentData, options: SetOptions): unknown;
}

/** Writes the marks in a batch or a transaction. */
export function writeDirtyMarks(db: Firestore, pipelineId: string, keys: DirtyKeys, writer: Writer): void {
  for (const [docId, set] of keys) writer.set(dirtyRef(db, pipelineId, docId), dirtyMark(set), { merge: true });
}

/** Writes the marks on their own (outside any batch): for more documents than a batch holds. */
export async function commitDirtyMarks(db: Firestore, pipelineId: string, keys: DirtyKeys): Promise<void> {
  const writer = db.bulkWriter();
  for (const [docId, set] of keys) void writer.set(dirtyRef(db, pipelineId, docId), dirtyMark(set), { merge: true });
  await writer.close();
}

const PAGE = 1000;

/** Every record with fromMs <= ts < toMs, oldest first, read in pages. */
export async function recordsBetween(db: Firestore, pipelineId: string, fromMs: number, toMs: number): Promise<LogEntry<Timestamp>[]> {
  const all: LogEntry<Timestamp>[] = [];
  let after: RecordPosition<Timestamp> | undefined;
  for (;;) {
    let query = logOrder(db, pipelineId, 'asc').where('ts', '>=', Timestamp.fromMillis(fromMs)).where('ts', '<', Timestamp.fromMillis(toMs));
    if (after) query = query.startAfter(after.ts, after.id);
    const page = await query.limit(PAGE).get();
    for (const doc of page.docs) {
      const r = toLogRecord(doc);
      if (r) all.push(r);
    }
    if (page.size < PAGE) return all;
    const last = page.docs[page.size - 1]!;
    after = { ts: last.get('ts') as Timestamp, id: last.id };
  }
}

/** How many records have fromMs <= ts < toMs (a count() aggregation: no document read). */
export async function countBetween(db: Firestore, pipelineId: string, fromMs: number, toMs: number): Promise<number> {
  const snap = await db
    .collection(`pipelines/${pipelineId}/records`)
    .where('ts', '>=', Timestamp.fromMillis(fromMs))
    .where('ts', '<', Timestamp.fromMillis(toMs))
    .count()
    .get();
  return snap.data().count;
}

/** A record's time in whole ms, the sub-millisecond part floored (as Timestamp.toMillis does, and as the buckets cut). */
export const msOfRecord = (r: AggregatedRecord): number =>
  r.ts instanceof Date ? r.ts.getTime() : r.ts.seconds * 1000 + Math.floor(r.ts.nanoseconds / 1e6);
