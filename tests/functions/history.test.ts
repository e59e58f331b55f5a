/**
 * History while records flow (invariant 5): at 1 and 100 records/s and under
 * 10 concurrent producers, the minutes closed across a minute boundary equal
 * the log's, and so does the rollup's open minute. The three pipelines
 * ingest at once, across the same boundary, to keep the file short.
 */
import { describe, expect, it } from 'vitest';
import { BUCKET_MS, bucketStartMs } from '../../contract/index.ts';
import { closeQuietMinutes } from '../../functions/src/history/closeQuiet.ts';
import { FieldValue, fdb, producerOf, readWindow, seedPipeline, sleep, useFreshEmulators, waitForExactWindow } from './harness.ts';
import { readHistory, untilSecond, waitForExactHistory } from './historyHarness.ts';

useFreshEmulators();

/** Appends records with firebase-admin at `perSecond` for `ms`: a batch every 100 ms (or every record below 10/s), commits not awaited in turn. */
async function adminStream(pipelineId: string, perSecond: number, ms: number): Promise<number> {
  const db = fdb();
  const perTick = Math.max(1, Math.round(perSecond / 10));
  const tickMs = perSecond < 10 ? 1000 / perSecond : 100;
  const commits: Promise<unknown>[] = [];
  let n = 0;
  const start = Date.now();
  for (let tick = 0; tick * tickMs < ms; tick++) {
    await sleep(Math.max(0, start + tick * tickMs - Date.now()));
    const batch = db.batch();
    for (let i = 0; i < perTick; i++, n++) {
      batch.set(db.collection(`pipelines/${pipelineId}/records`).doc(), {
        ts: FieldValue.serverTimestamp(),
        data: { i: n, v: Math.sin(n) * 50, on: n % 3 === 0, label: `r${n}` },
        producer: 'admin',
      });
    }
    commits.push(batch.commit());
  }
  await Promise.all(commits);
  return n;
}

describe('history while records flow', { timeout: 180_000 }, () => {
  // First, on an emulator no burst has loaded yet: the next test waits for a minute's end anyway.
  it('closes the open minute by the clock, once it has ended, with no later record', async () => {
    const { pipelineId } = await seedPipeline();
    // Its records all in one minute, with half a minute to spare: a flush that runs after the minute's end closes it by the clock.
    if (new Date().getUTCSeconds() > 30) await untilSecond(1);
    await adminStream(pipelineId, 10, 500);
    await waitForExactWindow(pipelineId);
    const open = await waitForExactHistory(pipelineId);
    const minute = open.history.minute!;
    expect(minute.n).toBe(open.log.length);
    // Not before its end (+ skew): the scheduled close leaves it open.
    await closeQuietMinutes(fdb(), minute.startMs + BUCKET_MS.minute - 1);
    expect((await readHistory(pipelineId)).minute?.startMs).toBe(minute.startMs);
    // After it, it goes to its minute document, and the rollup has no open minute.
    const closed = await closeQuietMinutes(fdb(), minute.startMs + BUCKET_MS.minute + 1500);
    expect(closed.closed).toBeGreaterThanOrEqual(1);
    const { history } = await waitForExactHistory(pipelineId, { throughAtLeast: minute.startMs + BUCKET_MS.minute });
    expect(history.minute).toBeNull();
    expect(history.stored.minute.get(minute.startMs)?.n).toBe(open.log.length);
    expect((await readWindow(pipelineId))?.count).toBe(open.log.length);
  });

  it('is exact at 1 and 100 records/s and with 10 concurrent producers, across a minute boundary', async () => {
    const [slow, fast, crowd] = await Promise.all([seedPipeline(), seedPipeline(), seedPipeline()]);
    const team = await Promise.all(Array.from({ length: 10 }, () => producerOf(crowd.teamId)));
    // One record each first, so that every session is connected before the boundary (on a busy machine the first write of a session can take seconds).
    await Promise.all(team.map((p, k) => p.append(crowd.pipelineId, { producer: k, seq: -1, temp: 20 + k })));
    await untilSecond(55);
    const boundary = bucketStartMs('minute', Date.now()) + BUCKET_MS.minute;
    const [nSlow, nFast] = await Promise.all([
      adminStream(slow.pipelineId, 1, 9000),
      adminStream(fast.pipelineId, 100, 9000),
      Promise.all(
        team.map(async (p, k) => {
          for (const end = Date.now() + 9000, i = { n: 0 }; Date.now() < end; i.n++) {
            await p.append(crowd.pipelineId, { producer: k, seq: i.n, temp: 20 + k + i.n / 100 });
            await sleep(200);
          }
        }),
      ),
    ]);
    expect(nSlow).toBe(9);
    expect(nFast).toBe(900);
    for (const { pipelineId } of [slow, fast, crowd]) {
      const { history } = await waitForExactHistory(pipelineId, { throughAtLeast: boundary });
      // The minute before the boundary is in its minute document. The one after it is open in the rollup,
      // unless (on a loaded machine, checking three pipelines in turn) it has ended since and a flush closed it by the clock.
      expect(history.stored.minute.get(boundary - BUCKET_MS.minute)?.n).toBeGreaterThan(0);
      const after = history.minute?.startMs === boundary ? history.minute : history.stored.minute.get(boundary);
      expect(after?.n).toBeGreaterThan(0);
      if (history.minute?.startMs !== boundary) expect(Date.now()).toBeGreaterThan(boundary + BUCKET_MS.minute);
    }
  });
});
