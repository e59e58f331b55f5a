import {
  collection,
  deleteDoc,
  deleteField,
  doc,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type DocumentSnapshot,
  type Timestamp,
} from 'firebase/firestore';
import { db } from '../firebase.ts';
import { fieldsErrors, normalizeFields, type PipelineField } from './schema.ts';
import { useLiveDoc, useLiveQuery } from '../composables/useLiveQuery.ts';

/** How a pipeline's widgets update: through the rollup, straight from records, or chosen by load. */
export type LiveMode = 'instant' | 'economy' | 'auto';
export const LIVE_MODES: readonly { value: LiveMode; label: string }[] = [
  { value: 'auto', label: 'Auto: instant while the rate is low, economy above it' },
  { value: 'instant', label: 'Instant: every record as it lands' },
  { value: 'economy', label: 'Economy: the rolled-up window, fewer reads' },
];

export interface Pipeline {
  id: string;
  teamId: string;
  name: string;
  description?: string;
  fields?: PipelineField[];
  public: boolean;
  /** Seconds between rollup flushes (1..60, default 1). */
  flushSeconds?: number;
  live?: LiveMode;
  createdAt?: Timestamp;
  createdBy?: string;
}

export interface PipelineRecord {
  id: string;
  ts: Date | null;
  data: Record<string, unknown>;
  producer: string;
}

export const PIPELINE_NAME_MAX = 80;

export function pipelineNameError(name: string): string | null {
  const n = name.trim();
  if (!n) return 'A pipeline needs a name.';
  if (n.length > PIPELINE_NAME_MAX) return `A pipeline name has at most ${PIPELINE_NAME_MAX} characters.`;
  return null;
}

export function flushSecondsError(value: number): string | null {
  return Number.isInteger(value) && value >= 1 && value <= 60 ? null : 'The rollup cadence is a whole number of seconds from 1 to 60.';
}

function toPipeline(d: DocumentSnapshot): Pipeline {
  return { id: d.id, ...(d.data() as Omit<Pipeline, 'id'>) };
}

/** The team's pipelines, live, by name. */
export function useTeamPipelines(teamId: () => string | null) {
  return useLiveQuery(() => {
    const id = teamId();
    return id ? query(collection(db, 'pipelines'), where('teamId', '==', id)) : null;
  }, toPipeline);
}

export function usePipeline(pipelineId: () => string | null) {
  return useLiveDoc(() => {
    const id = pipelineId();
    return id ? doc(db, 'pipelines', id) : null;
  }, toPipeline);
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

/** Creates a pipeline of the team; `public` starts false and is the backend's to change. */
export async function createPipeline(teamId: string, input: { name: string; description?: string }, uid: string): Promise<string> {
  const nameError = pipelineNameError(input.name);
  if (nameError) throw new Error(nameError);
  const ref = doc(collection(db, 'pipelines'));
  const description = input.description?.trim();
  await setDoc(ref, {
    teamId,
    name: input.name.trim(),
    ...(description ? { description } : {}),
    public: false,
    createdAt: serverTimestamp(),
    createdBy: uid,
  });
  return ref.id;
}

export interface PipelinePatch {
  name?: string;
  description?: string;
  fields?: PipelineField[];
  flushSeconds?: number;
  live?: LiveMode;
}

/** Updates a pipeline's editable fields only (never `teamId` or `public`). */
export async function updatePipeline(pipelineId: string, patch: PipelinePatch): Promise<void> {
  const update: Record<string, unknown> = {};
  if (patch.name !== undefined) {
    const nameError = pipelineNameError(patch.name);
    if (nameError) throw new Error(nameError);
    update.name = patch.name.trim();
  }
  if (patch.description !== undefined) update.description = patch.description.trim() ? patch.description.trim() : deleteField();
  if (patch.fields !== undefined) {
    const errors = fieldsErrors(patch.fields);
    if (errors.length > 0) throw new Error(errors.join(' '));
    update.fields = normalizeFields(patch.fields);
  }
  if (patch.flushSeconds !== undefined) {
    const e = flushSecondsError(patch.flushSeconds);
    if (e) throw new Error(e);
    update.flushSeconds = patch.flushSeconds;
  }
  if (patch.live !== undefined) update.live = patch.live;
  await updateDoc(doc(db, 'pipelines', pipelineId), update);
}

export async function deletePipeline(pipelineId: string): Promise<void> {
  await deleteDoc(doc(db, 'pipelines', pipelineId));
}
