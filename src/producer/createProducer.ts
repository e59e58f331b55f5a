import { type FirebaseApp } from 'firebase/app';
import { getAuth } from 'firebase/auth';
import { collection, doc, getFirestore, serverTimestamp, writeBatch, type Firestore } from 'firebase/firestore';
import { validateRecord, type RecordData } from './validateRecord.ts';

/** Firestore's limit of writes in one batch. */
export const MAX_BATCH_WRITES = 500;

export interface ProducerOptions {
  app: FirebaseApp;
  pipelineId: string;
  firestore?: Firestore;
}

export interface Producer {
  /** Validates and appends one record; resolves when the server has it. */
  send(data: unknown): Promise<void>;
  /** Validates every record first, then appends them in batches of at most 500. */
  sendMany(records: unknown[]): Promise<void>;
  /** Records handed to send/sendMany and not yet acknowledged by the server. */
  readonly pending: number;
}

/** A producer that appends records to `pipelines/{pipelineId}/records` as the signed-in user. */
export function createProducer({ app, pipelineId, firestore }: ProducerOptions): Producer {
  const db = firestore ?? getFirestore(app);
  const auth = getAuth(app);
  const records = collection(db, 'pipelines', pipelineId, 'records');
  let pending = 0;

  async function commit(batchData: RecordData[]): Promise<void> {
    const uid = auth.currentUser?.uid;
    if (!uid) throw new Error('sign in as a producer before sending records');
    const batch = writeBatch(db);
    for (const data of batchData) batch.set(doc(records), { ts: serverTimestamp(), data, producer: uid });
    pending += batchData.length;
    try {
      await batch.commit();
    } finally {
      pending -= batchData.length;
    }
  }

  return {
    send: (data) => commit([validateRecord(data)]),
    async sendMany(list) {
      const valid = list.map((r) => validateRecord(r));
      for (let i = 0; i < valid.length; i += MAX_BATCH_WRITES) await commit(valid.slice(i, i + MAX_BATCH_WRITES));
    },
    get pending() {
      return pending;
    },
  };
}
