/**
 * The access policy of the data contract as a table, and one generated test per
 * cell: every collection x every actor x get, list, create, update, delete.
 * Each write is a valid document, so a denial can only come from who asks.
 */
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import {
  addDoc,
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  writeBatch,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  actorClients,
  ACTORS,
  deletePipelineBatch,
  deleteTeamBatch,
  INVITEE_EMAIL,
  readDoc,
  readDocs,
  rulesEnvironment,
  seedWorld,
  seedWorlds,
  valid,
  type Actor,
  type World,
} from './support.ts';

const OPS = ['get', 'list', 'create', 'update', 'delete'] as const;
type Op = (typeof OPS)[number];

const EVERYONE = ACTORS;
const SIGNED_IN = ACTORS.filter((a) => a !== 'anonymous');
const MEMBERS: readonly Actor[] = ['viewer', 'producer', 'editor', 'owner'];
/** Producers read pipelines, records, rollups and history, their own member doc and the team doc, "nothing else". */
const READERS: readonly Actor[] = ['viewer', 'editor', 'owner'];
const RECORD_WRITERS: readonly Actor[] = ['producer', 'editor', 'owner'];
const EDITORS: readonly Actor[] = ['editor', 'owner'];
const OWNERS: readonly Actor[] = ['owner'];
const NOBODY: readonly Actor[] = [];

type Row = Record<Op, readonly Actor[]>;
const row = (get: readonly Actor[], list: readonly Actor[], create: readonly Actor[], update: readonly Actor[], del: readonly Actor[]): Row => ({
  get,
  list,
  create,
  update,
  delete: del,
});

/**
 * Who may do what (data contract 1.1), on a world of team T (owner, editor,
 * producer, viewer) and another team (outsider). A stranger is signed in and
 * in no team. Lists are the app's queries, constrained to team T.
 */
const POLICY = {
  //                       get        list       create          update    delete
  team:             row(MEMBERS,   NOBODY,    SIGNED_IN,      OWNERS,   OWNERS),
  member:           row(READERS,   READERS,   OWNERS,         OWNERS,   OWNERS),
  ownMember:        row(MEMBERS,   SIGNED_IN, NOBODY,         NOBODY,   SIGNED_IN),
  invite:           row(OWNERS,    OWNERS,    OWNERS,         NOBODY,   OWNERS),
  privateDashboard: row(READERS,   READERS,   EDITORS,        EDITORS,  EDITORS),
  publicDashboard:  row(EVERYONE,  READERS,   EDITORS,        EDITORS,  EDITORS),
  slug:             row(EVERYONE,  NOBODY,    EDITORS,        NOBODY,   EDITORS),
  privateWidget:    row(READERS,   READERS,   EDITORS,        EDITORS,  EDITORS),
  publicWidget:     row(EVERYONE,  EVERYONE,  EDITORS,        EDITORS,  EDITORS),
  privatePipeline:  row(MEMBERS,   MEMBERS,   EDITORS,        EDITORS,  EDITORS),
  publicPipeline:   row(EVERYONE,  MEMBERS,   NOBODY,         EDITORS,  EDITORS),
  privateRecord:    row(MEMBERS,   MEMBERS,   RECORD_WRITERS, NOBODY,   NOBODY),
  publicRecord:     row(MEMBERS,   MEMBERS,   RECORD_WRITERS, NOBODY,   NOBODY),
  privateRollup:    row(MEMBERS,   MEMBERS,   NOBODY,         NOBODY,   NOBODY),
  publicRollup:     row(EVERYONE,  EVERYONE,  NOBODY,         NOBODY,   NOBODY),
  privateHistory:   row(MEMBERS,   MEMBERS,   NOBODY,         NOBODY,   NOBODY),
  publicHistory:    row(EVERYONE,  MEMBERS,   NOBODY,         NOBODY,   NOBODY),
  alertRule:        row(READERS,   READERS,   EDITORS,        EDITORS,  EDITORS),
  alertState:       row(READERS,   READERS,   NOBODY,         READERS,  NOBODY),
  alertEvent:       row(READERS,   READERS,   NOBODY,         NOBODY,   NOBODY),
  alertChannel:     row(EDITORS,   EDITORS,   OWNERS,         OWNERS,   OWNERS),
  channelSecret:    row(OWNERS,    OWNERS,    OWNERS,         OWNERS,   OWNERS),
  channelDelivery:  row(OWNERS,    OWNERS,    NOBODY,         NOBODY,   NOBODY),
  token:            row(EDITORS,   EDITORS,   NOBODY,         EDITORS,  NOBODY),
  tokenHash:        row(NOBODY,    NOBODY,    NOBODY,         NOBODY,   NOBODY),
  ingestKey:        row(NOBODY,    NOBODY,    NOBODY,         NOBODY,   NOBODY),
  deletedTeam:      row(NOBODY,    NOBODY,    NOBODY,         NOBODY,   NOBODY),
  deletedPipeline:  row(NOBODY,    NOBODY,    NOBODY,         NOBODY,   NOBODY),
  backendState:     row(NOBODY,    NOBODY,    NOBODY,         NOBODY,   NOBODY),
  historyDirty:     row(NOBODY,    NOBODY,    NOBODY,         NOBODY,   NOBODY),
} satisfies Record<string, Row>;

type Target = keyof typeof POLICY;
type Operation = (db: Firestore, w: World, uid: string) => Promise<unknown>;

/** Creates a dashboard with its slug doc in one batch, as the app does. */
function createDashboard(db: Firestore, id: string, data: ReturnType<typeof valid.dashboard>): Promise<void> {
  const batch = writeBatch(db);
  batch.set(doc(db, `dashboards/${id}`), data);
  batch.set(doc(db, `slugs/${data.slug}`), valid.slug(id, data.teamId));
  return batch.commit();
}

/** What each cell does: the app's own reads and valid writes. */
const OPERATIONS: Record<Target, Record<Op, Operation>> = {
  team: {
    get: (db, w) => readDoc(doc(db, `teams/${w.team}`)),
    list: (db) => readDocs(collection(db, 'teams')),
    // A new team, in one batch with the creator's owner membership.
    create: (db, w, uid) => {
      const batch = writeBatch(db);
      batch.set(doc(db, `teams/new-${w.team}`), valid.team(uid));
      batch.set(doc(db, `teams/new-${w.team}/members/${uid}`), valid.member(uid, 'owner'));
      return batch.commit();
    },
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}`), { name: 'Renamed' }),
    // With its tombstone, in one batch.
    delete: (db, w, uid) => deleteTeamBatch(db, w.team, uid),
  },
  // Another member's doc (the bystander, a viewer).
  member: {
    get: (db, w) => readDoc(doc(db, `teams/${w.team}/members/${w.bystander}`)),
    list: (db, w) => readDocs(collection(db, `teams/${w.team}/members`)),
    create: (db, w) => setDoc(doc(db, `teams/${w.team}/members/newcomer`), valid.member('newcomer', 'viewer')),
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}/members/${w.bystander}`), { role: 'editor' }),
    delete: (db, w) => deleteDoc(doc(db, `teams/${w.team}/members/${w.bystander}`)),
  },
  // The caller's own member doc: read it, list one's memberships (collection group), leave (a
  // non-member deletes nothing); never set one's own role.
  ownMember: {
    get: (db, w, uid) => readDoc(doc(db, `teams/${w.team}/members/${uid}`)),
    list: (db, _w, uid) => readDocs(query(collectionGroup(db, 'members'), where('uid', '==', uid))),
    create: (db, w, uid) => setDoc(doc(db, `teams/${w.team}/members/${uid}`), valid.member(uid, 'owner')),
    update: (db, w, uid) => updateDoc(doc(db, `teams/${w.team}/members/${uid}`), { role: 'owner' }),
    delete: (db, w, uid) => deleteDoc(doc(db, `teams/${w.team}/members/${uid}`)),
  },
  invite: {
    get: (db, w) => readDoc(doc(db, `teams/${w.team}/invites/${INVITEE_EMAIL}`)),
    list: (db, w) => readDocs(collection(db, `teams/${w.team}/invites`)),
    create: (db, w, uid) => setDoc(doc(db, `teams/${w.team}/invites/new@dash.test`), valid.invite('new@dash.test', 'editor', uid)),
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}/invites/${INVITEE_EMAIL}`), { role: 'editor' }),
    delete: (db, w) => deleteDoc(doc(db, `teams/${w.team}/invites/${INVITEE_EMAIL}`)),
  },
  privateDashboard: {
    get: (db, w) => readDoc(doc(db, `dashboards/${w.privateDashboard}`)),
    list: (db, w) => readDocs(query(collection(db, 'dashboards'), where('teamId', '==', w.team))),
    create: (db, w, uid) => createDashboard(db, `new-${w.privateDashboard}`, valid.dashboard(w.team, `new-${w.privateSlug}`, uid)),
    update: (db, w) => updateDoc(doc(db, `dashboards/${w.privateDashboard}`), { title: 'Renamed', updatedAt: serverTimestamp() }),
    delete: (db, w) => deleteDoc(doc(db, `dashboards/${w.privateDashboard}`)),
  },
  publicDashboard: {
    get: (db, w) => readDoc(doc(db, `dashboards/${w.publicDashboard}`)),
    list: (db, w) => readDocs(query(collection(db, 'dashboards'), where('teamId', '==', w.team), where('isPublic', '==', true))),
    create: (db, w, uid) => createDashboard(db, `new-${w.publicDashboard}`, valid.dashboard(w.team, `new-${w.publicSlug}`, uid, true)),
    update: (db, w) => updateDoc(doc(db, `dashboards/${w.publicDashboard}`), { isPublic: false, updatedAt: serverTimestamp() }),
    delete: (db, w) => deleteDoc(doc(db, `dashboards/${w.publicDashboard}`)),
  },
  slug: {
    get: (db, w) => readDoc(doc(db, `slugs/${w.privateSlug}`)),
    list: (db) => readDocs(collection(db, 'slugs')),
    create: (db, w) => setDoc(doc(db, `slugs/${w.freeSlug}`), valid.slug(w.unslugged, w.team)),
    update: (db, w) => updateDoc(doc(db, `slugs/${w.privateSlug}`), { dashboardId: w.unslugged }),
    // A slug goes once its dashboard no longer names it: a rename in one batch.
    delete: (db, w) => {
      const renamed = `renamed-${w.privateSlug}`;
      const batch = writeBatch(db);
      batch.update(doc(db, `dashboards/${w.privateDashboard}`), { slug: renamed, updatedAt: serverTimestamp() });
      batch.set(doc(db, `slugs/${renamed}`), valid.slug(w.privateDashboard, w.team));
      batch.delete(doc(db, `slugs/${w.privateSlug}`));
      return batch.commit();
    },
  },
  privateWidget: {
    get: (db, w) => readDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`)),
    list: (db, w) => readDocs(collection(db, `dashboards/${w.privateDashboard}/widgets`)),
    create: (db, w) => addDoc(collection(db, `dashboards/${w.privateDashboard}/widgets`), valid.widget(w.privatePipeline)),
    update: (db, w) =>
      updateDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`), {
        position: { x: 6, y: 0, w: 6, h: 4 },
        updatedAt: serverTimestamp(),
      }),
    delete: (db, w) => deleteDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`)),
  },
  publicWidget: {
    get: (db, w) => readDoc(doc(db, `dashboards/${w.publicDashboard}/widgets/${w.publicWidget}`)),
    list: (db, w) => readDocs(collection(db, `dashboards/${w.publicDashboard}/widgets`)),
    create: (db, w) => addDoc(collection(db, `dashboards/${w.publicDashboard}/widgets`), valid.widget(w.publicPipeline)),
    update: (db, w) =>
      updateDoc(doc(db, `dashboards/${w.publicDashboard}/widgets/${w.publicWidget}`), {
        config: { title: 'Renamed' },
        updatedAt: serverTimestamp(),
      }),
    delete: (db, w) => deleteDoc(doc(db, `dashboards/${w.publicDashboard}/widgets/${w.publicWidget}`)),
  },
  privatePipeline: {
    get: (db, w) => readDoc(doc(db, `pipelines/${w.privatePipeline}`)),
    list: (db, w) => readDocs(query(collection(db, 'pipelines'), where('teamId', '==', w.team))),
    create: (db, w, uid) => addDoc(collection(db, 'pipelines'), valid.pipeline(w.team, uid)),
    update: (db, w) => updateDoc(doc(db, `pipelines/${w.privatePipeline}`), { name: 'Renamed', flushSeconds: 5, live: 'economy', retentionDays: 30 }),
    delete: (db, w, uid) => deletePipelineBatch(db, w.privatePipeline, uid),
  },
  // Its create is the one way to make a pipeline public from a client: born public.
  publicPipeline: {
    get: (db, w) => readDoc(doc(db, `pipelines/${w.publicPipeline}`)),
    list: (db, w) => readDocs(query(collection(db, 'pipelines'), where('teamId', '==', w.team), where('public', '==', true))),
    create: (db, w, uid) => addDoc(collection(db, 'pipelines'), { ...valid.pipeline(w.team, uid), public: true }),
    update: (db, w) => updateDoc(doc(db, `pipelines/${w.publicPipeline}`), { description: 'Shown on a public dashboard' }),
    delete: (db, w, uid) => deletePipelineBatch(db, w.publicPipeline, uid),
  },
  privateRecord: recordOperations((w) => w.privatePipeline),
  // Records of a public pipeline are never public.
  publicRecord: recordOperations((w) => w.publicPipeline),
  privateRollup: rollupOperations((w) => w.privatePipeline, 'rollups', 'last100', valid.rollup),
  publicRollup: rollupOperations((w) => w.publicPipeline, 'rollups', 'last100', valid.rollup),
  privateHistory: rollupOperations((w) => w.privatePipeline, 'history', 'm2026120118', valid.history),
  publicHistory: rollupOperations((w) => w.publicPipeline, 'history', 'm2026120118', valid.history),
  alertRule: {
    get: (db, w) => readDoc(doc(db, `pipelines/${w.privatePipeline}/alertRules/${w.alertRule}`)),
    list: (db, w) => readDocs(collection(db, `pipelines/${w.privatePipeline}/alertRules`)),
    create: (db, w, uid) => addDoc(collection(db, `pipelines/${w.privatePipeline}/alertRules`), valid.alertRule(uid)),
    update: (db, w) =>
      updateDoc(doc(db, `pipelines/${w.privatePipeline}/alertRules/${w.alertRule}`), { value: 80, enabled: false, updatedAt: serverTimestamp() }),
    delete: (db, w) => deleteDoc(doc(db, `pipelines/${w.privatePipeline}/alertRules/${w.alertRule}`)),
  },
  // The rule's state: readers acknowledge it (it is firing); nothing else is a client's.
  alertState: {
    get: (db, w) => readDoc(doc(db, `pipelines/${w.privatePipeline}/alerts/${w.alertRule}`)),
    list: (db, w) => readDocs(collection(db, `pipelines/${w.privatePipeline}/alerts`)),
    create: (db, w) => setDoc(doc(db, `pipelines/${w.privatePipeline}/alerts/new-${w.alertRule}`), valid.alertState()),
    update: (db, w, uid) => updateDoc(doc(db, `pipelines/${w.privatePipeline}/alerts/${w.alertRule}`), { ack: valid.ack(uid, 'On it') }),
    delete: (db, w) => deleteDoc(doc(db, `pipelines/${w.privatePipeline}/alerts/${w.alertRule}`)),
  },
  alertEvent: {
    get: (db, w) => readDoc(doc(db, `teams/${w.team}/alertEvents/${w.alertEvent}`)),
    list: (db, w) => readDocs(collection(db, `teams/${w.team}/alertEvents`)),
    create: (db, w) => addDoc(collection(db, `teams/${w.team}/alertEvents`), valid.alertEvent(w.privatePipeline, w.alertRule)),
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}/alertEvents/${w.alertEvent}`), { to: 'normal' }),
    delete: (db, w) => deleteDoc(doc(db, `teams/${w.team}/alertEvents/${w.alertEvent}`)),
  },
  alertChannel: {
    get: (db, w) => readDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}`)),
    list: (db, w) => readDocs(collection(db, `teams/${w.team}/alertChannels`)),
    create: (db, w, uid) => addDoc(collection(db, `teams/${w.team}/alertChannels`), valid.alertChannel(uid)),
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}`), { enabled: false, minSeverity: 'critical' }),
    delete: (db, w) => deleteDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}`)),
  },
  channelSecret: {
    get: (db, w) => readDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}/secret/hmac`)),
    list: (db, w) => readDocs(collection(db, `teams/${w.team}/alertChannels/${w.alertChannel}/secret`)),
    create: (db, w) => setDoc(doc(db, `teams/${w.team}/alertChannels/new-${w.alertChannel}/secret/hmac`), valid.secret()),
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}/secret/hmac`), { value: 'r'.repeat(64) }),
    delete: (db, w) => deleteDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}/secret/hmac`)),
  },
  // Webhook deliveries are the backend's; owners see their attempts.
  channelDelivery: {
    get: (db, w) => readDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}/deliveries/d1`)),
    list: (db, w) => readDocs(collection(db, `teams/${w.team}/alertChannels/${w.alertChannel}/deliveries`)),
    create: (db, w) => setDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}/deliveries/d2`), { status: 'delivered', attempts: [] }),
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}/deliveries/d1`), { status: 'delivered' }),
    delete: (db, w) => deleteDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}/deliveries/d1`)),
  },
  // Tokens come from the callable function; clients only revoke them.
  token: {
    get: (db, w) => readDoc(doc(db, `pipelines/${w.privatePipeline}/tokens/${w.token}`)),
    list: (db, w) => readDocs(collection(db, `pipelines/${w.privatePipeline}/tokens`)),
    create: (db, w, uid) => setDoc(doc(db, `pipelines/${w.privatePipeline}/tokens/new-${w.token}`), valid.token(uid)),
    update: (db, w) => updateDoc(doc(db, `pipelines/${w.privatePipeline}/tokens/${w.token}`), { revoked: true }),
    delete: (db, w) => deleteDoc(doc(db, `pipelines/${w.privatePipeline}/tokens/${w.token}`)),
  },
  // A token's hash, and the answers kept under Idempotency-Keys: the ingest function's alone.
  tokenHash: rollupOperations((w) => `${w.privatePipeline}/tokens/${w.token}`, 'secret', 'hash', () => ({ sha256: 'e'.repeat(64) })),
  ingestKey: rollupOperations((w) => w.privatePipeline, 'ingestKeys', 'key', () => ({ tokenId: 't' })),
  // Tombstones are written only with their team's or pipeline's delete (see escalation.test.ts).
  deletedTeam: tombstoneOperations('deletedTeams', (w) => w.deadTeam, (w) => w.team),
  deletedPipeline: tombstoneOperations('deletedPipelines', (w) => w.deadPipeline, (w) => w.privatePipeline),
  // The functions' own state of a (public) pipeline.
  backendState: {
    get: (db, w) => readDoc(doc(db, `pipelines/${w.publicPipeline}/backend/reconcile`)),
    list: (db, w) => readDocs(collection(db, `pipelines/${w.publicPipeline}/backend`)),
    create: (db, w) => setDoc(doc(db, `pipelines/${w.publicPipeline}/backend/other`), { count: 0 }),
    update: (db, w) => updateDoc(doc(db, `pipelines/${w.publicPipeline}/backend/reconcile`), { count: 1000 }),
    delete: (db, w) => deleteDoc(doc(db, `pipelines/${w.publicPipeline}/backend/reconcile`)),
  },
  // The history's dirty marks of a (public) pipeline: the functions' alone.
  historyDirty: {
    get: (db, w) => readDoc(doc(db, `pipelines/${w.publicPipeline}/historyDirty/m2026120118`)),
    list: (db, w) => readDocs(collection(db, `pipelines/${w.publicPipeline}/historyDirty`)),
    create: (db, w) => setDoc(doc(db, `pipelines/${w.publicPipeline}/historyDirty/h20261201`), { keys: { '18': true }, markedAt: serverTimestamp() }),
    update: (db, w) => updateDoc(doc(db, `pipelines/${w.publicPipeline}/historyDirty/m2026120118`), { 'keys.07': true }),
    delete: (db, w) => deleteDoc(doc(db, `pipelines/${w.publicPipeline}/historyDirty/m2026120118`)),
  },
};

/** A tombstone collection: read the existing one, write one for a live id without deleting it. */
function tombstoneOperations(collectionName: string, dead: (w: World) => string, live: (w: World) => string): Record<Op, Operation> {
  return {
    get: (db, w) => readDoc(doc(db, `${collectionName}/${dead(w)}`)),
    list: (db) => readDocs(collection(db, collectionName)),
    create: (db, w, uid) => setDoc(doc(db, `${collectionName}/${live(w)}`), valid.tombstone(uid)),
    update: (db, w, uid) => updateDoc(doc(db, `${collectionName}/${dead(w)}`), { deletedBy: uid }),
    delete: (db, w) => deleteDoc(doc(db, `${collectionName}/${dead(w)}`)),
  };
}

function recordOperations(pipelineOf: (w: World) => string): Record<Op, Operation> {
  const records = (db: Firestore, w: World) => collection(db, `pipelines/${pipelineOf(w)}/records`);
  return {
    get: (db, w) => readDoc(doc(records(db, w), w.record)),
    list: (db, w) => readDocs(query(records(db, w), orderBy('ts', 'desc'), limit(100))),
    create: (db, w, uid) => addDoc(records(db, w), valid.record(uid)),
    update: (db, w) => updateDoc(doc(records(db, w), w.record), { data: { cpu: 99 } }),
    delete: (db, w) => deleteDoc(doc(records(db, w), w.record)),
  };
}

/** A backend-written subcollection of a pipeline (rollups, history): read by the rules, written by no client. */
function rollupOperations(pipelineOf: (w: World) => string, name: string, id: string, data: () => object): Record<Op, Operation> {
  const docs = (db: Firestore, w: World) => collection(db, `pipelines/${pipelineOf(w)}/${name}`);
  return {
    get: (db, w) => readDoc(doc(docs(db, w), id)),
    list: (db, w) => readDocs(docs(db, w)),
    create: (db, w) => setDoc(doc(docs(db, w), 'other'), data()),
    update: (db, w) => updateDoc(doc(docs(db, w), id), { updatedAt: serverTimestamp() }),
    delete: (db, w) => deleteDoc(doc(docs(db, w), id)),
  };
}

let env: RulesTestEnvironment;
let clients: Record<Actor, Firestore>;
const tally = { allowed: 0, denied: 0 };

beforeAll(async () => {
  env = await rulesEnvironment();
  clients = actorClients(env);
  await env.clearFirestore();
});

afterAll(async () => {
  console.log(
    `[rules] access matrix: ${tally.allowed + tally.denied} cells asserted ` +
      `(${tally.allowed} allowed, ${tally.denied} denied) over ${Object.keys(POLICY).length} collections x ${ACTORS.length} actors x ${OPS.length} operations`,
  );
  await env.cleanup();
});

async function assertCell(target: Target, actor: Actor, op: Op, w: World): Promise<void> {
  const attempt = OPERATIONS[target][op](clients[actor], w, actor);
  if (POLICY[target][op].includes(actor)) {
    await assertSucceeds(attempt);
    tally.allowed++;
  } else {
    await assertFails(attempt);
    tally.denied++;
  }
}

const verdict = (target: Target, op: Op, actor: Actor) => (POLICY[target][op].includes(actor) ? 'allowed' : 'denied');

describe.concurrent('reads', () => {
  let world: World;
  beforeAll(async () => {
    world = await seedWorld(env);
  });

  for (const target of Object.keys(POLICY) as Target[]) {
    for (const op of ['get', 'list'] as const) {
      for (const actor of ACTORS) {
        it(`${target} ${op} by ${actor}: ${verdict(target, op, actor)}`, () => assertCell(target, actor, op, world));
      }
    }
  }
});

// An allowed write changes its world, so each allowed cell gets a world of its
// own; denied cells change nothing and share one.
describe.concurrent('writes', () => {
  const cells = (Object.keys(POLICY) as Target[]).flatMap((target) =>
    (['create', 'update', 'delete'] as const).flatMap((op) => ACTORS.map((actor) => ({ target, op, actor }))),
  );
  const allowedCells = cells.filter((c) => POLICY[c.target][c.op].includes(c.actor)).length;
  let shared: World;
  let fresh: World[];
  beforeAll(async () => {
    [shared, ...fresh] = await seedWorlds(env, 1 + allowedCells);
  });

  for (const { target, op, actor } of cells) {
    const allowed = POLICY[target][op].includes(actor);
    it(`${target} ${op} by ${actor}: ${verdict(target, op, actor)}`, () => {
      const world = allowed ? fresh.pop() : shared;
      if (!world) throw new Error('more allowed write cells than seeded worlds');
      return assertCell(target, actor, op, world);
    });
  }
});
