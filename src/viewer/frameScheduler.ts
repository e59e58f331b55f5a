import { nextTick, onScopeDispose, shallowRef, toRaw, watch, type Ref, type ShallowRef } from 'vue';

/**
 * Updates spread over animation frames. A snapshot of a pipeline that 60
 * widgets show would otherwise redraw all 60 in one task (146 ms measured,
 * bench/viewerLoad.ts); here each frame takes as many as its budget holds,
 * judged from what the last ones cost, so that no task grows long.
 */
export const FRAME_BUDGET_MS = 12;

export interface FrameScheduler {
  /** Runs `job` in a coming frame; a job already queued under `key` is replaced (only the newest counts). */
  schedule(key: object, job: () => void): void;
  cancel(key: object): void;
}

export interface FrameClock {
  requestFrame(run: () => void): void;
  now(): number;
  /** Resolves once the jobs' effects are done (Vue's render of what they changed). */
  settle(): Promise<void>;
}

const browserClock: FrameClock = {
  // A hidden page draws nothing: its updates need no frame (and rAF would not come).
  requestFrame: (run) => (document.visibilityState === 'visible' ? requestAnimationFrame(() => run()) : setTimeout(run, 0)),
  now: () => performance.now(),
  // Twice: vue-chartjs redraws a chart in a nextTick queued during the render, after a first one queued here.
  settle: async () => {
    await nextTick();
    await nextTick();
  },
};

export function createFrameScheduler(clock: FrameClock = browserClock, budgetMs = FRAME_BUDGET_MS): FrameScheduler {
  const queue = new Map<object, () => void>();
  let requested = false;
  /** What one job (with its render) costs, ms: a moving average. */
  let cost = 1;

  function request(): void {
    if (requested || queue.size === 0) return;
    requested = true;
    clock.requestFrame(() => void runFrame());
  }

  async function runFrame(): Promise<void> {
    requested = false;
    const take = Math.max(1, Math.floor(budgetMs / cost));
    const jobs: (() => void)[] = [];
    for (const [key, job] of queue) {
      if (jobs.length === take) break;
      queue.delete(key);
      jobs.push(job);
    }
    const started = clock.now();
    for (const job of jobs) {
      try {
        job();
      } catch (err) {
        // One widget's failure is its own card's to show; the others still update.
        console.error(err);
      }
    }
    await clock.settle();
    cost = 0.7 * cost + 0.3 * ((clock.now() - started) / Math.max(1, jobs.length));
    request();
  }

  return {
    schedule(key, job) {
      queue.set(key, job);
      request();
    },
    cancel(key) {
      queue.delete(key);
    },
  };
}

let shared: FrameScheduler | undefined;

/**
 * `source` (an object whose fields a store assigns in place, like a rollup
 * state), followed a frame later through the page's one scheduler: a copy of
 * its fields at once, a new copy when a frame has room for the change.
 * What reads the copy reacts to nothing else, so it redraws in that frame only.
 */
export function useFramed<T extends object>(source: Readonly<Ref<T>>, scheduler: FrameScheduler = (shared ??= createFrameScheduler())): ShallowRef<T> {
  const copy = (): T => ({ ...toRaw(source.value) }) as T;
  const shown = shallowRef(copy()) as ShallowRef<T>;
  const key = {};
  // deep: 1 tracks each field of the object, assigned one by one.
  watch(source, () => scheduler.schedule(key, () => (shown.value = copy())), { deep: 1 });
  onScopeDispose(() => scheduler.cancel(key));
  return shown;
}
