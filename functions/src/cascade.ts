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
  const widgets = db.collection(`dashboards/${dashboardId}/widgets`);
  const shown = await widgets.select('pipelineId').get();
  await db.recursiveDelete(widgets);
  if (typeof slug === 'string' && slug.length > 0 && !slug.includes('/')) {
    const slugDoc = db.doc(`slugs/${slug}`);
    await db.runTransaction(async (tx) => {
      const current = await tx.get(slugDoc);
      if (current.get('dashboardId') === dashboardId) tx.delete(slugDoc);
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
  // The document itself is already deleted; what remains are its subcollections.
  const collections = await db.doc(`pipelines/${pipelineId}`).listCollections();
  for (const collection of collections) await db.recursiveDelete(collection);
}
