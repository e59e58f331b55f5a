import { defineStore } from 'pinia';
import { onScopeDispose, reactive, watch } from 'vue';
import { useAuthStore } from '../account/authStore.ts';
import { openPipelineWindow, type PipelineWindow } from './pipelineWindow.ts';
import { loadingState, type RollupState } from './rollupState.ts';

/** How often failed listeners are attached again while something still uses them. */
export const RETRY_MS = 30_000;

interface Subscription {
  refs: number;
  window: PipelineWindow;
}

/**
 * The rolling windows of pipelines, one set of listeners per pipeline however
 * many widgets read it: `acquire` and `release` count the users.
 */
export const useRollupStore = defineStore('rollups', () => {
  const auth = useAuthStore();
  const states = reactive<Record<string, RollupState>>({});
  const subs = new Map<string, Subscription>();
  const signedIn = () => auth.uid !== null;

  function open(pipelineId: string, keepShown: boolean): PipelineWindow {
    states[pipelineId] ??= loadingState();
    // The reactive proxy, not the object just assigned: writes through it reach the widgets.
    return openPipelineWindow(pipelineId, states[pipelineId], keepShown, signedIn);
  }

  /** Starts (or shares) the listeners of a pipeline's window; pair with `release`. */
  function acquire(pipelineId: string): RollupState {
    const sub = subs.get(pipelineId);
    if (sub) sub.refs++;
    else subs.set(pipelineId, { refs: 1, window: open(pipelineId, false) });
    return states[pipelineId]!;
  }

  /** Drops one user of a pipeline's window; the last one stops its listeners and forgets it. */
  function release(pipelineId: string): void {
    const sub = subs.get(pipelineId);
    if (!sub || --sub.refs > 0) return;
    sub.window.stop();
    subs.delete(pipelineId);
    delete states[pipelineId];
  }

  /**
   * Attaches again the listeners of every window (`all`: what was shown is
   * dropped), or of those that failed (what was shown stays until they answer).
   */
  function reattach(which: 'all' | 'failed'): void {
    for (const [pipelineId, sub] of subs) {
      if (which === 'failed' && !sub.window.failed) continue;
      sub.window.stop();
      sub.window = open(pipelineId, which === 'failed');
    }
  }

  /** Number of live listeners (two per pipeline in use, plus one or two tails in instant mode). */
  function listenerCount(): number {
    let n = 0;
    for (const sub of subs.values()) n += sub.window.listeners;
    return n;
  }

  // Another user may read other pipelines (or fewer): nothing read as the previous one is kept.
  watch(
    () => auth.uid,
    () => reattach('all'),
  );
  const retry = setInterval(() => reattach('failed'), RETRY_MS);

  onScopeDispose(() => {
    clearInterval(retry);
    for (const sub of subs.values()) sub.window.stop();
    subs.clear();
  });

  return { states, acquire, release, reattach, listenerCount };
});
