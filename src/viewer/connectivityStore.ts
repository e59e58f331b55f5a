import { useEventListener } from '@vueuse/core';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useHistoryStore } from '../history/historyStore.ts';
import { useRollupStore } from '../live/rollupStore.ts';
import { useViewerStore } from './viewerStore.ts';

/**
 * Whether the browser has a network, and recovery when it comes back or the
 * device wakes: failed listeners are attached again, so nothing stays frozen.
 */
export const useConnectivityStore = defineStore('connectivity', () => {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  const rollups = useRollupStore();
  const viewer = useViewerStore();
  const history = useHistoryStore();

  function recover(): void {
    rollups.reattach('failed');
    history.retry();
    viewer.retry();
  }

  useEventListener(window, 'online', () => {
    online.value = true;
    recover();
  });
  useEventListener(window, 'offline', () => (online.value = false));
  useEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    online.value = navigator.onLine;
    recover();
  });

  return { online, recover };
});
