import { initializeApp } from 'firebase/app';
import { inMemoryPersistence, initializeAuth, onAuthStateChanged, updateCurrentUser, type Auth } from 'firebase/auth';
import { initializeFirestore, memoryLocalCache, type Firestore } from 'firebase/firestore';
import { auth, connectEmulators, firebaseApp } from '../firebase.ts';

/**
 * The Firestore instance instant mode's tail listeners read through: a second
 * app with a memory cache, signed in as the app's user.
 *
 * Tail records are shown for a second or two, until the window covers them,
 * and offline the (persisted) window is what a viewer sees, so they need no
 * persistence. Through the persistent cache they cost an IndexedDB
 * transaction per snapshot, and every re-anchored tail query first ran
 * against every record the cache had kept of the pipeline: at 10 records/s a
 * viewer fell seconds behind within a minute. The memory cache drops a
 * query's documents once it stops listening.
 */
interface Live {
  auth: Auth;
  db: Firestore;
  /** The last hand-over of the app's user to `auth`; each waits for the previous one. */
  synced: Promise<void>;
}

let live: Live | undefined;

function create(): Live {
  const app = initializeApp(firebaseApp.options, 'dash-live');
  const created: Live = {
    auth: initializeAuth(app, { persistence: inMemoryPersistence }),
    db: initializeFirestore(app, { localCache: memoryLocalCache() }),
    synced: Promise.resolve(),
  };
  connectEmulators(created.auth, created.db);
  // Signing out (or in as someone else) in the app does the same here.
  onAuthStateChanged(auth, () => follow(created).catch(() => undefined));
  return created;
}

/** Gives `live.auth` the app's current user (a copy, which refreshes its own tokens). */
function follow(target: Live): Promise<void> {
  // A failed hand-over fails its caller only; the next one tries again.
  target.synced = target.synced.catch(() => undefined).then(async () => {
    const user = auth.currentUser;
    if (target.auth.currentUser?.uid === user?.uid) return;
    await updateCurrentUser(target.auth, user);
  });
  return target.synced;
}

/** The tail listeners' Firestore, once it is signed in as the app's current user. */
export async function liveFirestore(): Promise<Firestore> {
  live ??= create();
  await follow(live);
  return live.db;
}

/** The tail listeners' Firestore if one was ever needed (so that asking does not create one). */
export function liveFirestoreIfCreated(): Firestore | undefined {
  return live?.db;
}
