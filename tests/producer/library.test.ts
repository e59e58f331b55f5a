import { Timestamp } from 'firebase-admin/firestore';
import { disableNetwork, enableNetwork } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducer } from '../../src/producer/createProducer.ts';
import { ProducerError } from '../../src/producer/errors.ts';
import { SendManyError } from '../../src/producer/producer.ts';
import { closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { createUser, PASSWORD, readLog, seedTeam, unique } from './support.ts';

const sessions: ClientSession[] = [];
let producerUid: string;
let producer: ClientSession;
let viewer: ClientSession;
let team: { teamId: string; pipelineId: string };
let otherTeam: { teamId: string; pipelineId: string };

async function session(email: string): Promise<ClientSession> {
  const s = await clientSession(email, PASSWORD);
  sessions.push(s);
  return s;
}

beforeAll(async () => {
  const producerEmail = `${unique('lib-producer')}@dash.test`;
  const viewerEmail = `${unique('lib-viewer')}@dash.test`;
  producerUid = await createUser(producerEmail);
  const viewerUid = await createUser(viewerEmail);
  team = await seedTeam({ [producerUid]: 'producer', [viewerUid]: 'viewer' });
  otherTeam = await seedTeam({ [await createUser(`${unique('lib-owner')}@dash.test`)]: 'owner' });
  producer = await session(producerEmail);
  viewer = await session(viewerEmail);
});

afterAll(async () => {
  for (const s of sessions) await s.close();
  await closeAdmin();
});

const seqsOf = async (pipelineId: string): Promise<number[]> =>
  (await readLog(pipelineId)).map((r) => r.data.seq as number).sort((a, b) => a - b);
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('createProducer on the emulators', () => {
  it('appends records in the contract shape, batching bursts', { timeout: 180_000 }, async () => {
    const { pipelineId } = await seedTeam({ [producerUid]: 'producer' });
    const p = createProducer({ app: producer.app, firestore: producer.db, pipelineId });
    const id = await p.send({ seq: 0, label: 'first', ok: true, none: null });
    const ids = await p.sendMany(range(1, 601).map((seq) => ({ seq })));
    expect(new Set([id, ...ids]).size).toBe(601);
    expect(p.stats).toEqual({ acknowledged: 601, failed: 0, pending: 0 });

    expect(await seqsOf(pipelineId)).toEqual(range(0, 601));
    const first = (await readLog(pipelineId)).find((r) => r.data.seq === 0)!;
    expect(first).toEqual({ ts: expect.any(Timestamp), producer: producerUid, data: { seq: 0, label: 'first', ok: true, none: null } });
  });

  it('loses nothing while the network is down: records queue, count as pending, and land when it returns', { timeout: 180_000 }, async () => {
    const { pipelineId } = await seedTeam({ [producerUid]: 'producer' });
    const p = createProducer({ app: producer.app, firestore: producer.db, pipelineId });
    await p.sendMany(range(0, 20).map((seq) => ({ seq })));

    await disableNetwork(producer.db);
    const offline = [p.sendMany(range(20, 70).map((seq) => ({ seq }))), ...range(70, 75).map((seq) => p.send({ seq }))];
    let settled = 0;
    for (const w of offline) void w.then(() => settled++);
    await new Promise((r) => setTimeout(r, 1500));
    expect(p.pending).toBe(55);
    expect(settled).toBe(0);
    expect(await seqsOf(pipelineId)).toEqual(range(0, 20));

    await enableNetwork(producer.db);
    await Promise.all(offline);
    await p.flush();
    expect(p.pending).toBe(0);
    expect(await seqsOf(pipelineId)).toEqual(range(0, 75));
  });

  it("a producer of one team gets a clear access error on another team's pipeline, and nothing is written", async () => {
    const p = createProducer({ app: producer.app, firestore: producer.db, pipelineId: otherTeam.pipelineId });
    const err = await p.send({ seq: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProducerError);
    expect(err).toMatchObject({
      code: 'access-denied',
      firestoreCode: 'permission-denied',
      message: `permission denied: this account is not a producer/editor/owner of the team of pipeline "${otherTeam.pipelineId}", or the pipeline does not exist`,
    });
    const many = (await p.sendMany([{ a: 1 }, { a: 2 }]).catch((e: unknown) => e)) as SendManyError;
    expect(many).toBeInstanceOf(SendManyError);
    expect(many.failures.map((f) => f.error.code)).toEqual(['access-denied', 'access-denied']);
    expect(p.stats).toEqual({ acknowledged: 0, failed: 3, pending: 0 });
    expect(await readLog(otherTeam.pipelineId)).toEqual([]);
  });

  it('tells a viewer that the role is the problem', async () => {
    const p = createProducer({ app: viewer.app, firestore: viewer.db, pipelineId: team.pipelineId });
    await expect(p.send({ seq: 1 })).rejects.toMatchObject({
      code: 'access-denied',
      message: `permission denied: this account is a viewer of team "${team.teamId}", which owns pipeline "${team.pipelineId}"; only its owners, editors and producers may append records`,
    });
    await expect(p.checkAccess()).rejects.toThrow('is a viewer');
  });

  it('refuses to send before anyone signs in', async () => {
    const anonymous = await clientSession();
    sessions.push(anonymous);
    const p = createProducer({ app: anonymous.app, firestore: anonymous.db, pipelineId: team.pipelineId });
    await expect(p.send({ seq: 1 })).rejects.toMatchObject({ code: 'not-signed-in' });
  });
});
