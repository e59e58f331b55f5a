/**
 * The reconcile is fair (issue 15): pipeline ids are chosen by clients, so a
 * team can hold thousands of pipelines that sort before anyone else's. Every
 * run still checks each window that changed since its last check, and the
 * sweep of the rest resumes where the last run stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileAllWindows } from '../../functions/src/rollup/reconcile.ts';
import { closeAdmin } from '../support/admin.ts';
import { clearFirestore } from '../support/emulators.ts';
import { FieldValue, fdb, readWindow, seedPipeline, sleep, uniqueId, waitFor, waitForExactWindow } from './harness.ts';

beforeAll(async () => {
  await clearFirestore();
});

afterAll(async () => {
  await closeAdmin();
});

/** `n` pipelines of one team whose ids sort before every other ('0000-...'), written without records. */
async function lowSortingPipelines(n: number): Promise<string[]> {
  const { teamId } = await seedPipeline();
  const ids = Array.from({ length: n }, (_, i) => `0000-${String(i).padStart(4, '0')}-${uniqueId('p')}`);
  const batch = fdb().batch();
  for (const id of ids) {
    batch.set(fdb().doc(`pipelines/${id}`), { teamId, name: 'Spam', public: false, createdAt: FieldValue.serverTimestamp(), createdBy: 'x' });
  }
  await batch.commit();
  return ids;
}

async function recordsInto(pipelineId: string, n: number): Promise<void> {
  const batch = fdb().batch();
  for (let i = 0; i < n; i++) {
    batch.set(fdb().collection(`pipelines/${pipelineId}/records`).doc(), { ts: FieldValue.serverTimestamp(), data: { i }, producer: 'admin' });
  }
  await batch.commit();
}

describe('reconcile fairness', { timeout: 300_000 }, () => {
  it("repairs a victim's corrupted window in the first run, whatever sorts before it", async () => {
    const spam = await lowSortingPipelines(120);
    const { pipelineId: victim } = await seedPipeline();
    expect(spam.every((id) => id < victim)).toBe(true);
    await recordsInto(victim, 30);
    await waitForExactWindow(victim);
    await sleep(3000);
    await fdb().doc(`pipelines/${victim}/rollups/last100`).update({ count: 7 });

    // A sweep page far smaller than what sorts before the victim: only the changed-window queue can reach it.
    const summary = await reconcileAllWindows(fdb(), Date.now(), 20);
    expect(summary.swept).toBe(20);
    expect(summary.outcomes.rebuilt).toBe(1);
    expect((await waitForExactWindow(victim, 1000)).count).toBe(30);
  });

  it('sweeps windows no flush touched, resuming where the last run stopped', async () => {
    const spam = await lowSortingPipelines(45);
    const lost = spam[44];
    // A window its flush never wrote (a lost trigger), for a pipeline that never queued itself.
    await waitFor('the empty window', () => readWindow(lost));
    await fdb().doc(`pipelines/${lost}/rollups/last100`).delete();
    let repaired = false;
    for (let run = 0; run < 10 && !repaired; run++) {
      const summary = await reconcileAllWindows(fdb(), Date.now(), 20);
      repaired = (await readWindow(lost)) !== undefined;
      expect(summary.swept).toBeLessThanOrEqual(20);
    }
    expect(repaired).toBe(true);
  });
});
