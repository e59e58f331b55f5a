/** A pipeline's ingest tokens (owners and editors; contract 1.1 `tokens`): list, create through the backend, revoke. */
import { collection, doc, orderBy, query, updateDoc } from 'firebase/firestore';
import { parseIngestToken } from '../../contract/index.ts';
import { useParsedQuery } from './parsed.ts';
import { callFunction } from './callables.ts';
import { db, emulated, firebaseApp } from '../firebase.ts';
import { refusedBecause } from '../lib/errors.ts';

export function useIngestTokens(pipelineId: () => string | null) {
  return useParsedQuery(() => {
    const id = pipelineId();
    return id ? query(collection(db, 'pipelines', id, 'tokens'), orderBy('createdAt', 'desc')) : null;
  }, parseIngestToken);
}

/** Makes a token through `createIngestToken`; the token is in the answer this once, never again. */
export function createIngestToken(pipelineId: string, name: string): Promise<{ tokenId: string; token: string }> {
  return callFunction('createIngestToken', { pipelineId, name });
}

export async function revokeIngestToken(pipelineId: string, tokenId: string): Promise<void> {
  await refusedBecause(
    updateDoc(doc(db, 'pipelines', pipelineId, 'tokens', tokenId), { revoked: true }),
    "Revoking was refused: only the team's owners and editors revoke tokens. If your role changed, reload the page.",
  );
}

/** Where devices post the pipeline's records: Hosting's `/api/ingest/...` in production, the Functions emulator's URL locally. */
export function ingestUrl(pipelineId: string): string {
  const id = encodeURIComponent(pipelineId);
  if (!emulated) return `${location.origin}/api/ingest/${id}`;
  const origin = (import.meta.env.VITE_FUNCTIONS_EMULATOR_URL ?? 'http://127.0.0.1:5001').replace(/\/$/, '');
  return `${origin}/${firebaseApp.options.projectId}/us-central1/ingest/${id}`;
}
