import { collection, doc, getCountFromServer, getDoc } from 'firebase/firestore';
import { db } from '../firebase.ts';

/** What a pipeline stores, as the pipeline page shows it (members only). */
export interface PipelineStorage {
  /** Records written to its log, as its window counts them; null before the window exists. */
  records: number | null;
  historyDocs: number;
}

/** Read once, on request: two reads (the window, and a count() of the history documents). */
export async function readPipelineStorage(pipelineId: string): Promise<PipelineStorage> {
  const [rollup, history] = await Promise.all([
    getDoc(doc(db, 'pipelines', pipelineId, 'rollups', 'last100')),
    getCountFromServer(collection(db, 'pipelines', pipelineId, 'history')),
  ]);
  const count: unknown = rollup.get('count');
  return { records: typeof count === 'number' ? count : null, historyDocs: history.data().count };
}
