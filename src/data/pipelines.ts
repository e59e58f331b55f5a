import {
  collection,
  deleteField,
  doc,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  writeBatch,
  type Timestamp,
} from 'firebase/firestore';
import { parsePipeline, type LiveMode, type PipelineField } from '../../contract/index.ts';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import { auth, db } from '../firebase.ts';
import { refusedBecause } from '../lib/errors.ts';
import { useParsedDoc, useParsedQuery } from './parsed.ts';

/** A record of the log as the pipeline page lists it. */
export interface PipelineRecord {
  id: string;
  ts: Date | null;
  data: Record<string, unknown>;
  producer: string;
}

const EDITORS_ONLY = "only the team's owners and editors change its pipelines. If your role changed, reload the page.";

/** The team's pipelines, live (members only). */
export function useTeamPipelines(teamId: () => string | null) {
  return useParsedQuery(() => {
    const id = teamId();
    return id ? query(collection(db, 'pipelines'), where('teamId', '==', id)) : null;
  }, parsePipeline);
}

/** One pipeline, live (members, or anyone while it is public). */
export function usePipeline(pipelineId: () => string | null) {
  return useParsedDoc(() => {
    const id = pipelineId();
    return id ? doc(db, 'pipelines', id) : null;
  }, parsePipeline);
}

/** The newest 50 records of a pipeline, newest first, live (members only). */
export function useLatestRecords(pipelineId: () => string | null) {
  return useLiveQuery(
    () => {
      const id = pipelineId();
      return id ? query(collection(db, 'pipelines', id, 'records'), orderBy('ts', 'desc'), limit(50)) : null;
    },
    (d): PipelineRecord => ({
      id: d.id,
      // A record just written from this tab has no server time yet.
      ts: (d.get('ts', { serverTimestamps: 'estimate' }) as Timestamp | null)?.toDate() ?? null,
      data: (d.get('data') as Record<string, unknown>) ?? {},
      producer: d.get('producer') as string,
    }),
  );
}

/** Creates a pipeline of the team; `public` starts false and is the backend's to change. Returns its id. */
export async function addPipeline(teamId: string, fields: { name: string; description?: string }, uid: string): Promise<string> {
  const ref = doc(collection(db, 'pipelines'));
  await refusedBecause(
    setDoc(ref, { teamId, ...fields, public: false, createdAt: serverTimestamp(), createdBy: uid }),
    `Creating the pipeline was refused: ${EDITORS_ONLY}`,
  );
  return ref.id;
}

/** What a client may change of a pipeline (never `teamId` or `public`). */
export interface PipelineUpdate {
  name?: string;
  /** null removes it. */
  description?: string | null;
  fields?: PipelineField[];
  flushSeconds?: number;
  live?: LiveMode;
  /** null removes it: records are kept forever. */
  retentionDays?: number | null;
}

export async function patchPipeline(pipelineId: string, update: PipelineUpdate): Promise<void> {
  const { description, retentionDays, ...rest } = update;
  const write = {
    ...rest,
    ...(description !== undefined && { description: description ?? deleteField() }),
    ...(retentionDays !== undefined && { retentionDays: retentionDays ?? deleteField() }),
  };
  await refusedBecause(updateDoc(doc(db, 'pipelines', pipelineId), write), `The change was refused: ${EDITORS_ONLY}`);
}

/**
 * Deletes a pipeline with its tombstone in one batch (contract 1.1: its id is
 * never used again); the backend deletes its records, history, alerts and tokens.
 */
export async function removePipeline(pipelineId: string): Promise<void> {
  const uid = auth.currentUser?.uid;
  if (!uid) throw new Error('Sign in to delete a pipeline.');
  const batch = writeBatch(db);
  batch.set(doc(db, 'deletedPipelines', pipelineId), { deletedAt: serverTimestamp(), deletedBy: uid });
  batch.delete(doc(db, 'pipelines', pipelineId));
  await refusedBecause(batch.commit(), `Deleting the pipeline was refused: ${EDITORS_ONLY}`);
}
