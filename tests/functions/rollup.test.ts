import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { handleRecordCreated, type RecordOutcome } from '../../functions/src/rollup/onRecordCreated.ts';
import { flushSecondsOf } from '../../functions/src/rollup/cadence.ts';
import { reconcileAllWindows, reconcileWindow } from '../../functions/src/rollup/reconcile.ts';
import { setTriggers } from '../support/emulators.ts';
import {
  FieldValue,
  fdb,
  producerOf,
  readLog,
  readWindow,
  seedPipeline,
  sleep,
  Timestamp,
  useFreshEmulators,
  waitFor,
  waitForExactWindow,
  waitForNothingUnder,
  type Producer,
} from './harness.ts';

/** These tests wait for thousands of trigger runs, on a machine other suites keep busy. */
const SLOW = { timeout: 300_000 };

useFreshEmulators();

const producers = (teamId: string, n: number): Promise<Producer[]> => Promise.all(Array.from({ length: n }, () => producerOf(teamId)));

/** Writes `n` records with firebase-admin in batches of `perBatch` (a batch shares one commit ts), one batch per `gapMs`. */
async function adminRecords(pipelineId: string, n: number, perBatch: number, gapMs: number): Promise<void> {
  const db = fdb();
  for (let written = 0; written < n; written += perBatch) {
    const batch = db.batch();
    for (let i = written; i < Math.min(n, written + perBatch); i++) {
      batch.set(db.collection(`pipelines/${pipelineId}/records`).doc(), { ts: FieldValue.serverTimestamp(), data: { i }, producer: 'admin' });
    }
    await batch.commit();
    if (gapMs > 0) await sleep(gapMs);
  }
}

describe('the rolling window', SLOW, () => {
  it('is exact after 1,000 records written concurrently by 10 producers', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const team = await producers(teamId, 10);
    await Promise.all(
      team.map((p, n) => Promise.all(Array.from({ length: 100 }, (_, i) => p.append(pipelineId, { producer: n, seq: i, value: n * 1000 + i })))),
    );
    const log = await readLog(pipelineId);
    expect(log).toHaveLength(1000);
    const window = await waitForExactWindow(pipelineId);
    expect(window.count).toBe(1000);
    expect(window.records.map((r) => r.id)).toEqual(log.slice(-100).map((r) => r.id));
    // Settled means settled: no late flush changes the window afterwards (the rollup document itself may
    // still be written: its open minute is closed by the clock once the minute has ended).
    await sleep(3000);
    const later = await readWindow(pipelineId);
    expect({ records: later?.records, count: later?.count, lastTs: later?.lastTs }).toEqual({
      records: window.records,
      count: window.count,
      lastTs: window.lastTs,
    });
  });

  it('is exact when every trigger is delivered twice and in reverse order', async () => {
    const { pipelineId } = await seedPipeline();
    // Three buckets' worth, with ties on ts inside each batch.
    await adminRecords(pipelineId, 36, 6, 400);
    const settled = await waitForExactWindow(pipelineId);
    const log = await readLog(pipelineId);
    const events = log.map((r) => ({ pipelineId, recordId: r.id, ts: r.ts })).reverse();
    const db = fdb();

    // Redelivered, in reverse, onto the settled window: nothing is counted again, the records stay. (The
    // document itself may be written meanwhile: a flush after a minute boundary closes that minute.)
    const outcomes = await Promise.all(events.flatMap((e) => [handleRecordCreated(db, e), handleRecordCreated(db, e)]));
    const leaders = outcomes.filter((o): o is Extract<RecordOutcome, { role: 'leader' }> => o.role === 'leader');
    expect(leaders.length).toBeGreaterThanOrEqual(2);
    expect(leaders.map((o) => o.flush.counted + o.flush.late)).toEqual(leaders.map(() => 0));
    const after = await readWindow(pipelineId);
    expect({ records: after?.records, count: after?.count, lastTs: after?.lastTs }).toEqual({
      records: settled.records,
      count: 36,
      lastTs: settled.lastTs,
    });

    // The window gone, the same deliveries rebuild it alone: reverse order, each twice.
    await db.doc(`pipelines/${pipelineId}/rollups/last100`).delete();
    for (const e of events) {
      await handleRecordCreated(db, e);
      await handleRecordCreated(db, e);
    }
    const rebuilt = await waitForExactWindow(pipelineId, 30_000);
    expect(rebuilt.count).toBe(36);
  });

  it('takes in records that become visible behind the cursor, as on the emulator', async () => {
    const { pipelineId } = await seedPipeline();
    await adminRecords(pipelineId, 150, 30, 300);
    await waitForExactWindow(pipelineId);
    const log = await readLog(pipelineId);
    const records = fdb().collection(`pipelines/${pipelineId}/records`);
    const after = (ts: Timestamp) => new Timestamp(ts.seconds, ts.nanoseconds + 1);
    // A record written with a past ts stands for a commit that became visible late. Inside the
    // window's range, its own trigger finds it missing and flushes it in.
    await records.add({ ts: after(log[120].ts), data: { late: 'in range' }, producer: 'admin' });
    const window = await waitForExactWindow(pipelineId);
    expect(window.count).toBe(151);
    expect(window.records.some((r) => r.data.late === 'in range')).toBe(true);
    // Older than the whole window, it only changes the count: the next flush or the reconcile counts it.
    await records.add({ ts: after(log[10].ts), data: { late: 'old' }, producer: 'admin' });
    await reconcileAllWindows(fdb(), Date.now() + 60_000);
    expect((await waitForExactWindow(pipelineId, 1000)).count).toBe(152);
  });

  it('lists a record over the size bound as truncated and keeps it whole in the log', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const [producer] = await producers(teamId, 1);
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, 'x'.repeat(1000)]));
    await producer.append(pipelineId, { n: 1 });
    const bigId = await producer.append(pipelineId, big);
    await producer.append(pipelineId, { n: 3 });
    const window = await waitForExactWindow(pipelineId);
    expect(window.records).toHaveLength(3);
    expect(window.records[1]).toEqual({ id: bigId, ts: window.records[1].ts, data: {}, truncated: true });
    expect(window.records[0].data).toEqual({ n: 1 });
    expect(window.records[2].data).toEqual({ n: 3 });
    expect((await fdb().doc(`pipelines/${pipelineId}/records/${bigId}`).get()).get('data')).toEqual(big);
  });

  it('is an empty window with count 0 for a pipeline without records', async () => {
    const { pipelineId } = await seedPipeline();
    const window = await waitFor('the empty window', () => readWindow(pipelineId));
    expect(window).toMatchObject({ records: [], count: 0, lastTs: null });
    const summary = await reconcileAllWindows(fdb());
    expect(summary.outcomes.failed).toBe(0);
    expect(await readWindow(pipelineId)).toMatchObject({ records: [], count: 0, lastTs: null });
  });

  it('leaves nothing of a pipeline deleted during ingest', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const team = await producers(teamId, 3);
    let accepted = 0;
    let stop = false;
    const rejections: string[] = [];
    const ingest = team.map(async (p, n) => {
      for (let i = 0; !stop; i++) {
        try {
          await p.append(pipelineId, { producer: n, seq: i });
          accepted++;
        } catch (err) {
          rejections.push((err as { code?: string }).code ?? String(err));
          stop = true;
        }
      }
    });
    await waitFor('some records to land', async () => (accepted >= 60 ? true : undefined));
    await fdb().doc(`pipelines/${pipelineId}`).delete();
    await sleep(500);
    stop = true;
    await Promise.all(ingest);
    expect(accepted).toBeGreaterThanOrEqual(60);
    expect(rejections.every((code) => code === 'permission-denied')).toBe(true);
    await waitForNothingUnder(pipelineId);
    // The leaders of the last buckets flush after a wait: they must not bring anything back.
    await sleep(2500);
    expect(await fdb().doc(`pipelines/${pipelineId}`).listCollections()).toEqual([]);
  });
});

describe('the scheduled reconcile', SLOW, () => {
  /** A pipeline of 150 records (more than the window) whose window has settled and been verified once. */
  async function settledPipeline(): Promise<string> {
    const { pipelineId } = await seedPipeline();
    await adminRecords(pipelineId, 150, 25, 150);
    await waitForExactWindow(pipelineId);
    return pipelineId;
  }

  /** Long enough for the triggers of a settled pipeline's last records to have run on this emulator. */
  const TRIGGERS_SETTLE_MS = 5000;

  const windowDoc = (pipelineId: string) => fdb().doc(`pipelines/${pipelineId}/rollups/last100`);

  it('verifies a correct window once, then checks it in a few reads without writing it', async () => {
    const pipelineId = await settledPipeline();
    const before = (await readWindow(pipelineId))!;
    await reconcileAllWindows(fdb());
    const again = await reconcileAllWindows(fdb());
    expect(again.outcomes.rebuilt + again.outcomes.flushed + again.outcomes.failed).toBe(0);
    expect(again.outcomes.current).toBe(again.pipelines);
    // The queue of changed windows, the sweep's cursor and page, then per pipeline its window, check state and newest record.
    expect(again.reads).toBe(Math.max(1, again.changed) + 1 + Math.max(1, again.swept) + 3 * again.pipelines);
    expect((await readWindow(pipelineId))?.updateTime.isEqual(before.updateTime)).toBe(true);
  });

  const corruptions: [string, (pipelineId: string) => Promise<void>][] = [
    ['deleted', (id) => windowDoc(id).delete().then(() => undefined)],
    ['with a wrong count', (id) => windowDoc(id).update({ count: 149 }).then(() => undefined)],
    [
      'with altered data',
      async (id) => {
        const w = (await readWindow(id))!;
        w.records[50] = { ...w.records[50], data: { i: -1 } };
        await windowDoc(id).update({ records: w.records });
      },
    ],
    [
      'missing a record in the middle',
      async (id) => {
        const w = (await readWindow(id))!;
        w.records.splice(40, 1);
        await windowDoc(id).update({ records: w.records });
      },
    ],
    [
      'out of order',
      async (id) => {
        const w = (await readWindow(id))!;
        await windowDoc(id).update({ records: w.records.reverse() });
      },
    ],
    [
      'ahead of its log',
      async (id) => {
        const w = (await readWindow(id))!;
        const future = Timestamp.fromMillis(Date.now() + 3_600_000);
        const records = [...w.records.slice(1), { id: 'zzz-not-in-log', ts: future, data: { i: 999 } }];
        await windowDoc(id).update({ records, count: w.count + 1, lastTs: future });
      },
    ],
  ];

  describe('rebuilds a window', () => {
    // Settled side by side, then left alone for the triggers of their last records to have run:
    // a follower trigger still running would repair a record it finds missing before the reconcile could.
    const settled = new Map<string, string>();
    beforeAll(async () => {
      const ids = await Promise.all(corruptions.map(() => settledPipeline()));
      corruptions.forEach(([name], i) => settled.set(name, ids[i]));
      await sleep(TRIGGERS_SETTLE_MS);
    });

    // One pipeline's own check (what the scheduled run does for each), so that the others' states do not count.
    it.each(corruptions)('%s', async (name, corrupt) => {
      const pipelineId = settled.get(name)!;
      expect((await reconcileWindow(fdb(), pipelineId, flushSecondsOf(undefined))).outcome).toMatch(/^(current|verified)$/);
      await corrupt(pipelineId);
      expect((await reconcileWindow(fdb(), pipelineId, flushSecondsOf(undefined))).outcome).toBe('rebuilt');
      const window = await waitForExactWindow(pipelineId, 1000);
      expect(window.count).toBe(150);
    });
  });

  it('flushes records a lost trigger left out of a consistent but stale window', async () => {
    const pipelineId = await settledPipeline();
    // Triggers would repair the stale window themselves (a late follower flushes): let those
    // running finish, and deliver no more, so that only the reconcile can.
    await sleep(TRIGGERS_SETTLE_MS);
    await setTriggers(false);
    onTestFinished(() => setTriggers(true));
    const log = await readLog(pipelineId);
    // The window as it was before the last 25 records, as if their leader's trigger was lost.
    const stale = log.slice(-125, -25);
    await windowDoc(pipelineId).set({
      records: stale.map((r) => ({ id: r.id, ts: r.ts, data: r.data })),
      count: 125,
      lastTs: stale[stale.length - 1].ts,
      updatedAt: FieldValue.serverTimestamp(),
    });
    // Just after the last record: its flush may still be on its way.
    const early = await reconcileAllWindows(fdb(), log[log.length - 1].ts.toMillis() + 1000);
    expect(early.outcomes.flushed).toBe(0);
    expect((await readWindow(pipelineId))?.count).toBe(125);
    const later = await reconcileAllWindows(fdb(), Date.now() + 60_000);
    expect(later.outcomes.flushed).toBe(1);
    const window = await waitForExactWindow(pipelineId, 1000);
    expect(window.count).toBe(150);
  });
});
