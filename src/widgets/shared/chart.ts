import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js';
import { onBeforeUnmount, onMounted, watch, type Ref, type WatchSource } from 'vue';

// Only what the line and bar widgets draw, so the rest of Chart.js is tree-shaken away. Legends are
// HTML and values are in each chart's text summary; the tooltip plugin (5 kB gzip) is left out to
// keep a public dashboard's JS under 300 kB gzip.
Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale);

/** Series colours, readable on light and dark backgrounds; series also differ by dash pattern. */
export const SERIES_COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16'];
export const SERIES_DASHES: number[][] = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
/** Grid and tick colours that work on both themes. */
export const AXIS_COLOR = 'rgba(128, 138, 155, 0.9)';
export const GRID_COLOR = 'rgba(128, 138, 155, 0.2)';

/**
 * A Chart.js chart on `canvas`, created once on mount and updated in place:
 * whenever `source` changes, `apply` mutates the chart's data and options and
 * the chart redraws without animation. Destroyed on unmount.
 */
export function useChart<T extends ChartType, S>(
  canvas: Ref<HTMLCanvasElement | null>,
  create: () => ChartConfiguration<T>,
  source: WatchSource<S>,
  apply: (chart: Chart<T>) => void,
): void {
  let chart: Chart<T> | undefined;
  onMounted(() => {
    if (!canvas.value) return;
    chart = new Chart(canvas.value, create());
    apply(chart);
    chart.update('none');
  });
  watch(source, () => {
    if (!chart) return;
    apply(chart);
    chart.update('none');
  });
  onBeforeUnmount(() => {
    chart?.destroy();
    chart = undefined;
  });
}
