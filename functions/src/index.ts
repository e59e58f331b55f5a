/**
 * Dash's Cloud Functions: one export per trigger, each a thin adapter over the
 * plain modules that tests and the scheduled reconcile call directly.
 */
import { logger } from 'firebase-functions';
import { onDocumentCreated, onDocumentDeleted, onDocumentUpdated, onDocumentWritten } from 'firebase-functions/v2/firestore';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { firestore } from './admin.js';
import { deleteDashboardChildren, deletePipelineData } from './cascade.js';
import { recomputePublicFlags } from './publicFlag.js';
import { FLUSH_SECONDS } from '../../contract/index.ts';
import { flushWindow } from './rollup/flushWindow.js';
import { handleRecordCreated } from './rollup/onRecordCreated.js';
import { reconcileAllWindows } from './rollup/reconcile.js';

/** Keeps `rollups/last100` up to date: a bucket's leader waits out its bucket (up to 60 s), then flushes. */
export const rollupOnRecordCreated = onDocumentCreated(
  { document: 'pipelines/{pipelineId}/records/{recordId}', timeoutSeconds: FLUSH_SECONDS.max + 60 },
  async (event) => {
    const outcome = await handleRecordCreated(firestore(), {
      pipelineId: event.params.pipelineId,
      recordId: event.params.recordId,
      ts: event.data?.get('ts'),
    });
    if ('flush' in outcome && outcome.flush) {
      logger.info('rollup flush', { pipelineId: event.params.pipelineId, role: outcome.role, ...outcome.flush });
    }
  },
);

/** Gives a new pipeline its empty window, so clients find `count: 0` rather than no document. */
export const createWindowOnPipelineCreated = onDocumentCreated('pipelines/{pipelineId}', async (event) => {
  await flushWindow(firestore(), event.params.pipelineId);
});

/** Deletes a deleted pipeline's records, rollups and backend state. */
export const deletePipelineDataOnPipelineDeleted = onDocumentDeleted('pipelines/{pipelineId}', async (event) => {
  await deletePipelineData(firestore(), event.params.pipelineId);
});

/** Rebuilds any window that disagrees with its log; the emulator runs no schedules, so tests call reconcileAllWindows. */
export const reconcileWindowsEvery5Minutes = onSchedule({ schedule: 'every 5 minutes', timeoutSeconds: 540 }, async () => {
  const summary = await reconcileAllWindows(firestore());
  logger.info('rollup reconcile', summary);
});

/** A widget's pipeline (before and after the change) may have gained or lost a public dashboard. */
export const recomputePublicOnWidgetWritten = onDocumentWritten('dashboards/{dashboardId}/widgets/{widgetId}', async (event) => {
  await recomputePublicFlags(firestore(), [event.data?.before.get('pipelineId'), event.data?.after.get('pipelineId')]);
});

/** A dashboard turned public or private changes the flag of every pipeline it shows. */
export const recomputePublicOnDashboardUpdated = onDocumentUpdated('dashboards/{dashboardId}', async (event) => {
  if (event.data?.before.get('isPublic') === event.data?.after.get('isPublic')) return;
  const db = firestore();
  const widgets = await db.collection(`dashboards/${event.params.dashboardId}/widgets`).select('pipelineId').get();
  await recomputePublicFlags(
    db,
    widgets.docs.map((w) => w.get('pipelineId')),
  );
});

/** Deletes a deleted dashboard's widgets and slug, and recomputes the flags of the pipelines it showed. */
export const deleteDashboardChildrenOnDashboardDeleted = onDocumentDeleted('dashboards/{dashboardId}', async (event) => {
  await deleteDashboardChildren(firestore(), event.params.dashboardId, event.data?.get('slug'));
});
