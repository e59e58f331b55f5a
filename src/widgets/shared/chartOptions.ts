import { BarElement, CategoryScale, Chart, LinearScale, LineElement, PointElement, type ChartOptions, type ChartType } from 'chart.js';
import { formatNumber } from './format.ts';

// vue-chartjs's `Line` and `Bar` register their controllers; these are the elements and scales they draw
// with, and nothing more, so the rest of Chart.js is tree-shaken away. Legends and the hover read-out are
// HTML (Chart.js's Legend and Tooltip plugins are left out to keep a public dashboard's JS under 300 kB gzip).
Chart.register(LineElement, PointElement, BarElement, LinearScale, CategoryScale);

/** Series colours, readable on light and dark backgrounds; series also differ by dash pattern. */
export const SERIES_COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16'];
export const SERIES_DASHES: number[][] = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
/** Grid and tick colours that work on both themes. */
export const AXIS_COLOR = 'rgba(128, 138, 155, 0.9)';
export const GRID_COLOR = 'rgba(128, 138, 155, 0.2)';

export const seriesColor = (i: number): string => SERIES_COLORS[i % SERIES_COLORS.length]!;
export const seriesDash = (i: number): number[] => SERIES_DASHES[i % SERIES_DASHES.length]!;

/** A value axis of a chart: one per unit, the first on the left with the grid, the next on the right. */
export interface ValueAxis {
  id: string;
  unit: string;
  side: 'left' | 'right';
}

/** One axis per distinct unit, in order of first use: `y` on the left, then `y1` on the right, `y2` left... */
export function axesForUnits(units: readonly string[]): ValueAxis[] {
  const distinct = [...new Set(units)];
  return distinct.map((unit, i) => ({ id: i === 0 ? 'y' : `y${i}`, unit, side: i % 2 === 0 ? 'left' : 'right' }));
}

/** What every chart shares: drawn at once without animation, sized by its box, hover read-out events only. */
export function baseOptions<T extends ChartType>(): ChartOptions<T> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    // Only what the hover read-out needs: no click handling, nothing between updates otherwise.
    events: ['mousemove', 'mouseout', 'touchstart', 'touchmove'],
  } as ChartOptions<T>;
}

/**
 * The value scales of `axes`, ticks formatted with their unit (scaled: "200 kB/s");
 * `min` and `max` fix the first axis, the others fit their data.
 */
export function valueScales(axes: readonly ValueAxis[], bounds: { min?: number; max?: number; beginAtZero?: boolean }) {
  return Object.fromEntries(
    axes.map((axis, i) => [
      axis.id,
      {
        type: 'linear' as const,
        position: axis.side,
        min: i === 0 ? bounds.min : undefined,
        max: i === 0 ? bounds.max : undefined,
        beginAtZero: bounds.beginAtZero,
        ticks: { color: AXIS_COLOR, maxTicksLimit: 6, callback: (v: string | number) => formatNumber(Number(v), undefined, axis.unit) },
        grid: { color: GRID_COLOR, drawOnChartArea: i === 0 },
      },
    ]),
  );
}
