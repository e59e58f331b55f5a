import type { ChartOptions } from 'chart.js';
import { AXIS_COLOR, baseOptions, GRID_COLOR, valueScales } from '../shared/chartOptions.ts';
import { formatTime } from '../shared/format.ts';
import { formatRangeTime } from '../../lib/time.ts';
import type { LineChartOptions } from './options.ts';
import type { ThresholdLine } from './thresholdPlugin.ts';
import type { LineChartView } from './transform.ts';

/**
 * Chart.js options of a line chart: a time axis over the data's span, a value
 * axis per unit. An axis stretches to take in the thresholds drawn on it (a
 * threshold above every value says how close the line runs to it), except
 * where the widget's options fix its bounds.
 */
export function lineChartOptions(view: LineChartView, options: LineChartOptions, thresholds: readonly ThresholdLine[] = []): ChartOptions<'line'> {
  const scales = valueScales(view.axes, { min: options.min, max: options.max });
  for (const [id, scale] of Object.entries(scales)) {
    const values = thresholds.filter((t) => t.axis === id).map((t) => t.value);
    if (values.length > 0) Object.assign(scale, { suggestedMin: Math.min(...values), suggestedMax: Math.max(...values) });
  }
  return {
    ...baseOptions<'line'>(),
    parsing: false,
    normalized: true,
    // A point without a value is a break in the line, not a straight line across it.
    spanGaps: false,
    elements: { point: { radius: 0, hoverRadius: 0 }, line: { borderWidth: 2 } },
    scales: {
      x: {
        type: 'linear',
        // The span of the data, not rounded out to ticks: no empty width, nothing in the future.
        bounds: 'data',
        min: view.span?.min,
        max: view.span?.max,
        afterBuildTicks: (axis) => {
          axis.ticks = view.ticks.map((value) => ({ value }));
        },
        ticks: { color: AXIS_COLOR, maxRotation: 0, callback: (v) => (view.rangeMs === undefined ? formatTime(Number(v)) : formatRangeTime(Number(v), view.rangeMs)) },
        grid: { color: GRID_COLOR },
      },
      ...scales,
    },
  };
}
