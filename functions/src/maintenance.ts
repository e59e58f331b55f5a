import type { Firestore } from 'firebase-admin/firestore';
import { finishTeamCascades } from './cascade.js';
import { healHistory, type HealResult } from './history/heal.js';
import { runRetention, type RetentionResult } from './history/retention.js';
import { recomputeDirtyPublicFlags } from './publicFlag.js';
import { reconcileAllWindows, type ReconcileSummary } from './rollup/reconcile.js';

/** What one scheduled maintenance run did. */
export interface MaintenanceSummary extends ReconcileSummary {
  teamCascadesFinished: number;
  publicFlagsFixed: number;
  /** History checked against the log, for the pipelines whose window changed. */
  history: { pipelines: number; hoursChecked: number; marked: number; minutesClosed: number; failed: number };
  retention: RetentionResult;
}

const PARALLEL_PIPELINES = 8;

/** Heals the history of every pipeline in the reconcile queue (those whose window changed lately). */
async function healQueuedHistory(db: Firestore, nowMs: number): Promise<MaintenanceSummary['history']> {
  const summary = { pipelines: 0, hoursChecked: 0, marked: 0, minutesClosed: 0, failed: 0 };
  const queue = await db.collection('reconcileQueue').select().get();
  const ids = queue.docs.map((d) => d.id);
  for (let i = 0; i < ids.length; i += PARALLEL_PIPELINES) {
    const results = await Promise.all(
      ids.slice(i, i + PARALLEL_PIPELINES).map((id) => healHistory(db, id, nowMs).catch((): HealResult | null => null)),
    );
    for (const r of results) {
      summary.pipelines++;
      if (!r) summary.failed++;
      else {
        summary.hoursChecked += r.hoursChecked;
        summary.marked += r.marked;
        if (r.closedMinute) summary.minutesClosed++;
      }
    }
  }
  return summary;
}

/**
 * The scheduled run: finishes team cascades that died, fixes public flags
 * whose recompute gave up, rebuilds windows that disagree with their log,
 * heals recent history, and (daily) applies retention.
 * The schedule and npm start (the emulator runs no schedules) call this one function.
 */
export async function runScheduledMaintenance(db: Firestore, nowMs = Date.now()): Promise<MaintenanceSummary> {
  const teams = await finishTeamCascades(db);
  const publicFlagsFixed = await recomputeDirtyPublicFlags(db);
  const summary = await reconcileAllWindows(db, nowMs);
  const history = await healQueuedHistory(db, nowMs);
  const retention = await runRetention(db, nowMs);
  return { ...summary, teamCascadesFinished: teams.length, publicFlagsFixed, history, retention };
}
