import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore, type Firestore } from 'firebase/firestore';
import { authHost, firestoreHost, PROJECT_ID } from './emulators.ts';

let counter = 0;

export interface ClientSession {
  app: FirebaseApp;
  db: Firestore;
  close(): Promise<void>;
}

/** A client SDK app on the emulators, signed in as `email` when given (its own instance, as a device would be). */
export async function clientSession(email?: string, password?: string): Promise<ClientSession> {
  const app = initializeApp({ projectId: PROJECT_ID, apiKey: 'demo-api-key' }, `client-${++counter}`);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${authHost()}`, { disableWarnings: true });
  const db = getFirestore(app);
  const [host, port] = firestoreHost().split(':');
  connectFirestoreEmulator(db, host, Number(port));
  if (email && password) await signInWithEmailAndPassword(auth, email, password);
  return { app, db, close: () => deleteApp(app) };
}
