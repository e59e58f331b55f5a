/**
 * The scheduled reconcile, run by `npm start` itself: the Functions emulator
 * runs no schedules, so without this a window that a crashed or reloaded
 * function left behind would stay behind, where production heals it within
 * one run. It calls the very function the schedule calls, from the functions'
 * source, on the schedule's cadence (DASH_RECONCILE_SECONDS overrides it, for tests).
 */
import { RECONCILE_EVERY_MINUTES } from '../../functions/src/rollup/cadence.ts';
import type { MaintenanceSummary } from '../../functions/src/maintenance.ts';

/** The cadence in ms: DASH_RECONCILE_SECONDS when set, else the production schedule's. */
export function reconcileEveryMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DASH_RECONCILE_SECONDS;
  if (raw === undefined || raw === '') return RECONCILE_EVERY_MINUTES * 60_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`DASH_RECONCILE_SECONDS=${raw} is not a number of seconds above 0.`);
  return seconds * 1000;
}

/**
 * Runs the scheduled maintenance (window reconcile, unfinished team cascades, stale public flags) every `everyMs` (the first run one period after
 * the start, as a schedule would) against the emulators named by
 * FIRESTORE_EMULATOR_HOST; a run that fails is reported and the next one runs.
 */
export function startReconcileLoop(
  everyMs: number,
  onRun: (result: { summary: MaintenanceSummary } | { error: Error }) => void,
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = async () => {
    const [{ firestore }, { runScheduledMaintenance }] = await Promise.all([
      import('../../functions/src/admin.ts'),
      import('../../functions/src/maintenance.ts'),
    ]);
    try {
      onRun({ summary: await runScheduledMaintenance(firestore()) });
    } catch (err) {
      onRun({ error: err instanceof Error ? err : new Error(String(err)) });
    }
  };
  const schedule = () => {
    timer = setTimeout(() => {
      running = run().finally(() => {
        if (!stopped) schedule();
      });
    }, everyMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** How often production's minute schedules run (functions/src/index.ts). */
export const MINUTE_SCHEDULE_EVERY_MS = 60_000;

/**
 * Runs production's minute schedules (the emulators run none): closes by the
 * clock the open minutes of pipelines whose records stopped
 * (`closeQuietMinutesEveryMinute`), and evaluates alert rules by the clock and
 * enqueues again webhook deliveries whose task was lost (`evaluateAlertsEveryMinute`). A failed run
 * is reported; the next one runs.
 */
export function startMinuteLoop(onError: (what: string, err: Error) => void): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const guard = (what: string, run: () => Promise<unknown>) =>
    run().catch((err: unknown) => onError(what, err instanceof Error ? err : new Error(String(err))));
  const timer = setInterval(() => {
    running = (async () => {
      const [{ firestore }, { closeQuietMinutes }, { evaluateAllAlerts }, { requeueStaleDeliveries }] = await Promise.all([
        import('../../functions/src/admin.ts'),
        import('../../functions/src/history/closeQuiet.ts'),
        import('../../functions/src/alerts/evaluate.ts'),
        import('../../functions/src/alerts/deliver.ts'),
      ]);
      const db = firestore();
      await Promise.all([
        guard('closing quiet minutes', () => closeQuietMinutes(db)),
        guard('evaluating alerts', () => evaluateAllAlerts(db)),
        guard('requeueing webhooks', () => requeueStaleDeliveries(db)),
      ]);
    })();
  }, MINUTE_SCHEDULE_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
