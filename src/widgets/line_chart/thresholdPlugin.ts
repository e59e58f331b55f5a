import type { Plugin } from 'chart.js';
import type { AlertMark } from '../types.ts';
import type { LineSeries } from './transform.ts';

/** One horizontal line across the chart: a firing rule's threshold, on the value axis of its field. */
export interface ThresholdLine {
  axis: string;
  value: number;
  color: string;
}

/** The lines of the marks whose field the chart shows (a rule on another field draws nothing). */
export function thresholdLines(series: readonly LineSeries[], marks: readonly AlertMark[]): ThresholdLine[] {
  return marks.flatMap((m) => {
    const s = series.find((x) => x.field === m.field);
    return s ? m.values.map((value) => ({ axis: s.axis, value, color: m.color })) : [];
  });
}

/**
 * Dashed lines at the thresholds, over the datasets (lineChartOptions
 * stretches the value axes to take them in).
 */
export function thresholdPlugin(lines: () => readonly ThresholdLine[]): Plugin<'line'> {
  return {
    id: 'dashThreshold',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      for (const line of lines()) {
        const y = chart.scales[line.axis]?.getPixelForValue(line.value);
        if (y === undefined || y < chartArea.top || y > chartArea.bottom) continue;
        ctx.strokeStyle = line.color;
        ctx.beginPath();
        ctx.moveTo(chartArea.left, y);
        ctx.lineTo(chartArea.right, y);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}
