import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import { useRollupStore } from './rollupStore.ts';
import { loadingState, type RollupState } from './rollupState.ts';

const LOADING: RollupState = Object.freeze(loadingState());

/**
 * The rolling window of a pipeline, shared through the rollup store: this
 * scope holds one reference, moved when the pipeline changes and dropped when
 * the scope is disposed. With `teamId`, a pipeline of another team (its id
 * reused there) reads as deleted: a dashboard shows only its own team's data.
 */
export function useRollup(pipelineId: MaybeRefOrGetter<string>, teamId?: MaybeRefOrGetter<string | undefined>): ComputedRef<RollupState> {
  const store = useRollupStore();
  const held = shallowRef<string | null>(null);
  function release(): void {
    if (held.value !== null) store.release(held.value);
    held.value = null;
  }
  watch(
    () => toValue(pipelineId),
    (id) => {
      release();
      if (id) {
        store.acquire(id);
        held.value = id;
      }
    },
    { immediate: true },
  );
  onScopeDispose(release);
  return computed(() => {
    const state = (held.value !== null && store.states[held.value]) || LOADING;
    const team = toValue(teamId);
    if (team && state.teamId !== null && state.teamId !== team) return { ...state, status: 'deleted' };
    return state;
  });
}
