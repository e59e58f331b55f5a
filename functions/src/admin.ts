import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

/** Firestore of the default firebase-admin app, initialized on first use. */
export function firestore(): Firestore {
  // Not getApps().length: the Functions emulator's runtime registers apps of its own.
  if (!getApps().some((app) => app.name === '[DEFAULT]')) initializeApp();
  return getFirestore();
}

// The functions suite writes with these, so that its values are instances of the
// same SDK copy as the handlers it calls (firebase-admin checks FieldValue by class).
export { FieldValue, Timestamp, type DocumentData, type Firestore } from 'firebase-admin/firestore';
