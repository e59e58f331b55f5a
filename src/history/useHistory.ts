import { computed, onScopeDispose, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import { previewPlan, rangeBounds, rangeDocIds, resolutionFor, type HistoryDoc, type TimeRange } from '../../contract/index.ts';
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
 * - ready: `series` holds the range (`fromCache`: some of it from this device's cache;
 *   `refining`: drawn from the coarser preview while the range's own documents arrive)
 * - offline: no network, and this device never read (part of) this range
 * - error: a document could not be read; `error` says why
 */
export interface HistoryView {
  status: 'loading' | 'ready' | 'offline' | 'error';
  series: RangeSeries | null;
  fromCache: boolean;
  refining: boolean;
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
  /** A quick first draw at a coarser resolution (contract `previewPlan`), when the range needs many documents. */
  preview: { resolution: RangeSeries['resolution']; ids: string[] } | null;
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
    return {
      pipelineId: id,
      fromMs,
      toMs,
      nowMs,
      resolution,
      ids: rangeDocIds(resolution, fromMs, toMs, nowMs),
      preview: previewPlan(resolution, fromMs, toMs, nowMs),
    };
  });

  /**
   * Whether the range's own documents are asked for yet: with a preview, once
   * its documents are answered. The SDK handles one read after the other on
   * its queue (the persistent cache's work included): asked together, the
   * preview's answers would wait behind the two dozen reads asked with them.
   */
  const fineWanted = computed(() => {
    const p = plan.value;
    return !p?.preview || p.preview.ids.every((id) => store.entry(p.pipelineId, id).status !== 'loading');
  });

  let held: { pipelineId: string; ids: string[] } = { pipelineId: '', ids: [] };
  function hold(next: Plan | null, fine: boolean): void {
    const ids = next ? [...new Set([...(next.preview?.ids ?? []), ...(fine ? next.ids : [])])] : [];
    const pipeline = next?.pipelineId ?? '';
    // Acquire before releasing, so that a document kept by the new plan keeps its listener.
    for (const id of ids) if (pipeline !== held.pipelineId || !held.ids.includes(id)) store.acquire(pipeline, id, next!.nowMs);
    for (const id of held.ids) if (pipeline !== held.pipelineId || !ids.includes(id)) store.release(held.pipelineId, id);
    held = { pipelineId: pipeline, ids };
  }
  watch(
    () => (plan.value ? `${plan.value.pipelineId}|${plan.value.ids.join(',')}|${plan.value.preview?.ids.join(',') ?? ''}|${fineWanted.value}` : ''),
    () => hold(plan.value, fineWanted.value),
    { immediate: true },
  );
  onScopeDispose(() => hold(null, false));

  /** The series of `ids` at `resolution`, once every one of them is read. */
  function seriesOf(p: Plan, resolution: Plan['resolution'], ids: readonly string[]) {
    const entries = ids.map((id) => [id, store.entry(p.pipelineId, id)] as const);
    if (entries.some(([, e]) => e.status !== 'ready')) return null;
    const docs = new Map<string, HistoryDoc | null>(entries.map(([id, e]) => [id, e.doc]));
    const { records, minute } = toValue(rollup);
    return {
      series: buildSeries({ resolution, fromMs: p.fromMs, toMs: p.toMs, nowMs: p.nowMs, docs, minute, window: records }),
      fromCache: entries.some(([, e]) => e.fromCache),
    };
  }

  return computed(() => {
    const p = plan.value;
    if (!p) return null;
    const entries = p.ids.map((id) => [id, store.entry(p.pipelineId, id)] as const);
    const failure = entries.find(([, e]) => e.status === 'error');
    if (failure) return { status: 'error', series: null, fromCache: false, refining: false, error: failure[1].error };
    const unread = entries.some(([, e]) => e.status === 'offline' || e.status === 'loading');
    if (unread) {
      const offline = !connectivity.online || entries.some(([, e]) => e.status === 'offline');
      const preview = !offline && p.preview ? seriesOf(p, p.preview.resolution, p.preview.ids) : null;
      if (preview) return { status: 'ready', ...preview, refining: true, error: null };
      return { status: offline ? 'offline' : 'loading', series: null, fromCache: false, refining: false, error: null };
    }
    return { status: 'ready', ...seriesOf(p, p.resolution, p.ids)!, refining: false, error: null };
  });
}
