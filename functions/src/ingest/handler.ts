/**
 * `POST .../ingest/{pipelineId}` (contract 1.1, `tokens`): records from a
 * device with an ingest token, written as the SDK path writes them (the same
 * validation, `ts` the server's time, `producer: "token:{tokenId}"`), so they
 * feed the window, history and alerts alike. All or nothing: one batch per
 * request. The order of the checks is the contract's: the token (401) before
 * anything else, then the method, the size (413), a repeated
 * `Idempotency-Key` (answered as the first time), the body (400 by item), the
 * token's rate (429 with `Retry-After`).
 */
import { createHash } from 'node:crypto';
import { FieldValue, Timestamp, type DocumentReference, type DocumentSnapshot, type Firestore } from 'firebase-admin/firestore';
import { INGEST_LIMITS, parseIngestBody, type IngestAccepted, type RecordData } from '../../../contract/index.ts';
import type { RateLimiter } from './rateLimit.js';
import { checkToken, type ValidToken } from './tokens.js';

export interface IngestRequest {
  method: string;
  /** The request's path, which names the pipeline (pipelineIdOf). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface IngestResponse {
  status: number;
  body: object;
  headers?: Record<string, string>;
}

/** `lastUsedAt` is written at most this often per token, not once per request. */
export const LAST_USED_EVERY_MS = 60_000;

const header = (req: IngestRequest, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const refuse = (status: number, error: string, headers?: Record<string, string>): IngestResponse => ({ status, body: { error }, ...(headers && { headers }) });

/**
 * The pipeline's id in the request's path: `/api/ingest/{pipelineId}` through
 * Hosting's rewrite, or `/{pipelineId}` on the function's own URL (which
 * ends in `/ingest`).
 */
export function pipelineIdOf(path: string): string | null {
  const match = /^\/(?:api\/ingest\/)?([^/?#]+)\/?$/.exec(path.split('?')[0]!);
  if (!match) return null;
  try {
    const id = decodeURIComponent(match[1]!);
    return /^[^/]{1,200}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** `pipelines/{p}/ingestKeys/{hash}`: a request's answer, kept 24 h under its token and `Idempotency-Key` (a TTL policy on `expireAt` deletes it). */
const keyRef = (db: Firestore, pipelineId: string, tokenId: string, key: string): DocumentReference =>
  db.doc(`pipelines/${pipelineId}/ingestKeys/${createHash('sha256').update(`${tokenId}\0${key}`).digest('hex')}`);

/** The answer remembered under a key, if still within its 24 h. */
function remembered(snap: DocumentSnapshot, nowMs: number): IngestAccepted | null {
  const expireAt: unknown = snap.get('expireAt');
  const response: unknown = snap.get('response');
  if (!snap.exists || !(expireAt instanceof Timestamp) || expireAt.toMillis() <= nowMs || !response) return null;
  return response as IngestAccepted;
}

export async function handleIngest(db: Firestore, req: IngestRequest, limiter: RateLimiter, nowMs = Date.now()): Promise<IngestResponse> {
  const auth = header(req, 'authorization');
  const token = auth?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!token) return refuse(401, 'Send the ingest token as "Authorization: Bearer <token>".');
  const pipelineId = pipelineIdOf(req.path);
  const valid = pipelineId ? await checkToken(db, pipelineId, token) : null;
  if (!pipelineId || !valid) return refuse(401, 'Unknown or revoked token, or a token of another pipeline.');

  if (req.method !== 'POST') return refuse(405, 'Send records with POST.', { Allow: 'POST' });
  const length = Number(header(req, 'content-length') ?? req.body.length);
  if (req.body.length > INGEST_LIMITS.maxBodyBytes || length > INGEST_LIMITS.maxBodyBytes) {
    return refuse(413, `The body is over ${INGEST_LIMITS.maxBodyBytes} bytes (1 MiB): send fewer records per request.`);
  }
  const idempotencyKey = header(req, 'idempotency-key');
  if (idempotencyKey !== undefined && (idempotencyKey.length < 1 || idempotencyKey.length > INGEST_LIMITS.idempotencyKeyLength)) {
    return { status: 400, body: { error: `Idempotency-Key is 1 to ${INGEST_LIMITS.idempotencyKeyLength} characters.`, items: [] } };
  }
  const key = idempotencyKey === undefined ? null : keyRef(db, pipelineId, valid.tokenId, idempotencyKey);
  if (key) {
    const first = remembered(await key.get(), nowMs);
    if (first) return replay(first);
  }

  const parsed = parseIngestBody(req.body.toString('utf8'), header(req, 'content-type'));
  if (!parsed.ok) return { status: 400, body: { error: parsed.error, items: parsed.items } };
  const rate = limiter.take(valid.tokenId, parsed.records.length, valid.recordsPerSecond, nowMs);
  if (!rate.ok) {
    return refuse(429, `Over this token's ${valid.recordsPerSecond} records/s: try again in ${rate.retryAfterSeconds} s.`, {
      'Retry-After': String(rate.retryAfterSeconds),
    });
  }

  try {
    const [written] = await Promise.all([write(db, pipelineId, valid, parsed.records, key, nowMs), touch(valid, nowMs)]);
    return 'replayed' in written ? replay(written.replayed) : { status: 200, body: written.accepted };
  } catch (err) {
    return refuse(503, `The records could not be written (${(err as Error).message}); nothing was written: send them again.`, { 'Retry-After': '1' });
  }
}

const replay = (first: IngestAccepted): IngestResponse => ({ status: 200, body: first, headers: { 'Idempotent-Replayed': 'true' } });

/** One batch of every record (and the key's answer, in a transaction with its check when there is a key). */
async function write(
  db: Firestore,
  pipelineId: string,
  token: ValidToken,
  records: readonly RecordData[],
  key: DocumentReference | null,
  nowMs: number,
): Promise<{ accepted: IngestAccepted } | { replayed: IngestAccepted }> {
  const log = db.collection(`pipelines/${pipelineId}/records`);
  // One batch shares one server time, and the log's order is (ts, id): ids that sort in the request's order keep it.
  const base = log.doc().id;
  const refs = records.map((_, i) => log.doc(`${base}${String(i).padStart(3, '0')}`));
  const accepted: IngestAccepted = { accepted: refs.length, ids: refs.map((r) => r.id) };
  const docs = records.map((data) => ({ ts: FieldValue.serverTimestamp(), data, producer: `token:${token.tokenId}` }));
  if (!key) {
    const batch = db.batch();
    refs.forEach((ref, i) => batch.create(ref, docs[i]!));
    await batch.commit();
    return { accepted };
  }
  return db.runTransaction(async (tx) => {
    // Two requests with one key at once: the second waits for the first's commit and answers with it.
    const first = remembered(await tx.get(key), nowMs);
    if (first) return { replayed: first };
    refs.forEach((ref, i) => tx.create(ref, docs[i]!));
    tx.set(key, { tokenId: token.tokenId, response: accepted, expireAt: Timestamp.fromMillis(nowMs + INGEST_LIMITS.idempotencyMs) });
    return { accepted };
  });
}

/** `lastUsedAt`, once a minute at most: only while the document is as read (a concurrent request's touch wins). */
async function touch(token: ValidToken, nowMs: number): Promise<void> {
  if (token.lastUsedMs !== null && nowMs - token.lastUsedMs < LAST_USED_EVERY_MS) return;
  await token.ref.update({ lastUsedAt: FieldValue.serverTimestamp() }, { lastUpdateTime: token.updateTime }).catch(() => undefined);
}
