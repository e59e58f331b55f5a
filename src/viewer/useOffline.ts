import { useTimeoutFn } from '@vueuse/core';
import { computed, onScopeDispose, ref, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import { useConnectivityStore } from './connectivityStore.ts';

/**
 * How long data may come from the cache alone before it reads as offline. A
 * first answer from the cache is the normal start of every load (the server's
 * answer follows within seconds), not a sign of being offline.
 */
export const SERVER_SILENCE_MS = 15_000;

/**
 * Offline, for data that `fromCache`: the network is gone, or the data has
 * come from the cache alone for `SERVER_SILENCE_MS` (the server does not
 * answer: the connectivity store then reconnects until it does).
 */
export function useOffline(fromCache: MaybeRefOrGetter<boolean>): ComputedRef<boolean> {
  const connectivity = useConnectivityStore();
  const silent = ref(false);
  let answered: (() => void) | null = null;
  const timer = useTimeoutFn(
    () => {
      silent.value = true;
      answered = connectivity.holdSilent();
    },
    SERVER_SILENCE_MS,
    { immediate: false },
  );
  function hear(): void {
    silent.value = false;
    answered?.();
    answered = null;
  }
  watch(
    () => toValue(fromCache),
    (cached) => {
      hear();
      if (cached) timer.start();
      else timer.stop();
    },
    { immediate: true },
  );
  onScopeDispose(hear);
  return computed(() => !connectivity.online || silent.value);
}
