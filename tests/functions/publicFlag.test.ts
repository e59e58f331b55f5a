import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeDirtyPublicFlags, syncWidget } from '../../functions/src/publicFlag.ts';
import { closeAdmin } from '../support/admin.ts';
import { clearFirestore } from '../support/emulators.ts';
import { FieldValue, fdb, seedPipeline, sleep, uniqueId, waitFor, waitForExactWindow, waitForNothingUnder, type Timestamp } from './harness.ts';

beforeAll(async () => {
  await clearFirestore();
});

afterAll(async () => {
  await closeAdmin();
});

async function dashboard(teamId: string, isPublic: boolean, slug = uniqueId('slug')): Promise<string> {
  const id = uniqueId('dash');
  const now = FieldValue.serverTimestamp();
  await fdb().doc(`dashboards/${id}`).set({ teamId, slug, title: 'Board', isPublic, createdAt: now, updatedAt: now, createdBy: 'owner' });
  await fdb().doc(`slugs/${slug}`).set({ dashboardId: id, teamId });
  return id;
}

async function widget(dashboardId: string, pipelineId: string): Promise<{ id: string; at: Timestamp }> {
  const id = uniqueId('w');
  const now = FieldValue.serverTimestamp();
  const result = await fdb()
    .doc(`dashboards/${dashboardId}/widgets/${id}`)
    .set({ type: 'stat_card', pipelineId, config: {}, position: { x: 0, y: 0, w: 2, h: 2 }, createdAt: now, updatedAt: now });
  return { id, at: result.writeTime };
}

/**
 * Asserts that `public` settles at `expected` after `after`: a recompute
 * later than `after` has left it so, and no recompute changed anything for
 * 2 s. Waiting for the expected value rather than for the first recompute:
 * one already running when `after` was written may commit later from the
 * widget mirrors as they were, the recompute of `after` itself still queued.
 */
async function expectPublicAfter(pipelineId: string, after: Timestamp, expected: boolean): Promise<void> {
  const flagDoc = fdb().doc(`pipelines/${pipelineId}/backend/publicFlag`);
  let last = 0;
  let stableSince = 0;
  await waitFor(
    `public of ${pipelineId} to settle at ${expected}`,
    async () => {
      const checked = (await flagDoc.get()).get('checkedAt') as Timestamp | undefined;
      if (!checked || checked.valueOf() <= after.valueOf() || (await isPublic(pipelineId)) !== expected) return undefined;
      if (checked.toMillis() !== last) {
        last = checked.toMillis();
        stableSince = Date.now();
        return undefined;
      }
      return Date.now() - stableSince >= 2000 ? true : undefined;
    },
    90_000,
  ).catch(() => undefined);
  expect(await isPublic(pipelineId)).toBe(expected);
}

const isPublic = async (pipelineId: string) => (await fdb().doc(`pipelines/${pipelineId}`).get()).get('public') as boolean;

describe.concurrent('pipelines/{id}.public', { timeout: 180_000 }, () => {
  it('turns true with a widget on a public dashboard, and false when that widget is deleted', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const board = await dashboard(teamId, true);
    const w = await widget(board, pipelineId);
    await expectPublicAfter(pipelineId, w.at, true);
    const removed = await fdb().doc(`dashboards/${board}/widgets/${w.id}`).delete();
    await expectPublicAfter(pipelineId, removed.writeTime, false);
  });

  it('stays false with widgets on private dashboards only', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const w = await widget(await dashboard(teamId, false), pipelineId);
    await expectPublicAfter(pipelineId, w.at, false);
  });

  it('moves with a widget changed to another pipeline', async () => {
    const { teamId, pipelineId: from } = await seedPipeline();
    const { pipelineId: to } = await seedPipeline({ teamId });
    const board = await dashboard(teamId, true);
    const w = await widget(board, from);
    await expectPublicAfter(from, w.at, true);
    const moved = await fdb().doc(`dashboards/${board}/widgets/${w.id}`).update({ pipelineId: to });
    await expectPublicAfter(from, moved.writeTime, false);
    await expectPublicAfter(to, moved.writeTime, true);
  });

  it("follows a dashboard's isPublic both ways, while another private dashboard also shows the pipeline", async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const board = await dashboard(teamId, false);
    await widget(board, pipelineId);
    const other = await widget(await dashboard(teamId, false), pipelineId);
    await expectPublicAfter(pipelineId, other.at, false);
    const opened = await fdb().doc(`dashboards/${board}`).update({ isPublic: true });
    await expectPublicAfter(pipelineId, opened.writeTime, true);
    const closed = await fdb().doc(`dashboards/${board}`).update({ isPublic: false });
    await expectPublicAfter(pipelineId, closed.writeTime, false);
  });

  it('stays true while a second public dashboard shows it, then turns false when that one goes private', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const first = await dashboard(teamId, true);
    const second = await dashboard(teamId, true);
    await widget(first, pipelineId);
    const w = await widget(second, pipelineId);
    await expectPublicAfter(pipelineId, w.at, true);
    const deleted = await fdb().doc(`dashboards/${first}`).delete();
    await expectPublicAfter(pipelineId, deleted.writeTime, true);
    const closed = await fdb().doc(`dashboards/${second}`).update({ isPublic: false });
    await expectPublicAfter(pipelineId, closed.writeTime, false);
  });
});

describe.concurrent('deleting', { timeout: 180_000 }, () => {
  it('a dashboard deletes its widgets and its slug, and its pipelines stop being public', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const slug = uniqueId('slug');
    const board = await dashboard(teamId, true, slug);
    await widget(board, pipelineId);
    const w = await widget(board, pipelineId);
    await expectPublicAfter(pipelineId, w.at, true);
    const deleted = await fdb().doc(`dashboards/${board}`).delete();
    await waitFor('the widgets and slug to go', async () => {
      const [widgets, slugDoc] = await Promise.all([fdb().collection(`dashboards/${board}/widgets`).get(), fdb().doc(`slugs/${slug}`).get()]);
      return widgets.empty && !slugDoc.exists ? true : undefined;
    });
    await expectPublicAfter(pipelineId, deleted.writeTime, false);
  });

  it('a dashboard leaves a slug that already names another dashboard', async () => {
    const { teamId } = await seedPipeline();
    const slug = uniqueId('slug');
    const old = await dashboard(teamId, false, slug);
    const current = await dashboard(teamId, false, slug);
    const w = await widget(old, (await seedPipeline()).pipelineId);
    await fdb().doc(`dashboards/${old}`).delete();
    await waitFor('the old widgets to go', async () => ((await fdb().doc(`dashboards/${old}/widgets/${w.id}`).get()).exists ? undefined : true));
    // The cascade deletes widgets before it looks at the slug: give it that step too.
    await sleep(2000);
    expect((await fdb().doc(`slugs/${slug}`).get()).get('dashboardId')).toBe(current);
  });

  it('a pipeline deletes its records, window and backend state, and leaves the widgets that showed it', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const board = await dashboard(teamId, true);
    const w = await widget(board, pipelineId);
    await expectPublicAfter(pipelineId, w.at, true);
    const batch = fdb().batch();
    for (let i = 0; i < 30; i++) {
      batch.set(fdb().collection(`pipelines/${pipelineId}/records`).doc(), { ts: FieldValue.serverTimestamp(), data: { i }, producer: 'admin' });
    }
    await batch.commit();
    await waitForExactWindow(pipelineId);
    expect(await isPublic(pipelineId)).toBe(true);
    await fdb().doc(`pipelines/${pipelineId}`).delete();
    await waitForNothingUnder(pipelineId);
    expect((await fdb().doc(`dashboards/${board}/widgets/${w.id}`).get()).get('pipelineId')).toBe(pipelineId);
  });
});

describe.concurrent('public flag, contract 1.1', { timeout: 240_000 }, () => {
  it("counts only dashboards of the pipeline's own team", async () => {
    const { pipelineId } = await seedPipeline();
    const { teamId: otherTeam } = await seedPipeline();
    // Only trusted code can write this widget: the rules refuse a pipeline of another team.
    const w = await widget(await dashboard(otherTeam, true), pipelineId);
    await expectPublicAfter(pipelineId, w.at, false);
  });

  it('stays false after a pipeline id is reused by another team, until that team shows it publicly', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const board = await dashboard(teamId, true);
    const w = await widget(board, pipelineId);
    await expectPublicAfter(pipelineId, w.at, true);
    const deletion = fdb().batch();
    deletion.set(fdb().doc(`deletedPipelines/${pipelineId}`), { deletedAt: FieldValue.serverTimestamp(), deletedBy: 'owner' });
    deletion.delete(fdb().doc(`pipelines/${pipelineId}`));
    await deletion.commit();
    await waitForNothingUnder(pipelineId);
    // Re-created by trusted code in another team (clients cannot: the tombstone).
    const { teamId: newTeam } = await seedPipeline();
    await fdb().doc(`pipelines/${pipelineId}`).set({ teamId: newTeam, name: 'Reused', public: false, createdAt: FieldValue.serverTimestamp(), createdBy: 'x' });
    // The old team's public widget still names the id; a write to it recomputes the flag.
    const touched = await fdb().doc(`dashboards/${board}/widgets/${w.id}`).update({ updatedAt: FieldValue.serverTimestamp() });
    await expectPublicAfter(pipelineId, touched.writeTime, false);
    const own = await widget(await dashboard(newTeam, true), pipelineId);
    await expectPublicAfter(pipelineId, own.at, true);
  });

  it('reads a handful of documents per widget write, however many widgets name the pipeline', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const { pipelineId: small } = await seedPipeline({ teamId });
    const boards = await Promise.all(Array.from({ length: 10 }, () => dashboard(teamId, false)));
    const now = FieldValue.serverTimestamp();
    const batch = fdb().batch();
    for (let i = 0; i < 150; i++) {
      batch.set(fdb().doc(`dashboards/${boards[i % 10]}/widgets/many-${i}`), {
        type: 'line_chart', pipelineId, config: {}, position: { x: 0, y: 0, w: 2, h: 2 }, createdAt: now, updatedAt: now,
      });
    }
    await batch.commit();
    const many = await widget(boards[0], pipelineId);
    const one = await widget(boards[0], small);
    const readsMany = await syncWidget(fdb(), boards[0], many.id, [pipelineId]);
    const readsOne = await syncWidget(fdb(), boards[0], one.id, [small]);
    expect(readsMany).toBeLessThanOrEqual(6);
    expect(readsMany).toBe(readsOne);
    // And the flag is right: a public dashboard's widget among the 151 makes it public.
    const open = await fdb().doc(`dashboards/${boards[3]}`).update({ isPublic: true });
    await expectPublicAfter(pipelineId, open.writeTime, true);
  });

  it('converges when a recompute gave up: the reconcile fixes a flag left dirty', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const w = await widget(await dashboard(teamId, true), pipelineId);
    await expectPublicAfter(pipelineId, w.at, true);
    // A stale flag, as a recompute that gave up under contention leaves it.
    await fdb().doc(`pipelines/${pipelineId}`).update({ public: false });
    await fdb().doc(`pipelines/${pipelineId}/backend/publicFlag`).set({ dirty: true }, { merge: true });
    expect(await recomputeDirtyPublicFlags(fdb())).toBeGreaterThanOrEqual(1);
    expect(await isPublic(pipelineId)).toBe(true);
    expect((await fdb().doc(`pipelines/${pipelineId}/backend/publicFlag`).get()).get('dirty')).toBe(false);
  });
});
