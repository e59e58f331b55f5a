import { computed, onScopeDispose, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import { rangeBounds, rangeDocIds, resolutionFor, type HistoryDoc, type TimeRange } from '../../contract/index.ts';
import { useNow } from '../composables/useNow.ts';
import type { RollupState } from '../live/rollupState.ts';
import { useConnectivityStore } from '../viewer/connectivityStore.ts';
import { useHistoryStore } from './historyStore.ts';
import { buildSeries, type RangeSeries } from './rangeSeries.ts';

/**
 * A relative range moves on in steps of this long, not every second: each step
 * recomputes the series and redraws. New data (a flush, a closed minute)
 * redraws at once anyway.
 */
export const RANGE_STEP_MS = 5_000;

/**
 * - loading: documents of the range are still being read
 * - ready: `series` holds the range (`fromCache`: some of it from this device's cache)
 * - offline: no network, and this device never read (part of) this range
 * - error: a document could not be read; `error` says why
 */
export interface HistoryView {
  status: 'loading' | 'ready' | 'offline' | 'error';
  series: RangeSeries | null;
  fromCache: boolean;
  error: string | null;
}

/** What a range reads: its resolution and documents at the current step. */
interface Plan {
  pipelineId: string;
  fromMs: number;
  toMs: number;
  nowMs: number;
  resolution: RangeSeries['resolution'];
  ids: string[];
}

/**
 * A pipeline's history over a range (null for Live): the documents it needs
 * are acquired from the history store, moved as the range moves on and
 * released when the scope ends; the series is built from them, the rollup's
 * current minute and its window (the rollup is read by the caller already).
 */
export function useHistory(
  pipelineId: MaybeRefOrGetter<string>,
  range: MaybeRefOrGetter<TimeRange | null>,
  rollup: MaybeRefOrGetter<Pick<RollupState, 'records' | 'minute'>>,
): ComputedRef<HistoryView | null> {
  const store = useHistoryStore();
  const connectivity = useConnectivityStore();
  const now = useNow();
  // Rounded up, so that the range always reaches the real now.
  const stepNow = computed(() => Math.ceil(now.value / RANGE_STEP_MS) * RANGE_STEP_MS);

  const plan = computed<Plan | null>(() => {
    const r = toValue(range);
    const id = toValue(pipelineId);
    if (!r || r.kind === 'live' || !id) return null;
    const nowMs = stepNow.value;
    const { fromMs, toMs } = rangeBounds(r, nowMs);
    const resolution = resolutionFor(fromMs, toMs, nowMs);
    return { pipelineId: id, fromMs, toMs, nowMs, resolution, ids: rangeDocIds(resolution, fromMs, toMs, nowMs) };
  });

  let held: { pipelineId: string; ids: string[] } = { pipelineId: '', ids: [] };
  function hold(next: Plan | null): void {
    const ids = next?.ids ?? [];
    const pipeline = next?.pipelineId ?? '';
    // Acquire before releasing, so that a document kept by the new plan keeps its listener.
    for (const id of ids) if (pipeline !== held.pipelineId || !held.ids.includes(id)) store.acquire(pipeline, id, next!.nowMs);
    for (const id of held.ids) if (pipeline !== held.pipelineId || !ids.includes(id)) store.release(held.pipelineId, id);
    held = { pipelineId: pipeline, ids };
  }
  watch(() => (plan.value ? `${plan.value.pipelineId}|${plan.value.ids.join(',')}` : ''), () => hold(plan.value), { immediate: true });
  onScopeDispose(() => hold(null));

  return computed(() => {
    const p = plan.value;
    if (!p) return null;
    const entries = p.ids.map((id) => [id, store.entry(p.pipelineId, id)] as const);
    const failure = entries.find(([, e]) => e.status === 'error');
    if (failure) return { status: 'error', series: null, fromCache: false, error: failure[1].error };
    const unread = entries.some(([, e]) => e.status === 'offline' || e.status === 'loading');
    if (unread) {
      const offline = !connectivity.online || entries.some(([, e]) => e.status === 'offline');
      return { status: offline ? 'offline' : 'loading', series: null, fromCache: false, error: null };
    }
    const docs = new Map<string, HistoryDoc | null>(entries.map(([id, e]) => [id, e.doc]));
    const { records, minute } = toValue(rollup);
    const series = buildSeries({ resolution: p.resolution, fromMs: p.fromMs, toMs: p.toMs, nowMs: p.nowMs, docs, minute, window: records });
    return { status: 'ready', series, fromCache: entries.some(([, e]) => e.fromCache), error: null };
  });
}
