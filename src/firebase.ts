import { initializeApp, type FirebaseOptions } from 'firebase/app';
import {
  browserLocalPersistence,
  browserSessionPersistence,
  connectAuthEmulator,
  indexedDBLocalPersistence,
  initializeAuth,
  type Auth,
} from 'firebase/auth';
import {
  connectFirestoreEmulator,
  initializeFirestore,
  persistentLocalCache,
  persistentMultipleTabManager,
  type Firestore,
} from 'firebase/firestore';

/**
 * The Firebase project: VITE_FIREBASE_CONFIG (JSON of the web app's config) in
 * production; otherwise the local emulators of the `demo-dash` project.
 */
function firebaseOptions(): { options: FirebaseOptions; emulated: boolean } {
  const json = import.meta.env.VITE_FIREBASE_CONFIG;
  if (json) return { options: JSON.parse(json) as FirebaseOptions, emulated: false };
  return {
    options: { projectId: 'demo-dash', apiKey: 'demo-api-key', authDomain: 'demo-dash.firebaseapp.com', appId: 'demo-app' },
    emulated: true,
  };
}

const { options, emulated } = firebaseOptions();
/** Whether the app runs against the local emulators. */
export { emulated };

/** Points an Auth and a Firestore instance at the local emulators when the app runs against them. */
export function connectEmulators(authInstance: Auth, firestore: Firestore): void {
  if (!emulated) return;
  const host = new URL(`http://${import.meta.env.VITE_FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8080'}`);
  connectFirestoreEmulator(firestore, host.hostname, Number(host.port));
  connectAuthEmulator(authInstance, import.meta.env.VITE_AUTH_EMULATOR_URL ?? 'http://127.0.0.1:9099', { disableWarnings: true });
}

export const firebaseApp = initializeApp(options);
// getAuth's persistences, without its popup and redirect sign-in (Dash signs in with a password only),
// which is most of Firebase Auth's code: https://firebase.google.com/docs/auth/web/custom-dependencies
export const auth = initializeAuth(firebaseApp, {
  persistence: [indexedDBLocalPersistence, browserLocalPersistence, browserSessionPersistence],
});
// The persistent cache is what lets an installed app show its last data offline.
export const db = initializeFirestore(firebaseApp, {
  localCache: persistentLocalCache({ tabManager: persistentMultipleTabManager() }),
});
connectEmulators(auth, db);
