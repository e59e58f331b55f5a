import { computed, onScopeDispose, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import { useRollupStore, type RollupState } from '../stores/rollups.ts';

const LOADING: RollupState = Object.freeze({ status: 'loading', records: Object.freeze([]), source: null, fromCache: false, error: null, mode: 'economy' });

/**
 * The rolling window of a pipeline, shared through the rollup store: this
 * scope holds one reference, moved when the pipeline changes and dropped when
 * the scope is disposed.
 */
export function useRollup(pipelineId: MaybeRefOrGetter<string>): ComputedRef<RollupState> {
  const store = useRollupStore();
  let held: string | null = null;
  function release(): void {
    if (held !== null) store.release(held);
    held = null;
  }
  watch(
    () => toValue(pipelineId),
    (id) => {
      release();
      if (id) {
        store.acquire(id);
        held = id;
      }
    },
    { immediate: true },
  );
  onScopeDispose(release);
  return computed(() => (held !== null && store.states[held]) || LOADING);
}
