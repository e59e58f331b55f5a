// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import type { TimeRange } from '../../../contract/index.ts';
import { useHistoryStore } from '../../../src/history/historyStore.ts';
import { useHistory } from '../../../src/history/useHistory.ts';
import * as fake from '../viewer/fakeFirebase.ts';

vi.mock('firebase/firestore', async () => (await import('../viewer/fakeFirebase.ts')).firestoreModule);
vi.mock('firebase/auth', async () => (await import('../viewer/fakeFirebase.ts')).authModule);

const NOW = Date.UTC(2026, 11, 1, 18, 30);
const CLOSED = 'pipelines/p1/history/m2026120117';
const OPEN = 'pipelines/p1/history/m2026120118';
const ts = { seconds: 0, nanoseconds: 0, toMillis: () => 0, toDate: () => new Date(0) };
const historyData = (buckets: Record<string, unknown>) => ({ resolution: 'minute', start: ts, updatedAt: ts, buckets });
const bucket = (v: number) => ({ n: 1, fields: { v: { n: 1, sum: v, min: v, max: v, first: v, last: v } } });

beforeEach(() => {
  fake.reset();
  setActivePinia(createPinia());
  vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('history store', () => {
  test('a closed document is got once, however often and by however many it is acquired', async () => {
    fake.setGetDoc((path) => Promise.resolve(fake.docSnapshot(path, historyData({ '05': bucket(1) }))));
    const store = useHistoryStore();
    store.acquire('p1', 'm2026120117', NOW);
    store.acquire('p1', 'm2026120117', NOW); // while the first get is under way
    await fake.flush();
    store.acquire('p1', 'm2026120117', NOW);
    expect(fake.getDocCalls).toEqual([CLOSED]);
    expect(fake.active()).toHaveLength(0);
    expect(store.entry('p1', 'm2026120117')).toMatchObject({ status: 'ready', final: true });
    expect(store.entry('p1', 'm2026120117').doc?.buckets['05']?.n).toBe(1);
  });

  test('an open document is listened to once for all its users; the last release stops the listener', () => {
    const store = useHistoryStore();
    store.acquire('p1', 'm2026120118', NOW);
    store.acquire('p1', 'm2026120118', NOW);
    expect(fake.active(OPEN)).toHaveLength(1);
    fake.emitDoc(OPEN, historyData({ '29': bucket(2) }));
    expect(store.entry('p1', 'm2026120118')).toMatchObject({ status: 'ready', final: false });
    store.release('p1', 'm2026120118');
    expect(fake.active(OPEN)).toHaveLength(1);
    store.release('p1', 'm2026120118');
    expect(fake.active(OPEN)).toHaveLength(0);
    expect(fake.getDocCalls).toEqual([]);
  });

  test('an open document that closes while in use stops being listened to and is got once, final', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    fake.setGetDoc((path) => Promise.resolve(fake.docSnapshot(path, historyData({ '59': bucket(3) }))));
    const store = useHistoryStore();
    store.acquire('p1', 'm2026120118', NOW);
    fake.emitDoc(OPEN, historyData({ '29': bucket(2) }));
    // The hour ends at 19:00; its buckets are final 70 s later.
    vi.advanceTimersByTime(Date.UTC(2026, 11, 1, 19, 1, 9) - NOW);
    expect(fake.active(OPEN)).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(fake.active(OPEN)).toHaveLength(0);
    expect(store.listenerCount()).toBe(0);
    vi.useRealTimers();
    await fake.flush();
    expect(fake.getDocCalls).toEqual([OPEN]);
    expect(store.entry('p1', 'm2026120118')).toMatchObject({ status: 'ready', final: true });
    expect(store.entry('p1', 'm2026120118').doc?.buckets['59']?.n).toBe(1);
    // Its users release it later: nothing to stop, nothing read again.
    store.release('p1', 'm2026120118');
    store.acquire('p1', 'm2026120118', Date.now());
    expect(fake.getDocCalls).toEqual([OPEN]);
    expect(fake.active(OPEN)).toHaveLength(0);
  });

  test('offline, a document this device never read is "offline", not loading for ever', async () => {
    fake.setGetDoc(() => Promise.reject(Object.assign(new Error('offline'), { code: 'unavailable' })));
    const store = useHistoryStore();
    store.acquire('p1', 'm2026120117', NOW);
    await fake.flush();
    expect(store.entry('p1', 'm2026120117').status).toBe('offline');
  });

  test('a document that breaks the contract is an error naming it', () => {
    const store = useHistoryStore();
    store.acquire('p1', 'm2026120118', NOW);
    fake.emitDoc(OPEN, { resolution: 'minute', buckets: { '99': bucket(1) } });
    expect(store.entry('p1', 'm2026120118')).toMatchObject({ status: 'error' });
  });
});

describe('useHistory', () => {
  test('a 1 h range reads the closed hour once, listens to the current one, and stops when its scope ends', async () => {
    const range = ref<TimeRange | null>({ kind: 'relative', preset: '1h' });
    const rollup = ref({ records: [], minute: { startMs: NOW - 60_000, bucket: bucket(9) } });
    fake.setGetDoc((path) => Promise.resolve(fake.docSnapshot(path, historyData({ '45': bucket(1) }))));
    const scope = effectScope();
    const view = scope.run(() => useHistory('p1', range, rollup))!;
    expect(view.value?.status).toBe('loading');
    expect(fake.getDocCalls).toEqual([CLOSED]);
    expect(fake.active(OPEN)).toHaveLength(1);
    await fake.flush();
    fake.emitDoc(OPEN, historyData({ '10': bucket(5) }));
    await nextTick();
    expect(view.value?.status).toBe('ready');
    expect(view.value?.series?.buckets.map((b) => new Date(b.startMs).toISOString().slice(11, 16))).toEqual(['17:45', '18:10', '18:29']);

    range.value = { kind: 'live' };
    await nextTick();
    expect(view.value).toBeNull();
    expect(fake.active(OPEN)).toHaveLength(0);

    range.value = { kind: 'relative', preset: '1h' };
    await nextTick();
    expect(fake.getDocCalls).toEqual([CLOSED]); // closed: never read again
    scope.stop();
    expect(fake.active()).toHaveLength(0);
  });
});

describe('useHistory, a range of many documents', () => {
  test('24 h draws from its 2 hour documents first, then from its 25 minute documents once all are in', async () => {
    const minuteGets: (() => void)[] = [];
    fake.setGetDoc((path) => {
      const id = path.split('/').pop()!;
      if (id.startsWith('h')) return Promise.resolve(fake.docSnapshot(path, { ...historyData({ '10': bucket(3) }), resolution: 'hour' }));
      return new Promise((resolve) => minuteGets.push(() => resolve(fake.docSnapshot(path, historyData({ '05': bucket(1) })))));
    });
    const scope = effectScope();
    const view = scope.run(() => useHistory('p1', { kind: 'relative', preset: '24h' }, { records: [], minute: null }))!;
    await fake.flush();
    fake.emitDoc('pipelines/p1/history/h20261201', { ...historyData({ '17': bucket(4) }), resolution: 'hour' });
    fake.emitDoc(OPEN, historyData({ '10': bucket(5) }));
    await nextTick();
    expect(view.value).toMatchObject({ status: 'ready', refining: true });
    expect(view.value?.series?.resolution).toBe('hour');

    expect(minuteGets).toHaveLength(24);
    for (const answer of minuteGets) answer();
    await fake.flush();
    await nextTick();
    expect(view.value).toMatchObject({ status: 'ready', refining: false });
    expect(view.value?.series?.resolution).toBe('minute');
    scope.stop();
    expect(fake.active()).toHaveLength(0);
  });
});

describe('offline, documents the server said do not exist', () => {
  test('are still absent (not "never read") after a reload, so a range opened before shows', async () => {
    const store = useHistoryStore();
    store.acquire('p1', 'm2026120118', NOW);
    fake.emitDoc(OPEN, undefined); // the server: no such document
    store.release('p1', 'm2026120118');
    // A new page (store) offline: the cache has nothing to say of it.
    setActivePinia(createPinia());
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const next = useHistoryStore();
    next.acquire('p1', 'm2026120118', NOW);
    next.acquire('p1', 'm2026120119', NOW);
    fake.emitDoc(OPEN, undefined, true);
    fake.emitDoc('pipelines/p1/history/m2026120119', undefined, true);
    expect(next.entry('p1', 'm2026120118')).toMatchObject({ status: 'ready', doc: null, fromCache: true });
    expect(next.entry('p1', 'm2026120119').status).toBe('offline');
  });

  test('shows as absent at once from the cache even where the browser claims a network it cannot use', () => {
    const store = useHistoryStore();
    store.acquire('p1', 'm2026120118', NOW);
    fake.emitDoc(OPEN, undefined);
    store.release('p1', 'm2026120118');
    setActivePinia(createPinia());
    const next = useHistoryStore();
    next.acquire('p1', 'm2026120118', NOW);
    fake.emitDoc(OPEN, undefined, true);
    expect(next.entry('p1', 'm2026120118')).toMatchObject({ status: 'ready', doc: null, fromCache: true });
    fake.emitDoc(OPEN, historyData({ '01': bucket(1) })); // the server, later: it exists now
    expect(next.entry('p1', 'm2026120118')).toMatchObject({ status: 'ready', fromCache: false });
  });
});
