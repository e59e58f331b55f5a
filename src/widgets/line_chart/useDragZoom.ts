import { ref, type Ref } from 'vue';

/** The horizontal extent of a drag over a chart, in pixels from the chart's left edge. */
export interface DragSpan {
  left: number;
  width: number;
}

/**
 * Drag to zoom: a pointer pressed, moved and released over the chart's box
 * reports the two x positions (pixels from the box's left edge) to `done`;
 * `span` is the selection to draw meanwhile. `enabled` false ignores pointers
 * (the live window has nothing to zoom into).
 */
export function useDragZoom(enabled: () => boolean, done: (startPx: number, endPx: number) => void): {
  span: Ref<DragSpan | null>;
  handlers: Record<'pointerdown' | 'pointermove' | 'pointerup' | 'pointercancel', (e: PointerEvent) => void>;
} {
  const span = ref<DragSpan | null>(null);
  let start: number | null = null;
  const xOf = (e: PointerEvent) => e.clientX - (e.currentTarget as HTMLElement).getBoundingClientRect().left;
  return {
    span,
    handlers: {
      pointerdown(e) {
        if (!enabled() || e.button !== 0 || e.pointerType === 'touch') return;
        start = xOf(e);
        (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
      },
      pointermove(e) {
        if (start === null) return;
        const x = xOf(e);
        span.value = { left: Math.min(start, x), width: Math.abs(x - start) };
      },
      pointerup(e) {
        if (start === null) return;
        const from = start;
        start = null;
        span.value = null;
        done(from, xOf(e));
      },
      pointercancel() {
        start = null;
        span.value = null;
      },
    },
  };
}
