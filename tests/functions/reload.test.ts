/**
 * Function instances replaced or killed during ingest, as a deploy (or a
 * crash) does in production: the Functions emulator reloads its code
 * (its stack's copy of functions/lib changed: scripts/emulators.ts) and its worker processes are killed, whatever they
 * are doing, while records stream into new pipelines. No window may stop:
 * each keeps up during ingest and catches up with its log right after, by
 * itself (no reconcile).
 */
import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { flushWindow } from '../../functions/src/rollup/flushWindow.ts';
import { closeAdmin } from '../support/admin.ts';
import { firestoreHost } from '../support/emulators.ts';
import { FieldValue, fdb, readWindow, seedPipeline, sleep, waitForExactWindow } from './harness.ts';

const PIPELINES = 3;
const RECORDS_PER_SECOND = 4;
const KILLS = 4;
/**
 * A window further behind its newest record than this, while records arrive
 * every 250 ms, has stopped. A window that stopped at the reload falls about
 * 40 s behind by the end of ingest; one that keeps going was seen up to 25.7 s
 * behind in a fresh clone (every worker killed four times, cold starts between).
 */
const MAX_LAG_MS = 33_000;

afterAll(closeAdmin);

/**
 * The worker processes of this suite's Functions emulator (one per running
 * trigger), told from other stacks' by the Firestore emulator they talk to.
 */
function functionWorkers(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('functionsEmulatorRuntime')) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`FIRESTORE_EMULATOR_HOST=${firestoreHost()}`)) pids.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

/** Writes a record to each pipeline RECORDS_PER_SECOND times a second until stopped. */
function ingest(pipelineIds: string[]): { stop(): Promise<number> } {
  let running = true;
  let written = 0;
  const loop = (async () => {
    const db = fdb();
    while (running) {
      const started = Date.now();
      await Promise.all(
        pipelineIds.map((id) => db.collection(`pipelines/${id}/records`).add({ ts: FieldValue.serverTimestamp(), data: { n: written }, producer: 'admin' })),
      );
      written += pipelineIds.length;
      await sleep(Math.max(0, 1000 / RECORDS_PER_SECOND - (Date.now() - started)));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return written;
    },
  };
}

/** How far each window's newest record lags behind the newest record of its log, at worst, sampled every 500 ms. */
function watchLag(pipelineIds: string[]): { stop(): Promise<Map<string, number>> } {
  const worst = new Map(pipelineIds.map((id) => [id, 0]));
  let running = true;
  const loop = (async () => {
    const db = fdb();
    while (running) {
      await Promise.all(
        pipelineIds.map(async (id) => {
          const [window, newest] = await Promise.all([
            readWindow(id),
            db.collection(`pipelines/${id}/records`).orderBy('ts', 'desc').limit(1).get(),
          ]);
          const newestMs = newest.docs[0]?.get('ts')?.toMillis() as number | undefined;
          if (newestMs === undefined) return;
          const lag = newestMs - (window?.lastTs?.toMillis() ?? newestMs - 1_000_000);
          worst.set(id, Math.max(worst.get(id)!, lag));
        }),
      );
      await sleep(500);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return worst;
    },
  };
}

describe('the rolling window when function instances are replaced', { timeout: 300_000 }, () => {
  it('keeps every new pipeline\'s window going through a code reload and killed instances during ingest', async () => {
    const first = await seedPipeline();
    const pipelineIds = [first.pipelineId];
    for (let i = 1; i < PIPELINES; i++) pipelineIds.push((await seedPipeline({ teamId: first.teamId })).pipelineId);
    const writer = ingest(pipelineIds);
    await sleep(5000);
    const lag = watchLag(pipelineIds);
    // New code, as a deploy brings it: the emulator reloads when functions/lib changes.
    const now = new Date();
    utimesSync(join(process.env.DASH_FUNCTIONS_SOURCE ?? join(ROOT, 'functions'), 'lib', 'index.js'), now, now);
    let killed = 0;
    for (let i = 0; i < KILLS; i++) {
      await sleep(4000);
      for (const pid of functionWorkers()) {
        process.kill(pid, 'SIGKILL');
        killed++;
      }
    }
    await sleep(MAX_LAG_MS);
    const written = await writer.stop();
    const worst = await lag.stop();
    expect(killed).toBeGreaterThan(0);
    expect(written).toBeGreaterThan(100);
    for (const id of pipelineIds) {
      const window = await waitForExactWindow(id, 30_000).catch(async (err: Error) => {
        const stored = await readWindow(id);
        const [pipeline, checkpoint] = await Promise.all([fdb().doc(`pipelines/${id}`).get(), fdb().doc(`pipelines/${id}/backend/countCheckpoint`).get()]);
        const flush = await flushWindow(fdb(), id).catch((e: Error) => e.message);
        const after = await readWindow(id);
        throw new Error(
          `${err.message}; window written ${stored ? `at ${stored.updateTime.toDate().toISOString()}` : 'never'}; pipeline exists ${pipeline.exists}; checkpoint ${JSON.stringify(checkpoint.data())}; ` +
            `a flush from here: ${JSON.stringify(flush)}, then ${after ? `${after.records.length} records, count ${after.count}` : 'no window'}`,
        );
      });
      expect(window.count).toBeGreaterThan(0);
    }
    expect(Object.fromEntries([...worst].map(([id, ms]) => [id, ms > MAX_LAG_MS ? `${ms} ms behind` : 'kept up'])))
      .toEqual(Object.fromEntries(pipelineIds.map((id) => [id, 'kept up'])));
  });
});
