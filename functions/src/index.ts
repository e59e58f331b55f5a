/**
 * Dash's Cloud Functions: one export per trigger, each a thin adapter over the
 * plain modules that tests and the scheduled reconcile call directly.
 */
import { logger } from 'firebase-functions';
import { onDocumentCreated, onDocumentDeleted, onDocumentUpdated, onDocumentWritten } from 'firebase-functions/v2/firestore';
import { HttpsError, onCall, onRequest } from 'firebase-functions/v2/https';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { onTaskDispatched } from 'firebase-functions/v2/tasks';
import { firestore } from './admin.js';
import { deleteDashboardChildren, deletePipelineData, deleteTeamData } from './cascade.js';
import { runScheduledMaintenance } from './maintenance.js';
import { syncDashboardWidgets, syncWidget } from './publicFlag.js';
import { FLUSH_SECONDS } from '../../contract/index.ts';
import { RECONCILE_EVERY_MINUTES } from './rollup/cadence.js';
import { flushWindow } from './rollup/flushWindow.js';
import { handleRecordCreated } from './rollup/onRecordCreated.js';
import { closeQuietMinutes } from './history/closeQuiet.js';
import { processDirtyMark } from './history/recompute.js';
import { attemptDelivery, createTestDelivery, DeliveryRefused, requeueStaleDeliveries, WEBHOOK_RETRY } from './alerts/deliver.js';
import { evaluateAllAlerts, evaluatePipelineAlerts } from './alerts/evaluate.js';
import { handleIngest } from './ingest/handler.js';
import { RateLimiter } from './ingest/rateLimit.js';
import { createIngestToken as issueIngestToken, TokenRefused } from './ingest/tokens.js';

/** Keeps `rollups/last100` and history up to date: a bucket's leader waits out its bucket (up to 60 s), then flushes. */
export const rollupOnRecordCreated = onDocumentCreated(
  { document: 'pipelines/{pipelineId}/records/{recordId}', timeoutSeconds: FLUSH_SECONDS.max + 60 },
  async (event) => {
    const outcome = await handleRecordCreated(firestore(), {
      pipelineId: event.params.pipelineId,
      recordId: event.params.recordId,
      ts: event.data?.get('ts'),
      writtenMs: event.data?.createTime?.toMillis(),
    });
    if ('flush' in outcome && outcome.flush) {
      logger.info('rollup flush', { pipelineId: event.params.pipelineId, role: outcome.role, ...outcome.flush });
    }
    if ('late' in outcome && outcome.late === 'marked') logger.info('history late record', { pipelineId: event.params.pipelineId });
    if ('flush' in outcome && outcome.flush?.outcome === 'written' && outcome.flush.alerting) {
      // The new records are in the window the flush wrote: the rules see them now, not at the next schedule.
      const alerts = await evaluatePipelineAlerts(firestore(), event.params.pipelineId);
      if (alerts.changes > 0) logger.info('alert changes', { pipelineId: event.params.pipelineId, ...alerts });
    }
  },
);

/**
 * A rule created or changed is evaluated at once; a rule deleted or disabled
 * loses its state. The rules are read as they are now, whatever the order in
 * which their writes' triggers arrive.
 */
export const evaluateAlertsOnRuleWritten = onDocumentWritten('pipelines/{pipelineId}/alertRules/{ruleId}', async (event) => {
  await evaluatePipelineAlerts(firestore(), event.params.pipelineId, Date.now(), { syncRules: true });
});

/** Sends one attempt of a webhook delivery; a failure is retried by Cloud Tasks with backoff (alerts/deliver.ts). */
export const sendWebhook = onTaskDispatched<{ path?: unknown }>(
  { retryConfig: WEBHOOK_RETRY, rateLimits: { maxConcurrentDispatches: 50 }, timeoutSeconds: 60 },
  async (request) => {
    const { path } = request.data;
    if (typeof path !== 'string' || !/^teams\/[^/]+\/alertChannels\/[^/]+\/deliveries\/[^/]+$/.test(path)) return;
    const status = await attemptDelivery(firestore(), firestore().doc(path), request.retryCount + 1 >= WEBHOOK_RETRY.maxAttempts);
    if (status === 'retrying') throw new Error(`webhook ${path} not delivered; Cloud Tasks retries it`);
  },
);

/** An owner sends a test delivery to a webhook channel: `{ teamId, channelId }` → `{ deliveryId }`. */
export const sendTestDelivery = onCall(async (request) => {
  const uid = request.auth?.uid;
  if (!uid) throw new HttpsError('unauthenticated', 'Sign in to test a channel.');
  const { teamId, channelId } = (request.data ?? {}) as { teamId?: unknown; channelId?: unknown };
  const valid = (v: unknown): v is string => typeof v === 'string' && /^[^/]{1,200}$/.test(v);
  if (!valid(teamId) || !valid(channelId)) throw new HttpsError('invalid-argument', 'Give teamId and channelId as strings.');
  try {
    return { deliveryId: await createTestDelivery(firestore(), uid, teamId, channelId) };
  } catch (err) {
    if (err instanceof DeliveryRefused) throw new HttpsError(err.code, err.message);
    throw err;
  }
});

/** A deleted channel's deliveries go with it (its secret goes in the client's batch). */
export const deleteChannelDeliveriesOnChannelDeleted = onDocumentDeleted('teams/{teamId}/alertChannels/{channelId}', async (event) => {
  const channel = firestore().doc(`teams/${event.params.teamId}/alertChannels/${event.params.channelId}`);
  for (const collection of await channel.listCollections()) await firestore().recursiveDelete(collection);
});

/** What time alone changes (`forSeconds`, `noDataSeconds`), and the webhook retries that are due. */
export const evaluateAlertsEveryMinute = onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 120 }, async () => {
  const [alerts, deliveries] = await Promise.all([evaluateAllAlerts(firestore()), requeueStaleDeliveries(firestore())]);
  if (alerts.changes > 0 || deliveries.requeued > 0) logger.info('alerts by the clock', { ...alerts, ...deliveries });
});

/**
 * Recomputes the history buckets a dirty mark lists. Only the run of the
 * mark's latest write processes it, so marks written in a burst whose runs
 * come after it are processed once. No debounce sleep: on the emulator,
 * which delivers triggers about one at a time, every sleeping run delayed
 * every other trigger (a 1 s debounce slowed the rollup suite by minutes).
 */
export const processHistoryDirtyMark = onDocumentWritten('pipelines/{pipelineId}/historyDirty/{docId}', async (event) => {
  const written = event.data?.after;
  if (!written?.exists || !written.updateTime) return;
  const outcome = await processDirtyMark(firestore(), event.params.pipelineId, event.params.docId, written.updateTime);
  if (outcome === 'processed') logger.info('history recompute', { pipelineId: event.params.pipelineId, docId: event.params.docId });
});

/** Gives a new pipeline its empty window, so clients find `count: 0` rather than no document. */
export const createWindowOnPipelineCreated = onDocumentCreated('pipelines/{pipelineId}', async (event) => {
  await flushWindow(firestore(), event.params.pipelineId);
});

/** Deletes everything of a deleted team (its tombstone was written in the same batch). */
export const deleteTeamDataOnTeamDeleted = onDocumentDeleted({ document: 'teams/{teamId}', timeoutSeconds: 540 }, async (event) => {
  await deleteTeamData(firestore(), event.params.teamId);
});

/** Deletes a deleted pipeline's records, rollups, history, alerts, tokens and backend state. */
export const deletePipelineDataOnPipelineDeleted = onDocumentDeleted('pipelines/{pipelineId}', async (event) => {
  await deletePipelineData(firestore(), event.params.pipelineId);
});

/** Closes by the clock the open minutes of pipelines whose records stopped (history/closeQuiet.ts). */
export const closeQuietMinutesEveryMinute = onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 120 }, async () => {
  const { closed } = await closeQuietMinutes(firestore());
  if (closed > 0) logger.info('history close', { closed });
});

/**
 * Rebuilds any window that disagrees with its log, finishes team cascades that
 * died, and fixes public flags whose recompute gave up. The emulator runs no
 * schedules, so npm start and the tests call these functions directly.
 */
export const reconcileWindowsEvery5Minutes = onSchedule({ schedule: `every ${RECONCILE_EVERY_MINUTES} minutes`, timeoutSeconds: 540 }, async () => {
  logger.info('rollup reconcile', await runScheduledMaintenance(firestore()));
});

/** A widget's pipeline (before and after the change) may have gained or lost a public dashboard. */
export const recomputePublicOnWidgetWritten = onDocumentWritten('dashboards/{dashboardId}/widgets/{widgetId}', async (event) => {
  await syncWidget(firestore(), event.params.dashboardId, event.params.widgetId, [
    event.data?.before.get('pipelineId'),
    event.data?.after.get('pipelineId'),
  ]);
});

/** A dashboard turned public or private changes the flag of every pipeline it shows. */
export const recomputePublicOnDashboardUpdated = onDocumentUpdated('dashboards/{dashboardId}', async (event) => {
  if (event.data?.before.get('isPublic') === event.data?.after.get('isPublic')) return;
  const db = firestore();
  const widgets = await db.collection(`dashboards/${event.params.dashboardId}/widgets`).select('pipelineId').get();
  await syncDashboardWidgets(
    db,
    event.params.dashboardId,
    widgets.docs.map((w) => ({ id: w.id, pipelineId: w.get('pipelineId') })),
  );
});

/** Deletes a deleted dashboard's widgets and slug, and recomputes the flags of the pipelines it showed. */
export const deleteDashboardChildrenOnDashboardDeleted = onDocumentDeleted('dashboards/{dashboardId}', async (event) => {
  await deleteDashboardChildren(firestore(), event.params.dashboardId, event.data?.get('slug'));
});

/** An owner or editor makes an ingest token: `{ pipelineId, name, recordsPerSecond? }` → `{ tokenId, token }`, the token shown this once. */
export const createIngestToken = onCall(async (request) => {
  const uid = request.auth?.uid;
  if (!uid) throw new HttpsError('unauthenticated', 'Sign in to create an ingest token.');
  try {
    return await issueIngestToken(firestore(), uid, request.data);
  } catch (err) {
    if (err instanceof TokenRefused) throw new HttpsError(err.code, err.message);
    throw err;
  }
});

const ingestLimiter = new RateLimiter();

/**
 * `POST .../ingest/{pipelineId}` with an ingest token (ingest/handler.ts).
 * Public: the token is the credential. Hosting serves it at
 * `/api/ingest/{pipelineId}` (firebase.json). At most 10 instances, each of
 * which enforces a token's rate on its own (ingest/rateLimit.ts).
 */
export const ingest = onRequest({ invoker: 'public', cors: true, maxInstances: 10, concurrency: 80 }, async (req, res) => {
  const answer = await handleIngest(firestore(), { method: req.method, path: req.path, headers: req.headers, body: req.rawBody ?? Buffer.alloc(0) }, ingestLimiter);
  if (answer.status >= 500) logger.warn('ingest failed', { path: req.path, ...answer.body });
  res.status(answer.status).set(answer.headers ?? {}).json(answer.body);
});
