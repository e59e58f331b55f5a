/**
 * The access policy of the data contract as a table, and one generated test per
 * cell: every collection x every actor x get, list, create, update, delete.
 * Each write is a valid document, so a denial can only come from who asks.
 */
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import {
  addDoc,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
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
import { ACTORS, actorClients, INVITEE_EMAIL, rulesEnvironment, seedWorld, seedWorlds, valid, type Actor, type World } from './support.ts';

const OPS = ['get', 'list', 'create', 'update', 'delete'] as const;
type Op = (typeof OPS)[number];

const EVERYONE = ACTORS;
const SIGNED_IN = ACTORS.filter((a) => a !== 'anonymous');
const MEMBERS: readonly Actor[] = ['viewer', 'producer', 'editor', 'owner'];
/** Producers read pipelines, records and rollups, "nothing else": not dashboards. */
const DASHBOARD_READERS: readonly Actor[] = ['viewer', 'editor', 'owner'];
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
 * Who may do what, on a world of team T (owner, editor, producer, viewer) and
 * another team (outsider). A stranger is signed in and in no team.
 */
const POLICY = {
  //                       get                list               create             update    delete
  team:             row(MEMBERS,           NOBODY,            SIGNED_IN,         OWNERS,   OWNERS),
  member:           row(MEMBERS,           MEMBERS,           OWNERS,            OWNERS,   OWNERS),
  invite:           row(OWNERS,            OWNERS,            OWNERS,            NOBODY,   OWNERS),
  privateDashboard: row(DASHBOARD_READERS, DASHBOARD_READERS, EDITORS,           EDITORS,  EDITORS),
  publicDashboard:  row(EVERYONE,          EVERYONE,          EDITORS,           EDITORS,  EDITORS),
  slug:             row(EVERYONE,          NOBODY,            EDITORS,           NOBODY,   EDITORS),
  privateWidget:    row(DASHBOARD_READERS, DASHBOARD_READERS, EDITORS,           EDITORS,  EDITORS),
  publicWidget:     row(EVERYONE,          EVERYONE,          EDITORS,           EDITORS,  EDITORS),
  privatePipeline:  row(MEMBERS,           MEMBERS,           EDITORS,           EDITORS,  EDITORS),
  publicPipeline:   row(EVERYONE,          EVERYONE,          NOBODY,            EDITORS,  EDITORS),
  privateRecord:    row(MEMBERS,           MEMBERS,           RECORD_WRITERS,    NOBODY,   NOBODY),
  publicRecord:     row(MEMBERS,           MEMBERS,           RECORD_WRITERS,    NOBODY,   NOBODY),
  privateRollup:    row(MEMBERS,           MEMBERS,           NOBODY,            NOBODY,   NOBODY),
  publicRollup:     row(EVERYONE,          EVERYONE,          NOBODY,            NOBODY,   NOBODY),
  rollupState:      row(NOBODY,            NOBODY,            NOBODY,            NOBODY,   NOBODY),
} satisfies Record<string, Row>;

type Target = keyof typeof POLICY;
type Operation = (db: Firestore, w: World, uid: string) => Promise<unknown>;

/** What each cell does: the app's own reads and valid writes. */
const OPERATIONS: Record<Target, Record<Op, Operation>> = {
  team: {
    get: (db, w) => getDoc(doc(db, `teams/${w.team}`)),
    list: (db) => getDocs(collection(db, 'teams')),
    // A new team, in one batch with the creator's owner membership.
    create: (db, w, uid) => {
      const batch = writeBatch(db);
      batch.set(doc(db, `teams/new-${w.team}`), valid.team(uid));
      batch.set(doc(db, `teams/new-${w.team}/members/${uid}`), valid.member(uid, 'owner'));
      return batch.commit();
    },
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}`), { name: 'Renamed' }),
    delete: (db, w) => deleteDoc(doc(db, `teams/${w.team}`)),
  },
  // Another member's doc (the bystander, a viewer).
  member: {
    get: (db, w) => getDoc(doc(db, `teams/${w.team}/members/${w.bystander}`)),
    list: (db, w) => getDocs(collection(db, `teams/${w.team}/members`)),
    create: (db, w) => setDoc(doc(db, `teams/${w.team}/members/newcomer`), valid.member('newcomer', 'viewer')),
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}/members/${w.bystander}`), { role: 'editor' }),
    delete: (db, w) => deleteDoc(doc(db, `teams/${w.team}/members/${w.bystander}`)),
  },
  invite: {
    get: (db, w) => getDoc(doc(db, `teams/${w.team}/invites/${INVITEE_EMAIL}`)),
    list: (db, w) => getDocs(collection(db, `teams/${w.team}/invites`)),
    create: (db, w, uid) => setDoc(doc(db, `teams/${w.team}/invites/new@dash.test`), valid.invite('new@dash.test', 'editor', uid)),
    update: (db, w) => updateDoc(doc(db, `teams/${w.team}/invites/${INVITEE_EMAIL}`), { role: 'editor' }),
    delete: (db, w) => deleteDoc(doc(db, `teams/${w.team}/invites/${INVITEE_EMAIL}`)),
  },
  privateDashboard: {
    get: (db, w) => getDoc(doc(db, `dashboards/${w.privateDashboard}`)),
    list: (db, w) => getDocs(query(collection(db, 'dashboards'), where('teamId', '==', w.team))),
    create: (db, w, uid) => setDoc(doc(db, `dashboards/new-${w.privateDashboard}`), valid.dashboard(w.team, `new-${w.privateSlug}`, uid)),
    update: (db, w) => updateDoc(doc(db, `dashboards/${w.privateDashboard}`), { title: 'Renamed', updatedAt: serverTimestamp() }),
    delete: (db, w) => deleteDoc(doc(db, `dashboards/${w.privateDashboard}`)),
  },
  publicDashboard: {
    get: (db, w) => getDoc(doc(db, `dashboards/${w.publicDashboard}`)),
    list: (db) => getDocs(query(collection(db, 'dashboards'), where('isPublic', '==', true))),
    create: (db, w, uid) => setDoc(doc(db, `dashboards/new-${w.publicDashboard}`), valid.dashboard(w.team, `new-${w.publicSlug}`, uid, true)),
    update: (db, w) => updateDoc(doc(db, `dashboards/${w.publicDashboard}`), { isPublic: false, updatedAt: serverTimestamp() }),
    delete: (db, w) => deleteDoc(doc(db, `dashboards/${w.publicDashboard}`)),
  },
  slug: {
    get: (db, w) => getDoc(doc(db, `slugs/${w.privateSlug}`)),
    list: (db) => getDocs(collection(db, 'slugs')),
    create: (db, w) => setDoc(doc(db, `slugs/${w.freeSlug}`), valid.slug(w.unslugged, w.team)),
    update: (db, w) => updateDoc(doc(db, `slugs/${w.privateSlug}`), { dashboardId: w.unslugged }),
    delete: (db, w) => deleteDoc(doc(db, `slugs/${w.privateSlug}`)),
  },
  privateWidget: {
    get: (db, w) => getDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`)),
    list: (db, w) => getDocs(collection(db, `dashboards/${w.privateDashboard}/widgets`)),
    create: (db, w) => addDoc(collection(db, `dashboards/${w.privateDashboard}/widgets`), valid.widget(w.privatePipeline)),
    update: (db, w) =>
      updateDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`), {
        position: { x: 6, y: 0, w: 6, h: 4 },
        updatedAt: serverTimestamp(),
      }),
    delete: (db, w) => deleteDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${w.privateWidget}`)),
  },
  publicWidget: {
    get: (db, w) => getDoc(doc(db, `dashboards/${w.publicDashboard}/widgets/${w.publicWidget}`)),
    list: (db, w) => getDocs(collection(db, `dashboards/${w.publicDashboard}/widgets`)),
    create: (db, w) => addDoc(collection(db, `dashboards/${w.publicDashboard}/widgets`), valid.widget(w.publicPipeline)),
    update: (db, w) =>
      updateDoc(doc(db, `dashboards/${w.publicDashboard}/widgets/${w.publicWidget}`), {
        config: { title: 'Renamed' },
        updatedAt: serverTimestamp(),
      }),
    delete: (db, w) => deleteDoc(doc(db, `dashboards/${w.publicDashboard}/widgets/${w.publicWidget}`)),
  },
  privatePipeline: {
    get: (db, w) => getDoc(doc(db, `pipelines/${w.privatePipeline}`)),
    list: (db, w) => getDocs(query(collection(db, 'pipelines'), where('teamId', '==', w.team))),
    create: (db, w, uid) => addDoc(collection(db, 'pipelines'), valid.pipeline(w.team, uid)),
    update: (db, w) => updateDoc(doc(db, `pipelines/${w.privatePipeline}`), { name: 'Renamed', flushSeconds: 5, live: 'economy' }),
    delete: (db, w) => deleteDoc(doc(db, `pipelines/${w.privatePipeline}`)),
  },
  // Its create is the one way to make a pipeline public from a client: born public.
  publicPipeline: {
    get: (db, w) => getDoc(doc(db, `pipelines/${w.publicPipeline}`)),
    list: (db) => getDocs(query(collection(db, 'pipelines'), where('public', '==', true))),
    create: (db, w, uid) => addDoc(collection(db, 'pipelines'), { ...valid.pipeline(w.team, uid), public: true }),
    update: (db, w) => updateDoc(doc(db, `pipelines/${w.publicPipeline}`), { description: 'Shown on a public dashboard' }),
    delete: (db, w) => deleteDoc(doc(db, `pipelines/${w.publicPipeline}`)),
  },
  privateRecord: recordOperations((w) => w.privatePipeline),
  // Records of a public pipeline are never public.
  publicRecord: recordOperations((w) => w.publicPipeline),
  privateRollup: rollupOperations((w) => w.privatePipeline),
  publicRollup: rollupOperations((w) => w.publicPipeline),
  // A backend-only subcollection of a (public) pipeline.
  rollupState: {
    get: (db, w) => getDoc(doc(db, `pipelines/${w.publicPipeline}/rollupState/lease`)),
    list: (db, w) => getDocs(collection(db, `pipelines/${w.publicPipeline}/rollupState`)),
    create: (db, w) => setDoc(doc(db, `pipelines/${w.publicPipeline}/rollupState/other`), { owner: 'me' }),
    update: (db, w) => updateDoc(doc(db, `pipelines/${w.publicPipeline}/rollupState/lease`), { owner: 'me' }),
    delete: (db, w) => deleteDoc(doc(db, `pipelines/${w.publicPipeline}/rollupState/lease`)),
  },
};

function recordOperations(pipelineOf: (w: World) => string): Record<Op, Operation> {
  const records = (db: Firestore, w: World) => collection(db, `pipelines/${pipelineOf(w)}/records`);
  return {
    get: (db, w) => getDoc(doc(records(db, w), w.record)),
    list: (db, w) => getDocs(query(records(db, w), orderBy('ts', 'desc'), limit(100))),
    create: (db, w, uid) => addDoc(records(db, w), valid.record(uid)),
    update: (db, w) => updateDoc(doc(records(db, w), w.record), { data: { cpu: 99 } }),
    delete: (db, w) => deleteDoc(doc(records(db, w), w.record)),
  };
}

function rollupOperations(pipelineOf: (w: World) => string): Record<Op, Operation> {
  const rollups = (db: Firestore, w: World) => collection(db, `pipelines/${pipelineOf(w)}/rollups`);
  return {
    get: (db, w) => getDoc(doc(rollups(db, w), 'last100')),
    list: (db, w) => getDocs(rollups(db, w)),
    create: (db, w) => setDoc(doc(rollups(db, w), 'other'), valid.rollup()),
    update: (db, w) => updateDoc(doc(rollups(db, w), 'last100'), { count: 1000 }),
    delete: (db, w) => deleteDoc(doc(rollups(db, w), 'last100')),
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
