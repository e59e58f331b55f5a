/**
 * Malformed writes to every client-writable document, each by an actor who
 * may write it: the valid input (the control) is accepted, every bad input is
 * denied. Every case runs on a world of its own.
 */
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { Bytes, deleteField, doc, GeoPoint, Timestamp, updateDoc, setDoc, writeBatch, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { actorClients, rulesEnvironment, seedDocuments, seedWorlds, uidOf, valid, type Actor, type World } from './support.ts';

type Data = Record<string, unknown>;
/** What a case writes: the document id and its data (for updates: the changed fields). */
interface Input {
  id: string;
  data: Data;
}
type Mutation = (input: Input, w: World) => Input;

interface DocumentKind {
  actor: Actor;
  /** The valid input, as the app would write it. */
  base: (w: World, uid: string) => Input;
  write: (db: Firestore, w: World, input: Input) => Promise<unknown>;
  /** More valid inputs, mostly at the bounds. */
  accepted?: Record<string, Mutation>;
  rejected: Record<string, Mutation>;
  /** Documents a case needs beyond the world (seeded with rules disabled). */
  seed?: (w: World, input: Input) => [string, object][];
}

const set = (patch: Data): Mutation => (input) => ({ ...input, data: { ...input.data, ...patch } });
const without = (key: string): Mutation => (input) => {
  const { [key]: _dropped, ...data } = input.data;
  return { ...input, data };
};
const withId = (id: string): Mutation => (input) => ({ ...input, id });
const all = (...mutations: Mutation[]): Mutation => (input, w) => mutations.reduce((i, m) => m(i, w), input);
const map = (size: number, value: (i: number) => unknown = (i) => i): Data =>
  Object.fromEntries(Array.from({ length: size }, (_, i) => [`k${String(i).padStart(2, '0')}`, value(i)]));
const chars = (n: number) => 'x'.repeat(n);
const slugCaseDashboard = (w: World, slug: string) => `dashboards/for-${slug}-${w.unslugged}`;
/** A slug doc `id` naming the dashboard seeded for it (see the slug kind's seed). */
const slugOfItsOwn = (id: string): Mutation => (_input, w) => ({
  id,
  data: valid.slug(slugCaseDashboard(w, id).split('/')[1], w.team),
});

const KINDS: Record<string, DocumentKind> = {
  'team create (with its owner membership)': {
    actor: 'stranger',
    base: (w, uid) => ({ id: `new-${w.team}`, data: valid.team(uid) }),
    write: (db, _w, { id, data }) => {
      const batch = writeBatch(db);
      batch.set(doc(db, `teams/${id}`), data);
      batch.set(doc(db, `teams/${id}/members/stranger`), valid.member('stranger', 'owner'));
      return batch.commit();
    },
    accepted: { 'name of 80 characters': set({ name: chars(80) }) },
    rejected: {
      'missing name': without('name'),
      'missing createdAt': without('createdAt'),
      'extra key': set({ plan: 'pro' }),
      'empty name': set({ name: '' }),
      'name of 81 characters': set({ name: chars(81) }),
      'name not a string': set({ name: 42 }),
      'createdAt a string': set({ createdAt: '2026-01-01' }),
      'createdBy forged': set({ createdBy: 'owner' }),
    },
  },
  'team update': {
    actor: 'owner',
    base: (w) => ({ id: w.team, data: { name: 'Renamed' } }),
    write: (db, _w, { id, data }) => updateDoc(doc(db, `teams/${id}`), data),
    rejected: {
      'name of 81 characters': set({ name: chars(81) }),
      'empty name': set({ name: '' }),
      'name removed': set({ name: deleteField() }),
      'createdBy changed': set({ createdBy: 'editor' }),
      'createdAt changed': set({ createdAt: Timestamp.fromMillis(0) }),
      'extra key': set({ plan: 'pro' }),
    },
  },
  'member create': {
    actor: 'owner',
    base: (w) => ({ id: `newcomer-${w.team}`, data: valid.member(`newcomer-${w.team}`, 'viewer') }),
    write: (db, w, { id, data }) => setDoc(doc(db, `teams/${w.team}/members/${id}`), data),
    accepted: {
      'without email and uid': all(without('email'), without('uid')),
      'role producer': set({ role: 'producer' }),
    },
    rejected: {
      'role outside the four': set({ role: 'admin' }),
      'role missing': without('role'),
      'addedAt missing': without('addedAt'),
      'addedAt a string': set({ addedAt: 'today' }),
      'extra key': set({ permissions: ['all'] }),
      'uid other than the doc id': set({ uid: 'someone-else' }),
      'email not a string': set({ email: 5 }),
      'email of 255 characters': set({ email: chars(255) }),
    },
  },
  'member update': {
    actor: 'owner',
    base: (w) => ({ id: w.bystander, data: { role: 'editor' } }),
    write: (db, w, { id, data }) => updateDoc(doc(db, `teams/${w.team}/members/${id}`), data),
    rejected: {
      'role outside the four': set({ role: 'superuser' }),
      'uid changed': set({ uid: 'viewer' }),
      'addedAt changed': set({ addedAt: Timestamp.fromMillis(0) }),
      'extra key': set({ note: 'vip' }),
    },
  },
  'invite create': {
    actor: 'owner',
    base: () => ({ id: 'new@dash.test', data: valid.invite('new@dash.test', 'editor', 'owner') }),
    write: (db, w, { id, data }) => setDoc(doc(db, `teams/${w.team}/invites/${id}`), data),
    accepted: {
      'without email field': without('email'),
      'with a team name': set({ teamName: 'Ops' }),
    },
    rejected: {
      'role owner': set({ role: 'owner' }),
      'role outside the roles': set({ role: 'admin' }),
      'id not lower-cased': all(withId('New@Dash.test'), set({ email: 'New@Dash.test' })),
      'id not an email': all(withId('new-dash-test'), set({ email: 'new-dash-test' })),
      'email field other than the id': set({ email: 'other@dash.test' }),
      'invitedBy forged': set({ invitedBy: 'editor' }),
      'createdAt missing': without('createdAt'),
      'extra key': set({ message: 'hi' }),
      'team name of 81 characters': set({ teamName: chars(81) }),
    },
  },
  'dashboard create': {
    actor: 'editor',
    base: (w) => ({ id: `new-${w.privateDashboard}`, data: valid.dashboard(w.team, `new-${w.privateSlug}`, 'editor') }),
    write: (db, _w, { id, data }) => setDoc(doc(db, `dashboards/${id}`), data),
    accepted: {
      'without description': without('description'),
      'title of 120 characters': set({ title: chars(120) }),
      'slug of 3 characters': set({ slug: 'a-1' }),
    },
    rejected: {
      'missing title': without('title'),
      'missing updatedAt': without('updatedAt'),
      'empty title': set({ title: '' }),
      'title of 121 characters': set({ title: chars(121) }),
      'extra key': set({ theme: 'dark' }),
      'slug with uppercase': set({ slug: 'My-Dash' }),
      'slug with /': set({ slug: 'ops/main' }),
      'slug of 2 characters': set({ slug: 'ab' }),
      'slug of 65 characters': set({ slug: 'a'.repeat(65) }),
      'isPublic a string': set({ isPublic: 'yes' }),
      'teamId not a string': set({ teamId: 7 }),
      'createdBy forged': set({ createdBy: 'owner' }),
      'createdAt a string': set({ createdAt: 'now' }),
      'description of 2001 characters': set({ description: chars(2001) }),
    },
  },
  'dashboard update': {
    actor: 'editor',
    base: (w) => ({ id: w.privateDashboard, data: { title: 'Renamed', updatedAt: Timestamp.now() } }),
    write: (db, _w, { id, data }) => updateDoc(doc(db, `dashboards/${id}`), data),
    accepted: { 'new slug and public': set({ slug: 'renamed-slug', isPublic: true }) },
    rejected: {
      'teamId changed': (input, w) => set({ teamId: w.otherTeam })(input, w),
      'createdBy changed': set({ createdBy: 'editor' }),
      'createdAt changed': set({ createdAt: Timestamp.fromMillis(0) }),
      'empty title': set({ title: '' }),
      'title removed': set({ title: deleteField() }),
      'slug with uppercase': set({ slug: 'Renamed' }),
      'extra key': set({ theme: 'dark' }),
    },
  },
  'slug create': {
    actor: 'editor',
    base: (w) => ({ id: w.freeSlug, data: valid.slug(w.unslugged, w.team) }),
    write: (db, _w, { id, data }) => setDoc(doc(db, `slugs/${id}`), data),
    // Each case's slug gets a dashboard of its own carrying that very slug, so
    // that a format case can only be refused for the slug doc's id.
    seed: (w, { id }) => [[slugCaseDashboard(w, id), valid.dashboard(w.team, id, 'owner')]],
    rejected: {
      'id with uppercase': slugOfItsOwn('Free-Slug'),
      'id of 2 characters': slugOfItsOwn('ab'),
      'id with a dot': slugOfItsOwn('free.slug'),
      "not the dashboard's slug": (input, w) => withId(`x-${w.freeSlug}`)(input, w),
      "teamId not the dashboard's": (input, w) => ({ ...input, data: valid.slug(w.otherDashboard, w.team) }),
      'dashboard missing': (input, w) => ({ ...input, data: valid.slug(`missing-${w.unslugged}`, w.team) }),
      'extra key': set({ title: 'x' }),
      'missing dashboardId': without('dashboardId'),
    },
  },
  'widget create': {
    actor: 'editor',
    base: (w) => ({ id: `new-${w.privateWidget}`, data: valid.widget(w.privatePipeline) }),
    write: (db, w, { id, data }) => setDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${id}`), data),
    accepted: {
      'type stat_card, large position': set({ type: 'stat_card', position: { x: 99, y: 9999, w: 24, h: 24 } }),
      'config of 40 keys': set({ config: map(40) }),
    },
    rejected: {
      'type with uppercase and -': set({ type: 'Line-Chart' }),
      'type with a space': set({ type: 'line chart' }),
      'type of 41 characters': set({ type: 'a'.repeat(41) }),
      'type not a string': set({ type: 3 }),
      'missing config': without('config'),
      'config a string': set({ config: '{"title":"x"}' }),
      'config of 41 keys': set({ config: map(41) }),
      'missing position': without('position'),
      'position without h': set({ position: { x: 0, y: 0, w: 6 } }),
      'position w 0': set({ position: { x: 0, y: 0, w: 0, h: 4 } }),
      'position w 25': set({ position: { x: 0, y: 0, w: 25, h: 4 } }),
      'position x -1': set({ position: { x: -1, y: 0, w: 6, h: 4 } }),
      'position x 1.5': set({ position: { x: 1.5, y: 0, w: 6, h: 4 } }),
      'position y a string': set({ position: { x: 0, y: '0', w: 6, h: 4 } }),
      'position with an extra key': set({ position: { x: 0, y: 0, w: 6, h: 4, z: 1 } }),
      'position a list': set({ position: [0, 0, 6, 4] }),
      'pipeline missing': (input, w) => set({ pipelineId: `missing-${w.privatePipeline}` })(input, w),
      'pipelineId with /': set({ pipelineId: 'a/b' }),
      'extra key': set({ owner: 'editor' }),
      'createdAt a string': set({ createdAt: 'now' }),
      'missing updatedAt': without('updatedAt'),
    },
  },
  'widget update': {
    actor: 'editor',
    base: (w) => ({ id: w.privateWidget, data: { position: { x: 6, y: 2, w: 6, h: 4 }, updatedAt: Timestamp.now() } }),
    write: (db, w, { id, data }) => updateDoc(doc(db, `dashboards/${w.privateDashboard}/widgets/${id}`), data),
    accepted: { 'type and config': set({ type: 'table', config: { title: 'Rows', rows: 10 } }) },
    rejected: {
      'createdAt changed': set({ createdAt: Timestamp.fromMillis(0) }),
      'position h 0': set({ position: { x: 0, y: 0, w: 6, h: 0 } }),
      'config removed': set({ config: deleteField() }),
      'extra key': set({ locked: true }),
    },
  },
  'pipeline create': {
    actor: 'editor',
    base: (w) => ({ id: `new-${w.privatePipeline}`, data: valid.pipeline(w.team, 'editor') }),
    write: (db, _w, { id, data }) => setDoc(doc(db, `pipelines/${id}`), data),
    accepted: {
      'only the required keys': all(without('description'), without('fields'), without('flushSeconds'), without('live')),
      'flushSeconds 60, live instant': set({ flushSeconds: 60, live: 'instant' }),
      'fields of 50': set({ fields: Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, type: 'number' })) }),
    },
    rejected: {
      'public true': set({ public: true }),
      'public missing': without('public'),
      'empty name': set({ name: '' }),
      'name of 81 characters': set({ name: chars(81) }),
      'description of 2001 characters': set({ description: chars(2001) }),
      'flushSeconds 0': set({ flushSeconds: 0 }),
      'flushSeconds 61': set({ flushSeconds: 61 }),
      'flushSeconds 1.5': set({ flushSeconds: 1.5 }),
      'flushSeconds a string': set({ flushSeconds: '5' }),
      'live outside its values': set({ live: 'fast' }),
      'fields a map': set({ fields: { cpu: 'number' } }),
      'fields of 51': set({ fields: Array.from({ length: 51 }, (_, i) => ({ name: `f${i}`, type: 'number' })) }),
      'extra key': set({ owner: 'editor' }),
      'createdBy forged': set({ createdBy: 'owner' }),
      'teamId not a string': set({ teamId: ['team'] }),
    },
  },
  'pipeline update': {
    actor: 'editor',
    base: (w) => ({ id: w.privatePipeline, data: { name: 'Renamed', flushSeconds: 30, live: 'economy' } }),
    write: (db, _w, { id, data }) => updateDoc(doc(db, `pipelines/${id}`), data),
    accepted: { 'fields and description removed': set({ fields: deleteField(), description: deleteField() }) },
    rejected: {
      'public set': set({ public: true }),
      'teamId changed': (input, w) => set({ teamId: w.otherTeam })(input, w),
      'createdBy changed': set({ createdBy: 'editor' }),
      'createdAt changed': set({ createdAt: Timestamp.fromMillis(0) }),
      'flushSeconds 100': set({ flushSeconds: 100 }),
      'live outside its values': set({ live: 'never' }),
      'name removed': set({ name: deleteField() }),
      'extra key': set({ owner: 'editor' }),
    },
  },
  'record create': {
    actor: 'producer',
    base: (w) => ({ id: `new-${w.record}`, data: valid.record('producer') }),
    write: (db, w, { id, data }) => setDoc(doc(db, `pipelines/${w.privatePipeline}/records/${id}`), data),
    accepted: {
      'data of 50 keys': set({ data: map(50) }),
      'data of one null': set({ data: { gone: null } }),
      'data of 50 nulls': set({ data: map(50, () => null) }),
      'data of 50 booleans': set({ data: map(50, () => true) }),
      'a long string value': set({ data: { log: chars(20_000) } }),
    },
    rejected: {
      'missing ts': without('ts'),
      'ts from the client clock': set({ ts: Timestamp.now() }),
      'ts in the past': set({ ts: Timestamp.fromMillis(0) }),
      'missing producer': without('producer'),
      'producer forged': set({ producer: 'editor' }),
      'extra key': set({ source: 'cli' }),
      'missing data': without('data'),
      'data empty': set({ data: {} }),
      'data of 51 keys': set({ data: map(51) }),
      'data a list': set({ data: [1, 2] }),
      'data a string': set({ data: 'cpu=1' }),
      'a nested map': set({ data: { cpu: { user: 1, system: 2 } } }),
      'a nested map as the 50th value': set({ data: map(50, (i) => (i === 49 ? { deep: { deeper: 1 } } : i)) }),
      'a list value': set({ data: { samples: [1, 2, 3] } }),
      'a timestamp value': set({ data: { at: Timestamp.now() } }),
      'a geopoint value': set({ data: { where: new GeoPoint(1, 2) } }),
      'a bytes value': set({ data: { blob: Bytes.fromUint8Array(new Uint8Array([1, 2])) } }),
    },
  },
};

const cases = Object.entries(KINDS).flatMap(([kind, spec]) => [
  { kind, name: 'valid input', mutate: undefined, allowed: true },
  ...Object.entries(spec.accepted ?? {}).map(([name, mutate]) => ({ kind, name, mutate, allowed: true })),
  ...Object.entries(spec.rejected).map(([name, mutate]) => ({ kind, name, mutate, allowed: false })),
]);

let env: RulesTestEnvironment;
let clients: Record<Actor, Firestore>;
/** The world of each case: an accepted write changes its world, so each gets its own; denied ones share one. */
let worldOf: World[];
const tally = { accepted: 0, rejected: 0 };

const inputOf = (c: (typeof cases)[number], w: World): Input => {
  const spec = KINDS[c.kind];
  const base = spec.base(w, uidOf(spec.actor));
  return c.mutate ? c.mutate(base, w) : base;
};

beforeAll(async () => {
  env = await rulesEnvironment();
  clients = actorClients(env);
  await env.clearFirestore();
  const [shared, ...fresh] = await seedWorlds(env, 1 + cases.filter((c) => c.allowed).length);
  worldOf = cases.map((c) => (c.allowed ? (fresh.pop() as World) : shared));
  await seedDocuments(
    env,
    cases.flatMap((c, i) => KINDS[c.kind].seed?.(worldOf[i], inputOf(c, worldOf[i])) ?? []),
  );
});

afterAll(async () => {
  console.log(`[rules] bad input: ${tally.rejected} malformed writes denied, ${tally.accepted} valid controls accepted, over ${Object.keys(KINDS).length} kinds of write`);
  await env.cleanup();
});

for (const kind of Object.keys(KINDS)) {
  describe.concurrent(kind, () => {
    cases.forEach((c, i) => {
      if (c.kind !== kind) return;
      it(`${c.name}: ${c.allowed ? 'accepted' : 'denied'}`, async () => {
        const spec = KINDS[kind];
        const w = worldOf[i];
        const attempt = spec.write(clients[spec.actor], w, inputOf(c, w));
        if (c.allowed) {
          await assertSucceeds(attempt);
          tally.accepted++;
        } else {
          await assertFails(attempt);
          tally.rejected++;
        }
      });
    });
  });
}
