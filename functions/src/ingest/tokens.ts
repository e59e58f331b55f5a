/**
 * Ingest tokens (contract 1.1, `pipelines/{p}/tokens/{tokenId}`): `dash_`
 * and 32 random bytes, shown once. Only the SHA-256 of a token is kept, in
 * `tokens/{tokenId}/secret/hash`, which the rules give to no client; the
 * token's id is the start of that hash, so a request's token names its own
 * document and is checked in one read, without a query over every token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DocumentReference, Firestore, Timestamp } from 'firebase-admin/firestore';
import { INGEST_LIMITS, INGEST_TOKEN_PATTERN, INGEST_TOKEN_PREFIX, TEXT_LIMITS } from '../../../contract/index.ts';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A token's document id: the first 20 hex digits (80 bits) of its hash. */
export const tokenIdOf = (hash: string): string => hash.slice(0, 20);

/** A new token, or the parts of a given one (the demo's fixed token). */
export function newToken(token = `${INGEST_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`): { token: string; hash: string; tokenId: string } {
  const hash = hashToken(token);
  return { token, hash, tokenId: tokenIdOf(hash) };
}

export const tokenRef = (db: Firestore, pipelineId: string, tokenId: string): DocumentReference => db.doc(`pipelines/${pipelineId}/tokens/${tokenId}`);
export const tokenSecretRef = (db: Firestore, pipelineId: string, tokenId: string): DocumentReference => tokenRef(db, pipelineId, tokenId).collection('secret').doc('hash');

/** A token that may write to the pipeline: its id, rate and when it was last used. */
export interface ValidToken {
  tokenId: string;
  recordsPerSecond: number;
  lastUsedMs: number | null;
  ref: DocumentReference;
  updateTime: Timestamp;
}

/** The token, if it is one of the pipeline's and not revoked; null for anything else (one answer: 401). */
export async function checkToken(db: Firestore, pipelineId: string, token: string): Promise<ValidToken | null> {
  if (!INGEST_TOKEN_PATTERN.test(token)) return null;
  const hash = hashToken(token);
  const tokenId = tokenIdOf(hash);
  const [doc, secret] = await db.getAll(tokenRef(db, pipelineId, tokenId), tokenSecretRef(db, pipelineId, tokenId));
  const stored: unknown = secret!.get('sha256');
  if (!doc!.exists || typeof stored !== 'string' || stored.length !== hash.length) return null;
  if (!timingSafeEqual(Buffer.from(stored), Buffer.from(hash)) || doc!.get('revoked') !== false) return null;
  const rate: unknown = secret!.get('recordsPerSecond');
  const lastUsed: unknown = doc!.get('lastUsedAt');
  return {
    tokenId,
    recordsPerSecond: typeof rate === 'number' && rate > 0 ? rate : INGEST_LIMITS.recordsPerSecond.default,
    lastUsedMs: lastUsed && typeof (lastUsed as { toMillis?: unknown }).toMillis === 'function' ? (lastUsed as { toMillis(): number }).toMillis() : null,
    ref: doc!.ref,
    updateTime: doc!.updateTime!,
  };
}

/** Why a token was not created, with the callable error code to answer. */
export class TokenRefused extends Error {
  constructor(
    readonly code: 'invalid-argument' | 'permission-denied' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

/** `createIngestToken`'s arguments, checked. */
export function tokenRequest(data: unknown): { pipelineId: string; name: string; recordsPerSecond?: number } {
  const { pipelineId, name, recordsPerSecond } = (data ?? {}) as Record<string, unknown>;
  if (typeof pipelineId !== 'string' || !/^[^/]{1,200}$/.test(pipelineId)) throw new TokenRefused('invalid-argument', 'Give pipelineId, the id of a pipeline.');
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length < 1 || trimmed.length > TEXT_LIMITS.tokenName) {
    throw new TokenRefused('invalid-argument', `Give the token a name of 1 to ${TEXT_LIMITS.tokenName} characters (what device or job it is for).`);
  }
  const { min, max } = INGEST_LIMITS.recordsPerSecond;
  if (recordsPerSecond !== undefined && !(Number.isInteger(recordsPerSecond) && (recordsPerSecond as number) >= min && (recordsPerSecond as number) <= max)) {
    throw new TokenRefused('invalid-argument', `recordsPerSecond is a whole number from ${min} to ${max}, not ${JSON.stringify(recordsPerSecond)}.`);
  }
  return { pipelineId, name: trimmed, ...(recordsPerSecond !== undefined && { recordsPerSecond: recordsPerSecond as number }) };
}

/** Creates a token for an owner or editor of the pipeline's team; the token itself is returned once and never stored. */
export async function createIngestToken(db: Firestore, uid: string, data: unknown): Promise<{ tokenId: string; token: string }> {
  const request = tokenRequest(data);
  const teamId: unknown = (await db.doc(`pipelines/${request.pipelineId}`).get()).get('teamId');
  if (typeof teamId !== 'string') throw new TokenRefused('not-found', 'No such pipeline: it may have been deleted.');
  const role: unknown = (await db.doc(`teams/${teamId}/members/${uid}`).get()).get('role');
  if (role !== 'owner' && role !== 'editor') throw new TokenRefused('permission-denied', "Only the team's owners and editors create ingest tokens.");
  return issueToken(db, request.pipelineId, uid, request.name, request.recordsPerSecond);
}

/**
 * Writes a token's document and its hash (trusted callers: the callable
 * above, the demo seed). `createdAt` is this server's clock, a Date: it
 * serializes with any copy of firebase-admin (the seed's is not this one).
 */
export async function issueToken(
  db: Firestore,
  pipelineId: string,
  createdBy: string,
  name: string,
  recordsPerSecond?: number,
  token = newToken(),
): Promise<{ tokenId: string; token: string }> {
  const batch = db.batch();
  batch.create(tokenRef(db, pipelineId, token.tokenId), {
    name,
    prefix: token.token.slice(0, INGEST_LIMITS.prefixLength),
    createdAt: new Date(),
    createdBy,
    revoked: false,
  });
  batch.create(tokenSecretRef(db, pipelineId, token.tokenId), { sha256: token.hash, ...(recordsPerSecond !== undefined && { recordsPerSecond }) });
  await batch.commit();
  return { tokenId: token.tokenId, token: token.token };
}
