import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { nextTick } from 'vue';
import { REANCHOR_AFTER } from '../../../src/live/liveMode.ts';
import { attachReadMeter, readMeter } from '../../../bench/_readMeter.ts';
import { useRollupStore } from '../../../src/live/rollupStore.ts';
import * as fake from './fakeFirebase.ts';

vi.mock('firebase/firestore', async () => (await import('./fakeFirebase.ts')).firestoreModule);
vi.mock('firebase/auth', async () => (await import('./fakeFirebase.ts')).authModule);

const PIPELINE = 'pipelines/p1';
const ROLLUP = 'pipelines/p1/rollups/last100';
const RECORDS = 'pipelines/p1/records';

/** A rollup holding records r1..rN at 1..N s (a slow pipeline: one record a minute apart is still "slow"). */
function rollupDoc(n: number, secondsApart = 60): Record<string, unknown> {
  const records = Array.from({ length: n }, (_, i) => ({ id: `r${i + 1}`, ts: fake.timestamp(secondsApart * 1000 * (i + 1)), data: { v: i + 1 } }));
  return { records, count: n, lastTs: fake.timestamp(secondsApart * 1000 * n), updatedAt: fake.timestamp(1e9 + n) };
}
function recordDoc(i: number, secondsApart = 60): { id: string; data: Record<string, unknown> } {
  return { id: `r${i}`, data: { ts: fake.timestamp(secondsApart * 1000 * i), data: { v: i } } };
}
/** Record documents r`from`..r`to`. */
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => recordDoc(from + i));
// Tails attach once the live Firestore instance has signed in: a flush after the snapshot.
async function emitWindow(data: Record<string, unknown>): Promise<void> {
  fake.emitDoc(ROLLUP, data);
  await fake.flush();
}
async function emitPipeline(data: Record<string, unknown>): Promise<void> {
  fake.emitDoc(PIPELINE, data);
  await fake.flush();
}
const ids = (store: ReturnType<typeof useRollupStore>) => store.states.p1?.records.map((r) => r.id);

async function member(uid = 'u1'): Promise<ReturnType<typeof useRollupStore>> {
  const store = useRollupStore();
  fake.setUser(uid);
  await nextTick();
  store.acquire('p1');
  return store;
}

beforeEach(() => {
  fake.reset();
  setActivePinia(createPinia());
  attachReadMeter();
});

describe('instant mode in the rollup store', () => {
  test('a member listens to the records from the window last record on, and sees the merge', async () => {
    const store = await member();
    await emitPipeline({ live: 'instant' });
    await emitWindow(rollupDoc(2));
    const tails = fake.active(RECORDS);
    expect(tails).toHaveLength(1);
    expect(store.states.p1?.mode).toBe('instant');
    readMeter.documents = readMeter.records = 0;
    fake.emitQuery(RECORDS, [recordDoc(2), recordDoc(3)]);
    expect(ids(store)).toEqual(['r1', 'r2', 'r3']);
    expect(readMeter).toEqual({ documents: 2, records: 2 });
    fake.emitQuery(RECORDS, [recordDoc(2), recordDoc(3), recordDoc(4)], false, 1);
    expect(ids(store)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(readMeter).toEqual({ documents: 3, records: 3 });
    expect(store.listenerCount()).toBe(3);
  });

  test(`keeps its tail while the window covers fewer than ${REANCHOR_AFTER} of its records (no re-read of the anchor)`, async () => {
    const store = await member();
    await emitPipeline({ live: 'instant' });
    await emitWindow(rollupDoc(2));
    const [first] = fake.active(RECORDS);
    first!.next(fake.querySnapshot(range(2, 5)));
    readMeter.documents = readMeter.records = 0;
    await emitWindow(rollupDoc(3));
    await emitWindow(rollupDoc(4));
    expect(fake.active(RECORDS)).toEqual([first]);
    expect(ids(store)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(readMeter).toEqual({ documents: 2, records: 0 }); // the two window updates only
  });

  test(`re-anchors once the window covers ${REANCHOR_AFTER} of its records: the old tail stays until the new one answered from the server`, async () => {
    const store = await member();
    await emitPipeline({ live: 'instant' });
    await emitWindow(rollupDoc(2));
    const [first] = fake.active(RECORDS);
    first!.next(fake.querySnapshot(range(2, 13)));
    await emitWindow(rollupDoc(11));
    const second = fake.active(RECORDS).find((l) => l !== first)!;
    expect(second).toBeDefined();
    expect(first!.active).toBe(true);
    // the window now holds r11; r12 and r13 still come from the old tail, once
    expect(ids(store)).toEqual(range(1, 13).map((d) => d.id));
    second.next(fake.querySnapshot(range(11, 13), true));
    expect(first!.active).toBe(true); // a cache answer of a new query may be incomplete
    second.next(fake.querySnapshot(range(11, 14)));
    expect(first!.active).toBe(false);
    expect(ids(store)).toEqual(range(1, 14).map((d) => d.id));
  });

  test('signed out (public viewer): economy, the records are not listened to', async () => {
    const store = useRollupStore();
    store.acquire('p1');
    await emitPipeline({ live: 'instant' });
    await emitWindow(rollupDoc(2));
    expect(fake.active(RECORDS)).toHaveLength(0);
    expect(store.states.p1?.mode).toBe('economy');
  });

  test('a refused tail (not a member) falls back to economy', async () => {
    const store = await member();
    await emitPipeline({ live: 'instant' });
    await emitWindow(rollupDoc(2));
    fake.fail(RECORDS, 'permission-denied');
    expect(fake.active(RECORDS)).toHaveLength(0);
    expect(store.states.p1).toMatchObject({ mode: 'economy', status: 'ready', error: null });
  });

  test('switching to economy stops the tail but keeps its records until the window has them', async () => {
    const store = await member();
    await emitPipeline({ live: 'auto' });
    await emitWindow(rollupDoc(2));
    fake.emitQuery(RECORDS, [recordDoc(2), recordDoc(3)]);
    await emitPipeline({ live: 'economy' });
    expect(fake.active(RECORDS)).toHaveLength(0);
    expect(store.states.p1?.mode).toBe('economy');
    expect(ids(store)).toEqual(['r1', 'r2', 'r3']);
    await emitWindow(rollupDoc(3));
    expect(ids(store)).toEqual(['r1', 'r2', 'r3']);
  });

  test('auto: a busy window is economy', async () => {
    const store = await member();
    await emitPipeline({});
    // 100 records 10 ms apart, ending now: 100 records/s
    const now = Date.now();
    const records = Array.from({ length: 100 }, (_, i) => ({ id: `b${i}`, ts: fake.timestamp(now - 990 + 10 * i), data: {} }));
    await emitWindow({ records, count: 100, updatedAt: fake.timestamp(now) });
    expect(store.states.p1?.mode).toBe('economy');
    expect(fake.active(RECORDS)).toHaveLength(0);
  });

  test('auto: the tail showing a busy pipeline turns it economy before the window does', async () => {
    const store = await member();
    await emitPipeline({});
    await emitWindow(rollupDoc(2));
    expect(store.states.p1?.mode).toBe('instant');
    // 30 records 100 ms apart after the window's last (r2 at 120 s): 10 records/s
    const busy = Array.from({ length: 30 }, (_, i) => ({ id: `b${i}`, data: { ts: fake.timestamp(120_000 + 100 * (i + 1)), data: {} } }));
    fake.emitQuery(RECORDS, [recordDoc(2), ...busy]);
    expect(store.states.p1?.mode).toBe('economy');
    expect(fake.active(RECORDS)).toHaveLength(0);
    // the records the tail brought stay on screen until the window has them
    expect(ids(store)).toHaveLength(32);
  });

  test('releasing the last user stops the tail listeners too', async () => {
    const store = await member();
    store.acquire('p1');
    await emitPipeline({ live: 'instant' });
    await emitWindow(rollupDoc(2));
    fake.emitQuery(RECORDS, range(2, 12));
    await emitWindow(rollupDoc(11));
    expect(fake.active(RECORDS)).toHaveLength(2);
    store.release('p1');
    expect(fake.active(RECORDS)).toHaveLength(2);
    store.release('p1');
    expect(fake.active()).toHaveLength(0);
    expect(store.listenerCount()).toBe(0);
  });
});

describe('the live Firestore instance of the tails', () => {
  test('tails listen through a memory-cache instance; the window through the persistent one', async () => {
    await member();
    await emitPipeline({ live: 'instant' });
    await emitWindow(rollupDoc(2));
    expect(fake.active(RECORDS).map((l) => l.firestore?.cache)).toEqual(['memory']);
    expect(fake.active(ROLLUP).map((l) => l.firestore?.cache)).toEqual(['persistent']);
  });

  test('a tail given up while the instance signs in never listens', async () => {
    let signedIn!: () => void;
    fake.setUpdateCurrentUser(() => new Promise<void>((resolve) => (signedIn = resolve)));
    const store = await member('slow-sign-in');
    await emitPipeline({ live: 'auto' });
    await emitWindow(rollupDoc(2));
    expect(fake.active(RECORDS)).toHaveLength(0);
    await emitPipeline({ live: 'economy' });
    signedIn();
    await fake.flush();
    expect(fake.active(RECORDS)).toHaveLength(0);
    expect(store.states.p1?.mode).toBe('economy');
  });

  test('an instance that cannot sign in leaves the pipeline in economy, saying why', async () => {
    fake.setUpdateCurrentUser(() => Promise.reject(Object.assign(new Error('network down (test)'), { code: 'auth/network-request-failed' })));
    const store = await member('no-sign-in');
    await emitPipeline({ live: 'instant' });
    await emitWindow(rollupDoc(2));
    expect(fake.active(RECORDS)).toHaveLength(0);
    expect(store.states.p1).toMatchObject({ mode: 'economy', status: 'ready', error: 'network down (test)' });
    expect(ids(store)).toEqual(['r1', 'r2']);
  });
});
