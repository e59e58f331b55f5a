/**
 * Test doubles of the firebase/firestore and firebase/auth modules: listeners
 * are recorded by document path so tests can push snapshots and errors into
 * them and see which are still attached. Use with
 *   vi.mock('firebase/firestore', async () => (await import('./fakeFirebase.ts')).firestoreModule)
 *   vi.mock('firebase/auth', async () => (await import('./fakeFirebase.ts')).authModule)
 */
import { vi } from 'vitest';

/** A fake Firestore instance: which cache it was initialized with. */
export interface FakeFirestore {
  cache: unknown;
}

interface Ref {
  path: string;
  /** The Firestore instance the reference was made from. */
  firestore?: FakeFirestore;
  constraints?: unknown[];
}

export interface Listener {
  path: string;
  firestore: FakeFirestore | undefined;
  options: unknown;
  next: (snap: unknown) => void;
  error?: (err: unknown) => void;
  active: boolean;
}

export const listeners: Listener[] = [];
export const getDocsCalls: Ref[] = [];
/** Paths of the one-off document gets (getDoc); `setGetDoc` answers them (default: the document does not exist). */
export const getDocCalls: string[] = [];
let getDocResult: (path: string) => Promise<unknown> = (path) => Promise.resolve(docSnapshot(path, undefined));
export function setGetDoc(result: (path: string) => Promise<unknown>): void {
  getDocResult = result;
}
let getDocsResult: () => Promise<unknown> = () => Promise.resolve(querySnapshot([]));
const authCallbacks = new Set<(user: unknown) => void>();
/** The user of the app's Auth instance (`auth.currentUser`), as setUser left it. */
export const mainAuth: { currentUser: unknown } = { currentUser: null };
/** What updateCurrentUser was asked to do: [auth instance, user] pairs; `updateCurrentUserResult` answers. */
export const updateCurrentUserCalls: [unknown, unknown][] = [];
export let updateCurrentUserResult: () => Promise<void> = () => Promise.resolve();
export function setUpdateCurrentUser(result: () => Promise<void>): void {
  updateCurrentUserResult = result;
}

export function reset(): void {
  listeners.length = 0;
  getDocsCalls.length = 0;
  getDocCalls.length = 0;
  getDocResult = (path) => Promise.resolve(docSnapshot(path, undefined));
  getDocsResult = () => Promise.resolve(querySnapshot([]));
  // Stores of earlier tests are gone: their auth listeners must not hear the next test's users.
  authCallbacks.clear();
  mainAuth.currentUser = null;
  updateCurrentUserCalls.length = 0;
  updateCurrentUserResult = () => Promise.resolve();
}

/** Listeners still attached, optionally those of one path. */
export function active(path?: string): Listener[] {
  return listeners.filter((l) => l.active && (path === undefined || l.path === path));
}

/** Lets pending promise callbacks run (a fake server answer, a sign-in hand-over). */
export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function setGetDocs(result: () => Promise<unknown>): void {
  getDocsResult = result;
}

/** Signs a fake user in (uid) or out (null), as onAuthStateChanged reports it. */
export function setUser(uid: string | null): void {
  mainAuth.currentUser = uid ? { uid, email: `${uid}@test` } : null;
  for (const callback of [...authCallbacks]) callback(mainAuth.currentUser);
}

export function timestamp(ms: number): { toDate(): Date; toMillis(): number } {
  return { toDate: () => new Date(ms), toMillis: () => ms };
}

export function docSnapshot(path: string, data: Record<string, unknown> | undefined, fromCache = false): unknown {
  return {
    id: path.split('/').pop(),
    exists: () => data !== undefined,
    data: () => data,
    get: (field: string) => data?.[field],
    metadata: { fromCache, hasPendingWrites: false },
  };
}

export function querySnapshot(docs: { id: string; data: Record<string, unknown> }[], fromCache = false, changed = docs.length): unknown {
  const snaps = docs.map((d) => ({ id: d.id, data: () => d.data, get: (f: string) => d.data[f] }));
  return {
    docs: snaps,
    size: docs.length,
    metadata: { fromCache, hasPendingWrites: false },
    docChanges: () => snaps.slice(0, changed).map((doc) => ({ type: 'added', doc })),
  };
}

/** Delivers a document snapshot to the listeners of `path`. */
export function emitDoc(path: string, data: Record<string, unknown> | undefined, fromCache = false): void {
  for (const l of active(path)) l.next(docSnapshot(path, data, fromCache));
}

export function emitQuery(path: string, docs: { id: string; data: Record<string, unknown> }[], fromCache = false, changed?: number): void {
  for (const l of active(path)) l.next(querySnapshot(docs, fromCache, changed));
}

/** Fails the listeners of `path` with a FirestoreError code. */
export function fail(path: string, code: string): void {
  for (const l of active(path)) l.error?.({ code, message: `${code} (test)` });
}

function join(parent: unknown, segments: string[]): Ref {
  const ref = parent as Partial<Ref>;
  const firestore = ref.path === undefined ? (parent as FakeFirestore) : ref.firestore;
  return { path: [ref.path, ...segments].filter(Boolean).join('/'), firestore };
}

export const firestoreModule = {
  initializeFirestore: (_app: unknown, settings: { localCache?: unknown }): FakeFirestore => ({ cache: settings.localCache }),
  persistentLocalCache: () => 'persistent',
  memoryLocalCache: () => 'memory',
  persistentMultipleTabManager: () => ({}),
  connectFirestoreEmulator: () => undefined,
  doc: (parent: unknown, ...segments: string[]) => join(parent, segments),
  collection: (parent: unknown, ...segments: string[]) => join(parent, segments),
  query: (ref: Ref, ...constraints: unknown[]) => ({ path: ref.path, firestore: ref.firestore, constraints }),
  orderBy: (field: string, direction = 'asc') => ({ orderBy: field, direction }),
  limit: (n: number) => ({ limit: n }),
  where: (field: string, op: string, value: unknown) => ({ where: field, op, value }),
  getDoc: (ref: Ref) => {
    getDocCalls.push(ref.path);
    return getDocResult(ref.path);
  },
  getDocs: (q: Ref) => {
    getDocsCalls.push(q);
    return getDocsResult();
  },
  onSnapshot: vi.fn((ref: Ref, ...args: unknown[]) => {
    const [options, next, error] = typeof args[0] === 'function' ? [undefined, ...args] : args;
    const listener: Listener = {
      path: ref.path,
      firestore: ref.firestore,
      options,
      next: next as Listener['next'],
      error: error as Listener['error'],
      active: true,
    };
    listeners.push(listener);
    return () => {
      listener.active = false;
    };
  }),
};

export const authModule = {
  getAuth: () => mainAuth,
  // The app's own Auth (src/firebase.ts) is the default app's; the live instance's is a second one.
  initializeAuth: (app: { name?: string }) => (app.name === '[DEFAULT]' ? mainAuth : { currentUser: null }),
  indexedDBLocalPersistence: {},
  browserLocalPersistence: {},
  browserSessionPersistence: {},
  inMemoryPersistence: {},
  updateCurrentUser: async (target: { currentUser: unknown }, user: unknown) => {
    updateCurrentUserCalls.push([target, user]);
    await updateCurrentUserResult();
    target.currentUser = user;
  },
  connectAuthEmulator: () => undefined,
  onAuthStateChanged: (_auth: unknown, callback: (user: unknown) => void) => {
    authCallbacks.add(callback);
    return () => authCallbacks.delete(callback);
  },
  signInWithEmailAndPassword: () => Promise.resolve(),
  signOut: () => Promise.resolve(),
};
