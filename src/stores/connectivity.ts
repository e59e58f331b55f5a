import { defineStore } from 'pinia';
import { onScopeDispose, ref } from 'vue';
import { useDashboardStore } from './dashboard.ts';
import { useRollupStore } from './rollups.ts';

/**
 * Whether the browser has a network, and recovery when it comes back or the
 * device wakes: failed listeners are attached again, so nothing stays frozen.
 */
export const useConnectivityStore = defineStore('connectivity', () => {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  const rollups = useRollupStore();
  const dashboard = useDashboardStore();

  function recover(): void {
    rollups.reattach('failed');
    dashboard.retry();
  }
  function onOnline(): void {
    online.value = true;
    recover();
  }
  function onOffline(): void {
    online.value = false;
  }
  function onVisibility(): void {
    if (document.visibilityState === 'visible') {
      online.value = navigator.onLine;
      recover();
    }
  }

  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisibility);
  onScopeDispose(() => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    document.removeEventListener('visibilitychange', onVisibility);
  });

  return { online, recover };
});
