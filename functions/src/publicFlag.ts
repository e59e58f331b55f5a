/**
 * `pipelines/{id}.public`: true exactly when a dashboard with `isPublic == true`
 * has a widget on the pipeline (DATA_MODEL.md). Recomputed from scratch, never
 * toggled, so a repeated or reordered trigger cannot leave it wrong.
 */
import { FieldValue, type DocumentReference, type Firestore } from 'firebase-admin/firestore';
import { backendStateRef, pipelineRef } from './rollup/log.js';

/**
 * Recomputes one pipeline's `public` flag; returns it, or null when the pipeline does not exist.
 *
 * Every recompute writes the pipeline's `backend/publicFlag` document, so two
 * concurrent recomputes conflict and the later one re-reads: the last to
 * commit has read the widgets and dashboards after every change that
 * triggered one, and its answer is the one that stays.
 */
export async function recomputePublicFlag(db: Firestore, pipelineId: string): Promise<boolean | null> {
  const pipelineDoc = pipelineRef(db, pipelineId);
  const lock = backendStateRef(db, pipelineId, 'publicFlag');
  return db.runTransaction(async (tx) => {
    const [pipeline] = await tx.getAll(pipelineDoc, lock);
    if (!pipeline.exists) return null;
    // Read inside the transaction, so that a change committed meanwhile makes it retry with fresh reads.
    const widgets = await tx.get(db.collectionGroup('widgets').where('pipelineId', '==', pipelineId).select());
    const dashboards = new Map<string, DocumentReference>();
    for (const w of widgets.docs) {
      const dashboard = w.ref.parent.parent;
      if (dashboard?.parent.id === 'dashboards') dashboards.set(dashboard.path, dashboard);
    }
    const parents = dashboards.size > 0 ? await tx.getAll(...dashboards.values(), { fieldMask: ['isPublic'] }) : [];
    const isPublic = parents.some((d) => d.exists && d.get('isPublic') === true);
    if (pipeline.get('public') !== isPublic) tx.update(pipelineDoc, { public: isPublic });
    tx.set(lock, { public: isPublic, checkedAt: FieldValue.serverTimestamp() });
    return isPublic;
  });
}

/** Recomputes the flag of each distinct pipeline named (empty and missing names skipped). */
export async function recomputePublicFlags(db: Firestore, pipelineIds: Iterable<unknown>): Promise<void> {
  const ids = new Set([...pipelineIds].filter((id): id is string => typeof id === 'string' && id.length > 0 && !id.includes('/')));
  await Promise.all([...ids].map((id) => recomputePublicFlag(db, id)));
}
