/**
 * The HTTP ingest endpoint and its tokens (contract 1.1, `tokens`), over HTTP
 * against the Functions emulator, as a device and the app call them.
 */
import { getAuth } from 'firebase-admin/auth';
import { doc, getDoc, updateDoc } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, httpsCallable } from 'firebase/functions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIngestToken, WINDOW_SIZE } from '../../contract/index.ts';
import { portsFromEnv } from '../../scripts/lib/ports.ts';
import { adminApp } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { PROJECT_ID } from '../support/emulators.ts';
import { FieldValue, fdb, PASSWORD, readWindow, seedPipeline, uniqueId, useFreshEmulators, waitFor } from './harness.ts';

useFreshEmulators();

const functionsOrigin = () => `http://127.0.0.1:${portsFromEnv().functions}`;
const ingestUrl = (pipelineId: string) => `${functionsOrigin()}/${PROJECT_ID}/us-central1/ingest/${encodeURIComponent(pipelineId)}`;

/** A member of the team with `role`, signed in on a client SDK instance. */
async function member(teamId: string, role: string): Promise<ClientSession> {
  const email = `${uniqueId(role)}@example.test`;
  const user = await getAuth(adminApp()).createUser({ email, password: PASSWORD, emailVerified: true });
  await fdb().doc(`teams/${teamId}/members/${user.uid}`).set({ role, email, uid: user.uid, addedAt: FieldValue.serverTimestamp() });
  return clientSession(email, PASSWORD);
}

function callable(session: ClientSession) {
  const functions = getFunctions(session.app);
  connectFunctionsEmulator(functions, '127.0.0.1', portsFromEnv().functions);
  return httpsCallable<{ pipelineId: string; name: string; recordsPerSecond?: number }, { tokenId: string; token: string }>(functions, 'createIngestToken');
}

async function post(pipelineId: string, token: string | null, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(ingestUrl(pipelineId), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }), ...headers },
    body,
  });
  const text = await res.text();
  // The platform's own refusals (its JSON parser's 400) are not JSON.
  const answer = (() => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { text };
    }
  })();
  return { status: res.status, headers: res.headers, body: answer };
}

const logOf = async (pipelineId: string) => (await fdb().collection(`pipelines/${pipelineId}/records`).get()).docs;

let teamId: string;
let pipelineId: string;
let editor: ClientSession;
let token: string;
let tokenId: string;

beforeAll(async () => {
  ({ teamId, pipelineId } = await seedPipeline());
  editor = await member(teamId, 'editor');
  ({ token, tokenId } = (await callable(editor)({ pipelineId, name: 'Boiler sensor' })).data);
});

describe('createIngestToken', () => {
  it('gives an editor the token once; the pipeline keeps its name and prefix, and only a hash where no client reads it', async () => {
    expect(token).toMatch(/^dash_[A-Za-z0-9_-]{43}$/);
    const snap = await getDoc(doc(editor.db, `pipelines/${pipelineId}/tokens/${tokenId}`));
    const stored = parseIngestToken(tokenId, snap.data());
    expect(stored).toMatchObject({ name: 'Boiler sensor', prefix: token.slice(0, 8), revoked: false });
    expect(Object.keys(snap.data()!).sort()).toEqual(['createdAt', 'createdBy', 'name', 'prefix', 'revoked']);
    expect(JSON.stringify(snap.data())).not.toContain(token.slice(8));
    await expect(getDoc(doc(editor.db, `pipelines/${pipelineId}/tokens/${tokenId}/secret/hash`))).rejects.toMatchObject({ code: 'permission-denied' });
  });

  it('refuses viewers, producers, other teams and bad arguments, with the reason', async () => {
    for (const role of ['viewer', 'producer']) {
      const session = await member(teamId, role);
      await expect(callable(session)({ pipelineId, name: 'x' })).rejects.toMatchObject({ code: 'functions/permission-denied' });
      await expect(getDoc(doc(session.db, `pipelines/${pipelineId}/tokens/${tokenId}`))).rejects.toMatchObject({ code: 'permission-denied' });
    }
    const other = await seedPipeline();
    const outsider = await member(other.teamId, 'owner');
    await expect(callable(outsider)({ pipelineId, name: 'x' })).rejects.toMatchObject({ code: 'functions/permission-denied' });
    await expect(callable(editor)({ pipelineId, name: '' })).rejects.toMatchObject({ code: 'functions/invalid-argument', message: expect.stringContaining('1 to 80 characters') as unknown });
    await expect(callable(editor)({ pipelineId: 'no-such-pipeline', name: 'x' })).rejects.toMatchObject({ code: 'functions/not-found' });
  });
});

describe('ingest', () => {
  it('writes one record, an array or NDJSON as SDK records, with the server time and the token as producer', async () => {
    const before = Date.now();
    const one = await post(pipelineId, token, JSON.stringify({ temp: 21.5, on: true }));
    expect(one).toMatchObject({ status: 200, body: { accepted: 1, ids: [expect.any(String)] } });
    const many = await post(pipelineId, token, JSON.stringify([{ temp: 22 }, { temp: 23 }]));
    expect(many.body).toMatchObject({ accepted: 2 });
    const nd = await post(pipelineId, token, '{"temp":24}\n{"temp":25}\n', { 'content-type': 'application/x-ndjson' });
    expect(nd.body).toMatchObject({ accepted: 2 });
    const ids = [one, many, nd].flatMap((r) => r.body.ids as string[]);
    const log = await logOf(pipelineId);
    expect(log.map((d) => d.id).sort()).toEqual([...ids].sort());
    for (const d of log) {
      expect(d.get('producer')).toBe(`token:${tokenId}`);
      expect(d.get('ts').toMillis()).toBeGreaterThanOrEqual(before - 1000);
    }
    // They feed the window like any record.
    const window = await waitFor('the window to hold the five records', async () => {
      const w = await readWindow(pipelineId);
      return w && w.records.length === Math.min(5, WINDOW_SIZE) ? w : undefined;
    }, 30_000);
    // In the order sent, within a request too (its records share one server time).
    expect(window.records.map((r) => r.data.temp)).toEqual([21.5, 22, 23, 24, 25]);
  });

  it('answers 401 before anything else: no token, a malformed or unknown one, one of another pipeline', async () => {
    const other = await seedPipeline({ teamId });
    for (const [target, bearer] of [
      [pipelineId, null],
      [pipelineId, 'short'],
      [pipelineId, `dash_${'A'.repeat(43)}`],
      [other.pipelineId, token],
    ] as const) {
      const res = await post(target, bearer, 'not json at all', { 'content-type': 'text/plain' });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual(expect.any(String));
    }
    expect(await logOf(other.pipelineId)).toHaveLength(0);
  });

  it('refuses a bad body with 400 naming each bad item, and writes none of the request', async () => {
    const count = (await logOf(pipelineId)).length;
    const bad = await post(pipelineId, token, JSON.stringify([{ ok: 1 }, { 'bad.key': 1 }, { s: 'x'.repeat(1025) }]));
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: '2 of 3 records break the data contract; nothing was written.',
      items: [
        { index: 1, reason: expect.stringContaining('"bad.key"') as unknown },
        { index: 2, reason: 'field "s" is a string of 1025 characters; strings are at most 1024' },
      ],
    });
    // As text: under application/json the platform's own parser answers 400 first (docs/producers.md).
    expect((await post(pipelineId, token, '{"a":', { 'content-type': 'text/plain' })).body).toMatchObject({ error: expect.stringContaining('not JSON') as unknown, items: [] });
    expect((await post(pipelineId, token, '{"a":')).status).toBe(400);
    expect((await post(pipelineId, token, '', { 'content-type': 'text/plain' })).body).toMatchObject({ error: expect.stringContaining('The body is empty') as unknown });
    expect((await post(pipelineId, token, JSON.stringify(Array.from({ length: 501 }, () => ({ a: 1 }))))).status).toBe(400);
    expect(await logOf(pipelineId)).toHaveLength(count);
  });

  it('answers 413 over 1 MiB and 405 to another method', async () => {
    const big = JSON.stringify(Array.from({ length: 500 }, () => ({ s: 'x'.repeat(1024), t: 'y'.repeat(1024), u: 'z'.repeat(1024) })));
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expect((await post(pipelineId, token, big)).status).toBe(413);
    const get = await fetch(ingestUrl(pipelineId), { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
  });

  it('answers a repeated Idempotency-Key as the first time and writes nothing more', async () => {
    const key = uniqueId('batch');
    const body = JSON.stringify([{ n: 1 }, { n: 2 }]);
    const [first, second] = await Promise.all([post(pipelineId, token, body, { 'idempotency-key': key }), post(pipelineId, token, body, { 'idempotency-key': key })]);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const third = await post(pipelineId, token, body, { 'idempotency-key': key });
    expect(third.body).toEqual(first.body);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    const log = await logOf(pipelineId);
    expect(log.filter((d) => d.get('data.n') !== undefined)).toHaveLength(2);
    // Another key is another request.
    expect((await post(pipelineId, token, body, { 'idempotency-key': `${key}-2` })).body.ids).not.toEqual(first.body.ids);
  });

  it("answers 429 with Retry-After over the token's rate", async () => {
    const { token: slow } = (await callable(editor)({ pipelineId, name: 'Slow device', recordsPerSecond: 5 })).data;
    const full = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ i })));
    expect((await post(pipelineId, slow, full)).status).toBe(200);
    // 5 records/s refill: 20 more right after are over it.
    const limited = await post(pipelineId, slow, JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ i }))));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body.error).toContain('5 records/s');
    // The other token of the pipeline has its own budget.
    expect((await post(pipelineId, token, JSON.stringify({ i: 1 }))).status).toBe(200);
  });

  it('refuses a revoked token from the next request on; lastUsedAt is written at most once a minute', async () => {
    const { token: device, tokenId: deviceId } = (await callable(editor)({ pipelineId, name: 'To revoke' })).data;
    const ref = fdb().doc(`pipelines/${pipelineId}/tokens/${deviceId}`);
    expect((await post(pipelineId, device, '{"a":1}')).status).toBe(200);
    const used = await waitFor('lastUsedAt', async () => (await ref.get()).get('lastUsedAt') ?? undefined, 10_000);
    const updated = (await ref.get()).updateTime!;
    expect((await post(pipelineId, device, '{"a":2}')).status).toBe(200);
    expect((await ref.get()).updateTime!.isEqual(updated)).toBe(true);
    expect((await ref.get()).get('lastUsedAt').isEqual(used)).toBe(true);

    await updateDoc(doc(editor.db, `pipelines/${pipelineId}/tokens/${deviceId}`), { revoked: true });
    expect((await post(pipelineId, device, '{"a":3}')).status).toBe(401);
    await expect(updateDoc(doc(editor.db, `pipelines/${pipelineId}/tokens/${deviceId}`), { revoked: false })).rejects.toMatchObject({ code: 'permission-denied' });
  });
});
