/**
 * The queries the app runs are allowed, for whom they should be, and return
 * what they should; queries that could leak (everything of a collection,
 * someone else's memberships or invites) are denied.
 */
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import {
  collection,
  collectionGroup,
  limit,
  orderBy,
  query,
  Timestamp,
  where,
  type Firestore,
  type Query,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorClients,
  clientAs,
  INVITEE_EMAIL,
  readDocs,
  rulesEnvironment,
  seedDocuments,
  seedWorlds,
  valid,
  type Actor,
  type World,
} from './support.ts';

let env: RulesTestEnvironment;
let as: Record<Actor, Firestore>;
let invitee: Firestore;
/** Two worlds, so that every query has something it must not return. */
let w: World;
let other: World;

beforeAll(async () => {
  env = await rulesEnvironment();
  as = actorClients(env);
  invitee = clientAs(env, 'invitee', { email: INVITEE_EMAIL, email_verified: true });
  await env.clearFirestore();
  [w, other] = await seedWorlds(env, 2);
  // A second invite for the invitee, in the other world's team.
  await seedDocuments(env, [[`teams/${other.team}/invites/${INVITEE_EMAIL}`, valid.invite(INVITEE_EMAIL, 'editor', 'owner')]]);
});

afterAll(async () => {
  await env.cleanup();
});

async function ids(q: Query): Promise<string[]> {
  const snapshot = await assertSucceeds(readDocs(q));
  return snapshot.docs.map((d) => d.id).sort();
}

const dashboards = (db: Firestore) => collection(db, 'dashboards');
const pipelines = (db: Firestore) => collection(db, 'pipelines');
const records = (db: Firestore, pipelineId: string) => collection(db, `pipelines/${pipelineId}/records`);

describe('dashboards', () => {
  it("a team's dashboards: its viewers, editors and owners", async () => {
    const expected = [w.privateDashboard, w.publicDashboard, w.unslugged].sort();
    for (const actor of ['viewer', 'editor', 'owner'] as const) {
      expect(await ids(query(dashboards(as[actor]), where('teamId', '==', w.team)))).toEqual(expected);
    }
    for (const actor of ['anonymous', 'stranger', 'producer', 'outsider'] as const) {
      await assertFails(readDocs(query(dashboards(as[actor]), where('teamId', '==', w.team))));
    }
  });

  it("a team's public dashboards: its readers, nobody outside (1.1)", async () => {
    const publicOf = (db: Firestore) => query(dashboards(db), where('teamId', '==', w.team), where('isPublic', '==', true));
    expect(await ids(publicOf(as.viewer))).toEqual([w.publicDashboard]);
    for (const actor of ['anonymous', 'stranger', 'outsider'] as const) await assertFails(readDocs(publicOf(as[actor])));
  });

  it('all public dashboards or pipelines: nobody (1.1)', async () => {
    for (const actor of ['anonymous', 'stranger', 'owner'] as const) {
      await assertFails(readDocs(query(dashboards(as[actor]), where('isPublic', '==', true))));
      await assertFails(readDocs(query(pipelines(as[actor]), where('public', '==', true))));
    }
  });

  it('all dashboards: nobody', async () => {
    for (const actor of ['anonymous', 'stranger', 'owner'] as const) {
      await assertFails(readDocs(dashboards(as[actor])));
    }
  });

  it("a dashboard's widgets: as its dashboard", async () => {
    expect(await ids(collection(as.anonymous, `dashboards/${w.publicDashboard}/widgets`))).toEqual([w.publicWidget]);
    expect(await ids(collection(as.viewer, `dashboards/${w.privateDashboard}/widgets`))).toEqual([w.privateWidget]);
    await assertFails(readDocs(collection(as.stranger, `dashboards/${w.privateDashboard}/widgets`)));
    await assertFails(readDocs(collectionGroup(as.owner, 'widgets')));
  });
});

describe('pipelines and records', () => {
  it("a pipeline's history: its members list it; the public gets a public pipeline's by id", async () => {
    expect(await ids(collection(as.producer, `pipelines/${w.privatePipeline}/history`))).toEqual(['m2026120118']);
    await assertFails(readDocs(collection(as.anonymous, `pipelines/${w.publicPipeline}/history`)));
  });

  it("a team's pipelines: its members, producers included", async () => {
    for (const actor of ['viewer', 'producer', 'editor', 'owner'] as const) {
      expect(await ids(query(pipelines(as[actor]), where('teamId', '==', w.team)))).toEqual(
        [w.privatePipeline, w.publicPipeline].sort(),
      );
    }
    await assertFails(readDocs(query(pipelines(as.outsider), where('teamId', '==', w.team))));
    await assertFails(readDocs(pipelines(as.owner)));
  });

  it('the latest 100 records: members; never anyone else, public pipeline or not', async () => {
    const latest = (db: Firestore, p: string) => query(records(db, p), orderBy('ts', 'desc'), limit(100));
    expect(await ids(latest(as.producer, w.privatePipeline))).toEqual([w.record]);
    expect(await ids(latest(as.viewer, w.publicPipeline))).toEqual([w.record]);
    for (const actor of ['anonymous', 'stranger', 'outsider'] as const) {
      await assertFails(readDocs(latest(as[actor], w.publicPipeline)));
    }
  });

  it("records newer than the window's lastTs (instant mode): members", async () => {
    const after = (db: Firestore, ts: Timestamp) => query(records(db, w.privatePipeline), where('ts', '>', ts), orderBy('ts'));
    expect(await ids(after(as.viewer, Timestamp.fromMillis(0)))).toEqual([w.record]);
    expect(await ids(after(as.viewer, Timestamp.fromMillis(Date.now() + 60_000)))).toEqual([]);
    await assertFails(readDocs(after(as.anonymous, Timestamp.fromMillis(0))));
  });

  it('records across pipelines: nobody', async () => {
    await assertFails(readDocs(collectionGroup(as.owner, 'records')));
  });
});

describe('teams, members and invites', () => {
  it('my memberships (collection group on members.uid): mine only', async () => {
    const mine = (db: Firestore, uid: string) => query(collectionGroup(db, 'members'), where('uid', '==', uid));
    const snapshot = await assertSucceeds(readDocs(mine(as.editor, 'editor')));
    expect(snapshot.docs.map((d) => d.ref.parent.parent?.id).sort()).toEqual([w.team, other.team].sort());
    expect(snapshot.docs.every((d) => d.get('role') === 'editor')).toBe(true);
    await assertFails(readDocs(mine(as.editor, 'owner')));
    await assertFails(readDocs(mine(as.anonymous, 'owner')));
    await assertFails(readDocs(collectionGroup(as.owner, 'members')));
  });

  it("a team's members: its owners, editors and viewers; a producer only its own doc", async () => {
    expect(await ids(collection(as.viewer, `teams/${w.team}/members`))).toEqual(
      ['editor', 'owner', 'producer', 'viewer', w.bystander].sort(),
    );
    await assertFails(readDocs(collection(as.producer, `teams/${w.team}/members`)));
    await assertFails(readDocs(collection(as.outsider, `teams/${w.team}/members`)));
  });

  it('all teams: nobody', async () => {
    for (const actor of ['stranger', 'owner'] as const) await assertFails(readDocs(collection(as[actor], 'teams')));
  });

  it("a team's invites: its owners", async () => {
    expect(await ids(collection(as.owner, `teams/${w.team}/invites`))).toEqual([INVITEE_EMAIL]);
    await assertFails(readDocs(collection(as.editor, `teams/${w.team}/invites`)));
  });

  it('my pending invites (collection group on invites.email): mine only', async () => {
    const pending = (db: Firestore, email: string) => query(collectionGroup(db, 'invites'), where('email', '==', email));
    const snapshot = await assertSucceeds(readDocs(pending(invitee, INVITEE_EMAIL)));
    expect(snapshot.docs.map((d) => d.ref.parent.parent?.id).sort()).toEqual([w.team, other.team].sort());
    await assertFails(readDocs(pending(as.stranger, INVITEE_EMAIL)));
    await assertFails(readDocs(pending(as.anonymous, INVITEE_EMAIL)));
    await assertFails(readDocs(collectionGroup(invitee, 'invites')));
  });

  it('all slugs: nobody (a slug is read by its name)', async () => {
    await assertFails(readDocs(collection(as.anonymous, 'slugs')));
    await assertFails(readDocs(collection(as.owner, 'slugs')));
  });
});
