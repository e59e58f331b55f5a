/**
 * History of records written late (imported by firebase-admin with a past
 * `ts`), across hours, days and the 35-day minute-document cutoff; duplicate
 * and reverse trigger delivery; self-healing; retention; rebuild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET_FINAL_AFTER_MS, BUCKET_MS, bucketKey, bucketStartMs, historyDocId } from '../../contract/index.ts';
import { healHistory } from '../../functions/src/history/heal.ts';
import { rebuildHistory } from '../../functions/src/history/rebuild.ts';
import { runRetention } from '../../functions/src/history/retention.ts';
import { flushWindow } from '../../functions/src/rollup/flushWindow.ts';
import { handleRecordCreated } from '../../functions/src/rollup/onRecordCreated.ts';
import { reconcileWindow } from '../../functions/src/rollup/reconcile.ts';
import { closeAdmin } from '../support/admin.ts';
import { clearFirestore } from '../support/emulators.ts';
import { fdb, readLog, readWindow, seedPipeline, Timestamp } from './harness.ts';
import { readHistory, waitForExactHistory } from './historyHarness.ts';

const MIN = BUCKET_MS.minute;
const HOUR = BUCKET_MS.hour;
const DAY = BUCKET_MS.day;

beforeAll(async () => {
  await clearFirestore();
});

afterAll(async () => {
  await closeAdmin();
});

/** Writes records at the given times (ms, with microseconds when fractional) with firebase-admin, in batches of 200. */
async function importRecords(pipelineId: string, times: number[], data: (i: number) => Record<string, unknown> = (i) => ({ i, v: (i % 17) - 8.5, on: i % 2 === 0, note: 'x' })): Promise<void> {
  const db = fdb();
  for (let from = 0; from < times.length; from += 200) {
    const batch = db.batch();
    times.slice(from, from + 200).forEach((ms, j) => {
      const i = from + j;
      const seconds = Math.floor(ms / 1000);
      batch.set(db.collection(`pipelines/${pipelineId}/records`).doc(), {
        ts: new Timestamp(seconds, Math.round((ms - seconds * 1000) * 1e6)),
        data: data(i),
        producer: 'admin',
      });
    });
    await batch.commit();
  }
}

/** The history documents' update times, to see that nothing was rewritten. */
async function historyTimes(pipelineId: string): Promise<Record<string, string>> {
  const snap = await fdb().collection(`pipelines/${pipelineId}/history`).get();
  return Object.fromEntries(snap.docs.map((d) => [d.id, d.updateTime.toDate().toISOString() + d.updateTime.nanoseconds]));
}

describe('history of imported and late records', { timeout: 180_000 }, () => {
  it('takes in a past import across hours, days and the minute-document cutoff within 70 s, and late records into closed buckets', async () => {
    const { pipelineId } = await seedPipeline();
    const now = Date.now();
    const start = bucketStartMs('hour', now - 2 * DAY) - 30 * MIN;
    // Every 47 minutes over two days (the emulator delivers triggers one at a time, ~200 ms each here:
    // the import is kept small), two records on some instants (ties on ts), and a few 40 days back.
    const times = Array.from({ length: 62 }, (_, i) => start + i * 47 * MIN + (i % 5 === 0 ? 0.25 : 0));
    times.push(times[10]!, times[50]!, now - 40 * DAY, now - 40 * DAY + 3 * HOUR, now - 40 * DAY + 3 * HOUR + 1);
    const written = Date.now();
    await importRecords(pipelineId, times);
    const { history } = await waitForExactHistory(pipelineId, { timeoutMs: BUCKET_FINAL_AFTER_MS });
    expect(Date.now() - written).toBeLessThan(BUCKET_FINAL_AFTER_MS);
    expect(history.stored.day.size).toBeGreaterThanOrEqual(3);
    expect(history.stored.hour.size).toBeGreaterThan(40);
    // 40 days back: hour buckets, no minute documents.
    expect(history.stored.hour.get(bucketStartMs('hour', now - 40 * DAY))?.n).toBe(1);
    expect((await fdb().doc(`pipelines/${pipelineId}/history/${historyDocId('minute', now - 40 * DAY)}`).get()).exists).toBe(false);

    // Late: more records into minutes, hours and days already in history.
    const late = [times[3]! + 1000, times[3]! + 2000, times[55]! + 5, now - 40 * DAY + 10];
    const lateWritten = Date.now();
    await importRecords(pipelineId, late, (i) => ({ i: 1000 + i, v: 100 + i }));
    const after = await waitForExactHistory(pipelineId, { timeoutMs: BUCKET_FINAL_AFTER_MS });
    expect(Date.now() - lateWritten).toBeLessThan(BUCKET_FINAL_AFTER_MS);
    expect(after.history.stored.minute.get(bucketStartMs('minute', times[3]!))?.fields.v?.max).toBe(101);
    expect(after.log).toHaveLength(times.length + late.length);

    // Triggers delivered again, twice, newest first (every 5th record, ties and late ones among them): history stays as it is.
    const before = await historyTimes(pipelineId);
    const events = after.log
      .filter((_, i) => i % 5 === 0)
      .map((r) => ({ pipelineId, recordId: r.id, ts: r.ts, writtenMs: Date.now() - 5000 }))
      .reverse();
    for (let i = 0; i < events.length; i += 50) {
      await Promise.all(events.slice(i, i + 50).flatMap((e) => [handleRecordCreated(fdb(), e), handleRecordCreated(fdb(), e)]));
    }
    expect(await historyTimes(pipelineId)).toEqual(before);
    expect((await fdb().collection(`pipelines/${pipelineId}/historyDirty`).count().get()).data().count).toBe(0);
  });

  it('heals a damaged recent hour, and rebuilds history from the log alone', async () => {
    const { pipelineId } = await seedPipeline();
    const now = Date.now();
    const hour = bucketStartMs('hour', now) - 2 * HOUR;
    await importRecords(pipelineId, Array.from({ length: 120 }, (_, i) => hour + i * MIN + 500));
    await waitForExactHistory(pipelineId);
    // A minute bucket (and its hour) gone wrong: the heal finds the hour off, the minute, and repairs both.
    const db = fdb();
    await db.doc(`pipelines/${pipelineId}/history/${historyDocId('minute', hour)}`).update({ 'buckets.07.n': 99 });
    await db.doc(`pipelines/${pipelineId}/history/${historyDocId('hour', hour)}`).update({ [`buckets.${bucketKey('hour', hour)}.n`]: 1 });
    await db.doc(`pipelines/${pipelineId}/backend/historyCheck`).delete();
    const healed = await healHistory(db, pipelineId, now);
    expect(healed.marked).toBeGreaterThanOrEqual(1);
    await waitForExactHistory(pipelineId);

    // As for a pipeline older than history: nothing of it, then the rebuild.
    await db.recursiveDelete(db.collection(`pipelines/${pipelineId}/history`));
    const result = await rebuildHistory(db, pipelineId, hour, now);
    expect(result.buckets.minute).toBe(120);
    expect(result.buckets.hour).toBe(2);
    const { history } = await waitForExactHistory(pipelineId, { timeoutMs: 5000 });
    expect(history.stored.minute.size).toBe(120);
  });

  it('deletes records past retentionDays and old minute documents, and leaves history and the count as they were', async () => {
    const { pipelineId } = await seedPipeline();
    const db = fdb();
    await db.doc(`pipelines/${pipelineId}`).update({ retentionDays: 2 });
    const now = Date.now();
    const oldTimes = Array.from({ length: 30 }, (_, i) => now - 3 * DAY + i * 10 * MIN);
    const recentTimes = Array.from({ length: 10 }, (_, i) => now - DAY + i * MIN);
    await importRecords(pipelineId, [...oldTimes, ...recentTimes]);
    const settled = await waitForExactHistory(pipelineId);
    // A minute document past the 35 days, as an older deployment would have left it.
    const stale = historyDocId('minute', now - 36 * DAY);
    await db.doc(`pipelines/${pipelineId}/history/${stale}`).set({ resolution: 'minute', start: Timestamp.fromMillis(bucketStartMs('hour', now - 36 * DAY)), buckets: {}, updatedAt: Timestamp.now() });
    const before = await historyTimes(pipelineId);

    const result = await runRetention(db, Date.now(), true);
    expect(result.recordsDeleted).toBeGreaterThanOrEqual(30);
    expect(result.minuteDocsDeleted).toBeGreaterThanOrEqual(1);
    const log = await readLog(pipelineId);
    expect(log).toHaveLength(10);
    const { [stale]: _gone, ...kept } = before;
    expect(await historyTimes(pipelineId)).toEqual(kept);
    expect((await readHistory(pipelineId)).stored.hour).toEqual(settled.history.stored.hour);
    // Not due again the same day.
    expect((await runRetention(db, Date.now())).ran).toBe(false);

    // The window still counts every record ever appended, also once counted again from the log alone:
    // rebuilt by the reconcile, verified without a check state, flushed without a count checkpoint.
    expect((await readWindow(pipelineId))?.count).toBe(40);
    await db.doc(`pipelines/${pipelineId}/rollups/last100`).delete();
    expect((await reconcileWindow(db, pipelineId, 1)).outcome).toBe('rebuilt');
    expect((await readWindow(pipelineId))?.count).toBe(40);
    await db.doc(`pipelines/${pipelineId}/backend/reconcile`).delete();
    expect((await reconcileWindow(db, pipelineId, 1)).outcome).toBe('verified');
    await db.doc(`pipelines/${pipelineId}/backend/countCheckpoint`).delete();
    await importRecords(pipelineId, [Date.now() - 30_000]);
    await flushWindow(db, pipelineId);
    expect((await readWindow(pipelineId))?.count).toBe(41);
  });
});
