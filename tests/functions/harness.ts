/**
 * Helpers of the functions suite. Documents are written and read through the
 * functions package's own firebase-admin (functions/src/admin.ts), the same
 * SDK instance the handlers under test use; accounts go through the tests' admin app.
 */
import { randomUUID } from 'node:crypto';
import { getAuth } from 'firebase-admin/auth';
import { collection, doc, serverTimestamp, setDoc } from 'firebase/firestore';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { FieldValue, firestore, Timestamp, type Firestore } from '../../functions/src/admin.ts';
import { compareRecords, parseLogRecord, parseRollup, toWindowRecord, type LogEntry, type Rollup, type TimestampLike } from '../../contract/index.ts';
import { adminApp, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearAuth, clearFirestore } from '../support/emulators.ts';

export { FieldValue, Timestamp };
export const PASSWORD = 'producer-password';

export const fdb = (): Firestore => firestore();

export const uniqueId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Creates a pipeline (with its `flushSeconds`, when given) in `teamId`, or in a new team; returns their ids. */
export async function seedPipeline(options: { teamId?: string; flushSeconds?: number } = {}): Promise<{ teamId: string; pipelineId: string }> {
  const db = fdb();
  const teamId = options.teamId ?? uniqueId('team');
  const pipelineId = uniqueId('pipe');
  if (!options.teamId) {
    await db.doc(`teams/${teamId}`).set({ name: 'Functions test team', createdAt: FieldValue.serverTimestamp(), createdBy: 'owner' });
  }
  await db.doc(`pipelines/${pipelineId}`).set({
    teamId,
    name: 'Test pipeline',
    public: false,
    createdAt: FieldValue.serverTimestamp(),
    createdBy: 'owner',
    ...(options.flushSeconds === undefined ? {} : { flushSeconds: options.flushSeconds }),
  });
  return { teamId, pipelineId };
}

export interface Producer {
  uid: string;
  session: ClientSession;
  /** Appends one record through the client SDK, under the security rules; resolves with its id. */
  append(pipelineId: string, data: Record<string, unknown>): Promise<string>;
}

/** The sessions producerOf opened in this file, closed by useFreshEmulators' teardown. */
const openSessions: ClientSession[] = [];

/**
 * A suite file's start and end: an empty Firestore and Auth before its tests,
 * and afterwards every producer session it opened and the admin app closed.
 */
export function useFreshEmulators(): void {
  beforeAll(async () => {
    await clearFirestore();
    await clearAuth();
  });
  afterAll(async () => {
    await Promise.all(openSessions.splice(0).map((s) => s.close()));
    await closeAdmin();
  });
}

/** A Firebase Auth account with role `producer` in the team, signed in on its own client SDK instance. */
export async function producerOf(teamId: string): Promise<Producer> {
  const email = `${uniqueId('producer')}@example.test`;
  const user = await getAuth(adminApp()).createUser({ email, password: PASSWORD, emailVerified: true });
  await fdb().doc(`teams/${teamId}/members/${user.uid}`).set({ role: 'producer', email, uid: user.uid, addedAt: FieldValue.serverTimestamp() });
  const session = await clientSession(email, PASSWORD);
  openSessions.push(session);
  return {
    uid: user.uid,
    session,
    async append(pipelineId, data) {
      const ref = doc(collection(session.db, 'pipelines', pipelineId, 'records'));
      await setDoc(ref, { ts: serverTimestamp(), data, producer: user.uid });
      return ref.id;
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or fails with the last observation. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The whole log of a pipeline in (ts, id) order; every record must have the contract's shape. */
export async function readLog(pipelineId: string): Promise<LogEntry<Timestamp>[]> {
  const snap = await fdb().collection(`pipelines/${pipelineId}/records`).get();
  const entries = snap.docs.map((d) => ({ id: d.id, data: parseLogRecord(d.id, d.data()).data, ts: d.get('ts') as Timestamp }));
  return entries.sort(compareRecords);
}

/** The window as stored, with the time of its last write. */
export type StoredWindow = Rollup<Timestamp> & { updateTime: Timestamp };

/** The window, which must have the contract's shape (parseRollup throws otherwise), or undefined when there is none. */
export async function readWindow(pipelineId: string): Promise<StoredWindow | undefined> {
  const snap = await fdb().doc(`pipelines/${pipelineId}/rollups/last100`).get();
  if (!snap.exists) return undefined;
  parseRollup(snap.data());
  return { ...(snap.data() as Rollup<Timestamp>), updateTime: snap.updateTime! };
}

/** What the window must be for this log: records (as plain values, oversized ones truncated) and count. */
export function expectedWindow(log: LogEntry<Timestamp>[]): { records: unknown[]; count: number; lastTs: unknown } {
  const newest = log.slice(-100);
  return {
    records: newest.map((r) => ({ ...toWindowRecord(r), ts: plainTs(r.ts) })),
    count: log.length,
    lastTs: newest.length ? plainTs(newest[newest.length - 1].ts) : null,
  };
}

export const plainTs = (ts: TimestampLike): { seconds: number; nanoseconds: number } => ({ seconds: ts.seconds, nanoseconds: ts.nanoseconds });

/** The window's contract fields as plain values, to compare with expectedWindow. */
export function plainWindow(window: StoredWindow): { records: unknown[]; count: number; lastTs: unknown } {
  return {
    records: window.records.map((r) => ({ ...r, ts: plainTs(r.ts) })),
    count: window.count,
    lastTs: window.lastTs ? plainTs(window.lastTs) : null,
  };
}

/** Waits until the window equals the newest records of the log and the count its length; returns it. */
export async function waitForExactWindow(pipelineId: string, timeoutMs = 240_000): Promise<StoredWindow> {
  let last = '';
  try {
    return await waitFor(
      `the window of ${pipelineId} to match its log`,
      async () => {
        // Cheap checks first: the whole log is read only once the counts agree.
        const [window, logSize] = await Promise.all([
          readWindow(pipelineId),
          fdb().collection(`pipelines/${pipelineId}/records`).count().get(),
        ]);
        last = `count ${window?.count}/${logSize.data().count}`;
        if (!window || window.count !== logSize.data().count) return undefined;
        const log = await readLog(pipelineId);
        const exact = isDeepStrictEqual(plainWindow(window), expectedWindow(log));
        last = `count ${window.count}/${log.length}, records ${exact ? 'equal' : 'differ'}`;
        return exact ? window : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message} (last seen: ${last})`, { cause: err });
  }
}

/** Resolves once no document is left under the pipeline (records, rollups, backend state). */
export async function waitForNothingUnder(pipelineId: string, timeoutMs = 240_000): Promise<void> {
  await waitFor(
    `pipelines/${pipelineId} to be emptied`,
    async () => ((await fdb().doc(`pipelines/${pipelineId}`).listCollections()).length === 0 ? true : undefined),
    timeoutMs,
  );
}
