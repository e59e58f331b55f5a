/**
 * What a record's trigger does: coalesce flushes so that the window document
 * is written at most once per flush bucket (1 s by default), whatever the
 * ingest rate, without a lease document or any write to contend on.
 *
 * Time is cut into buckets of the pipeline's `flushSeconds`. A record's
 * trigger is its bucket's leader iff the record is the first of the bucket in
 * (ts, id) order, which one count() of the bucket's records before it answers
 * (an aggregation: no record document is read, so the backend reads each
 * record about once, in the flush; skipped when this instance has already
 * handled an earlier record of the bucket, which proves the record is not first). The leader waits until
 * the bucket has ended (plus FLUSH_SKEW_MS) and flushes; one flush takes in
 * everything committed so far, so the records of a bucket wait at most about
 * one bucket length for the window, and the last record before ingest stops
 * is flushed by its bucket's leader. A duplicate delivery of the leader's
 * event makes a second flush, which finds nothing new and writes nothing; the
 * order of deliveries does not matter because the flush reads the log, not
 * the event.
 *
 * A follower whose trigger runs after its leader's flush time (a late
 * delivery, or a record that became visible late: see flushWindow.ts) is
 * done at once when a flush of this instance took its record in
 * (foldedHere.ts: a backlog of deliveries costs no reads); else it reads the
 * window, and when its record is missing and no record of the current
 * bucket exists (whose leader would flush later anyway), flushes itself.
 *
 * History (../history/): a record whose trigger runs after its minute ended,
 * and that its own flush did not take in, is checked against its minute's
 * bucket (lateRecord.ts). A minute no later record closes is closed by the
 * clock (closeQuiet.ts).
 */
import { FieldPath, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { compareRecords, type RecordPosition } from '../../../contract/index.ts';
import { checkLateRecord, mayBeLate, type LateOutcome } from '../history/lateRecord.js';
import { bucketOf, flushDelayMs, flushSecondsOf } from './cadence.js';
import { flushWindow, type FlushResult } from './flushWindow.js';
import { foldedHere } from './foldedHere.js';
import { pipelineRef, readWindow, recordsOf, windowRef } from './log.js';

/** A record-created event, reduced to what the handler uses. */
export interface RecordCreatedEvent {
  pipelineId: string;
  recordId: string;
  /** The record's `ts` (its commit time); anything else is not a valid record. */
  ts: unknown;
  /** When the record was written (ms; default: now). Differs from `ts` for records imported with a past `ts`. */
  writtenMs?: number;
}

export type RecordOutcome =
  | { role: 'follower'; flush?: FlushResult; late?: LateOutcome }
  | { role: 'leader'; flush: FlushResult; late?: LateOutcome }
  | { role: 'orphan' }
  | { role: 'invalid' };

/** How long a pipeline's settings are reused before being read again. */
const SETTINGS_TTL_MS = 10_000;
const settingsCache = new Map<string, { flushSeconds: number; expiresAt: number }>();

/** The pipeline's flush cadence in seconds, or null when the pipeline does not exist (never cached). */
async function flushSecondsFor(db: Firestore, pipelineId: string): Promise<number | null> {
  const cached = settingsCache.get(pipelineId);
  if (cached && cached.expiresAt > Date.now()) return cached.flushSeconds;
  const pipeline = await pipelineRef(db, pipelineId).get();
  if (!pipeline.exists) {
    settingsCache.delete(pipelineId);
    return null;
  }
  const flushSeconds = flushSecondsOf(pipeline.get('flushSeconds'));
  settingsCache.set(pipelineId, { flushSeconds, expiresAt: Date.now() + SETTINGS_TTL_MS });
  return flushSeconds;
}

/**
 * Whether any record lies at or after `startMs` (and before `before`, when
 * given) in (ts, id) order: a count() of at most one entry, one read, no
 * record document read.
 */
async function anyRecordSince(db: Firestore, pipelineId: string, startMs: number, before?: RecordPosition<Timestamp>): Promise<boolean> {
  let query = recordsOf(db, pipelineId).where('ts', '>=', Timestamp.fromMillis(startMs)).orderBy('ts').orderBy(FieldPath.documentId());
  if (before) query = query.endBefore(before.ts, before.id);
  const snap = await query.limit(1).count().get();
  return snap.data().count > 0;
}

/**
 * Per pipeline, the earliest record this instance has handled in the newest
 * bucket it has seen: a later record of that bucket cannot be its first.
 */
const earliestSeen = new Map<string, { bucketStartMs: number; position: RecordPosition }>();

/** Notes the record; true when an earlier record of its bucket has already been handled here. */
function knownFollower(pipelineId: string, bucketStartMs: number, position: RecordPosition): boolean {
  const seen = earliestSeen.get(pipelineId);
  if (seen && seen.bucketStartMs === bucketStartMs) {
    if (compareRecords(seen.position, position) < 0) return true;
    earliestSeen.set(pipelineId, { bucketStartMs, position });
  } else if (!seen || seen.bucketStartMs < bucketStartMs) {
    earliestSeen.set(pipelineId, { bucketStartMs, position });
  }
  return false;
}

/** Whether the stored window may lack the record: it is after the cursor, or inside the window's range but not listed. */
async function windowMayLack(db: Firestore, pipelineId: string, record: RecordPosition): Promise<boolean> {
  const window = readWindow(await windowRef(db, pipelineId).get());
  const first = window.records[0];
  const last = window.records.at(-1);
  if (!first || !last || compareRecords(record, last) > 0) return true;
  return compareRecords(record, first) >= 0 && !window.records.some((r) => r.id === record.id);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Handles one (possibly repeated, possibly late) record-created delivery. */
export async function handleRecordCreated(db: Firestore, event: RecordCreatedEvent): Promise<RecordOutcome> {
  const startedMs = Date.now();
  const record = recordsOf(db, event.pipelineId).doc(event.recordId);
  const flushSeconds = await flushSecondsFor(db, event.pipelineId);
  if (flushSeconds === null) {
    // The pipeline's delete cascade removes its log; this removes any record that outlived it.
    await record.delete();
    return { role: 'orphan' };
  }
  if (!(event.ts instanceof Timestamp)) return { role: 'invalid' };
  const tsMs = event.ts.toMillis();
  const bucket = bucketOf(tsMs, flushSeconds);
  const position = { ts: event.ts, id: event.recordId };
  // Decided before any wait: a trigger running after its record's minute ended may have missed the minute's close.
  const late = mayBeLate(tsMs, startedMs);
  // A record a flush here took in has its minute accounted for by that flush.
  const checkLate = async (): Promise<LateOutcome | undefined> =>
    late && !foldedHere(event.pipelineId, event.recordId) ? checkLateRecord(db, event.pipelineId, tsMs, event.writtenMs ?? startedMs) : undefined;

  const follower =
    knownFollower(event.pipelineId, bucket.startMs, position) || (await anyRecordSince(db, event.pipelineId, bucket.startMs, position));
  if (follower) {
    const nowMs = Date.now();
    if (flushDelayMs(bucket.endMs, nowMs) > 0 || foldedHere(event.pipelineId, event.recordId)) return { role: 'follower' };
    // Late, and not taken in by a flush here: the leader may have flushed without this record.
    let flush: FlushResult | undefined;
    if ((await windowMayLack(db, event.pipelineId, position)) && !(await anyRecordSince(db, event.pipelineId, bucketOf(nowMs, flushSeconds).startMs))) {
      flush = await flushWindow(db, event.pipelineId);
    }
    const lateOutcome = await checkLate();
    return { role: 'follower', ...(flush && { flush }), ...(lateOutcome && { late: lateOutcome }) };
  }
  await sleep(flushDelayMs(bucket.endMs, Date.now()));
  const flush = await flushWindow(db, event.pipelineId);
  if (flush.outcome === 'no-pipeline') {
    await record.delete();
    return { role: 'orphan' };
  }
  const lateOutcome = await checkLate();
  return { role: 'leader', flush, ...(lateOutcome && { late: lateOutcome }) };
}
