/**
 * The record shape docs/producers.md gives to producers on other SDKs, checked
 * through Firestore's REST API (what every SDK speaks underneath): a
 * `REQUEST_TIME` transform on `ts` is `serverTimestamp()`.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAdmin } from '../support/admin.ts';
import { authHost, firestoreHost, PROJECT_ID } from '../support/emulators.ts';
import { createUser, PASSWORD, readLog, seedTeam, unique } from './support.ts';

let idToken: string;
let uid: string;
let pipelineId: string;

beforeAll(async () => {
  const email = `${unique('rest-producer')}@dash.test`;
  uid = await createUser(email);
  ({ pipelineId } = await seedTeam({ [uid]: 'producer' }));
  const res = await fetch(`http://${authHost()}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, returnSecureToken: true }),
  });
  idToken = ((await res.json()) as { idToken: string }).idToken;
});

afterAll(closeAdmin);

/** Commits one record write through the REST API; returns the HTTP status and body. */
async function commit(recordId: string, fields: object, transforms = [{ fieldPath: 'ts', setToServerValue: 'REQUEST_TIME' }]) {
  const database = `projects/${PROJECT_ID}/databases/(default)`;
  const res = await fetch(`http://${firestoreHost()}/v1/${database}/documents:commit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
    body: JSON.stringify({
      writes: [
        {
          update: { name: `${database}/documents/pipelines/${pipelineId}/records/${recordId}`, fields },
          updateTransforms: transforms,
          currentDocument: { exists: false },
        },
      ],
    }),
  });
  return { status: res.status, body: await res.text() };
}

const data = { mapValue: { fields: { temp: { doubleValue: 21.5 }, state: { stringValue: 'on' }, count: { integerValue: '3' } } } };

describe('a record written with any SDK (REST shape)', () => {
  it('is accepted as { ts: server time, data, producer: uid }', async () => {
    const ok = await commit('rest-ok', { producer: { stringValue: uid }, data });
    expect(ok.status, ok.body).toBe(200);
    expect(await readLog(pipelineId)).toEqual([
      { ts: expect.any(Timestamp), producer: uid, data: { temp: 21.5, state: 'on', count: 3 } },
    ]);
  });

  it.each([
    ['a client clock for ts', { producer: { stringValue: 'me' }, ts: { timestampValue: '2020-01-01T00:00:00Z' }, data }, []],
    ['another uid as producer', { producer: { stringValue: 'someone-else' }, data }, undefined],
    ['an extra top-level key', { producer: { stringValue: 'me' }, data, source: { stringValue: 'rest' } }, undefined],
    ['an empty data map', { producer: { stringValue: 'me' }, data: { mapValue: { fields: {} } } }, undefined],
  ])('is refused with PERMISSION_DENIED when it has %s', async (_what, fields, transforms) => {
    const withUid = JSON.parse(JSON.stringify(fields).replaceAll('"me"', JSON.stringify(uid))) as object;
    const res = await commit(unique('rest-bad'), withUid, transforms);
    expect(res.status).toBe(403);
    expect(res.body).toContain('PERMISSION_DENIED');
  });
});
