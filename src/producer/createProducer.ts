import { type FirebaseApp } from 'firebase/app';
import { getAuth } from 'firebase/auth';
import {
  collection,
  doc,
  getDocFromServer,
  getFirestore,
  serverTimestamp,
  writeBatch,
  type Firestore,
} from 'firebase/firestore';
import { firestoreCodeOf, ProducerError } from './errors.ts';
import { createProducerCore, type Producer, type ProducerCoreOptions, type RecordWriter } from './producer.ts';

export type { Producer } from './producer.ts';

export interface ProducerOptions extends ProducerCoreOptions {
  app: FirebaseApp;
  pipelineId: string;
  /**
   * The Firestore instance to write through; defaults to `getFirestore(app)`.
   * Pass one made with `persistentLocalCache` in a browser so that queued
   * records survive a reload while offline.
   */
  firestore?: Firestore;
}

/** Roles the contract lets append records. */
const WRITER_ROLES = ['owner', 'editor', 'producer'];

/**
 * A producer that appends records to `pipelines/{pipelineId}/records` as the
 * user signed in on `app`, in the shape the contract requires:
 * `{ ts: serverTimestamp(), data, producer: uid }`.
 */
export function createProducer({ app, pipelineId, firestore, ...options }: ProducerOptions): Producer {
  const db = firestore ?? getFirestore(app);
  const auth = getAuth(app);
  const records = collection(db, 'pipelines', pipelineId, 'records');

  function uid(): string {
    const user = auth.currentUser;
    if (!user) throw new ProducerError('not-signed-in', 'sign in as a producer before sending records');
    return user.uid;
  }

  /** Reads a document the rules may hide; undefined when they do. */
  async function readOrDenied(path: string) {
    try {
      return await getDocFromServer(doc(db, path));
    } catch (err) {
      if (firestoreCodeOf(err) === 'permission-denied') return undefined;
      throw err;
    }
  }

  const writer: RecordWriter = {
    newId: () => doc(records).id,
    commit(list) {
      const producer = uid();
      const batch = writeBatch(db);
      for (const { id, data } of list) batch.set(doc(records, id), { ts: serverTimestamp(), data, producer });
      return batch.commit();
    },
    async landed(id) {
      const snap = await getDocFromServer(doc(records, id));
      return snap.exists() && snap.get('producer') === uid();
    },
    async checkAccess() {
      const me = uid();
      const pipeline = await readOrDenied(`pipelines/${pipelineId}`);
      if (!pipeline?.exists()) {
        throw new ProducerError(
          'access-denied',
          `permission denied: this account is not a producer/editor/owner of the team of pipeline "${pipelineId}", or the pipeline does not exist`,
          'permission-denied',
        );
      }
      const teamId = String(pipeline.get('teamId'));
      const member = await readOrDenied(`teams/${teamId}/members/${me}`);
      const role: unknown = member?.exists() ? member.get('role') : undefined;
      if (typeof role === 'string' && WRITER_ROLES.includes(role)) return;
      const who = role ? `a ${String(role)} of team "${teamId}"` : `not a member of team "${teamId}"`;
      throw new ProducerError(
        'access-denied',
        `permission denied: this account is ${who}, which owns pipeline "${pipelineId}"; only its owners, editors and producers may append records`,
        'permission-denied',
      );
    },
  };

  return createProducerCore(writer, options);
}
