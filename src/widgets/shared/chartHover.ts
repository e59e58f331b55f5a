import type { Chart, ChartEvent, Plugin } from 'chart.js';
import { AXIS_COLOR } from './chartOptions.ts';

/** Where the pointer is over a chart: the index of the nearest point (the same in every series) and its position. */
export interface ChartHover {
  index: number;
  /** Pixels from the chart's left edge to the point, and from its top to the pointer. */
  x: number;
  y: number;
  /** The chart's width, to put the read-out on the side with room. */
  width: number;
}

/**
 * A small hover read-out, in place of Chart.js's Tooltip plugin: reports the
 * point nearest the pointer along x (null when it leaves), follows the data
 * under a still pointer as records arrive, and draws a crosshair at it.
 */
export function hoverPlugin(onHover: (hover: ChartHover | null) => void, { crosshair }: { crosshair: boolean }): Plugin {
  let pointer: ChartEvent | null = null;
  let shownX: number | null = null;
  function locate(chart: Chart): void {
    // Chart.js's interaction modes take its own events as well as DOM ones.
    const [item] = pointer ? chart.getElementsAtEventForMode(pointer as unknown as Event, 'index', { intersect: false, axis: 'x' }, false) : [];
    shownX = item ? item.element.x : null;
    onHover(item && pointer ? { index: item.index, x: item.element.x, y: pointer.y ?? 0, width: chart.width } : null);
  }
  return {
    id: 'dashHover',
    afterEvent(chart, args) {
      pointer = args.event.type === 'mouseout' || !args.inChartArea ? null : args.event;
      locate(chart);
      args.changed = true;
    },
    afterUpdate: locate,
    afterDatasetsDraw(chart) {
      if (!crosshair || shownX === null) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.strokeStyle = AXIS_COLOR;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(shownX, chartArea.top);
      ctx.lineTo(shownX, chartArea.bottom);
      ctx.stroke();
      ctx.restore();
    },
  };
}
