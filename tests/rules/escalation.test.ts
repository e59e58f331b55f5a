/**
 * Privilege escalation attempts: each is denied, and where a nearby write is
 * allowed, that control is asserted too, so a denial proves the rule and not a typo.
 */
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  doc,
  query,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
  where,
  writeBatch,
  collectionGroup as collectionGroupQuery,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorClients,
  clientAs,
  deletePipelineBatch,
  deleteTeamBatch,
  INVITEE_EMAIL,
  readDoc,
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
let worlds: World[];
let asserted = 0;

/** A world no other test has touched. */
function freshWorld(): World {
  const w = worlds.pop();
  if (!w) throw new Error('seed more worlds in beforeAll');
  return w;
}

const denied = async (attempt: Promise<unknown>) => {
  await assertFails(attempt);
  asserted++;
};

beforeAll(async () => {
  env = await rulesEnvironment();
  as = actorClients(env);
  await env.clearFirestore();
  worlds = await seedWorlds(env, 60);
});

afterAll(async () => {
  console.log(`[rules] escalation: ${asserted} attempts denied`);
  await env.cleanup();
});

const member = (db: Firestore, w: World, uid: string) => doc(db, `teams/${w.team}/members/${uid}`);

describe('roles', () => {
  it('a viewer cannot promote themselves', async () => {
    const w = freshWorld();
    await denied(updateDoc(member(as.viewer, w, 'viewer'), { role: 'owner' }));
    await denied(updateDoc(member(as.viewer, w, 'viewer'), { role: 'editor' }));
  });

  it('an editor cannot make themselves owner, a producer cannot make themselves editor', async () => {
    const w = freshWorld();
    await denied(updateDoc(member(as.editor, w, 'editor'), { role: 'owner' }));
    await denied(updateDoc(member(as.producer, w, 'producer'), { role: 'editor' }));
  });

  it('nobody changes their own role, not even an owner; owners change others', async () => {
    const w = freshWorld();
    await denied(updateDoc(member(as.owner, w, 'owner'), { role: 'editor' }));
    await assertSucceeds(updateDoc(member(as.owner, w, 'editor'), { role: 'owner' }));
  });

  it('only owners add, change or remove members', async () => {
    const w = freshWorld();
    for (const actor of ['viewer', 'producer', 'editor'] as const) {
      await denied(setDoc(member(as[actor], w, 'friend'), valid.member('friend', 'viewer')));
      await denied(updateDoc(member(as[actor], w, w.bystander), { role: 'editor' }));
      await denied(deleteDoc(member(as[actor], w, w.bystander)));
    }
  });

  it('only owners invite', async () => {
    const w = freshWorld();
    for (const actor of ['viewer', 'producer', 'editor'] as const) {
      await denied(setDoc(doc(as[actor], `teams/${w.team}/invites/friend@dash.test`), valid.invite('friend@dash.test', 'viewer', actor)));
    }
  });

  it("another team's owner can neither read nor manage this team's members", async () => {
    const w = freshWorld();
    await denied(readDoc(member(as.outsider, w, 'owner')));
    await denied(setDoc(member(as.outsider, w, 'outsider'), valid.member('outsider', 'owner')));
    await denied(updateDoc(member(as.outsider, w, 'viewer'), { role: 'owner' }));
    await denied(deleteDoc(member(as.outsider, w, 'owner')));
  });

  it('a member who left cannot rejoin by writing their member doc back', async () => {
    const w = freshWorld();
    await assertSucceeds(deleteDoc(member(as.viewer, w, 'viewer')));
    await denied(setDoc(member(as.viewer, w, 'viewer'), valid.member('viewer', 'viewer')));
    await denied(readDoc(doc(as.viewer, `dashboards/${w.privateDashboard}`)));
  });
});

describe('teams', () => {
  const newTeam = (w: World) => `new-${w.team}`;

  it('a team is not created without its creator as owner in the same batch', async () => {
    const w = freshWorld();
    await denied(setDoc(doc(as.stranger, `teams/${newTeam(w)}`), valid.team('stranger')));
    const asEditor = writeBatch(as.stranger);
    asEditor.set(doc(as.stranger, `teams/${newTeam(w)}`), valid.team('stranger'));
    asEditor.set(doc(as.stranger, `teams/${newTeam(w)}/members/stranger`), valid.member('stranger', 'editor'));
    await denied(asEditor.commit());
  });

  it('a team cannot be created with someone else as its owner', async () => {
    const w = freshWorld();
    const batch = writeBatch(as.stranger);
    batch.set(doc(as.stranger, `teams/${newTeam(w)}`), valid.team('stranger'));
    batch.set(doc(as.stranger, `teams/${newTeam(w)}/members/viewer`), valid.member('viewer', 'owner'));
    await denied(batch.commit());
    // Nor a membership alone in a team that is not being created.
    await denied(setDoc(doc(as.stranger, `teams/${newTeam(w)}/members/stranger`), valid.member('stranger', 'owner')));
  });

  it('a stranger cannot take over an existing team', async () => {
    const w = freshWorld();
    const takeover = writeBatch(as.stranger);
    takeover.set(doc(as.stranger, `teams/${w.team}`), valid.team('stranger'));
    takeover.set(member(as.stranger, w, 'stranger'), valid.member('stranger', 'owner'));
    await denied(takeover.commit());
  });

  it("a stranger cannot create a member doc in someone else's team", async () => {
    const w = freshWorld();
    for (const role of ['viewer', 'owner'] as const) {
      await denied(setDoc(member(as.stranger, w, 'stranger'), valid.member('stranger', role)));
    }
  });
});

describe('dashboards, widgets and slugs', () => {
  it('a producer cannot edit, delete or add to a dashboard', async () => {
    const w = freshWorld();
    const db = as.producer;
    await denied(updateDoc(doc(db, `dashboards/${w.privateDashboard}`), { title: 'Mine now' }));
    await denied(deleteDoc(doc(db, `dashboards/${w.privateDashboard}`)));
    await denied(setDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/extra`), valid.widget(w.privatePipeline)));
    await denied(setDoc(doc(db, 'dashboards/producer-dash'), valid.dashboard(w.team, 'producer-dash', 'producer')));
  });

  it('a viewer cannot edit a dashboard or its widgets', async () => {
    const w = freshWorld();
    await denied(updateDoc(doc(as.viewer, `dashboards/${w.publicDashboard}`), { isPublic: false }));
    await denied(updateDoc(doc(as.viewer, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`), { config: {} }));
  });

  it("an editor cannot point a widget at another team's pipeline", async () => {
    const w = freshWorld();
    const widgets = `dashboards/${w.privateDashboard}/widgets`;
    await assertSucceeds(setDoc(doc(as.editor, `${widgets}/own`), valid.widget(w.privatePipeline)));
    await denied(setDoc(doc(as.editor, `${widgets}/foreign`), valid.widget(w.otherPipeline)));
    await denied(updateDoc(doc(as.editor, `${widgets}/${w.privateWidget}`), { pipelineId: w.otherPipeline }));
  });

  it("another team's owner cannot put a widget on this team's dashboard, even on their own pipeline", async () => {
    const w = freshWorld();
    await denied(setDoc(doc(as.outsider, `dashboards/${w.publicDashboard}/widgets/spam`), valid.widget(w.otherPipeline)));
    await denied(setDoc(doc(as.outsider, `dashboards/${w.publicDashboard}/widgets/spam`), valid.widget(w.publicPipeline)));
  });

  it('an editor cannot create a dashboard in a team they are not in, nor move one there', async () => {
    const w = freshWorld();
    await denied(setDoc(doc(as.editor, 'dashboards/elsewhere'), valid.dashboard(w.otherTeam, 'elsewhere', 'editor')));
    await denied(updateDoc(doc(as.editor, `dashboards/${w.privateDashboard}`), { teamId: w.otherTeam }));
    await denied(updateDoc(doc(as.outsider, `dashboards/${w.otherDashboard}`), { teamId: w.team }));
  });

  it("another team cannot claim a slug for this team's dashboard or delete this team's slug", async () => {
    const w = freshWorld();
    await denied(setDoc(doc(as.outsider, `slugs/${w.freeSlug}`), valid.slug(w.unslugged, w.team)));
    await denied(setDoc(doc(as.outsider, `slugs/${w.freeSlug}`), valid.slug(w.unslugged, w.otherTeam)));
    await denied(deleteDoc(doc(as.outsider, `slugs/${w.publicSlug}`)));
  });

  it("an editor cannot point a slug at a dashboard of another team or of another slug", async () => {
    const w = freshWorld();
    await denied(setDoc(doc(as.editor, `slugs/${w.freeSlug}`), valid.slug(w.otherDashboard, w.otherTeam)));
    await denied(setDoc(doc(as.editor, `slugs/${w.freeSlug}`), valid.slug(w.privateDashboard, w.team)));
    await denied(updateDoc(doc(as.editor, `slugs/${w.publicSlug}`), { dashboardId: w.privateDashboard }));
  });
});

describe('pipelines, records and rollups', () => {
  it('no role sets public on a pipeline, either way', async () => {
    const w = freshWorld();
    for (const actor of ['owner', 'editor'] as const) {
      await denied(updateDoc(doc(as[actor], `pipelines/${w.privatePipeline}`), { public: true }));
      await denied(updateDoc(doc(as[actor], `pipelines/${w.publicPipeline}`), { public: false }));
    }
  });

  it('a producer cannot rewrite or delete a record, even its own', async () => {
    const w = freshWorld();
    const own = doc(as.producer, `pipelines/${w.privatePipeline}/records/${w.record}`);
    await denied(updateDoc(own, { data: { cpu: 0 } }));
    await denied(setDoc(own, valid.record('producer')));
    await denied(deleteDoc(own));
  });

  it("members of another team and viewers cannot append records", async () => {
    const w = freshWorld();
    for (const actor of ['outsider', 'viewer'] as const) {
      await denied(setDoc(doc(as[actor], `pipelines/${w.publicPipeline}/records/forged`), valid.record(actor)));
    }
  });

  it('no client writes a rollup, not even an owner on a public pipeline', async () => {
    const w = freshWorld();
    await denied(setDoc(doc(as.owner, `pipelines/${w.publicPipeline}/rollups/last100`), valid.rollup()));
  });
});

const collectionGroupOf = (db: Firestore) => collectionGroupQuery(db, 'invites');

describe('invites', () => {
  const invite = (db: Firestore, w: World, email = INVITEE_EMAIL) => doc(db, `teams/${w.team}/invites/${email}`);
  let invitee: Firestore;
  beforeAll(() => {
    invitee = clientAs(env, 'invitee', { email: INVITEE_EMAIL, email_verified: true });
  });

  /** The app's acceptance: own member doc with the invited role, and the invite deleted, in one batch. */
  function accept(db: Firestore, w: World, uid: string, data: object) {
    const batch = writeBatch(db);
    batch.set(member(db, w, uid), data);
    batch.delete(invite(db, w));
    return batch.commit();
  }

  it('the invitee, with a verified email, joins with exactly the invited role', async () => {
    const w = freshWorld();
    const db = invitee;
    await assertSucceeds(accept(db, w, 'invitee', valid.member('invitee', 'viewer', INVITEE_EMAIL)));
    await assertSucceeds(readDoc(doc(db, `dashboards/${w.privateDashboard}`)));
  });

  it('a token email in mixed case still names the lower-cased invite', async () => {
    const w = freshWorld();
    const db = clientAs(env, 'invitee', { email: 'Invitee@Dash.test', email_verified: true });
    await assertSucceeds(accept(db, w, 'invitee', valid.member('invitee', 'viewer', 'Invitee@Dash.test')));
  });

  it('a stranger cannot accept an invite addressed to another email', async () => {
    const w = freshWorld();
    await denied(setDoc(member(as.stranger, w, 'stranger'), valid.member('stranger', 'viewer', INVITEE_EMAIL)));
    await denied(accept(as.stranger, w, 'stranger', valid.member('stranger', 'viewer', 'stranger@dash.test')));
  });

  it('the invitee cannot accept with an unverified email', async () => {
    const w = freshWorld();
    const unverified = clientAs(env, 'invitee', { email: INVITEE_EMAIL, email_verified: false });
    await denied(accept(unverified, w, 'invitee', valid.member('invitee', 'viewer', INVITEE_EMAIL)));
  });

  it('the invitee cannot accept with another role than invited', async () => {
    const w = freshWorld();
    for (const role of ['editor', 'owner', 'producer'] as const) {
      await denied(accept(invitee, w, 'invitee', valid.member('invitee', role, INVITEE_EMAIL)));
    }
  });

  it('the invitee cannot accept for another uid, nor under another email', async () => {
    const w = freshWorld();
    const db = invitee;
    await denied(accept(db, w, 'friend', valid.member('friend', 'viewer', INVITEE_EMAIL)));
    await denied(accept(db, w, 'invitee', valid.member('invitee', 'viewer', 'other@dash.test')));
  });

  it("the invitee reads and declines their own invite, and no one else's", async () => {
    const w = freshWorld();
    const db = invitee;
    await seedInvite(w, 'someone@dash.test');
    await assertSucceeds(readDoc(invite(db, w)));
    await denied(readDoc(invite(db, w, 'someone@dash.test')));
    await denied(deleteDoc(invite(db, w, 'someone@dash.test')));
    await denied(readDocs(collection(db, `teams/${w.team}/invites`)));
    await denied(readDoc(invite(as.stranger, w)));
    await assertSucceeds(deleteDoc(invite(db, w)));
    const left = await readDocs(collection(as.owner, `teams/${w.team}/invites`));
    expect(left.docs.map((d) => d.id)).toEqual(['someone@dash.test']);
  });

  it('an unverified invitee can neither read nor decline nor list their invite', async () => {
    const w = freshWorld();
    const unverified = clientAs(env, 'invitee', { email: INVITEE_EMAIL, email_verified: false });
    await denied(readDoc(invite(unverified, w)));
    await denied(deleteDoc(invite(unverified, w)));
    await denied(readDocs(query(collectionGroupOf(unverified), where('email', '==', INVITEE_EMAIL))));
  });

  it('accepting uses the invite up: not without deleting it, and not again after leaving', async () => {
    const w = freshWorld();
    const keep = setDoc(member(invitee, w, 'invitee'), valid.member('invitee', 'viewer', INVITEE_EMAIL));
    await denied(keep);
    await assertSucceeds(accept(invitee, w, 'invitee', valid.member('invitee', 'viewer', INVITEE_EMAIL)));
    await assertSucceeds(deleteDoc(member(invitee, w, 'invitee')));
    await denied(setDoc(member(invitee, w, 'invitee'), valid.member('invitee', 'viewer', INVITEE_EMAIL)));
    await denied(accept(invitee, w, 'invitee', valid.member('invitee', 'viewer', INVITEE_EMAIL)));
  });

  it('acceptance does not require the optional email field', async () => {
    const w = freshWorld();
    const { email: _email, ...withoutEmail } = valid.member('invitee', 'viewer', INVITEE_EMAIL);
    await assertSucceeds(accept(invitee, w, 'invitee', withoutEmail));
  });

  it("an invite of a deleted team cannot be accepted", async () => {
    const w = freshWorld();
    await assertSucceeds(deleteTeamBatch(as.owner, w.team, 'owner'));
    await denied(accept(invitee, w, 'invitee', valid.member('invitee', 'viewer', INVITEE_EMAIL)));
    await denied(readDoc(invite(invitee, w)));
  });

  async function seedInvite(w: World, email: string) {
    await env.withSecurityRulesDisabled((context) =>
      setDoc(doc(context.firestore() as unknown as Firestore, `teams/${w.team}/invites/${email}`), valid.invite(email, 'editor', 'owner')),
    );
  }
});

describe('deleted teams (1.1)', () => {
  it('a team is deleted only in the batch that writes its tombstone, by an owner, now, as the caller', async () => {
    const w = freshWorld();
    await denied(deleteDoc(doc(as.owner, `teams/${w.team}`)));
    const tombstone = (db: Firestore, data: object) => {
      const batch = writeBatch(db);
      batch.set(doc(db, `deletedTeams/${w.team}`), data);
      batch.delete(doc(db, `teams/${w.team}`));
      return batch.commit();
    };
    await denied(tombstone(as.owner, { deletedAt: Timestamp.now(), deletedBy: 'owner' }));
    await denied(tombstone(as.owner, { deletedAt: serverTimestamp(), deletedBy: 'editor' }));
    await denied(tombstone(as.owner, { ...valid.tombstone('owner'), reason: 'x' }));
    await denied(deleteTeamBatch(as.editor, w.team, 'editor'));
    // A tombstone alone (the team kept) is refused too.
    await denied(setDoc(doc(as.owner, `deletedTeams/${w.team}`), valid.tombstone('owner')));
    await assertSucceeds(deleteTeamBatch(as.owner, w.team, 'owner'));
  });

  it('nobody founds a deleted team again, not even its owner', async () => {
    const w = freshWorld();
    await assertSucceeds(deleteTeamBatch(as.owner, w.team, 'owner'));
    for (const actor of ['stranger', 'owner', 'outsider'] as const) {
      const batch = writeBatch(as[actor]);
      batch.set(doc(as[actor], `teams/${w.team}`), valid.team(actor));
      batch.set(doc(as[actor], `teams/${w.team}/members/${actor}`), valid.member(actor, 'owner'));
      await denied(batch.commit());
    }
  });

  it('ex-members read nothing of what a deleted team leaves behind, and the public nothing either', async () => {
    const w = freshWorld();
    await assertSucceeds(deleteTeamBatch(as.owner, w.team, 'owner'));
    // What the backend's cascade has not deleted yet.
    for (const actor of ['owner', 'editor', 'viewer', 'producer'] as const) {
      const db = as[actor];
      await denied(readDoc(doc(db, `dashboards/${w.privateDashboard}`)));
      await denied(readDocs(query(collection(db, 'dashboards'), where('teamId', '==', w.team))));
      await denied(readDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`)));
      await denied(readDoc(doc(db, `pipelines/${w.privatePipeline}`)));
      await denied(readDocs(query(collection(db, 'pipelines'), where('teamId', '==', w.team))));
      await denied(readDoc(doc(db, `pipelines/${w.privatePipeline}/records/${w.record}`)));
      await denied(readDoc(doc(db, `pipelines/${w.privatePipeline}/rollups/last100`)));
      await denied(readDoc(doc(db, `teams/${w.team}/members/${w.bystander}`)));
      await denied(readDocs(collection(db, `teams/${w.team}/members`)));
      await denied(readDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}`)));
      await denied(addDocTo(db, `pipelines/${w.privatePipeline}/records`, valid.record(actor)));
    }
    await denied(readDocs(collection(as.owner, `teams/${w.team}/invites`)));
    await denied(deleteDoc(doc(as.owner, `teams/${w.team}/members/${w.bystander}`)));
    await denied(updateDoc(doc(as.owner, `teams/${w.team}/members/viewer`), { role: 'owner' }));
    await denied(setDoc(doc(as.editor, `pipelines/new-${w.privatePipeline}`), valid.pipeline(w.team, 'editor')));
    for (const actor of ['anonymous', 'stranger'] as const) {
      await denied(readDoc(doc(as[actor], `dashboards/${w.publicDashboard}`)));
      await denied(readDocs(collection(as[actor], `dashboards/${w.publicDashboard}/widgets`)));
      await denied(readDoc(doc(as[actor], `pipelines/${w.publicPipeline}`)));
      await denied(readDoc(doc(as[actor], `pipelines/${w.publicPipeline}/rollups/last100`)));
      await denied(readDoc(doc(as[actor], `pipelines/${w.publicPipeline}/history/m2026120118`)));
    }
  });

  it('tombstones are read, changed or deleted by no client', async () => {
    const w = freshWorld();
    await assertSucceeds(deleteTeamBatch(as.owner, w.team, 'owner'));
    await denied(readDoc(doc(as.owner, `deletedTeams/${w.team}`)));
    await denied(updateDoc(doc(as.owner, `deletedTeams/${w.team}`), { deletedBy: 'stranger' }));
    await denied(deleteDoc(doc(as.owner, `deletedTeams/${w.team}`)));
  });
});

describe('deleted pipelines (1.1)', () => {
  it('a pipeline is deleted only with its tombstone, and its id is never used again, by any team', async () => {
    const w = freshWorld();
    await denied(deleteDoc(doc(as.editor, `pipelines/${w.publicPipeline}`)));
    await denied(deletePipelineBatch(as.viewer, w.publicPipeline, 'viewer'));
    await denied(deletePipelineBatch(as.outsider, w.publicPipeline, 'outsider'));
    await assertSucceeds(deletePipelineBatch(as.editor, w.publicPipeline, 'editor'));
    // Its widget stays on the public dashboard: another team re-creating the id would feed it.
    await denied(setDoc(doc(as.outsider, `pipelines/${w.publicPipeline}`), valid.pipeline(w.otherTeam, 'outsider')));
    await denied(setDoc(doc(as.editor, `pipelines/${w.publicPipeline}`), valid.pipeline(w.team, 'editor')));
    await denied(readDoc(doc(as.editor, `deletedPipelines/${w.publicPipeline}`)));
  });

  it('a pipeline tombstone needs the pipeline deleted in the same batch', async () => {
    const w = freshWorld();
    await denied(setDoc(doc(as.editor, `deletedPipelines/${w.privatePipeline}`), valid.tombstone('editor')));
    await denied(setDoc(doc(as.editor, `deletedPipelines/never-${w.privatePipeline}`), valid.tombstone('editor')));
  });
});

describe('members, lists and slugs (1.1)', () => {
  it('a producer reads the team doc and its own member doc, no other member', async () => {
    const w = freshWorld();
    await assertSucceeds(readDoc(doc(as.producer, `teams/${w.team}`)));
    await assertSucceeds(readDoc(member(as.producer, w, 'producer')));
    await denied(readDoc(member(as.producer, w, 'owner')));
    await denied(readDocs(collection(as.producer, `teams/${w.team}/members`)));
  });

  it('nobody lists public dashboards or pipelines across teams, nor another team\'s', async () => {
    for (const actor of ['anonymous', 'stranger', 'outsider', 'owner'] as const) {
      const db = as[actor];
      await denied(readDocs(query(collection(db, 'dashboards'), where('isPublic', '==', true))));
      await denied(readDocs(query(collection(db, 'pipelines'), where('public', '==', true))));
    }
    const w = freshWorld();
    for (const actor of ['anonymous', 'stranger', 'outsider'] as const) {
      await denied(readDocs(query(collection(as[actor], 'dashboards'), where('teamId', '==', w.team), where('isPublic', '==', true))));
      await denied(readDocs(query(collection(as[actor], 'pipelines'), where('teamId', '==', w.team), where('public', '==', true))));
    }
  });

  it("an editor cannot take another team's slug by changing a dashboard's slug", async () => {
    const w = freshWorld();
    const claimed = `claimed-${w.freeSlug}`;
    await seedDocuments(env, [[`slugs/${claimed}`, valid.slug(w.otherDashboard, w.otherTeam)]]);
    await denied(updateDoc(doc(as.editor, `dashboards/${w.privateDashboard}`), { slug: claimed }));
    const batch = writeBatch(as.editor);
    batch.update(doc(as.editor, `dashboards/${w.privateDashboard}`), { slug: claimed });
    batch.delete(doc(as.editor, `slugs/${w.privateSlug}`));
    await denied(batch.commit());
    await denied(deleteDoc(doc(as.editor, `slugs/${w.privateSlug}`)));
  });
});

describe('alerts and tokens (1.1)', () => {
  it('no client writes an alert state beyond its ack, nor acks as a producer', async () => {
    const w = freshWorld();
    const state = doc(as.editor, `pipelines/${w.privatePipeline}/alerts/${w.alertRule}`);
    await denied(setDoc(state, valid.alertState('normal')));
    await denied(updateDoc(state, { state: 'normal' }));
    await denied(deleteDoc(state));
    await denied(updateDoc(doc(as.producer, `pipelines/${w.privatePipeline}/alerts/${w.alertRule}`), { ack: valid.ack('producer') }));
    await denied(updateDoc(doc(as.outsider, `pipelines/${w.privatePipeline}/alerts/${w.alertRule}`), { ack: valid.ack('outsider') }));
    await assertSucceeds(updateDoc(state, { ack: valid.ack('editor') }));
  });

  it('a revoked token stays revoked; no client creates or deletes one', async () => {
    const w = freshWorld();
    const token = doc(as.editor, `pipelines/${w.privatePipeline}/tokens/${w.token}`);
    await assertSucceeds(updateDoc(token, { revoked: true }));
    await denied(updateDoc(token, { revoked: false }));
    await denied(deleteDoc(token));
    await denied(setDoc(doc(as.owner, `pipelines/${w.privatePipeline}/tokens/mine`), valid.token('owner')));
  });

  it('editors and viewers never read a channel secret; viewers no channel', async () => {
    const w = freshWorld();
    await denied(readDoc(doc(as.editor, `teams/${w.team}/alertChannels/${w.alertChannel}/secret/hmac`)));
    await denied(readDoc(doc(as.viewer, `teams/${w.team}/alertChannels/${w.alertChannel}`)));
    await assertSucceeds(readDoc(doc(as.owner, `teams/${w.team}/alertChannels/${w.alertChannel}/secret/hmac`)));
  });
});

function addDocTo(db: Firestore, path: string, data: object) {
  return setDoc(doc(collection(db, path)), data);
}
