/**
 * The Functions emulator reloading during ingest, as a deploy replaces the
 * functions in production: functions/lib is rebuilt (the emulator watches it
 * and reloads its triggers) several times while producers write to new
 * pipelines. Every window must catch up with its log by itself (no reconcile).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { closeAdmin } from '../support/admin.ts';
import { FieldValue, fdb, readWindow, seedPipeline, sleep, waitForExactWindow } from './harness.ts';

const run = promisify(execFile);
const RELOADS = Number(process.env.RELOAD_TEST_RELOADS ?? 3);
const PIPELINES = 3;
const RECORDS_PER_SECOND = 5;

afterAll(closeAdmin);

/** Writes a record to each pipeline RECORDS_PER_SECOND times a second until stopped. */
function ingest(pipelineIds: string[]): { stop(): Promise<number> } {
  let running = true;
  let written = 0;
  const loop = (async () => {
    const db = fdb();
    while (running) {
      const started = Date.now();
      await Promise.all(
        pipelineIds.map((id) =>
          db.collection(`pipelines/${id}/records`).add({ ts: FieldValue.serverTimestamp(), data: { n: written }, producer: 'admin' }),
        ),
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

describe('the rolling window across function reloads', { timeout: 600_000 }, () => {
  it('catches up on every new pipeline after the functions were rebuilt several times during ingest', async () => {
    const first = await seedPipeline();
    const pipelineIds = [first.pipelineId];
    const writer = ingest(pipelineIds);
    for (let i = 0; i < RELOADS; i++) {
      // A rebuild as a deploy would make it: every file of lib/ rewritten, the emulator reloading on the change.
      await run('npm', ['--prefix', join(ROOT, 'functions'), 'run', 'build'], { cwd: ROOT });
      if (pipelineIds.length < PIPELINES) {
        const next = await seedPipeline({ teamId: first.teamId });
        pipelineIds.push(next.pipelineId);
      }
      await sleep(3000);
    }
    const written = await writer.stop();
    expect(written).toBeGreaterThan(50);
    for (const id of pipelineIds) {
      const window = await waitForExactWindow(id, 60_000).catch(async (err: Error) => {
        const stored = await readWindow(id);
        throw new Error(`${err.message}; window updated ${stored ? `at ${stored.updateTime.toDate().toISOString()}` : 'never'}`);
      });
      expect(window.count).toBeGreaterThan(0);
    }
  });
});
