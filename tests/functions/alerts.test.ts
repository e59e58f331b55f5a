import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleCondition } from '../../contract/index.ts';
import { requeueStaleDeliveries } from '../../functions/src/alerts/deliver.ts';
import { evaluateAllAlerts, evaluatePipelineAlerts } from '../../functions/src/alerts/evaluate.ts';
import { setTriggers } from '../support/emulators.ts';
import { FieldValue, fdb, producerOf, seedPipeline, sleep, Timestamp, uniqueId, useFreshEmulators, waitFor, type Producer } from './harness.ts';

useFreshEmulators();

/** A webhook receiver on this machine: answers each POST with the next planned behaviour (then 200). */
interface Receiver {
  url: string;
  received: { headers: IncomingMessage['headers']; body: string; at: number }[];
  plan: ('500' | 'hang' | '200')[];
}

const servers: Server[] = [];
async function receiver(plan: Receiver['plan'] = []): Promise<Receiver> {
  const r: Receiver = { url: '', received: [], plan };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      r.received.push({ headers: req.headers, body, at: Date.now() });
      const next = r.plan.shift() ?? '200';
      if (next === 'hang') return; // never answers: the sender must give up on its own
      res.writeHead(next === '500' ? 500 : 200).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return r;
}

afterAll(() => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
});

const SECRET = 'a-secret-of-sixteen-chars-or-more';

async function channel(teamId: string, url: string, minSeverity = 'info'): Promise<string> {
  const id = uniqueId('ch');
  const ref = fdb().doc(`teams/${teamId}/alertChannels/${id}`);
  await ref.set({ type: 'webhook', name: 'Hook', url, minSeverity, enabled: true, createdAt: FieldValue.serverTimestamp(), createdBy: 'owner' });
  await ref.collection('secret').doc('hmac').set({ value: SECRET });
  return id;
}

async function rule(pipelineId: string, over: Partial<RuleCondition & { name: string; severity: string; silencedUntil: Timestamp; enabled: boolean }> = {}): Promise<string> {
  const id = uniqueId('rule');
  const now = FieldValue.serverTimestamp();
  await fdb()
    .doc(`pipelines/${pipelineId}/alertRules/${id}`)
    .set({ name: 'CPU high', field: 'cpu', op: 'above', value: 80, aggregation: 'last', windowSeconds: 0, forSeconds: 0, severity: 'critical', enabled: true, createdAt: now, updatedAt: now, createdBy: 'owner', ...over });
  return id;
}

const stateOf = async (pipelineId: string, ruleId: string) => (await fdb().doc(`pipelines/${pipelineId}/alerts/${ruleId}`).get()).data();

const waitForState = (pipelineId: string, ruleId: string, state: string, timeoutMs = 20_000) =>
  waitFor(`${ruleId} to be ${state}`, async () => ((await stateOf(pipelineId, ruleId))?.state === state ? await stateOf(pipelineId, ruleId) : undefined), timeoutMs);

/**
 * Once the clock has passed `atMs` (a timer may fire a millisecond early), runs the schedule's evaluation
 * until the rule is in `state`: a run can lose its transaction to a flush's evaluation of the same pipeline.
 */
async function evaluateByTheClockAt(atMs: number, pipelineId: string, ruleId: string, state: string) {
  while (Date.now() <= atMs) await sleep(atMs + 1 - Date.now());
  return waitFor(`${ruleId} to be ${state} by the clock`, async () => {
    await evaluateAllAlerts(fdb());
    const status = await stateOf(pipelineId, ruleId);
    return status?.state === state ? status : undefined;
  }, 10_000);
}

const eventsOf = async (teamId: string, ruleId: string) =>
  (await fdb().collection(`teams/${teamId}/alertEvents`).where('ruleId', '==', ruleId).get()).docs.map((d) => d.data()).sort((a, b) => a.at.toMillis() - b.at.toMillis());

describe('alert evaluation', () => {
  let teamId: string;
  let pipelineId: string;
  let producer: Producer;

  beforeAll(async () => {
    ({ teamId, pipelineId } = await seedPipeline());
    producer = await producerOf(teamId);
  });

  it('starts a new rule in its first state without an event, fires within seconds of the crossing record, and back', async () => {
    const ruleId = await rule(pipelineId);
    const initial = await waitForState(pipelineId, ruleId, 'normal');
    expect(initial).toMatchObject({ value: null });
    expect(await eventsOf(teamId, ruleId)).toEqual([]);

    await producer.append(pipelineId, { cpu: 95 });
    const firing = await waitForState(pipelineId, ruleId, 'firing');
    expect(firing).toMatchObject({ state: 'firing', value: 95 });
    expect(Object.keys(firing!).sort()).toEqual(['since', 'state', 'updatedAt', 'value']);

    await producer.append(pipelineId, { cpu: 20 });
    await waitForState(pipelineId, ruleId, 'normal');
    expect((await eventsOf(teamId, ruleId)).map((e) => [e.from, e.to, e.value])).toEqual([
      ['normal', 'firing', 95],
      ['firing', 'normal', 20],
    ]);
  });

  it('writes nothing when evaluated again, however often and concurrently', async () => {
    const ruleId = await rule(pipelineId, { op: 'below', value: 15 });
    await waitForState(pipelineId, ruleId, 'normal');
    await producer.append(pipelineId, { cpu: 10 });
    await waitForState(pipelineId, ruleId, 'firing');
    await waitFor('the flush evaluation to settle', async () => ((await eventsOf(teamId, ruleId)).length === 1 ? true : undefined));
    const before = (await fdb().doc(`pipelines/${pipelineId}/alerts/${ruleId}`).get()).updateTime!;
    const runs = await Promise.all(Array.from({ length: 6 }, () => evaluatePipelineAlerts(fdb(), pipelineId)));
    expect(runs.map((r) => r.writes)).toEqual([0, 0, 0, 0, 0, 0]);
    // The window and backend/alerts (twice: once to plan, once in the transaction), however many rules.
    expect(runs[0]!.rules).toBeGreaterThanOrEqual(2);
    expect(runs.map((r) => r.reads)).toEqual([3, 3, 3, 3, 3, 3]);
    expect((await fdb().doc(`pipelines/${pipelineId}/alerts/${ruleId}`).get()).updateTime!.isEqual(before)).toBe(true);
    expect(await eventsOf(teamId, ruleId)).toHaveLength(1);
  });

  it('sees a crossing record even when the next record of the same flush falls back', async () => {
    const slow = await seedPipeline({ teamId, flushSeconds: 3 });
    const ruleId = await rule(slow.pipelineId);
    await waitForState(slow.pipelineId, ruleId, 'normal');
    await producer.append(slow.pipelineId, { cpu: 99 });
    await producer.append(slow.pipelineId, { cpu: 1 });
    await waitFor('two events', async () => ((await eventsOf(teamId, ruleId)).length === 2 ? true : undefined));
    expect((await eventsOf(teamId, ruleId)).map((e) => e.to)).toEqual(['firing', 'normal']);
  });

  it('is error with the reason when the field is not a number', async () => {
    const ruleId = await rule(pipelineId, { field: 'label' });
    await producer.append(pipelineId, { label: 'hot' });
    const error = await waitForState(pipelineId, ruleId, 'error');
    expect(error).toMatchObject({ reason: 'field "label" is a string, not a number', value: null });
  });

  it('waits forSeconds, then fires by the clock; is nodata after noDataSeconds of silence', async () => {
    const quiet = await seedPipeline({ teamId });
    const held = await rule(quiet.pipelineId, { forSeconds: 3 });
    const silent = await rule(quiet.pipelineId, { op: 'below', value: 0, noDataSeconds: 10 });
    await producer.append(quiet.pipelineId, { cpu: 90 });
    const pending = await waitForState(quiet.pipelineId, held, 'pending');
    const firing = await evaluateByTheClockAt(pending!.since.toMillis() + 3000, quiet.pipelineId, held, 'firing');
    expect(firing.since.toMillis()).toBe(pending!.since.toMillis() + 3000);

    expect((await stateOf(quiet.pipelineId, silent))?.state).toBe('normal');
    const last = (await fdb().doc(`pipelines/${quiet.pipelineId}/rollups/last100`).get()).get('lastTs') as Timestamp;
    const nodata = await evaluateByTheClockAt(last.toMillis() + 10_000, quiet.pipelineId, silent, 'nodata');
    expect(nodata).toMatchObject({ value: null });
    expect(nodata.since.toMillis()).toBe(last.toMillis() + 10_000);
  });

  it('averages over windowSeconds', async () => {
    const avg = await seedPipeline({ teamId });
    const ruleId = await rule(avg.pipelineId, { aggregation: 'avg', windowSeconds: 60, value: 50 });
    await waitForState(avg.pipelineId, ruleId, 'normal');
    for (const cpu of [30, 90]) await producer.append(avg.pipelineId, { cpu });
    await waitForState(avg.pipelineId, ruleId, 'firing');
    expect(await stateOf(avg.pipelineId, ruleId)).toMatchObject({ value: 60 });
    await producer.append(avg.pipelineId, { cpu: 0 });
    expect(await waitForState(avg.pipelineId, ruleId, 'normal')).toMatchObject({ value: 40 });
  });

  it('drops the state of a rule disabled or deleted', async () => {
    const ruleId = await rule(pipelineId, { op: 'above', value: -1 });
    await waitForState(pipelineId, ruleId, 'firing');
    await fdb().doc(`pipelines/${pipelineId}/alertRules/${ruleId}`).update({ enabled: false });
    await waitFor('the state to go', async () => ((await stateOf(pipelineId, ruleId)) ? undefined : true));
  });

  it('on the schedule, heals the copy of rules whose triggers were lost', async () => {
    const lost = await seedPipeline({ teamId });
    const kept = await rule(lost.pipelineId, { op: 'above', value: -1 });
    const changed = await rule(lost.pipelineId, { op: 'above', value: -1 });
    await producer.append(lost.pipelineId, { cpu: 5 });
    await waitForState(lost.pipelineId, kept, 'firing', 20_000);
    await waitForState(lost.pipelineId, changed, 'firing', 20_000);
    await setTriggers(false);
    try {
      await fdb().doc(`pipelines/${lost.pipelineId}/alertRules/${changed}`).update({ value: 1e9, updatedAt: FieldValue.serverTimestamp() });
      await fdb().doc(`pipelines/${lost.pipelineId}/alertRules/${kept}`).update({ enabled: false });
      // The flush's evaluation goes by the copy, which still has both rules as they were.
      expect((await evaluatePipelineAlerts(fdb(), lost.pipelineId)).rules).toBe(2);
      await evaluateAllAlerts(fdb());
    } finally {
      await setTriggers(true);
    }
    expect(await stateOf(lost.pipelineId, kept)).toBeUndefined();
    expect(await stateOf(lost.pipelineId, changed)).toMatchObject({ state: 'normal' });
    const backend = (await fdb().doc(`pipelines/${lost.pipelineId}/backend/alerts`).get()).data()!;
    expect(Object.keys(backend.rules)).toEqual([changed]);
    expect(Object.keys(backend.states)).toEqual([changed]);
    expect(backend.ruleCount).toBe(1);
  });
});

describe('alert webhooks', () => {
  const verify = (body: string, header: unknown) => header === `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

  it('POSTs a signed change, retries a 500 and a time-out with the same id, and records each attempt', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const producer = await producerOf(teamId);
    const hook = await receiver(['500', 'hang']);
    const channelId = await channel(teamId, hook.url);
    const ignored = await receiver();
    await channel(teamId, ignored.url, 'critical');
    const ruleId = await rule(pipelineId, { severity: 'warning', name: 'Hot' });
    const slug = uniqueId('hall');
    await fdb().doc(`dashboards/${slug}`).set({ teamId, slug, title: 'Boiler hall', isPublic: false, createdAt: FieldValue.serverTimestamp(), updatedAt: FieldValue.serverTimestamp(), createdBy: 'owner' });
    await fdb().doc(`dashboards/${slug}/widgets/w1`).set({ type: 'stat_card', pipelineId, config: { fields: ['cpu'] }, position: { x: 0, y: 0, w: 4, h: 3 } });
    await waitForState(pipelineId, ruleId, 'normal');

    // Another team's pipeline fires on time while this webhook hangs.
    const other = await seedPipeline();
    const otherProducer = await producerOf(other.teamId);
    const otherRule = await rule(other.pipelineId);
    await waitForState(other.pipelineId, otherRule, 'normal');

    await producer.append(pipelineId, { cpu: 91 });
    await waitFor('the second attempt to hang', async () => (hook.received.length === 2 ? true : undefined));
    const wrote = Date.now();
    await otherProducer.append(other.pipelineId, { cpu: 99 });
    await waitForState(other.pipelineId, otherRule, 'firing', 8_000);
    expect(Date.now() - wrote).toBeLessThan(8_000);

    await waitFor('the third attempt', async () => (hook.received.length === 3 ? true : undefined), 40_000);
    const ids = new Set(hook.received.map((r) => r.headers['x-dash-delivery']));
    expect(ids.size).toBe(1);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
    const { headers, body } = hook.received[0]!;
    expect(verify(body, headers['x-dash-signature'])).toBe(true);
    expect(headers['content-type']).toBe('application/json');
    const payload = JSON.parse(body) as Record<string, unknown>;
    expect(payload).toMatchObject({ deliveryId: [...ids][0], teamId, pipelineId, ruleId, ruleName: 'Hot', severity: 'warning', from: 'normal', to: 'firing', value: 91 });
    expect(new Date(payload.at as string).toISOString()).toBe(payload.at);
    expect(payload.dashboards).toEqual([{ name: 'Boiler hall', url: expect.stringMatching(new RegExp(`^https?://[^/]+/d/${slug}$`)) as unknown }]);
    expect(ignored.received).toEqual([]);

    const delivery = await waitFor('the delivery to be delivered', async () => {
      const d = (await fdb().doc(`teams/${teamId}/alertChannels/${channelId}/deliveries/${String([...ids][0])}`).get()).data();
      return d?.status === 'delivered' ? d : undefined;
    });
    expect((delivery.attempts as { code: number | null; error?: string }[]).map((a) => [a.code, a.error ?? 'ok'])).toEqual([
      [500, 'answered 500'],
      [null, 'no answer within 10 s'],
      [200, 'ok'],
    ]);
  }, 90_000);

  it('sends nothing for a silenced rule, which keeps its state and events', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const producer = await producerOf(teamId);
    const hook = await receiver();
    await channel(teamId, hook.url);
    const ruleId = await rule(pipelineId, { silencedUntil: Timestamp.fromMillis(Date.now() + 3_600_000) });
    await waitForState(pipelineId, ruleId, 'normal');
    await producer.append(pipelineId, { cpu: 99 });
    await waitForState(pipelineId, ruleId, 'firing');
    expect(await eventsOf(teamId, ruleId)).toHaveLength(1);
    await sleep(1500);
    expect(hook.received).toEqual([]);
  });

  it('enqueues again, once, a delivery whose task was lost', async () => {
    const { teamId } = await seedPipeline();
    const hook = await receiver();
    const channelId = await channel(teamId, hook.url);
    const ref = fdb().doc(`teams/${teamId}/alertChannels/${channelId}/deliveries/${uniqueId('d')}`);
    const event = { teamId, pipelineId: 'p', ruleId: 'r', ruleName: 'R', severity: 'info', from: 'normal', to: 'firing', value: 1, at: Timestamp.now() };
    await ref.set({ status: 'retrying', event, attempts: [], createdAt: Timestamp.fromMillis(Date.now() - 90_000), nextAttemptAt: Timestamp.fromMillis(Date.now() - 1000) });
    const [first, second] = await Promise.all([requeueStaleDeliveries(fdb()), requeueStaleDeliveries(fdb())]);
    expect(first!.requeued + second!.requeued).toBe(1);
    await waitFor('the delivery', async () => ((await ref.get()).get('status') === 'delivered' ? true : undefined), 20_000);
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.headers['x-dash-delivery']).toBe(ref.id);
  });
});
