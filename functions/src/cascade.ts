/**
 * What deleting a team, a dashboard or a pipeline takes with it. Deletes go
 * through `recursiveDelete`, whose BulkWriter batches them within Firestore's
 * limits (at most 500 writes a batch) and ramps up its rate (500/50/5)
 * instead of one huge batch. Every cascade starts from a query of what is
 * left, so a run that dies half-way is finished by the next one (the
 * trigger's retry, or the reconcile for a team whose tombstone exists).
 */
import { FieldValue, Timestamp, type DocumentReference, type Firestore } from 'firebase-admin/firestore';
import { syncDashboardWidgets } from './publicFlag.js';

/**
 * After `dashboards/{id}` is deleted: deletes its widgets, its slug (only when
 * the slug still names this dashboard) and the `public` mirrors of its widgets,
 * which recomputes the flag of the pipelines they showed.
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
  await syncDashboardWidgets(
    db,
    dashboardId,
    shown.docs.map((w) => ({ id: w.id, pipelineId: w.get('pipelineId') })),
  );
}

/**
 * After `pipelines/{id}` is deleted: deletes everything under it (records,
 * rollups, history, alert rules and states, tokens, backend state). Widgets
 * that showed it stay; the app shows them as "pipeline deleted".
 */
export async function deletePipelineData(db: Firestore, pipelineId: string): Promise<void> {
  const pipeline = db.doc(`pipelines/${pipelineId}`);
  // A pipeline re-created under the same id since the delete (trusted code only) keeps its data.
  if ((await pipeline.get()).exists) return;
  await deleteSubcollections(pipeline);
}

async function deleteSubcollections(ref: DocumentReference): Promise<void> {
  const db = ref.firestore;
  for (const collection of await ref.listCollections()) await db.recursiveDelete(collection);
}

/** The steps of a team's cascade, in order; the members go last, so that their absence means "done". */
export const TEAM_CASCADE_STEPS = ['pipelines', 'dashboards', 'team data', 'members'] as const;
export type TeamCascadeStep = (typeof TEAM_CASCADE_STEPS)[number];

export interface TeamCascadeOptions {
  /** Called after each step (tests stop a cascade half-way by throwing here). */
  afterStep?: (step: TeamCascadeStep) => void;
}

/**
 * After `teams/{id}` is deleted (in the batch that wrote `deletedTeams/{id}`):
 * deletes everything of the team. Each of its pipelines gets its own
 * tombstone first (so that its id is never used again) and goes with all it
 * holds; each dashboard with its widgets and its slug; then the team's
 * invites, alert channels with their secrets, alert events; its members
 * last, so that a member's own membership (which the app watches) disappears
 * only when everything else has. Marks the tombstone `cascadedAt` when done.
 * Returns false (and does nothing) while the team document exists.
 */
export async function deleteTeamData(db: Firestore, teamId: string, options: TeamCascadeOptions = {}): Promise<boolean> {
  const team = db.doc(`teams/${teamId}`);
  if ((await team.get()).exists) return false;
  const tombstone = db.doc(`deletedTeams/${teamId}`);
  const deletedBy: unknown = (await tombstone.get()).get('deletedBy');

  const pipelines = await db.collection('pipelines').where('teamId', '==', teamId).select().get();
  for (const pipeline of pipelines.docs) {
    // create() fails when the tombstone exists already (a resumed run): the id stays dead either way.
    await db
      .doc(`deletedPipelines/${pipeline.id}`)
      .create({ deletedAt: FieldValue.serverTimestamp(), deletedBy: typeof deletedBy === 'string' ? deletedBy : 'backend' })
      .catch(() => undefined);
    await db.recursiveDelete(pipeline.ref);
  }
  options.afterStep?.('pipelines');

  const dashboards = await db.collection('dashboards').where('teamId', '==', teamId).select('slug').get();
  for (const dashboard of dashboards.docs) {
    const slug: unknown = dashboard.get('slug');
    await db.recursiveDelete(dashboard.ref);
    if (typeof slug === 'string' && slug.length > 0 && !slug.includes('/')) {
      const slugDoc = db.doc(`slugs/${slug}`);
      await db.runTransaction(async (tx) => {
        if ((await tx.get(slugDoc)).get('dashboardId') === dashboard.id) tx.delete(slugDoc);
      });
    }
  }
  options.afterStep?.('dashboards');

  for (const collection of await team.listCollections()) {
    if (collection.id !== 'members') await db.recursiveDelete(collection);
  }
  options.afterStep?.('team data');

  await db.recursiveDelete(team.collection('members'));
  options.afterStep?.('members');
  await tombstone.set({ cascadedAt: FieldValue.serverTimestamp() }, { merge: true });
  return true;
}

/** How far back the reconcile looks for team cascades that did not finish. */
export const TEAM_CASCADE_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

/**
 * Finishes the cascade of every team deleted in the last week whose
 * tombstone is not marked `cascadedAt` (its trigger was lost or died).
 * Returns the ids of the teams it finished.
 */
export async function finishTeamCascades(db: Firestore, nowMs = Date.now()): Promise<string[]> {
  const recent = await db
    .collection('deletedTeams')
    .where('deletedAt', '>=', Timestamp.fromMillis(nowMs - TEAM_CASCADE_LOOKBACK_MS))
    .get();
  const finished: string[] = [];
  for (const tombstone of recent.docs) {
    if (tombstone.get('cascadedAt') !== undefined) continue;
    if (await deleteTeamData(db, tombstone.id)) finished.push(tombstone.id);
  }
  return finished;
}
