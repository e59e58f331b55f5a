/**
 * The app's multi-step flows, written as the app writes them, go through the
 * rules: creating a team, inviting, leaving, deleting a team or a pipeline,
 * renaming a slug, deleting and importing a dashboard.
 */
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import {
  addDoc,
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  writeBatch,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorClients,
  clientAs,
  deletePipelineBatch,
  deleteTeamBatch,
  readDoc,
  readDocs,
  rulesEnvironment,
  seedWorlds,
  valid,
  type Actor,
  type World,
} from './support.ts';

let env: RulesTestEnvironment;
let as: Record<Actor, Firestore>;
let worlds: World[];

function freshWorld(): World {
  const w = worlds.pop();
  if (!w) throw new Error('seed more worlds in beforeAll');
  return w;
}

beforeAll(async () => {
  env = await rulesEnvironment();
  as = actorClients(env);
  await env.clearFirestore();
  worlds = await seedWorlds(env, 10);
});

afterAll(async () => {
  await env.cleanup();
});

describe('teams', () => {
  it("a new user creates a team, then its first pipeline, dashboard with slug, widget and record", async () => {
    const w = freshWorld();
    const db = as.stranger;
    const teamId = `founded-${w.team}`;
    const team = writeBatch(db);
    team.set(doc(db, `teams/${teamId}`), valid.team('stranger'));
    team.set(doc(db, `teams/${teamId}/members/stranger`), valid.member('stranger', 'owner'));
    await assertSucceeds(team.commit());

    const pipeline = await assertSucceeds(addDoc(collection(db, 'pipelines'), valid.pipeline(teamId, 'stranger')));
    const dashboard = doc(collection(db, 'dashboards'));
    const slug = `founded-${w.freeSlug}`;
    const create = writeBatch(db);
    create.set(dashboard, valid.dashboard(teamId, slug, 'stranger'));
    create.set(doc(db, `slugs/${slug}`), valid.slug(dashboard.id, teamId));
    await assertSucceeds(create.commit());
    await assertSucceeds(addDoc(collection(dashboard, 'widgets'), valid.widget(pipeline.id)));
    await assertSucceeds(addDoc(collection(pipeline, 'records'), valid.record('stranger')));
    await assertSucceeds(readDoc(doc(db, `teams/${teamId}`)));
  });

  it('an invite round trip: invite, find it, accept in one batch, see the team', async () => {
    const w = freshWorld();
    const email = 'newcomer@dash.test';
    const invite = doc(as.owner, `teams/${w.team}/invites/${email}`);
    await assertSucceeds(setDoc(invite, { ...valid.invite(email, 'editor', 'owner'), teamName: 'Team' }));

    const newcomer = clientAs(env, 'newcomer', { email, email_verified: true });
    const pending = await assertSucceeds(readDocs(query(collectionGroup(newcomer, 'invites'), where('email', '==', email))));
    expect(pending.docs.map((d) => [d.ref.parent.parent?.id, d.get('role')])).toEqual([[w.team, 'editor']]);

    const accept = writeBatch(newcomer);
    accept.set(doc(newcomer, `teams/${w.team}/members/newcomer`), { ...valid.member('newcomer', 'editor', email) });
    accept.delete(doc(newcomer, `teams/${w.team}/invites/${email}`));
    await assertSucceeds(accept.commit());

    const memberships = await readDocs(query(collectionGroup(newcomer, 'members'), where('uid', '==', 'newcomer')));
    expect(memberships.docs.map((d) => d.ref.parent.parent?.id)).toEqual([w.team]);
    await assertSucceeds(readDoc(doc(newcomer, `teams/${w.team}`)));
    await assertSucceeds(updateDoc(doc(newcomer, `dashboards/${w.privateDashboard}`), { title: 'Edited by the newcomer' }));
    expect((await readDoc(invite)).exists()).toBe(false);
  });

  it('an owner changes a role and removes a member; a member leaves', async () => {
    const w = freshWorld();
    await assertSucceeds(updateDoc(doc(as.owner, `teams/${w.team}/members/viewer`), { role: 'editor' }));
    await assertSucceeds(deleteDoc(doc(as.owner, `teams/${w.team}/members/${w.bystander}`)));
    await assertSucceeds(deleteDoc(doc(as.producer, `teams/${w.team}/members/producer`)));
    await assertFails(readDoc(doc(as.producer, `pipelines/${w.privatePipeline}`)));
  });

  it('deleting a team: the tombstone and the team doc in one batch; from then on no role grants anything', async () => {
    const w = freshWorld();
    const db = as.owner;
    await assertSucceeds(deleteTeamBatch(db, w.team, 'owner'));
    // The rest is the backend cascade's: the owner's role is gone with the team.
    await assertFails(readDocs(collection(db, `teams/${w.team}/invites`)));
    await assertFails(deleteDoc(doc(db, `teams/${w.team}/members/editor`)));
    await assertFails(deleteDoc(doc(db, `dashboards/${w.privateDashboard}`)));
    // Leaving needs no role: the owner may still remove their own membership.
    await assertSucceeds(deleteDoc(doc(db, `teams/${w.team}/members/owner`)));
  });

  it('deleting a pipeline: the tombstone and the pipeline doc in one batch', async () => {
    const w = freshWorld();
    await assertSucceeds(deletePipelineBatch(as.editor, w.privatePipeline, 'editor'));
    await assertFails(readDoc(doc(as.editor, `pipelines/${w.privatePipeline}`)));
  });
});

describe('dashboards', () => {
  it('renaming a slug: one batch updates the dashboard, creates the new slug, deletes the old', async () => {
    const w = freshWorld();
    const db = as.editor;
    const renamed = `renamed-${w.publicSlug}`;
    const batch = writeBatch(db);
    batch.update(doc(db, `dashboards/${w.publicDashboard}`), { slug: renamed, updatedAt: serverTimestamp() });
    batch.set(doc(db, `slugs/${renamed}`), valid.slug(w.publicDashboard, w.team));
    batch.delete(doc(db, `slugs/${w.publicSlug}`));
    await assertSucceeds(batch.commit());
    expect((await readDoc(doc(as.anonymous, `slugs/${renamed}`))).get('dashboardId')).toBe(w.publicDashboard);
  });

  it('deleting a dashboard with its widgets and slug in one batch', async () => {
    const w = freshWorld();
    const db = as.editor;
    const batch = writeBatch(db);
    batch.delete(doc(db, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`));
    batch.delete(doc(db, `slugs/${w.privateSlug}`));
    batch.delete(doc(db, `dashboards/${w.privateDashboard}`));
    await assertSucceeds(batch.commit());
  });

  it("after its dashboard is gone, a slug is still deleted by the team's editors (widgets are the backend's to clean)", async () => {
    const w = freshWorld();
    const db = as.editor;
    await assertSucceeds(deleteDoc(doc(db, `dashboards/${w.privateDashboard}`)));
    await assertSucceeds(deleteDoc(doc(db, `slugs/${w.privateSlug}`)));
    await assertFails(deleteDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`)));
  });

  it('importing a dashboard: one batch creates it, its slug and its widgets', async () => {
    const w = freshWorld();
    const db = as.owner;
    const dashboard = doc(collection(db, 'dashboards'));
    const slug = `imported-${w.freeSlug}`;
    const batch = writeBatch(db);
    batch.set(dashboard, valid.dashboard(w.team, slug, 'owner', true));
    batch.set(doc(db, `slugs/${slug}`), valid.slug(dashboard.id, w.team));
    for (const pipeline of [w.privatePipeline, w.publicPipeline]) batch.set(doc(collection(dashboard, 'widgets')), valid.widget(pipeline));
    await assertSucceeds(batch.commit());
    const widgets = await readDocs(collection(as.anonymous, `dashboards/${dashboard.id}/widgets`));
    expect(widgets.size).toBe(2);
  });
});
