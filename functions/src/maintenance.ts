import type { Firestore } from 'firebase-admin/firestore';
import { finishTeamCascades } from './cascade.js';
import { recomputeDirtyPublicFlags } from './publicFlag.js';
import { reconcileAllWindows, type ReconcileSummary } from './rollup/reconcile.js';

/** What one scheduled maintenance run did. */
export interface MaintenanceSummary extends ReconcileSummary {
  teamCascadesFinished: number;
  publicFlagsFixed: number;
}

/**
 * The scheduled run: finishes team cascades that died, fixes public flags
 * whose recompute gave up, and rebuilds windows that disagree with their log.
 * The schedule and npm start (the emulator runs no schedules) call this one function.
 */
export async function runScheduledMaintenance(db: Firestore): Promise<MaintenanceSummary> {
  const teams = await finishTeamCascades(db);
  const publicFlagsFixed = await recomputeDirtyPublicFlags(db);
  const summary = await reconcileAllWindows(db);
  return { ...summary, teamCascadesFinished: teams.length, publicFlagsFixed };
}
