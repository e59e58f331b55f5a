/**
 * A wall left on: the demo dashboard in kiosk mode, Live and over the last
 * 24 h, side by side in one Chromium for BENCH_SOAK_MINUTES (default 30)
 * while every demo pipeline gets 10 records a second. Each minute, after a
 * garbage collection: the JS heap, DOM nodes, event listeners, the stores'
 * Firestore listeners, and the longest gap between two animation frames.
 * A leak shows as a slope; the figures are the first and last minute, the
 * heap's and the DOM's growth per hour (least squares over the minutes after
 * the first 5), and the frame gaps.
 */
import type { CDPSession, Page } from 'playwright-core';
import { DEMO_DASHBOARDS, DEMO_PIPELINES } from '../scripts/demo/demoData.ts';
import { createProducer } from '../src/producer/createProducer.ts';
import type { DashListeners } from './_appMeter.ts';
import { report } from './_report.ts';
import { openStage, percentile, sleep, waitForWidgets } from './_viewerApp.ts';

const BENCH = 'soak';
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 30);
const RECORDS_PER_SECOND = 10;
const WARM_UP_MINUTES = Math.min(5, Math.floor(MINUTES / 2));

interface Sample {
  heapMb: number;
  nodes: number;
  eventListeners: number;
  firestoreListeners: number;
  /** The longest gap between two frames since the previous sample, ms. */
  longestFrameGapMs: number;
  gapsOver200ms: number;
}

interface Wall {
  name: string;
  page: Page;
  cdp: CDPSession;
  samples: Sample[];
}

async function openWall(browser: import('playwright-core').Browser, url: string, name: string, widgets: number): Promise<Wall> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);
  await waitForWidgets(page, widgets, 120_000);
  // Frame gaps as the page sees them: a gap is a frame the wall did not draw.
  // A string: tsx would wrap a named function in a helper the page does not have.
  await page.evaluate(`(() => {
    const gaps = (window.__gaps = { longest: 0, over200: 0 });
    let last = performance.now();
    const tick = (t) => {
      gaps.longest = Math.max(gaps.longest, t - last);
      if (t - last > 200) gaps.over200++;
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  return { name, page, cdp, samples: [] };
}

async function sampleWall(wall: Wall): Promise<Sample> {
  await wall.cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await wall.cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)!.value;
  const { listeners, gaps } = await wall.page.evaluate(() => {
    const w = window as unknown as { __gaps: { longest: number; over200: number }; __dashListeners(): DashListeners | null };
    const gaps = { ...w.__gaps };
    w.__gaps.longest = 0;
    w.__gaps.over200 = 0;
    return { listeners: w.__dashListeners(), gaps };
  });
  if (!listeners) throw new Error(`${wall.name}: the app's stores are not reachable`);
  return {
    heapMb: metric('JSHeapUsedSize') / 1024 / 1024,
    nodes: metric('Nodes'),
    eventListeners: metric('JSEventListeners'),
    firestoreListeners: listeners.viewer + listeners.rollups + listeners.history,
    longestFrameGapMs: gaps.longest,
    gapsOver200ms: gaps.over200,
  };
}

/** Least-squares slope of ys over xs. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function summarise(wall: Wall): void {
  const figure = (name: string) => `${name}_${wall.name}`;
  const first = wall.samples[0]!;
  const last = wall.samples.at(-1)!;
  // The first minutes still fill caches, windows and tables; growth is judged after them.
  const settled = wall.samples.slice(WARM_UP_MINUTES);
  const perHour = (values: number[]) => (values.length >= 2 ? slope(values.map((_, i) => i), values) * 60 : 0);
  report(BENCH, figure('minutes'), wall.samples.length - 1, 'min');
  report(BENCH, figure('js_heap_first'), Number(first.heapMb.toFixed(1)), 'MB');
  report(BENCH, figure('js_heap_last'), Number(last.heapMb.toFixed(1)), 'MB');
  report(BENCH, figure('js_heap_max'), Number(Math.max(...wall.samples.map((s) => s.heapMb)).toFixed(1)), 'MB');
  report(BENCH, figure('js_heap_growth_per_hour'), Number(perHour(settled.map((s) => s.heapMb)).toFixed(2)), 'MB/h');
  report(BENCH, figure('dom_nodes_first'), first.nodes, 'nodes');
  report(BENCH, figure('dom_nodes_last'), last.nodes, 'nodes');
  report(BENCH, figure('dom_nodes_growth_per_hour'), Math.round(perHour(settled.map((s) => s.nodes))), 'nodes/h');
  report(BENCH, figure('event_listeners_first'), first.eventListeners, 'listeners');
  report(BENCH, figure('event_listeners_last'), last.eventListeners, 'listeners');
  report(BENCH, figure('firestore_listeners_first'), first.firestoreListeners, 'listeners');
  report(BENCH, figure('firestore_listeners_last'), last.firestoreListeners, 'listeners');
  // Every minute after the page's first: a wall must not stall while it warms up either.
  const running = wall.samples.slice(1);
  const gaps = running.map((s) => s.longestFrameGapMs);
  report(BENCH, figure('longest_frame_gap_median_minute'), Number(percentile(gaps, 50).toFixed(0)), 'ms');
  report(BENCH, figure('longest_frame_gap'), Number(Math.max(...gaps).toFixed(0)), 'ms');
  report(BENCH, figure('frame_gaps_over_200ms'), running.reduce((n, s) => n + s.gapsOver200ms, 0), 'gaps');
}

async function main(): Promise<void> {
  const stage = await openStage();
  const producers = DEMO_PIPELINES.map((p) => createProducer({ app: stage.producer.app, firestore: stage.producer.db, pipelineId: p.id }));
  let i = 0;
  // Each pipeline's own fields: numbers that wander, booleans that flip.
  const sample = (pipeline: (typeof DEMO_PIPELINES)[number]) =>
    Object.fromEntries(pipeline.fields.map((f, k) => [f.name, f.type === 'bool' ? i % 600 < 300 : 50 + 40 * Math.sin((i++ + k * 97) / 50)]));
  const stream = setInterval(() => {
    for (const [k, producer] of producers.entries()) {
      producer.sendMany(Array.from({ length: RECORDS_PER_SECOND }, () => sample(DEMO_PIPELINES[k]!))).catch((err: unknown) => console.error(`[soak] ${(err as Error).message}`));
    }
  }, 1000);
  try {
    const demo = DEMO_DASHBOARDS.find((d) => d.isPublic)!;
    const walls = [
      await openWall(stage.browser, `${stage.app.url}/d/${demo.slug}?kiosk=1`, 'live', demo.widgets.length),
      await openWall(stage.browser, `${stage.app.url}/d/${demo.slug}?kiosk=1&range=24h`, 'range_24h', demo.widgets.length),
    ];
    await sleep(10_000);
    for (let minute = 0; minute <= MINUTES; minute++) {
      if (minute > 0) await sleep(60_000);
      for (const wall of walls) wall.samples.push(await sampleWall(wall));
      const line = walls.map((w) => `${w.name} ${w.samples.at(-1)!.heapMb.toFixed(1)} MB ${w.samples.at(-1)!.nodes} nodes`).join(', ');
      console.error(`# soak minute ${minute}: ${line}`);
    }
    for (const wall of walls) summarise(wall);
  } finally {
    clearInterval(stream);
    await stage.close();
  }
}

await main();
