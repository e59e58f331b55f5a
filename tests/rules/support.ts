/**
 * The shared fixture of the rules suites: a test environment on the emulator,
 * one client per actor, a seeded "world" (two teams and everything of the data
 * contract) and valid documents to write.
 */
import { initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import {
  doc,
  FirestoreError,
  getDocFromServer,
  getDocsFromServer,
  serverTimestamp,
  setLogLevel,
  Timestamp,
  writeBatch,
  type DocumentData,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Query,
  type QuerySnapshot,
} from 'firebase/firestore';
import { firestoreHost } from '../support/emulators.ts';
import { RULES_PROJECT_ID } from './project.ts';

// Denied requests are what these suites expect; the SDK would log each one.
setLogLevel('silent');

/**
 * A read the server answers, tried again while the SDK says its client is
 * offline (a busy emulator drops a client's stream now and then, and the SDK
 * reconnects with a backoff that grows to a minute). Never from the cache: an
 * offline client answers a list from its empty cache, and a denied list would
 * pass for allowed, an allowed one for empty.
 */
async function fromServer<T>(read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof FirestoreError && err.code === 'unavailable') || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export const readDoc = <T = DocumentData>(ref: DocumentReference<T>): Promise<DocumentSnapshot<T>> => fromServer(() => getDocFromServer(ref));
export const readDocs = <T = DocumentData>(q: Query<T>): Promise<QuerySnapshot<T>> => fromServer(() => getDocsFromServer(q));

/** Everyone the rules tell apart. `outsider` owns another team. */
export const ACTORS = ['anonymous', 'stranger', 'viewer', 'producer', 'editor', 'owner', 'outsider'] as const;
export type Actor = (typeof ACTORS)[number];
export type Role = 'owner' | 'editor' | 'producer' | 'viewer';

/** The actor's uid (the actor's name) and verified email. */
export const uidOf = (actor: Actor): string => actor;
export const emailOf = (actor: Actor): string => `${actor}@dash.test`;

/** The email the seeded invite of every world is addressed to. */
export const INVITEE_EMAIL = 'invitee@dash.test';

/**
 * The test environment of one suite file. firestore.rules is already loaded:
 * tests/rules/globalSetup.ts loads it once per run, since each load resets
 * the emulator's coverage report.
 */
export async function rulesEnvironment(): Promise<RulesTestEnvironment> {
  const [host, port] = firestoreHost().split(':');
  return initializeTestEnvironment({ projectId: RULES_PROJECT_ID, firestore: { host, port: Number(port) } });
}

/** The test context's compat instance also serves the modular API, which these tests use. */
function modular(db: unknown): Firestore {
  return db as Firestore;
}

/** Firestore as seen by a user with `uid` and these token claims (one instance per user and claims). */
export function clientAs(env: RulesTestEnvironment, uid: string, claims: { email?: string; email_verified?: boolean } = {}): Firestore {
  return modular(env.authenticatedContext(uid, claims).firestore());
}

/** One Firestore client per actor, signed in with a verified email (anonymous: signed out). */
export function actorClients(env: RulesTestEnvironment): Record<Actor, Firestore> {
  const clients = {} as Record<Actor, Firestore>;
  for (const actor of ACTORS) {
    clients[actor] =
      actor === 'anonymous'
        ? modular(env.unauthenticatedContext().firestore())
        : clientAs(env, uidOf(actor), { email: emailOf(actor), email_verified: true });
  }
  return clients;
}

/** Ids of one seeded world; every world has its own ids so that tests never share writable state. */
export interface World {
  team: string;
  otherTeam: string;
  privateDashboard: string;
  publicDashboard: string;
  privateSlug: string;
  publicSlug: string;
  /** A dashboard of `team` whose slug (`freeSlug`) has no slug doc yet. */
  unslugged: string;
  freeSlug: string;
  privateWidget: string;
  publicWidget: string;
  privatePipeline: string;
  publicPipeline: string;
  otherPipeline: string;
  otherDashboard: string;
  record: string;
  /** A member of `team` who is none of the actors (role viewer). */
  bystander: string;
  /** An alert rule of privatePipeline, and its state (firing). */
  alertRule: string;
  alertEvent: string;
  alertChannel: string;
  token: string;
  /** Ids whose tombstones exist: a deleted team and a deleted pipeline. */
  deadTeam: string;
  deadPipeline: string;
}

let worlds = 0;

function newWorldIds(): World {
  const w = `${Date.now().toString(36)}${(++worlds).toString(36)}`;
  return {
    team: `team-${w}`,
    otherTeam: `other-team-${w}`,
    privateDashboard: `private-dash-${w}`,
    publicDashboard: `public-dash-${w}`,
    privateSlug: `private-${w}`,
    publicSlug: `public-${w}`,
    unslugged: `unslugged-dash-${w}`,
    freeSlug: `free-${w}`,
    privateWidget: `private-widget-${w}`,
    publicWidget: `public-widget-${w}`,
    privatePipeline: `private-pipe-${w}`,
    publicPipeline: `public-pipe-${w}`,
    otherPipeline: `other-pipe-${w}`,
    otherDashboard: `other-dash-${w}`,
    record: `record-${w}`,
    bystander: `bystander-${w}`,
    alertRule: `rule-${w}`,
    alertEvent: `event-${w}`,
    alertChannel: `channel-${w}`,
    token: `token-${w}`,
    deadTeam: `dead-team-${w}`,
    deadPipeline: `dead-pipe-${w}`,
  };
}

/** Valid documents of the contract, as the app writes them. */
export const valid = {
  team: (uid: string) => ({ name: 'Team', createdAt: serverTimestamp(), createdBy: uid }),
  member: (uid: string, role: Role, email = `${uid}@dash.test`) => ({ role, email, uid, addedAt: serverTimestamp() }),
  invite: (email: string, role: Exclude<Role, 'owner'>, invitedBy: string) => ({
    role,
    invitedBy,
    createdAt: serverTimestamp(),
    email,
  }),
  dashboard: (teamId: string, slug: string, createdBy: string, isPublic = false) => ({
    teamId,
    slug,
    title: 'Dashboard',
    description: 'What it shows',
    isPublic,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
    createdBy,
  }),
  slug: (dashboardId: string, teamId: string) => ({ dashboardId, teamId }),
  widget: (pipelineId: string) => ({
    type: 'line_chart',
    pipelineId,
    config: { title: 'CPU', fields: ['cpu'], unit: '%', thresholds: [{ value: 90, color: 'critical' }] },
    position: { x: 0, y: 0, w: 6, h: 4 },
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
  }),
  pipeline: (teamId: string, createdBy: string) => ({
    teamId,
    name: 'Pipeline',
    description: 'Host metrics',
    fields: [{ name: 'cpu', type: 'number', unit: '%' }],
    public: false,
    flushSeconds: 1,
    live: 'auto',
    createdAt: serverTimestamp(),
    createdBy,
  }),
  record: (producer: string) => ({ ts: serverTimestamp(), data: { cpu: 12.5, host: 'a', up: true, note: null }, producer }),
  rollup: () => ({ records: [], count: 0, lastTs: null, updatedAt: serverTimestamp() }),
  history: () => ({
    resolution: 'minute',
    start: Timestamp.fromMillis(Date.UTC(2026, 11, 1, 18)),
    buckets: { '00': { n: 1, fields: { cpu: { n: 1, sum: 12.5, min: 12.5, max: 12.5, first: 12.5, last: 12.5 } } } },
    updatedAt: serverTimestamp(),
  }),
  alertRule: (createdBy: string) => ({
    name: 'CPU high',
    field: 'cpu',
    op: 'above',
    value: 90,
    aggregation: 'avg',
    windowSeconds: 60,
    forSeconds: 120,
    noDataSeconds: 300,
    severity: 'critical',
    enabled: true,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
    createdBy,
  }),
  alertState: (state = 'firing') => ({ state, since: serverTimestamp(), value: 95, updatedAt: serverTimestamp() }),
  alertEvent: (pipelineId: string, ruleId: string) => ({ pipelineId, ruleId, from: 'pending', to: 'firing', value: 95, at: serverTimestamp() }),
  ack: (uid: string, comment?: string) => ({ by: uid, at: serverTimestamp(), ...(comment === undefined ? {} : { comment }) }),
  alertChannel: (createdBy: string) => ({
    type: 'webhook',
    name: 'On call',
    url: 'https://hooks.example.test/dash',
    minSeverity: 'warning',
    enabled: true,
    createdAt: serverTimestamp(),
    createdBy,
  }),
  secret: () => ({ value: 's'.repeat(32) }),
  token: (createdBy: string) => ({ name: 'Sensor', prefix: 'abcd1234', createdAt: serverTimestamp(), createdBy, revoked: false }),
  tombstone: (uid: string) => ({ deletedAt: serverTimestamp(), deletedBy: uid }),
};

/** The documents of a world of the given ids, by path. */
function worldDocuments(w: World): [string, object][] {
  const docs: [string, object][] = [
    [`teams/${w.team}`, valid.team('owner')],
    ...(['owner', 'editor', 'producer', 'viewer'] as const).map((role): [string, object] => [
      `teams/${w.team}/members/${role}`,
      valid.member(role, role),
    ]),
    [`teams/${w.team}/members/${w.bystander}`, valid.member(w.bystander, 'viewer')],
    [`teams/${w.team}/invites/${INVITEE_EMAIL}`, valid.invite(INVITEE_EMAIL, 'viewer', 'owner')],
    [`teams/${w.otherTeam}`, valid.team('outsider')],
    [`teams/${w.otherTeam}/members/outsider`, valid.member('outsider', 'owner')],
    [`pipelines/${w.privatePipeline}`, valid.pipeline(w.team, 'owner')],
    [`pipelines/${w.publicPipeline}`, { ...valid.pipeline(w.team, 'owner'), public: true }],
    [`pipelines/${w.otherPipeline}`, valid.pipeline(w.otherTeam, 'outsider')],
    [`dashboards/${w.privateDashboard}`, valid.dashboard(w.team, w.privateSlug, 'owner', false)],
    [`dashboards/${w.publicDashboard}`, valid.dashboard(w.team, w.publicSlug, 'owner', true)],
    [`dashboards/${w.unslugged}`, valid.dashboard(w.team, w.freeSlug, 'owner', false)],
    [`dashboards/${w.otherDashboard}`, valid.dashboard(w.otherTeam, `other-${w.freeSlug}`, 'outsider', false)],
    [`slugs/${w.privateSlug}`, valid.slug(w.privateDashboard, w.team)],
    [`slugs/${w.publicSlug}`, valid.slug(w.publicDashboard, w.team)],
    [`dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`, valid.widget(w.privatePipeline)],
    [`dashboards/${w.publicDashboard}/widgets/${w.publicWidget}`, valid.widget(w.publicPipeline)],
  ];
  for (const pipeline of [w.privatePipeline, w.publicPipeline, w.otherPipeline]) {
    docs.push(
      [`pipelines/${pipeline}/records/${w.record}`, valid.record('producer')],
      [`pipelines/${pipeline}/rollups/last100`, valid.rollup()],
      [`pipelines/${pipeline}/history/m2026120118`, valid.history()],
    );
  }
  docs.push(
    [`pipelines/${w.privatePipeline}/alertRules/${w.alertRule}`, valid.alertRule('owner')],
    [`pipelines/${w.privatePipeline}/alerts/${w.alertRule}`, valid.alertState()],
    [`pipelines/${w.privatePipeline}/tokens/${w.token}`, valid.token('owner')],
    [`pipelines/${w.privatePipeline}/tokens/${w.token}/secret/hash`, { sha256: 'f'.repeat(64) }],
    [`pipelines/${w.privatePipeline}/ingestKeys/key`, { tokenId: w.token, response: { accepted: 1, ids: ['r'] }, expireAt: serverTimestamp() }],
    [`teams/${w.team}/alertEvents/${w.alertEvent}`, valid.alertEvent(w.privatePipeline, w.alertRule)],
    [`teams/${w.team}/alertChannels/${w.alertChannel}`, valid.alertChannel('owner')],
    [`teams/${w.team}/alertChannels/${w.alertChannel}/secret/hmac`, valid.secret()],
    [`teams/${w.team}/alertChannels/${w.alertChannel}/deliveries/d1`, { status: 'retrying', attempts: [], createdAt: serverTimestamp() }],
    [`pipelines/${w.publicPipeline}/backend/reconcile`, { count: 1, fingerprint: 'x', checkedAt: serverTimestamp() }],
    [`pipelines/${w.publicPipeline}/historyDirty/m2026120118`, { keys: { '05': true }, markedAt: serverTimestamp() }],
    [`deletedTeams/${w.deadTeam}`, valid.tombstone('owner')],
    [`deletedPipelines/${w.deadPipeline}`, valid.tombstone('owner')],
  );
  return docs;
}

/**
 * Seeds `count` fresh worlds with rules disabled, in one test context (a
 * context costs about 100 ms to start). A world: team (owner, editor,
 * producer, viewer, a bystander viewer, an invite, an alert channel with its
 * secret, an alert event) and otherTeam (outsider), private and public
 * pipelines and dashboards, widgets, slugs, records, rollups, history, an
 * alert rule with its firing state, an ingest token, and two tombstones.
 */
export async function seedWorlds(env: RulesTestEnvironment, count: number): Promise<World[]> {
  const worldList = Array.from({ length: count }, newWorldIds);
  await seedDocuments(env, worldList.flatMap(worldDocuments));
  return worldList;
}

export async function seedWorld(env: RulesTestEnvironment): Promise<World> {
  const [world] = await seedWorlds(env, 1);
  return world;
}

/** Writes documents (path, data) with rules disabled. */
export async function seedDocuments(env: RulesTestEnvironment, docs: [string, object][]): Promise<void> {
  await env.withSecurityRulesDisabled(async (context) => {
    const db = modular(context.firestore());
    // A batch holds at most 500 writes.
    for (let i = 0; i < docs.length; i += 500) {
      const batch = writeBatch(db);
      for (const [path, data] of docs.slice(i, i + 500)) batch.set(doc(db, path), data);
      await batch.commit();
    }
  });
}

/** The app's team delete: the tombstone and the team document, in one batch. */
export function deleteTeamBatch(db: Firestore, teamId: string, uid: string): Promise<void> {
  const batch = writeBatch(db);
  batch.set(doc(db, `deletedTeams/${teamId}`), valid.tombstone(uid));
  batch.delete(doc(db, `teams/${teamId}`));
  return batch.commit();
}

/** The app's pipeline delete: the tombstone and the pipeline document, in one batch. */
export function deletePipelineBatch(db: Firestore, pipelineId: string, uid: string): Promise<void> {
  const batch = writeBatch(db);
  batch.set(doc(db, `deletedPipelines/${pipelineId}`), valid.tombstone(uid));
  batch.delete(doc(db, `pipelines/${pipelineId}`));
  return batch.commit();
}
