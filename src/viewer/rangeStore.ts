import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { TimeRange } from '../../contract/index.ts';
import { parseRangeQuery, withRangeQuery } from '../history/rangeQuery.ts';
import { router } from '../router.ts';

/**
 * The open dashboard's time range. The URL holds it (`?range=24h`,
 * `?from=..&to=..`), so a link, a bookmark and a kiosk show the same; this
 * store reads and writes it there, and remembers where a zoom started.
 */
export const useRangeStore = defineStore('range', () => {
  const range = computed<TimeRange>(() => parseRangeQuery(router.currentRoute.value.query));
  /** The range shown before the first zoom of a series of zooms; null when not zoomed. */
  const zoomOrigin = ref<TimeRange | null>(null);

  /** Shows `next`: a new history entry (Back returns to the previous range), or in place. */
  async function setRange(next: TimeRange, how: 'push' | 'replace' = 'push'): Promise<void> {
    zoomOrigin.value = null;
    await router[how]({ query: withRangeQuery(router.currentRoute.value.query, next) });
  }

  /** Zooms into a sub-range (a drag over a chart); Back, or `resetZoom`, return. */
  async function zoom(next: TimeRange): Promise<void> {
    const origin = zoomOrigin.value ?? range.value;
    await setRange(next);
    zoomOrigin.value = origin;
  }

  async function resetZoom(): Promise<void> {
    if (zoomOrigin.value) await setRange(zoomOrigin.value);
  }

  return { range, zoomOrigin, setRange, zoom, resetZoom };
});
