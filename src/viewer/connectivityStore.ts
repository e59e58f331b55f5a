import { useEventListener, useIntervalFn } from '@vueuse/core';
import { disableNetwork, enableNetwork, type Firestore } from 'firebase/firestore';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { db } from '../firebase.ts';
import { useHistoryStore } from '../history/historyStore.ts';
import { liveFirestoreIfCreated } from '../live/liveFirestore.ts';
import { useRollupStore } from '../live/rollupStore.ts';
import { useViewerStore } from './viewerStore.ts';

/**
 * While data has come from the cache alone for a while (the server does not
 * answer) and the browser says it is online, the Firestore connections are
 * restarted this often. The SDK retries a lost stream with a backoff that
 * grows to a minute; a restart is an intentional close, which resets it, so a
 * wall whose backend was unreachable is live again within this long of it coming back.
 */
export const RECONNECT_EVERY_MS = 4_000;

async function restartNetwork(firestore: Firestore): Promise<void> {
  await disableNetwork(firestore);
  await enableNetwork(firestore);
}

/**
 * Whether the browser has a network, and recovery when it comes back or the
 * device wakes: failed listeners are attached again, so nothing stays frozen.
 */
export const useConnectivityStore = defineStore('connectivity', () => {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  const rollups = useRollupStore();
  const viewer = useViewerStore();
  const history = useHistoryStore();
  /** How many views have had only cached data for `SERVER_SILENCE_MS` (useOffline.ts). */
  const silentViews = ref(0);
  const serverSilent = computed(() => silentViews.value > 0);

  function recover(): void {
    rollups.reattach('failed');
    history.retry();
    viewer.retry();
  }

  useIntervalFn(
    () => {
      if (!online.value || !serverSilent.value) return;
      for (const firestore of [db, liveFirestoreIfCreated()]) if (firestore) restartNetwork(firestore).catch(() => undefined);
    },
    RECONNECT_EVERY_MS,
  );

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

  /** A view's server went silent; the returned function says it answers again (or the view is gone). */
  function holdSilent(): () => void {
    silentViews.value++;
    let held = true;
    return () => {
      if (held) silentViews.value--;
      held = false;
    };
  }

  return { online, recover, holdSilent };
});
