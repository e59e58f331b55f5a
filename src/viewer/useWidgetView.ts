import { computed, ref, type ComputedRef, type Ref } from 'vue';
import { previousPeriod, type PipelineField, type TimeRange } from '../../contract/index.ts';
import { effectiveRange, rangeLabel } from '../history/rangeQuery.ts';
import { useHistory, type HistoryView } from '../history/useHistory.ts';
import type { RollupState } from '../live/rollupState.ts';
import { router } from '../router.ts';
import { fieldsUsedBy, type AnyWidgetDefinition } from '../widgets/registry.ts';
import type { ParsedOptions, WidgetDoc } from '../widgets/types.ts';
import { csvFileName, recordsCsv, seriesCsv } from './csv.ts';
import { useRangeStore } from './rangeStore.ts';

const NO_ROLLUP = { records: [], minute: null } as const;

export interface WidgetView {
  /** The range the widget shows: its own `config.range`, else the dashboard's. */
  range: ComputedRef<TimeRange>;
  /** Its history (null in Live). */
  history: ComputedRef<HistoryView | null>;
  /** The viewer asked to compare with the previous period (widgets that offer it). */
  compare: Ref<boolean>;
  canCompare: ComputedRef<boolean>;
  /** What the widget's component draws, or why it cannot. */
  view: ComputedRef<{ ok: true; value: unknown } | { ok: false; error: string } | null>;
  /** What it shows as CSV, and the file's name. */
  csv(): { name: string; text: string } | null;
}

/**
 * What a widget shows: in Live its transform of the window; over a range the
 * transformRange of its history (and of the period before, when it compares).
 */
export function useWidgetView(
  widget: () => WidgetDoc,
  definition: () => AnyWidgetDefinition | null | undefined,
  parsed: () => ParsedOptions<unknown> | undefined,
  rollup: () => RollupState,
  title: () => string,
): WidgetView {
  const ranges = useRangeStore();
  const range = computed(() => effectiveRange(widget().config.range, ranges.range));
  const asked = computed(() => (range.value.kind === 'live' ? null : range.value));
  const history = useHistory(() => widget().pipelineId, asked, rollup);

  const compare = ref(false);
  const canCompare = computed(() => asked.value !== null && definition()?.previousPeriod === 'toggle');
  const wantsPrevious = computed(() => asked.value !== null && (definition()?.previousPeriod === 'always' || (canCompare.value && compare.value)));
  const previousRange = computed<TimeRange | null>(() => {
    const series = history.value?.series;
    return wantsPrevious.value && series ? { kind: 'absolute', ...previousPeriod(series.fromMs, series.toMs) } : null;
  });
  const previous = useHistory(() => widget().pipelineId, previousRange, () => NO_ROLLUP);

  const fields = (): readonly PipelineField[] => rollup().fields;

  const view = computed<{ ok: true; value: unknown } | { ok: false; error: string } | null>(() => {
    const def = definition();
    const options = parsed();
    if (!def || !options?.ok) return null;
    try {
      if (!asked.value) return { ok: true, value: def.transform(rollup().records, options.options, fields()) };
      const series = history.value?.series;
      if (!series) return null;
      // Drawn without the previous period until it is read, rather than not at all.
      const before = previous.value?.status === 'ready' ? previous.value.series : null;
      return { ok: true, value: def.transformRange(series, options.options, fields(), before) };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  });

  function csv(): { name: string; text: string } | null {
    const def = definition();
    const options = parsed();
    if (!def || !options?.ok) return null;
    const used = fieldsUsedBy(def, options.options).filter(Boolean);
    const slug = String(router.currentRoute.value.params.slug ?? 'dashboard');
    const name = csvFileName([slug, title(), rangeLabel(range.value)]);
    if (!asked.value) return { name, text: recordsCsv(rollup().records, used) };
    const series = history.value?.series;
    return series ? { name, text: seriesCsv(series, used) } : null;
  }

  return { range, history, compare, canCompare, view, csv };
}
