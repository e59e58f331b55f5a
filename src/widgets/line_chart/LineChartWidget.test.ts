// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { Chart } from 'chart.js';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { nextTick } from 'vue';
import { Line } from 'vue-chartjs';
import { rec } from '../shared/testRecords.ts';
import { lineChartOptions } from './chartOptions.ts';
import LineChartWidget from './LineChartWidget.vue';
import { parseOptions } from './options.ts';
import { thresholdLines } from './thresholdPlugin.ts';
import { transform } from './transform.ts';

/** happy-dom draws nothing: a 2D context that accepts every call, so that Chart.js runs whole. */
function fakeContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const known: Record<string, unknown> = {
    canvas,
    measureText: (text: string) => ({ width: text.length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }),
    getLineDash: () => [],
  };
  return new Proxy(known, {
    get: (target, key: string) => (key in target ? target[key] : () => undefined),
    set: (target, key: string, value) => ((target[key] = value), true),
  }) as unknown as CanvasRenderingContext2D;
}

beforeAll(() => {
  const contexts = new WeakMap<HTMLCanvasElement, CanvasRenderingContext2D>();
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
    if (!contexts.has(this)) contexts.set(this, fakeContext(this));
    return contexts.get(this)!;
  } as unknown as typeof HTMLCanvasElement.prototype.getContext;
});

const parsed = parseOptions({ title: 'Load', fields: ['cpu', 'mem'], unit: '%' });
if (!parsed.ok) throw new Error(parsed.errors.join(' '));
const options = parsed.options;
const window1 = [rec(1, { cpu: 10, mem: 50 }), rec(2, { cpu: 20, mem: 51 })];
const window2 = [...window1, rec(3, { cpu: 30, mem: 52 })];

const chartOf = (wrapper: ReturnType<typeof mount>): Chart => (wrapper.findComponent(Line).vm as unknown as { chart: Chart }).chart;
const liveCharts = (): number => Object.keys(Chart.instances).length;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('LineChartWidget through vue-chartjs', () => {
  test('a new record updates the same Chart.js chart in place; unmounting destroys it', async () => {
    const wrapper = mount(LineChartWidget, { props: { view: transform(window1, options), options, title: 'Load' }, attachTo: document.body });
    await nextTick();
    const chart = chartOf(wrapper);
    expect(chart).toBeInstanceOf(Chart);
    expect(liveCharts()).toBe(1);
    const view2 = transform(window2, options);
    await wrapper.setProps({ view: view2 });
    await nextTick();
    expect(chartOf(wrapper)).toBe(chart);
    expect(liveCharts()).toBe(1);
    expect(chart.data.datasets.map((d) => d.data)).toEqual(view2.series.map((s) => s.points));
    expect(chart.options.scales?.x?.max).toBe(view2.span?.max);
    wrapper.unmount();
    expect(liveCharts()).toBe(0);
  });

  test('the canvas carries the summary for screen readers', async () => {
    const view = transform(window1, options);
    const wrapper = mount(LineChartWidget, { props: { view, options, title: 'Load' }, attachTo: document.body });
    await nextTick();
    expect(wrapper.find('canvas').attributes('aria-label')).toBe(view.summary);
    wrapper.unmount();
  });

  test("a firing rule's threshold stretches its field's axis and is named for screen readers; another field's draws nothing", async () => {
    const view = transform(window1, options);
    const alerts = [
      { field: 'cpu', values: [80], color: '#b91c1c', label: 'Hot: cpu above 80' },
      { field: 'disk', values: [5], color: '#b45309', label: 'Full: disk above 5' },
    ];
    const wrapper = mount(LineChartWidget, { props: { view, options, title: 'Load', alerts }, attachTo: document.body });
    await nextTick();
    // happy-dom lays nothing out (the chart has no height): what reaches Chart.js is its options.
    const yOf = () => chartOf(wrapper).options.scales?.y as { suggestedMin?: number; suggestedMax?: number };
    expect(yOf()).toMatchObject({ suggestedMin: 80, suggestedMax: 80 });
    expect(wrapper.find('canvas').attributes('aria-label')).toBe(`${view.summary} Firing: Hot: cpu above 80.`);
    await wrapper.setProps({ alerts: [] });
    await nextTick();
    expect(yOf().suggestedMax).toBeUndefined();
    expect(wrapper.find('canvas').attributes('aria-label')).toBe(view.summary);
    wrapper.unmount();
  });
});

describe('thresholdLines', () => {
  test('a line per threshold on the axis of the series of its field', () => {
    const view = transform(window1, options, [
      { name: 'cpu', type: 'number', unit: '%' },
      { name: 'mem', type: 'number', unit: 'B' },
    ]);
    const lines = thresholdLines(view.series, [
      { field: 'mem', values: [10, 90], color: 'red', label: 'x' },
      { field: 'disk', values: [1], color: 'red', label: 'y' },
    ]);
    expect(lines).toEqual([
      { axis: 'y1', value: 10, color: 'red' },
      { axis: 'y1', value: 90, color: 'red' },
    ]);
    expect(lineChartOptions(view, { ...options, max: 50 }, lines).scales?.y1).toMatchObject({ suggestedMin: 10, suggestedMax: 90 });
    expect(lineChartOptions(view, options, lines).scales?.y).not.toHaveProperty('suggestedMax');
  });
});

describe('lineChartOptions', () => {
  test('the time axis is bound to the data with round ticks; a second unit gets an axis on the right', () => {
    const view = transform(window2, options, [
      { name: 'cpu', type: 'number', unit: '%' },
      { name: 'mem', type: 'number', unit: 'B' },
    ]);
    const chartOptions = lineChartOptions(view, { ...options, min: 0, max: 100 });
    expect(chartOptions.spanGaps).toBe(false);
    expect(chartOptions.scales?.x).toMatchObject({ bounds: 'data', min: view.span?.min, max: view.span?.max });
    expect(chartOptions.scales?.y).toMatchObject({ position: 'left', min: 0, max: 100 });
    expect(chartOptions.scales?.y1).toMatchObject({ position: 'right', min: undefined, max: undefined, grid: { drawOnChartArea: false } });
    const tick = chartOptions.scales?.y1?.ticks?.callback as (v: number) => string;
    expect(tick(2_000_000)).toBe('2 MB');
  });
});
