/**
 * What deleting a dashboard or a pipeline takes with it. Deletes go through
 * `recursiveDelete`, whose BulkWriter batches them within Firestore's limits
 * and ramps up its rate (500/50/5) instead of one huge batch.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { recomputePublicFlags } from './publicFlag.js';

/**
 * After `dashboards/{id}` is deleted: deletes its widgets, its slug (only when
 * the slug still names this dashboard) and recomputes the `public` flag of the
 * pipelines its widgets showed.
 */
export async function deleteDashboardChildren(db: Firestore, dashboardId: string, slug: unknown): Promise<void> {
  const dashboard = db.doc(`dashboards/${dashboardId}`);
  // Triggers arrive late: a dashboard re-created under the same id since then keeps what it has.
  if ((await dashboard.get()).exists) return;
  const widgets = db.collection(`dashboards/${dashboardId}/widgets`);
  const shown = await widgets.select('pipelineId').get();
  await db.recursiveDelete(widgets);
  if (typeof slug === 'string' && slug.length > 0 && !slug.includes('/')) {
    const slugDoc = db.doc(`slugs/${slug}`);
    await db.runTransaction(async (tx) => {
      const [current, again] = await Promise.all([tx.get(slugDoc), tx.get(dashboard)]);
      if (current.get('dashboardId') === dashboardId && !again.exists) tx.delete(slugDoc);
    });
  }
  await recomputePublicFlags(
    db,
    shown.docs.map((w) => w.get('pipelineId')),
  );
}

/**
 * After `pipelines/{id}` is deleted: deletes everything under it (records,
 * rollups, backend state). Widgets that showed it stay; the app shows them as
 * "pipeline deleted".
 */
export async function deletePipelineData(db: Firestore, pipelineId: string): Promise<void> {
  const pipeline = db.doc(`pipelines/${pipelineId}`);
  // A pipeline re-created under the same id since the delete keeps its data.
  if ((await pipeline.get()).exists) return;
  // The document itself is already deleted; what remains are its subcollections.
  const collections = await pipeline.listCollections();
  for (const collection of collections) await db.recursiveDelete(collection);
}
