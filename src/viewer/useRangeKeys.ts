import { useEventListener } from '@vueuse/core';
import { RANGE_STEPS, stepRange } from '../history/rangeQuery.ts';
import { useRangeStore } from './rangeStore.ts';

/** How long after `t` a digit still picks a range. */
const DIGIT_AFTER_T_MS = 1500;

/**
 * The range's quick keys on a dashboard: `t` then a digit (0 Live, 1 the last
 * 15 minutes ... 7 the last year), `[` shorter, `]` longer, Esc back to Live
 * (unless `escapeTaken`, e.g. by kiosk mode). Keys typed into a field are theirs.
 */
export function useRangeKeys(escapeTaken: () => boolean): void {
  const ranges = useRangeStore();
  let tAt = 0;
  useEventListener(window, 'keydown', (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (event.ctrlKey || event.metaKey || event.altKey || target?.closest('input, select, textarea, [contenteditable]')) return;
    const afterT = Date.now() - tAt < DIGIT_AFTER_T_MS;
    tAt = 0;
    if (event.key === 't') tAt = Date.now();
    else if (afterT && /^[0-9]$/.test(event.key) && RANGE_STEPS[Number(event.key)]) void ranges.setRange(RANGE_STEPS[Number(event.key)]!);
    else if (event.key === '[' || event.key === ']') void ranges.setRange(stepRange(ranges.range, event.key === ']' ? 1 : -1));
    else if (event.key === 'Escape' && !escapeTaken() && ranges.range.kind !== 'live') void ranges.setRange({ kind: 'live' });
  });
}
