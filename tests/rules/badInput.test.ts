/**
 * Malformed writes to every client-writable document, each by an actor who
 * may write it: the valid input (the control) is accepted, every bad input is
 * denied. Every case runs on a world of its own.
 */
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { Bytes, deleteField, doc, GeoPoint, Timestamp, updateDoc, setDoc, writeBatch, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { RULES_PROJECT_ID } from './project.ts';
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
    // With its slug doc, as the app writes it (a slug the rules refuse is written as given).
    write: (db, w, { id, data }) => {
      const batch = writeBatch(db);
      batch.set(doc(db, `dashboards/${id}`), data);
      if (typeof data.slug === 'string' && !data.slug.includes('/') && data.slug !== `unclaimed-${w.privateSlug}`) {
        batch.set(doc(db, `slugs/${data.slug}`), valid.slug(id, w.team));
      }
      return batch.commit();
    },
    accepted: {
      'without description': without('description'),
      'title of 120 characters': set({ title: chars(120) }),
      'description of 500 characters': set({ description: chars(500) }),
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
      'description of 501 characters': set({ description: chars(501) }),
      'without its slug doc': (input, w) => set({ slug: `unclaimed-${w.privateSlug}` })(input, w),
    },
  },
  'dashboard update': {
    actor: 'editor',
    base: (w) => ({ id: w.privateDashboard, data: { title: 'Renamed', updatedAt: Timestamp.now() } }),
    // A new slug goes with its slug doc and the old one's delete, as the app's rename does.
    write: (db, w, { id, data }) => {
      const batch = writeBatch(db);
      batch.update(doc(db, `dashboards/${id}`), data);
      if (typeof data.slug === 'string' && /^[a-z0-9-]{3,64}$/.test(data.slug) && !data.slug.startsWith('squat-')) {
        batch.set(doc(db, `slugs/${data.slug}`), valid.slug(id, w.team));
        batch.delete(doc(db, `slugs/${w.privateSlug}`));
      }
      return batch.commit();
    },
    accepted: { 'new slug and public': (input, w) => set({ slug: `renamed-${w.privateSlug}`, isPublic: true })(input, w) },
    rejected: {
      'teamId changed': (input, w) => set({ teamId: w.otherTeam })(input, w),
      'createdBy changed': set({ createdBy: 'editor' }),
      'createdAt changed': set({ createdAt: Timestamp.fromMillis(0) }),
      'empty title': set({ title: '' }),
      'title removed': set({ title: deleteField() }),
      'slug with uppercase': set({ slug: 'Renamed' }),
      'extra key': set({ theme: 'dark' }),
      "another team's claimed slug (squatting)": (input, w) => set({ slug: `other-${w.freeSlug}` })(input, w),
      'a free slug without its slug doc': (input, w) => set({ slug: `squat-${w.freeSlug}` })(input, w),
      'description of 501 characters': set({ description: chars(501) }),
    },
    // The other team's dashboard claims its slug.
    seed: (w) => [[`slugs/other-${w.freeSlug}`, valid.slug(w.otherDashboard, w.otherTeam)]],
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
      'each known type': set({ type: 'bar_chart' }),
      'type gauge': set({ type: 'gauge' }),
      'type table': set({ type: 'table' }),
      'config of 40 keys': set({ config: map(40) }),
      'shared config keys at their bounds': set({
        config: { title: chars(120), label: chars(120), unit: chars(32), range: '24h', fields: Array.from({ length: 50 }, (_, i) => `f${i}`) },
      }),
      'config fields empty': set({ config: { fields: [] } }),
    },
    rejected: {
      'unknown type': set({ type: 'pie_chart' }),
      'type with uppercase and -': set({ type: 'Line-Chart' }),
      'type with a space': set({ type: 'line chart' }),
      'type not a string': set({ type: 3 }),
      'missing config': without('config'),
      'config a string': set({ config: '{"title":"x"}' }),
      'config of 41 keys': set({ config: map(41) }),
      'config title a number': set({ config: { title: 42 } }),
      'config title of 121 characters': set({ config: { title: chars(121) } }),
      'config fields a string': set({ config: { fields: 'cpu' } }),
      'config fields with a number': set({ config: { fields: ['cpu', 7] } }),
      'config fields with a map': set({ config: { fields: [{ name: 'cpu' }] } }),
      'config fields of 51': set({ config: { fields: Array.from({ length: 51 }, (_, i) => `f${i}`) } }),
      'config label of 121 characters': set({ config: { label: chars(121) } }),
      'config unit of 33 characters': set({ config: { unit: chars(33) } }),
      'config unit a number': set({ config: { unit: 1 } }),
      'config range a number': set({ config: { range: 3600 } }),
      "pipeline of another team": (input, w) => set({ pipelineId: w.otherPipeline })(input, w),
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
      'unknown type': set({ type: 'sparkline' }),
      'config fields mistyped': set({ config: { fields: [true] } }),
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
      'flushSeconds 1, live economy, retentionDays 1': set({ flushSeconds: 1, live: 'economy', retentionDays: 1 }),
      'retentionDays 3650': set({ retentionDays: 3650 }),
      'description of 500 characters': set({ description: chars(500) }),
      'fields empty': set({ fields: [] }),
      'fields of 50': set({ fields: Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, type: 'number' })) }),
      // The costliest input of the rules' expression budget.
      'fields of 50 at every bound (unit, label)': set({
        fields: Array.from({ length: 50 }, (_, i) => ({ name: chars(62) + String(i).padStart(2, '0'), type: 'bool', unit: chars(32), label: chars(120) })),
      }),
      'a field with label, keys in any order': set({ fields: [{ label: 'CPU', type: 'string', name: 'cpu' }] }),
    },
    rejected: {
      'public true': set({ public: true }),
      'public missing': without('public'),
      'empty name': set({ name: '' }),
      'name of 81 characters': set({ name: chars(81) }),
      'description of 501 characters': set({ description: chars(501) }),
      'flushSeconds 0': set({ flushSeconds: 0 }),
      'flushSeconds 61': set({ flushSeconds: 61 }),
      'flushSeconds 1.5': set({ flushSeconds: 1.5 }),
      'flushSeconds a string': set({ flushSeconds: '5' }),
      'live outside its values': set({ live: 'fast' }),
      'fields a map': set({ fields: { cpu: 'number' } }),
      'fields of 51': set({ fields: Array.from({ length: 51 }, (_, i) => ({ name: `f${i}`, type: 'number' })) }),
      'a field item empty': set({ fields: [{ name: 'cpu', type: 'number' }, {}] }),
      'a field item a string': set({ fields: ['cpu'] }),
      'a field without type': set({ fields: [{ name: 'cpu' }] }),
      'a field type outside number, string, bool': set({ fields: [{ name: 'cpu', type: 'float' }] }),
      'a field name a number': set({ fields: [{ name: 7, type: 'number' }] }),
      'a field name empty': set({ fields: [{ name: '', type: 'number' }] }),
      'a field name of 65 characters': set({ fields: [{ name: chars(65), type: 'number' }] }),
      'a field unit of 33 characters': set({ fields: [{ name: 'cpu', type: 'number', unit: chars(33) }] }),
      'a field unit a number': set({ fields: [{ name: 'cpu', type: 'number', unit: 1 }] }),
      'a field label of 121 characters': set({ fields: [{ name: 'cpu', type: 'number', label: chars(121) }] }),
      'a field with an extra key': set({ fields: [{ name: 'cpu', type: 'number', color: 'red' }] }),
      'the 50th field bad': set({
        fields: Array.from({ length: 50 }, (_, i) => (i === 49 ? { name: 'f49', type: 'date' } : { name: `f${i}`, type: 'number' })),
      }),
      'retentionDays 0': set({ retentionDays: 0 }),
      'retentionDays 3651': set({ retentionDays: 3651 }),
      'retentionDays 1.5': set({ retentionDays: 1.5 }),
      'live not a string': set({ live: true }),
      'extra key': set({ owner: 'editor' }),
      'createdBy forged': set({ createdBy: 'owner' }),
      'teamId not a string': set({ teamId: ['team'] }),
    },
  },
  'pipeline update': {
    actor: 'editor',
    base: (w) => ({ id: w.privatePipeline, data: { name: 'Renamed', flushSeconds: 30, live: 'economy' } }),
    write: (db, _w, { id, data }) => updateDoc(doc(db, `pipelines/${id}`), data),
    accepted: {
      'fields and description removed': set({ fields: deleteField(), description: deleteField() }),
      'fields replaced': set({ fields: [{ name: 'mem', type: 'number', unit: 'MB', label: 'Memory' }] }),
    },
    rejected: {
      'public set': set({ public: true }),
      'a bad field item': set({ fields: [{ name: 'mem', type: 'integer' }] }),
      'retentionDays 0': set({ retentionDays: 0 }),
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
      'a string of 1,024 characters': set({ data: { log: chars(1024) } }),
      'an empty string': set({ data: { log: '', n: 1 } }),
      // The costliest input of the rules' expression budget.
      'data of 50 keys of 64 characters, 50 strings of 1,024': set({
        data: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [chars(62) + String(i).padStart(2, '0'), chars(1024)])),
      }),
      'numbers at the edges': set({ data: { max: Number.MAX_VALUE, min: -Number.MAX_VALUE, tiny: 5e-324, zero: -0 } }),
      'strings that read as numbers or paths': set({ data: { a: 'NaN', b: 'Infinity', c: '1.5', d: 'null', e: '/databases/(default)/documents/x' } }),
      'keys with _ and unicode': set({ data: { _x: 1, _: 2, 'température': 3, 'a-b c': 4 } }),
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
      'a reference value': (input, w) => set({ data: { ref: referenceTo('pipelines/x') } })(input, w),
      'a reference beside its path as a string': (input, w) =>
        set({ data: { ref: referenceTo('pipelines/x'), path: `projects/${RULES_PROJECT_ID}/databases/(default)/documents/pipelines/x` } })(input, w),
      'NaN': set({ data: { cpu: NaN } }),
      'Infinity': set({ data: { cpu: Infinity } }),
      '-Infinity': set({ data: { cpu: -Infinity } }),
      'NaN as the 50th value': set({ data: map(50, (i) => (i === 49 ? NaN : i)) }),
      'a string of 1,025 characters': set({ data: { log: chars(1025) } }),
      'a string of 1,025 characters as the 50th value': set({ data: map(50, (i) => (i === 49 ? chars(1025) : chars(1024))) }),
      'a string of 20,000 characters': set({ data: { log: chars(20_000) } }),
      'a key with .': set({ data: { 'cpu.user': 1 } }),
      'a key with /': set({ data: { 'cpu/user': 1 } }),
      'a key with `': set({ data: { 'cpu`': 1 } }),
      'a key with [': set({ data: { 'cpu[0': 1 } }),
      'a key with ]': set({ data: { 'cpu]': 1 } }),
      'a key with *': set({ data: { 'cpu*': 1 } }),
      'a key with ~': set({ data: { '~cpu': 1 } }),
      'a key starting with __': set({ data: { __cpu: 1 } }),
      'a key of 65 characters': set({ data: { [chars(65)]: 1 } }),
      'a bad key as the 50th': set({ data: { ...map(49), 'x.y': 1 } }),
    },
  },
  'alert rule create': {
    actor: 'editor',
    base: (w) => ({ id: `new-${w.alertRule}`, data: valid.alertRule('editor') }),
    write: (db, w, { id, data }) => setDoc(doc(db, `pipelines/${w.privatePipeline}/alertRules/${id}`), data),
    accepted: {
      'outside with value < value2': set({ op: 'outside', value: 10, value2: 90 }),
      'without noDataSeconds, silenced until a time': all(without('noDataSeconds'), set({ silencedUntil: Timestamp.now() })),
      'bounds: windowSeconds 0, forSeconds 86400, noDataSeconds 10': set({ windowSeconds: 0, forSeconds: 86400, noDataSeconds: 10 }),
      'windowSeconds 3600, noDataSeconds 86400, name of 80': set({ windowSeconds: 3600, noDataSeconds: 86400, name: chars(80) }),
    },
    rejected: {
      'value2 with above': set({ value2: 100 }),
      'inside without value2': set({ op: 'inside' }),
      'outside with value >= value2': set({ op: 'outside', value: 90, value2: 90 }),
      'op outside its values': set({ op: 'equals' }),
      'aggregation outside its values': set({ aggregation: 'sum' }),
      'severity outside its values': set({ severity: 'fatal' }),
      'value a string': set({ value: '90' }),
      'value NaN': set({ value: NaN }),
      'windowSeconds 3601': set({ windowSeconds: 3601 }),
      'windowSeconds 1.5': set({ windowSeconds: 1.5 }),
      'forSeconds -1': set({ forSeconds: -1 }),
      'noDataSeconds 9': set({ noDataSeconds: 9 }),
      'enabled a string': set({ enabled: 'yes' }),
      'empty name': set({ name: '' }),
      'field of 65 characters': set({ field: chars(65) }),
      'missing severity': without('severity'),
      'extra key': set({ channel: 'all' }),
      'createdBy forged': set({ createdBy: 'owner' }),
    },
  },
  'alert rule update': {
    actor: 'editor',
    base: (w) => ({ id: w.alertRule, data: { value: 80, updatedAt: Timestamp.now() } }),
    write: (db, w, { id, data }) => updateDoc(doc(db, `pipelines/${w.privatePipeline}/alertRules/${id}`), data),
    rejected: {
      'createdBy changed': set({ createdBy: 'editor' }),
      'createdAt changed': set({ createdAt: Timestamp.fromMillis(0) }),
      'op inside without value2': set({ op: 'inside' }),
    },
  },
  'alert acknowledgement': {
    actor: 'viewer',
    base: (w, uid) => ({ id: w.alertRule, data: { ack: valid.ack(uid) } }),
    write: (db, w, { id, data }) => updateDoc(doc(db, `pipelines/${w.privatePipeline}/alerts/${id}`), data),
    accepted: { 'with a comment of 500 characters': (input) => ({ ...input, data: { ack: valid.ack('viewer', chars(500)) } }) },
    rejected: {
      'by someone else': set({ ack: valid.ack('editor') }),
      'at a client time': set({ ack: { by: 'viewer', at: Timestamp.now() } }),
      'comment of 501 characters': set({ ack: valid.ack('viewer', chars(501)) }),
      'an extra key in ack': set({ ack: { ...valid.ack('viewer'), level: 2 } }),
      'state changed too': set({ state: 'normal' }),
      'value changed too': set({ value: 0 }),
      'ack removed': set({ ack: deleteField() }),
      'on a normal state': withId('normal-rule'),
    },
    seed: (w) => [[`pipelines/${w.privatePipeline}/alerts/normal-rule`, valid.alertState('normal')]],
  },
  'alert channel create': {
    actor: 'owner',
    base: (w) => ({ id: `new-${w.alertChannel}`, data: valid.alertChannel('owner') }),
    write: (db, w, { id, data }) => setDoc(doc(db, `teams/${w.team}/alertChannels/${id}`), data),
    accepted: { 'an http url of 2,048 characters': set({ url: `http://h.test/${chars(2048 - 14)}` }) },
    rejected: {
      'type other than webhook': set({ type: 'email' }),
      'url not http(s)': set({ url: 'ftp://hooks.example.test' }),
      'url of 2,049 characters': set({ url: `http://h.test/${chars(2049 - 14)}` }),
      'url with a space': set({ url: 'https://hooks.example.test/a b' }),
      'minSeverity outside its values': set({ minSeverity: 'debug' }),
      'empty name': set({ name: '' }),
      'extra key': set({ secret: 'x' }),
      'createdBy forged': set({ createdBy: 'editor' }),
    },
  },
  'channel secret write': {
    actor: 'owner',
    base: () => ({ id: 'hmac', data: { value: chars(16) } }),
    write: (db, w, { id, data }) => setDoc(doc(db, `teams/${w.team}/alertChannels/${w.alertChannel}/secret/${id}`), data),
    accepted: { 'value of 128 characters': set({ value: chars(128) }) },
    rejected: {
      'value of 15 characters': set({ value: chars(15) }),
      'value of 129 characters': set({ value: chars(129) }),
      'value a number': set({ value: 1234567890123456 }),
      'extra key': set({ algorithm: 'sha1' }),
      'another doc id': withId('other'),
    },
  },
  'token revoke': {
    actor: 'editor',
    base: () => ({ id: '', data: { revoked: true } }),
    write: (db, w, { data }) => updateDoc(doc(db, `pipelines/${w.privatePipeline}/tokens/${w.token}`), data),
    rejected: {
      'revoked a string': set({ revoked: 'yes' }),
      'name changed too': set({ name: 'Renamed' }),
      'prefix changed': set({ prefix: 'zzzz9999' }),
      'lastUsedAt set': set({ lastUsedAt: Timestamp.now() }),
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
/** A document reference, as a record value (no allowed type). */
const referenceTo = (path: string) => doc(clients.producer, path);
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
