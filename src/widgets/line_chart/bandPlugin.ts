import type { Chart, Plugin } from 'chart.js';

/** A band to fill behind a line: its low and high edge at each x, on the value axis `axis`. */
export interface Band {
  xs: readonly number[];
  edges: readonly { min: number | null; max: number | null }[];
  axis: string;
  color: string;
}

/** Fills one run of consecutive points that have both edges: along the high edge, back along the low one. */
function fillRun(chart: Chart, band: Band, from: number, to: number): void {
  const x = chart.scales.x!;
  const y = chart.scales[band.axis];
  if (!y) return;
  const { ctx } = chart;
  ctx.beginPath();
  for (let i = from; i <= to; i++) ctx.lineTo(x.getPixelForValue(band.xs[i]!), y.getPixelForValue(band.edges[i]!.max!));
  for (let i = to; i >= from; i--) ctx.lineTo(x.getPixelForValue(band.xs[i]!), y.getPixelForValue(band.edges[i]!.min!));
  ctx.closePath();
  ctx.fill();
}

/**
 * The min–max band of each series of a range, drawn under the lines. Our own
 * few lines rather than Chart.js's Filler plugin, which would add its weight
 * to every public dashboard's JS (kept under 300 kB gzip).
 */
export function bandPlugin(bands: () => readonly Band[]): Plugin<'line'> {
  return {
    id: 'dashBand',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
      ctx.clip();
      for (const band of bands()) {
        ctx.fillStyle = band.color;
        let start = -1;
        band.edges.forEach((e, i) => {
          const has = e.min !== null && e.max !== null;
          if (has && start < 0) start = i;
          if (start >= 0 && (!has || i === band.edges.length - 1)) {
            fillRun(chart, band, start, has ? i : i - 1);
            start = -1;
          }
        });
      }
      ctx.restore();
    },
  };
}
