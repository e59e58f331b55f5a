/**
 * `pipelines/{id}.public`: true exactly when a dashboard of the pipeline's own
 * team with `isPublic == true` has a widget on the pipeline (data contract 1.1).
 *
 * Bounded whatever the number of widgets on a pipeline: each widget has a
 * mirror `pipelines/{p}/shownOn/{dashboardId}:{widgetId}` saying whether it
 * makes the pipeline public, rewritten from the widget's, its dashboard's and
 * the pipeline's current documents (never from the event, so a repeated or
 * reordered trigger writes the same thing). The flag is then one `limit(1)`
 * query for a public mirror. A widget write reads about six documents; a
 * dashboard turned public or private rewrites the mirrors of its own widgets.
 *
 * A recompute whose transaction gives up under contention marks
 * `backend/publicFlag` dirty; the next write or the scheduled reconcile
 * (`recomputeDirtyPublicFlags`) fixes the flag.
 */
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { backendStateRef, pipelineRef } from './rollup/log.js';

/** A document id that names one document (no '/'), or null. */
function docId(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && !value.includes('/') ? value : null;
}

const mirrorRef = (db: Firestore, pipelineId: string, dashboardId: string, widgetId: string) =>
  db.doc(`pipelines/${pipelineId}/shownOn/${dashboardId}:${widgetId}`);

/**
 * Rewrites the mirrors of one widget under each pipeline it names or named
 * (`pipelineIds`: the event's before and after), then recomputes those
 * pipelines' flags. Returns the documents read.
 */
export async function syncWidget(db: Firestore, dashboardId: string, widgetId: string, pipelineIds: Iterable<unknown>): Promise<number> {
  const ids = [...new Set([...pipelineIds].map(docId).filter((id): id is string => id !== null))];
  const widgetDoc = db.doc(`dashboards/${dashboardId}/widgets/${widgetId}`);
  const mirrorReads = await db.runTransaction(async (tx) => {
    const [widget, dashboard] = await tx.getAll(widgetDoc, db.doc(`dashboards/${dashboardId}`));
    const current = widget.exists ? docId(widget.get('pipelineId')) : null;
    if (current && !ids.includes(current)) ids.push(current);
    const pipelines = ids.length > 0 ? await tx.getAll(...ids.map((id) => pipelineRef(db, id))) : [];
    pipelines.forEach((pipeline, i) => {
      const mirror = mirrorRef(db, ids[i], dashboardId, widgetId);
      if (!pipeline.exists || ids[i] !== current) {
        tx.delete(mirror);
        return;
      }
      const isPublic = dashboard.exists && dashboard.get('isPublic') === true && dashboard.get('teamId') === pipeline.get('teamId');
      tx.set(mirror, { dashboardId, widgetId, public: isPublic });
    });
    return 2 + pipelines.length;
  });
  const flagReads = await Promise.all(ids.map((id) => recomputePublicFlag(db, id)));
  return mirrorReads + flagReads.reduce((sum, r) => sum + r.reads, 0);
}

/**
 * Recomputes one pipeline's `public` flag from its mirrors: the pipeline, one
 * `limit(1)` query, and the flag's backend document (so that two concurrent
 * recomputes conflict and the later one re-reads). Returns the flag (null
 * when the pipeline does not exist, or when the transaction gave up and the
 * flag was marked dirty) and the documents read.
 */
export async function recomputePublicFlag(db: Firestore, pipelineId: string): Promise<{ public: boolean | null; reads: number }> {
  const pipelineDoc = pipelineRef(db, pipelineId);
  const flagDoc = backendStateRef(db, pipelineId, 'publicFlag');
  try {
    return await db.runTransaction(async (tx) => {
      const [pipeline] = await tx.getAll(pipelineDoc, flagDoc);
      if (!pipeline.exists) return { public: null, reads: 2 };
      const shown = await tx.get(db.collection(`pipelines/${pipelineId}/shownOn`).where('public', '==', true).limit(1));
      const isPublic = !shown.empty;
      if (pipeline.get('public') !== isPublic) tx.update(pipelineDoc, { public: isPublic });
      tx.set(flagDoc, { public: isPublic, dirty: false, checkedAt: FieldValue.serverTimestamp() });
      return { public: isPublic, reads: 3 };
    });
  } catch (err) {
    logger.warn('public flag recompute gave up; marked dirty for the reconcile', { pipelineId, error: String(err) });
    await flagDoc.set({ dirty: true, dirtyAt: FieldValue.serverTimestamp() }, { merge: true });
    return { public: null, reads: 3 };
  }
}

/** Rewrites the mirrors of every widget of a dashboard (its `isPublic` changed, or it was deleted). */
export async function syncDashboardWidgets(db: Firestore, dashboardId: string, widgets: { id: string; pipelineId: unknown }[]): Promise<void> {
  await Promise.all(widgets.map((w) => syncWidget(db, dashboardId, w.id, [w.pipelineId])));
}

/** Recomputes the flags a recompute left dirty (the scheduled reconcile); returns how many. */
export async function recomputeDirtyPublicFlags(db: Firestore): Promise<number> {
  const dirty = await db.collectionGroup('backend').where('dirty', '==', true).select().get();
  const pipelines = dirty.docs.filter((d) => d.id === 'publicFlag').map((d) => d.ref.parent.parent?.id);
  await Promise.all(pipelines.filter((id): id is string => !!id).map((id) => recomputePublicFlag(db, id)));
  return pipelines.length;
}
