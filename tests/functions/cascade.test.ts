/**
 * Deleting a team (contract 1.1): the tombstone and the team document go in
 * one batch, the backend's cascade deletes everything else, within
 * Firestore's batch limits, and finishes a cascade that died half-way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteTeamData, finishTeamCascades, TEAM_CASCADE_STEPS } from '../../functions/src/cascade.ts';
import { closeAdmin } from '../support/admin.ts';
import { clearFirestore } from '../support/emulators.ts';
import { type DocumentData } from '../../functions/src/admin.ts';
import { FieldValue, fdb, uniqueId, waitFor } from './harness.ts';

beforeAll(async () => {
  await clearFirestore();
});

afterAll(async () => {
  await closeAdmin();
});

const now = () => FieldValue.serverTimestamp();

interface SeededTeam {
  teamId: string;
  pipelines: string[];
  dashboards: string[];
  slugs: string[];
  documents: number;
}

/** Writes documents with firebase-admin, 400 a batch. */
async function write(docs: [string, DocumentData][]): Promise<void> {
  for (let i = 0; i < docs.length; i += 400) {
    const batch = fdb().batch();
    for (const [path, data] of docs.slice(i, i + 400)) batch.set(fdb().doc(path), data);
    await batch.commit();
  }
}

/**
 * A team with everything the contract gives a team: members, invites, alert
 * channels with secrets, `events` alert events, two pipelines (records,
 * rollup, history, alert rules and states, tokens), two dashboards with
 * widgets and slugs. `withTeamDoc: false` seeds what a deleted team left.
 */
async function seedTeam(events: number, withTeamDoc = true): Promise<SeededTeam> {
  const teamId = uniqueId('team');
  const pipelines = [uniqueId('pipe'), uniqueId('pipe')];
  const dashboards = [uniqueId('dash'), uniqueId('dash')];
  const slugs = dashboards.map((d) => `slug-${d}`);
  const docs: [string, DocumentData][] = [];
  if (withTeamDoc) docs.push([`teams/${teamId}`, { name: 'Doomed', createdAt: now(), createdBy: 'owner' }]);
  for (const uid of ['owner', 'editor', 'producer', 'viewer']) {
    docs.push([`teams/${teamId}/members/${uid}`, { role: uid, uid, addedAt: now() }]);
  }
  docs.push([`teams/${teamId}/invites/someone@example.test`, { role: 'viewer', invitedBy: 'owner', createdAt: now() }]);
  docs.push([`teams/${teamId}/alertChannels/hook`, { type: 'webhook', name: 'Hook', url: 'https://h.test', minSeverity: 'info', enabled: true, createdAt: now(), createdBy: 'owner' }]);
  docs.push([`teams/${teamId}/alertChannels/hook/secret/hmac`, { value: 's'.repeat(32) }]);
  for (let i = 0; i < events; i++) {
    docs.push([`teams/${teamId}/alertEvents/e${i}`, { pipelineId: pipelines[0], ruleId: 'r', from: 'normal', to: 'firing', value: i, at: now() }]);
  }
  for (const p of pipelines) {
    docs.push([`pipelines/${p}`, { teamId, name: 'P', public: true, createdAt: now(), createdBy: 'owner' }]);
    for (let i = 0; i < 3; i++) docs.push([`pipelines/${p}/records/r${i}`, { ts: now(), data: { i }, producer: 'admin' }]);
    docs.push([`pipelines/${p}/history/m2026120118`, { resolution: 'minute', start: now(), buckets: {}, updatedAt: now() }]);
    docs.push([`pipelines/${p}/alertRules/r`, { name: 'R', field: 'i' }]);
    docs.push([`pipelines/${p}/alerts/r`, { state: 'firing', since: now(), value: 1, updatedAt: now() }]);
    docs.push([`pipelines/${p}/tokens/t`, { name: 'T', prefix: 'abcd1234', createdAt: now(), createdBy: 'owner', revoked: false }]);
    docs.push([`pipelines/${p}/tokens/t/secret/hash`, { sha256: 'f'.repeat(64) }]);
    docs.push([`pipelines/${p}/ingestKeys/k`, { tokenId: 't', response: { accepted: 1, ids: ['r0'] }, expireAt: now() }]);
  }
  dashboards.forEach((d, i) => {
    docs.push([`dashboards/${d}`, { teamId, slug: slugs[i], title: 'D', isPublic: true, createdAt: now(), updatedAt: now(), createdBy: 'owner' }]);
    docs.push([`slugs/${slugs[i]}`, { dashboardId: d, teamId }]);
    docs.push([`dashboards/${d}/widgets/w`, { type: 'stat_card', pipelineId: pipelines[i], config: {}, position: { x: 0, y: 0, w: 2, h: 2 }, createdAt: now(), updatedAt: now() }]);
  });
  await write(docs);
  return { teamId, pipelines, dashboards, slugs, documents: docs.length };
}

/** Everything of the team that is still stored, by path. */
async function leftOf(team: SeededTeam): Promise<string[]> {
  const db = fdb();
  const left: string[] = [];
  const [pipelines, dashboards] = await Promise.all([
    db.collection('pipelines').where('teamId', '==', team.teamId).get(),
    db.collection('dashboards').where('teamId', '==', team.teamId).get(),
  ]);
  left.push(...pipelines.docs.map((d) => d.ref.path), ...dashboards.docs.map((d) => d.ref.path));
  for (const ref of [db.doc(`teams/${team.teamId}`), ...team.pipelines.map((p) => db.doc(`pipelines/${p}`)), ...team.dashboards.map((d) => db.doc(`dashboards/${d}`))]) {
    if ((await ref.get()).exists) left.push(ref.path);
    for (const sub of await ref.listCollections()) left.push(`${sub.path}/*`);
  }
  for (const slug of team.slugs) if ((await db.doc(`slugs/${slug}`).get()).exists) left.push(`slugs/${slug}`);
  return left;
}

describe('deleting a team', { timeout: 240_000 }, () => {
  it('deletes all of a team of more than 500 documents, marks its tombstone and tombstones its pipelines', async () => {
    const team = await seedTeam(550);
    expect(team.documents).toBeGreaterThan(500);
    // What the app writes, in one batch.
    const batch = fdb().batch();
    batch.set(fdb().doc(`deletedTeams/${team.teamId}`), { deletedAt: now(), deletedBy: 'owner' });
    batch.delete(fdb().doc(`teams/${team.teamId}`));
    await batch.commit();

    await waitFor('the cascade to mark the tombstone', async () =>
      (await fdb().doc(`deletedTeams/${team.teamId}`).get()).get('cascadedAt') ? true : undefined,
    );
    expect(await leftOf(team)).toEqual([]);
    for (const p of team.pipelines) {
      expect((await fdb().doc(`deletedPipelines/${p}`).get()).get('deletedBy')).toBe('owner');
    }
  });

  it('is finished by the reconcile after a cascade died half-way, members last', async () => {
    // What a deleted team leaves when its trigger dies: the tombstone, no team doc, everything else.
    const team = await seedTeam(520, false);
    await fdb().doc(`deletedTeams/${team.teamId}`).set({ deletedAt: now(), deletedBy: 'owner' });
    const crash = deleteTeamData(fdb(), team.teamId, {
      afterStep: (step) => {
        if (step === 'dashboards') throw new Error('crashed');
      },
    });
    await expect(crash).rejects.toThrow('crashed');
    const left = await leftOf(team);
    expect(left.some((path) => path.startsWith('pipelines/'))).toBe(false);
    expect(left).toContain(`teams/${team.teamId}/members/*`);
    expect(left).toContain(`teams/${team.teamId}/alertEvents/*`);
    expect((await fdb().doc(`deletedTeams/${team.teamId}`).get()).get('cascadedAt')).toBeUndefined();

    expect(await finishTeamCascades(fdb())).toContain(team.teamId);
    expect(await leftOf(team)).toEqual([]);
    expect((await fdb().doc(`deletedTeams/${team.teamId}`).get()).get('cascadedAt')).toBeDefined();
    // Done means done: the next reconcile leaves it alone.
    expect(await finishTeamCascades(fdb())).not.toContain(team.teamId);
  });

  it('does nothing to a team whose document exists', async () => {
    const team = await seedTeam(1);
    expect(await deleteTeamData(fdb(), team.teamId)).toBe(false);
    expect((await leftOf(team)).length).toBeGreaterThan(5);
    expect(TEAM_CASCADE_STEPS.at(-1)).toBe('members');
  });
});
