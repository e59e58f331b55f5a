import { deleteApp, getApps, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { PROJECT_ID } from './emulators.ts';

/** A firebase-admin app on the emulators (FIRESTORE_EMULATOR_HOST is set by emulators:exec). */
export function adminApp(): App {
  return getApps().find((a) => a.name === 'tests') ?? initializeApp({ projectId: PROJECT_ID }, 'tests');
}

export function adminDb(): Firestore {
  return getFirestore(adminApp());
}

export async function closeAdmin(): Promise<void> {
  const app = getApps().find((a) => a.name === 'tests');
  if (app) await deleteApp(app);
}
