/**
 * Dash's Cloud Functions: one export per trigger, each a thin adapter over the
 * plain modules that tests and the scheduled reconcile call directly.
 */
import { logger } from 'firebase-functions';
import { onDocumentCreated, onDocumentDeleted, onDocumentUpdated, onDocumentWritten } from 'firebase-functions/v2/firestore';
import { onSchedule } from 'firebase-functions/v2/scheduler';
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
  },
);

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
