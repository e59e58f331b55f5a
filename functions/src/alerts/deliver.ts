/**
 * Webhook deliveries: `teams/{t}/alertChannels/{c}/deliveries/{id}`, written
 * by the evaluation (evaluate.ts) in the transaction of the change, and sent
 * by the task queue function `sendWebhook`, one attempt per task run: Cloud
 * Tasks retries a failed attempt with exponential backoff (WEBHOOK_RETRY:
 * 2 s doubling to 5 min, 12 attempts over about 18 minutes), apart from
 * evaluation and from every other trigger, so a URL that answers slowly
 * holds up nothing but its own delivery.
 *
 * A delivery is a signed POST of one state change (contract 1.1,
 * `alertChannels`): `X-Dash-Signature: sha256=<hex HMAC-SHA256 of the body>`
 * and `X-Dash-Delivery: <the document id>`. Its body is built once, on the
 * first attempt, and stored, so that every retry sends the same bytes.
 * Every attempt is recorded on the document (owners read it on the channels
 * page). A failure is no answer within DELIVERY_TIMEOUT_MS, a network error,
 * or an answer that is not 2xx. A delivery whose task was never enqueued (the
 * enqueue failed after the evaluation committed) is enqueued again by the
 * minute schedule once its `nextAttemptAt` has passed.
 */
import { createHmac } from 'node:crypto';
import { FieldValue, Timestamp, type DocumentReference, type DocumentSnapshot, type Firestore } from 'firebase-admin/firestore';
import { getFunctions } from 'firebase-admin/functions';

export const DELIVERY_TIMEOUT_MS = 10_000;
/** Cloud Tasks' retry policy of `sendWebhook`. */
export const WEBHOOK_RETRY = { maxAttempts: 12, minBackoffSeconds: 2, maxBackoffSeconds: 300, maxDoublings: 8 } as const;
/** How long a delivery may go without an attempt before the schedule enqueues it again (past the longest backoff). */
export const STALE_AFTER_MS = 7 * 60_000;
/** The task queue function's name (functions/src/index.ts). */
export const WEBHOOK_QUEUE = 'sendWebhook';

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

export interface DeliveryOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The app's origin, for links to the dashboards that show the pipeline. */
  appUrl?: string;
}

export const signature = (body: string, secret: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The app's origin: DASH_APP_URL, else the project's default Hosting site. */
export function appUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DASH_APP_URL) return env.DASH_APP_URL.replace(/\/$/, '');
  const project = env.GCLOUD_PROJECT ?? env.GCP_PROJECT ?? 'dash';
  return `https://${project}.web.app`;
}

/** Links to the dashboards with a widget of the pipeline. */
async function dashboardLinks(db: Firestore, pipelineId: string, origin: string): Promise<{ name: string; url: string }[]> {
  const widgets = await db.collectionGroup('widgets').where('pipelineId', '==', pipelineId).select().get();
  const ids = [...new Set(widgets.docs.map((w) => w.ref.parent.parent!.id))].slice(0, 20);
  if (ids.length === 0) return [];
  const dashboards = await db.getAll(...ids.map((id) => db.doc(`dashboards/${id}`)));
  return dashboards.flatMap((d) => {
    const slug: unknown = d.get('slug');
    const title: unknown = d.get('title');
    return d.exists && typeof slug === 'string' ? [{ name: typeof title === 'string' ? title : slug, url: `${origin}/d/${slug}` }] : [];
  });
}

/** The JSON body of a delivery: the contract's fields plus links to the dashboards. */
async function buildBody(db: Firestore, delivery: DocumentSnapshot, origin: string): Promise<string> {
  const event = delivery.get('event') as Record<string, unknown>;
  const at = event.at instanceof Timestamp ? event.at.toDate().toISOString() : new Date().toISOString();
  const pipelineId = typeof event.pipelineId === 'string' ? event.pipelineId : null;
  return JSON.stringify({
    deliveryId: delivery.id,
    teamId: event.teamId,
    pipelineId,
    ruleId: event.ruleId,
    ruleName: event.ruleName,
    severity: event.severity,
    from: event.from,
    to: event.to,
    value: event.value ?? null,
    at,
    dashboards: pipelineId ? await dashboardLinks(db, pipelineId, origin) : [],
    ...(event.test === true && { test: true }),
  });
}

interface Attempt {
  at: Timestamp;
  /** The HTTP status, or null when no answer came. */
  code: number | null;
  ms: number;
  error?: string;
}

/** One POST; never throws. */
async function post(url: string, body: string, headers: Record<string, string>, options: DeliveryOptions): Promise<Attempt> {
  const started = Date.now();
  const at = Timestamp.now();
  try {
    const res = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Dash-Webhook/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? DELIVERY_TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { at, code: res.status, ms: Date.now() - started, ...(!ok && { error: `answered ${res.status}` }) };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const reason = timedOut ? `no answer within ${(options.timeoutMs ?? DELIVERY_TIMEOUT_MS) / 1000} s` : describe(err);
    return { at, code: null, ms: Date.now() - started, error: reason };
  }
}

const describe = (err: unknown): string => {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return err instanceof Error ? err.message : String(err);
};

/**
 * One attempt of a delivery; returns its status after. `last`: the task
 * queue will not retry, so a failure is final. A delivery already delivered
 * or failed is left as it is.
 */
export async function attemptDelivery(db: Firestore, ref: DocumentReference, last: boolean, options: DeliveryOptions = {}): Promise<DeliveryStatus> {
  const snap = await ref.get();
  if (!snap.exists) return 'failed';
  const status = snap.get('status') as DeliveryStatus;
  if (status === 'delivered' || status === 'failed') return status;
  let body: unknown = snap.get('body');
  if (typeof body !== 'string') {
    body = await buildBody(db, snap, options.appUrl ?? appUrl());
    await ref.update({ body });
  }
  const channelRef = ref.parent.parent!;
  const [channel, secret] = await db.getAll(channelRef, channelRef.collection('secret').doc('hmac'));
  const url: unknown = channel.get('url');
  const key: unknown = secret.get('value');
  if (!channel.exists || typeof url !== 'string') {
    await ref.update({ status: 'failed', error: 'the channel was deleted', nextAttemptAt: FieldValue.delete() });
    return 'failed';
  }
  const attempt: Attempt =
    typeof key === 'string' && key.length > 0
      ? await post(url, body as string, { 'x-dash-signature': signature(body as string, key), 'x-dash-delivery': ref.id }, options)
      : { at: Timestamp.now(), code: null, ms: 0, error: 'the channel has no secret' };
  const delivered = attempt.error === undefined;
  const next: DeliveryStatus = delivered ? 'delivered' : last ? 'failed' : 'retrying';
  await ref.update({
    status: next,
    attempts: FieldValue.arrayUnion(attempt),
    nextAttemptAt: next === 'retrying' ? Timestamp.fromMillis(Date.now() + STALE_AFTER_MS) : FieldValue.delete(),
    ...(delivered && { deliveredAt: attempt.at }),
  });
  return next;
}

/** Asks the task queue to send deliveries (by document path). */
export async function enqueueDeliveries(paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  const queue = getFunctions().taskQueue<{ path: string }>(WEBHOOK_QUEUE);
  await Promise.all(paths.map((path) => queue.enqueue({ path })));
}

/**
 * The schedule's part: enqueues again every delivery that went
 * STALE_AFTER_MS without an attempt. Each is claimed first (its
 * `nextAttemptAt` moved on, conditionally), so two runs enqueue it once.
 */
export async function requeueStaleDeliveries(db: Firestore, nowMs = Date.now()): Promise<{ requeued: number }> {
  const stale = await db
    .collectionGroup('deliveries')
    .where('status', 'in', ['pending', 'retrying'])
    .where('nextAttemptAt', '<=', Timestamp.fromMillis(nowMs))
    .limit(200)
    .get();
  const claimed = await Promise.all(
    stale.docs.map((doc) =>
      doc.ref
        .update({ nextAttemptAt: Timestamp.fromMillis(nowMs + STALE_AFTER_MS) }, { lastUpdateTime: doc.updateTime })
        .then(() => doc.ref.path)
        .catch(() => null), // another run claimed it
    ),
  );
  const paths = claimed.filter((p): p is string => p !== null);
  await enqueueDeliveries(paths);
  return { requeued: paths.length };
}

/**
 * An owner's test of a channel: a delivery of a made-up change (`test: true`,
 * no pipeline), sent and recorded like any other. Returns its id.
 */
export async function createTestDelivery(db: Firestore, uid: string, teamId: string, channelId: string, nowMs = Date.now()): Promise<string> {
  const role: unknown = (await db.doc(`teams/${teamId}/members/${uid}`).get()).get('role');
  if (role !== 'owner') throw new DeliveryRefused('permission-denied', "Only the team's owners test its alert channels.");
  const channel = db.doc(`teams/${teamId}/alertChannels/${channelId}`);
  const snap = await channel.get();
  if (!snap.exists) throw new DeliveryRefused('not-found', 'No such channel: it may have been deleted.');
  const ref = channel.collection('deliveries').doc(`test-${nowMs}`);
  await ref.create({
    status: 'pending',
    event: {
      teamId,
      pipelineId: null,
      ruleId: 'test',
      ruleName: 'Test delivery',
      severity: snap.get('minSeverity'),
      from: 'normal',
      to: 'firing',
      value: null,
      at: Timestamp.fromMillis(nowMs),
      test: true,
    },
    attempts: [],
    createdAt: FieldValue.serverTimestamp(),
    nextAttemptAt: Timestamp.fromMillis(nowMs + STALE_AFTER_MS),
  });
  await enqueueDeliveries([ref.path]);
  return ref.id;
}

/** Why a test delivery was refused, with the callable error code to answer. */
export class DeliveryRefused extends Error {
  constructor(
    readonly code: 'permission-denied' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}
