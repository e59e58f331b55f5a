/**
 * Loaded by the benchmarks' build before the app: attaches the read meter and
 * exposes it as `window.__dashReads`, and the stores' live listeners as
 * `window.__dashListeners()` (bench/soak.ts watches them for leaks).
 */
import { getActivePinia } from 'pinia';
import { useHistoryStore } from '../src/history/historyStore.ts';
import { useRollupStore } from '../src/live/rollupStore.ts';
import { useViewerStore } from '../src/viewer/viewerStore.ts';
import { attachReadMeter, readMeter } from './_readMeter.ts';

attachReadMeter();

export interface DashListeners {
  viewer: number;
  rollups: number;
  history: number;
}

Object.assign(window, {
  __dashReads: readMeter,
  __dashListeners(): DashListeners | null {
    const pinia = getActivePinia();
    if (!pinia) return null;
    return { viewer: useViewerStore(pinia).listenerCount(), rollups: useRollupStore(pinia).listenerCount(), history: useHistoryStore(pinia).listenerCount() };
  },
});
