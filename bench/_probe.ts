/**
 * Bundled into an IIFE and injected into the benchmark page: a second Firebase
 * app in the same page, signed in as a team member, with the raw listeners the
 * viewer is compared against.
 */
import { initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import { collection, connectFirestoreEmulator, getFirestore, limit, onSnapshot, orderBy, query } from 'firebase/firestore';

interface ProbeConfig {
  firestoreHost: string;
  authUrl: string;
  email: string;
  password: string;
}

const state = {
  /** marker -> Date.now() when a raw listener first saw it. */
  rawSeen: {} as Record<string, number>,
  /** Documents delivered by the server to the naive listeners. */
  naiveReads: 0,
};

async function connect(config: ProbeConfig, name: string) {
  const app = initializeApp({ projectId: 'demo-dash', apiKey: 'demo-api-key' }, name);
  const auth = getAuth(app);
  connectAuthEmulator(auth, config.authUrl, { disableWarnings: true });
  const db = getFirestore(app);
  const [host, port] = config.firestoreHost.split(':');
  connectFirestoreEmulator(db, host!, Number(port));
  await signInWithEmailAndPassword(auth, config.email, config.password);
  return db;
}

/** The floor: one raw listener on the newest records of a pipeline, noting when each marker arrives. */
async function rawListener(config: ProbeConfig, pipelineId: string): Promise<void> {
  const db = await connect(config, 'raw');
  const q = query(collection(db, 'pipelines', pipelineId, 'records'), orderBy('ts', 'desc'), limit(100));
  await new Promise<void>((resolve) => {
    onSnapshot(q, (snap) => {
      const now = Date.now();
      for (const change of snap.docChanges()) {
        const marker = change.doc.get('data.marker') as unknown;
        if (change.type === 'added' && typeof marker === 'string' && !(marker in state.rawSeen)) state.rawSeen[marker] = now;
      }
      resolve();
    });
  });
}

/** The naive design: one query of the last 100 records per widget; counts the documents the server delivers. */
async function naiveListeners(config: ProbeConfig, pipelineIds: string[]): Promise<void> {
  const db = await connect(config, 'naive');
  await Promise.all(
    pipelineIds.map(
      (pipelineId) =>
        new Promise<void>((resolve) => {
          let first = true;
          const q = query(collection(db, 'pipelines', pipelineId, 'records'), orderBy('ts', 'desc'), limit(100));
          onSnapshot(q, { includeMetadataChanges: true }, (snap) => {
            if (snap.metadata.fromCache) return;
            const changed = snap.docChanges().filter((c) => c.type !== 'removed').length;
            state.naiveReads += first ? Math.max(1, changed) : changed;
            if (first) resolve();
            first = false;
          });
        }),
    ),
  );
}

(window as unknown as { __probe: unknown }).__probe = { state, rawListener, naiveListeners };
