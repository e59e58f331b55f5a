import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { computed, effectScope, nextTick, ref } from 'vue';
import { useRollup } from '../../../src/live/useRollup.ts';
import { attachReadMeter, readMeter } from '../../../bench/_readMeter.ts';
import { RETRY_MS, useRollupStore } from '../../../src/live/rollupStore.ts';
import { deriveStatus, type RollupFacts } from '../../../src/live/rollupState.ts';
import * as fake from './fakeFirebase.ts';

vi.mock('firebase/firestore', async () => (await import('./fakeFirebase.ts')).firestoreModule);
vi.mock('firebase/auth', async () => (await import('./fakeFirebase.ts')).authModule);

const PIPELINE = 'pipelines/p1';
const ROLLUP = 'pipelines/p1/rollups/last100';

function rollupDoc(values: number[], count = values.length): Record<string, unknown> {
  const records = values.map((v, i) => ({ id: `r${i}`, ts: fake.timestamp(1000 * (i + 1)), data: { v } }));
  return { records, count, lastTs: fake.timestamp(1000 * values.length), updatedAt: fake.timestamp(5000 + count) };
}

beforeEach(() => {
  fake.reset();
  setActivePinia(createPinia());
  attachReadMeter();
});
afterEach(() => vi.useRealTimers());

describe('rollup store', () => {
  test('one listener per document however many users share it; the last release stops them', () => {
    const store = useRollupStore();
    store.acquire('p1');
    store.acquire('p1');
    store.acquire('p2');
    expect(fake.active().map((l) => l.path).sort()).toEqual([PIPELINE, ROLLUP, 'pipelines/p2', 'pipelines/p2/rollups/last100']);
    store.release('p1');
    expect(fake.active(ROLLUP)).toHaveLength(1);
    store.release('p1');
    expect(fake.active(ROLLUP)).toHaveLength(0);
    expect(fake.active(PIPELINE)).toHaveLength(0);
    expect(store.states.p1).toBeUndefined();
    expect(store.listenerCount()).toBe(2);
  });

  test('listens with metadata changes, to know when data comes from the cache', () => {
    useRollupStore().acquire('p1');
    expect(fake.active(ROLLUP)[0]?.options).toEqual({ includeMetadataChanges: true });
  });

  test('a rollup snapshot becomes the window, with Dates; metadata-only snapshots keep the same array', () => {
    const store = useRollupStore();
    store.acquire('p1');
    fake.emitDoc(ROLLUP, rollupDoc([1, 2]), true);
    const state = store.states.p1!;
    expect(state).toMatchObject({ status: 'ready', fromCache: true, source: 'rollup' });
    expect(state.records.map((r) => [r.ts.getTime(), r.data.v])).toEqual([[1000, 1], [2000, 2]]);
    const before = state.records;
    fake.emitDoc(ROLLUP, rollupDoc([1, 2]), false);
    expect(state.records).toBe(before);
    expect(state.fromCache).toBe(false);
    fake.emitDoc(ROLLUP, rollupDoc([1, 2, 3]));
    expect(state.records.map((r) => r.data.v)).toEqual([1, 2, 3]);
    // one read per server delivery of a changed document: [1,2] then [1,2,3]
    expect(readMeter.documents).toBe(2);
  });

  test('truncated records stay marked in the window', () => {
    const store = useRollupStore();
    store.acquire('p1');
    fake.emitDoc(ROLLUP, { records: [{ id: 'big', ts: fake.timestamp(1), data: {}, truncated: true }], count: 1 });
    expect(store.states.p1?.records).toEqual([{ id: 'big', ts: new Date(1), data: {}, truncated: true }]);
  });

  test('no rollup, signed out: waiting for data, and the records are not queried', async () => {
    const store = useRollupStore();
    store.acquire('p1');
    fake.emitDoc(ROLLUP, undefined, true);
    expect(store.states.p1?.status).toBe('loading'); // absent from the cache only: ask the server
    fake.emitDoc(ROLLUP, undefined);
    await fake.flush();
    expect(store.states.p1?.status).toBe('waiting');
    expect(fake.getDocsCalls).toHaveLength(0);
  });

  test('no rollup, signed in: one query of the newest 100 records, shown oldest first', async () => {
    const store = useRollupStore();
    fake.setUser('u1');
    await nextTick();
    fake.setGetDocs(() =>
      Promise.resolve(fake.querySnapshot([{ id: 'b', data: { ts: fake.timestamp(2000), data: { v: 2 } } }, { id: 'a', data: { ts: fake.timestamp(1000), data: { v: 1 } } }])),
    );
    store.acquire('p1');
    fake.emitDoc(ROLLUP, undefined);
    fake.emitDoc(ROLLUP, undefined);
    await fake.flush();
    expect(fake.getDocsCalls).toEqual([
      { path: 'pipelines/p1/records', firestore: { cache: 'persistent' }, constraints: [{ orderBy: 'ts', direction: 'desc' }, { limit: 100 }] },
    ]);
    expect(store.states.p1).toMatchObject({ status: 'ready', source: 'records' });
    expect(store.states.p1?.records.map((r) => r.id)).toEqual(['a', 'b']);
    // one read for the missing rollup, two for the records of the log
    expect(readMeter).toEqual({ documents: 3, records: 2 });
    // the rollup arriving later replaces the fallback
    fake.emitDoc(ROLLUP, rollupDoc([7]));
    expect(store.states.p1).toMatchObject({ source: 'rollup', records: [expect.objectContaining({ data: { v: 7 } })] });
  });

  test('a member whose fallback query is refused waits for data', async () => {
    const store = useRollupStore();
    fake.setUser('u1');
    await nextTick();
    fake.setGetDocs(() => Promise.reject(Object.assign(new Error('denied'), { code: 'permission-denied' })));
    store.acquire('p1');
    fake.emitDoc(ROLLUP, undefined);
    await fake.flush();
    expect(fake.getDocsCalls).toHaveLength(1);
    expect(store.states.p1?.status).toBe('waiting');
  });

  test('a deleted pipeline says so, even with a window', () => {
    const store = useRollupStore();
    store.acquire('p1');
    fake.emitDoc(ROLLUP, rollupDoc([1]));
    fake.emitDoc(PIPELINE, { name: 'P' });
    expect(store.states.p1?.status).toBe('ready');
    fake.emitDoc(PIPELINE, undefined, true);
    expect(store.states.p1?.status).toBe('ready'); // missing from the cache proves nothing
    fake.emitDoc(PIPELINE, undefined);
    expect(store.states.p1?.status).toBe('deleted');
  });

  test('a refused listener makes the window unavailable and is attached again later', () => {
    vi.useFakeTimers();
    const store = useRollupStore();
    store.acquire('p1');
    fake.fail(PIPELINE, 'permission-denied');
    fake.fail(ROLLUP, 'permission-denied');
    expect(store.states.p1?.status).toBe('unavailable');
    expect(fake.active()).toHaveLength(2); // the fake keeps failed listeners attached; the store replaces them
    vi.advanceTimersByTime(RETRY_MS);
    expect(fake.listeners.filter((l) => l.path === ROLLUP)).toHaveLength(2);
    expect(fake.active(ROLLUP)).toHaveLength(1);
    expect(store.states.p1?.status).toBe('loading');
  });

  test('another error is shown and retried on reattach("failed"); healthy listeners are left alone', () => {
    const store = useRollupStore();
    store.acquire('p1');
    store.acquire('p2');
    fake.fail(ROLLUP, 'unavailable');
    expect(store.states.p1).toMatchObject({ status: 'error', error: 'unavailable (test)' });
    store.reattach('failed');
    expect(fake.listeners.filter((l) => l.path === 'pipelines/p2/rollups/last100')).toHaveLength(1);
    expect(fake.listeners.filter((l) => l.path === ROLLUP)).toHaveLength(2);
    expect(store.states.p1?.status).toBe('loading');
  });

  test('a change of user attaches every listener again and forgets what the previous user saw', async () => {
    const store = useRollupStore();
    store.acquire('p1');
    fake.emitDoc(ROLLUP, rollupDoc([1]));
    fake.setUser('u2');
    await nextTick();
    expect(fake.listeners.filter((l) => l.path === ROLLUP)).toHaveLength(2);
    expect(fake.active(ROLLUP)).toHaveLength(1);
    expect(store.states.p1).toMatchObject({ status: 'loading', records: [] });
  });

  test('disposing the store stops every listener', () => {
    const store = useRollupStore();
    store.acquire('p1');
    store.acquire('p2');
    store.$dispose();
    expect(fake.active()).toHaveLength(0);
  });
});

describe('useRollup', () => {
  test('holds one reference per scope, moves it with the pipeline id, and drops it when the scope is disposed', async () => {
    const store = useRollupStore();
    const scopeA = effectScope();
    const scopeB = effectScope();
    const pipelineId = ref('p1');
    const state = scopeA.run(() => useRollup(pipelineId))!;
    scopeB.run(() => useRollup('p1'));
    expect(fake.active(ROLLUP)).toHaveLength(1);
    fake.emitDoc(ROLLUP, rollupDoc([4]));
    expect(state.value.records[0]?.data.v).toBe(4);
    pipelineId.value = 'p2';
    await nextTick();
    expect(fake.active('pipelines/p2/rollups/last100')).toHaveLength(1);
    expect(fake.active(ROLLUP)).toHaveLength(1); // still used by scope B
    scopeB.stop();
    expect(fake.active(ROLLUP)).toHaveLength(0);
    scopeA.stop();
    expect(fake.active()).toHaveLength(0);
    expect(store.listenerCount()).toBe(0);
  });
});

describe('reactivity', () => {
  test('a snapshot reaches a widget that already read the state', () => {
    const scope = effectScope();
    const state = scope.run(() => useRollup('p1'))!;
    // What a template does: a computed that tracks the fields it reads.
    const shown = scope.run(() => computed(() => `${state.value.status}:${state.value.records.map((r) => r.data.v).join()}`))!;
    expect(shown.value).toBe('loading:');
    fake.emitDoc(ROLLUP, rollupDoc([5]));
    expect(shown.value).toBe('ready:5');
    scope.stop();
  });
});

describe('what the pipeline document declares', () => {
  test('its fields and team are in the state; a changed document keeps equal fields as the same array', () => {
    const store = useRollupStore();
    store.acquire('p1');
    expect(store.states.p1).toMatchObject({ fields: [], teamId: null });
    const fields = [{ name: 'temp', type: 'number', unit: '°C', label: 'Temperature' }, { name: 'bad' }, { name: 'ok', type: 'bool' }];
    fake.emitDoc(PIPELINE, { teamId: 't1', fields });
    expect(store.states.p1?.fields).toEqual([{ name: 'temp', type: 'number', unit: '°C', label: 'Temperature' }, { name: 'ok', type: 'bool' }]);
    expect(store.states.p1?.teamId).toBe('t1');
    const before = store.states.p1?.fields;
    fake.emitDoc(PIPELINE, { teamId: 't1', fields, live: 'economy' });
    expect(store.states.p1?.fields).toBe(before);
  });

  test("a pipeline of another team than the dashboard's reads as deleted through useRollup", () => {
    const scope = effectScope();
    const own = scope.run(() => useRollup('p1', 't1'))!;
    const other = scope.run(() => useRollup('p1', 't2'))!;
    const anyTeam = scope.run(() => useRollup('p1'))!;
    fake.emitDoc(ROLLUP, rollupDoc([1]));
    fake.emitDoc(PIPELINE, { teamId: 't1' });
    expect(own.value.status).toBe('ready');
    expect(anyTeam.value.status).toBe('ready');
    expect(other.value.status).toBe('deleted');
    scope.stop();
  });
});

describe('deriveStatus', () => {
  const facts = (f: Partial<RollupFacts>): RollupFacts => ({ pipelineExists: undefined, denied: false, failed: false, rollupMissing: false, fallback: 'idle', ...f });
  test.each([
    [facts({}), false, 'loading'],
    [facts({ pipelineExists: false }), true, 'deleted'],
    [facts({ denied: true }), true, 'unavailable'],
    [facts({ failed: true }), true, 'ready'],
    [facts({ denied: true }), false, 'unavailable'],
    [facts({ failed: true }), false, 'error'],
    [facts({ rollupMissing: true, fallback: 'running' }), false, 'loading'],
    [facts({ rollupMissing: true, fallback: 'done' }), false, 'waiting'],
  ] as const)('%o with records=%s is %s', (f, hasRecords, status) => {
    expect(deriveStatus(f, hasRecords)).toBe(status);
  });
});
