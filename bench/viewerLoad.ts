/**
 * Dashboards of 24 widgets (12 line charts of 100 points, 6 tables, 6 stat
 * cards) and of 60 (the same mix, 2.5 times), each updating every second for
 * 60 s, side by side in one run, in Chromium (headless, software rendering):
 * main-thread busy share (CDP TaskDuration over wall time), longest task (Long
 * Tasks API), and the JS heap after a garbage collection, before and after.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { DEMO_TEAM_ID } from '../scripts/demo/demoData.ts';
import { createProducer } from '../src/producer/createProducer.ts';
import { adminDb } from '../tests/support/admin.ts';
import { report } from './_report.ts';
import { openStage, sleep, waitForWidgets, type BenchStage } from './_viewerApp.ts';

const BENCH = 'viewer-load';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SIZES = [24, 60] as const;

/** A public dashboard of `size` widgets on a pipeline of its own; returns the pipeline's id. */
async function seedLoad(size: number): Promise<string> {
  const db = adminDb();
  const now = Timestamp.now();
  const id = `bench-load-${size}`;
  await db.doc(`pipelines/${id}`).set({ teamId: DEMO_TEAM_ID, name: `Load ${size}`, public: true, createdAt: now, createdBy: 'demo-owner' });
  await db.doc(`dashboards/${id}`).set({ teamId: DEMO_TEAM_ID, slug: id, title: `Load ${size}`, isPublic: true, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
  await db.doc(`slugs/${id}`).set({ dashboardId: id, teamId: DEMO_TEAM_ID });
  const sixth = size / 6;
  const widgets = [
    ...Array.from({ length: 3 * sixth }, (_, i) => ({ type: 'line_chart', config: { title: `Line ${i}`, fields: ['a', 'b'] }, w: 4, h: 3 })),
    ...Array.from({ length: 1.5 * sixth }, (_, i) => ({ type: 'table', config: { title: `Table ${i}`, fields: ['a', 'b', 'c'], rows: 10 }, w: 4, h: 3 })),
    ...Array.from({ length: 1.5 * sixth }, (_, i) => ({ type: 'stat_card', config: { title: `Stat ${i}`, fields: ['a'], sparkline: true, aggregation: 'avg' }, w: 2, h: 2 })),
  ];
  const batch = db.batch();
  let x = 0;
  let y = 0;
  widgets.forEach((w, i) => {
    if (x + w.w > 12) {
      x = 0;
      y += 3;
    }
    batch.set(db.doc(`dashboards/${id}/widgets/w${i}`), { type: w.type, pipelineId: id, config: w.config, position: { x, y, w: w.w, h: w.h }, createdAt: now, updatedAt: now });
    x += w.w;
  });
  await batch.commit();
  return id;
}

const sample = (i: number) => ({ a: Math.sin(i / 5) * 50 + 50, b: Math.cos(i / 7) * 30 + 40, c: i });

/** One dashboard open in kiosk mode while its pipeline gets a record a second. */
async function measure(stage: BenchStage, size: number, pipelineId: string): Promise<void> {
  const sender = createProducer({ app: stage.producer.app, firestore: stage.producer.db, pipelineId });
  const page = await stage.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${stage.app.url}/d/${pipelineId}?kiosk=1`);
    await waitForWidgets(page, size);
    await sleep(3000);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024;
    };
    const heapBefore = await heap();
    const taskSeconds = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')!.value;
    };
    // Long tasks (50 ms and more) as the page itself sees them.
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __longTasks: number };
      w.__longest = 0;
      w.__longTasks = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          w.__longest = Math.max(w.__longest, e.duration);
          w.__longTasks++;
        }
      }).observe({ type: 'longtask' });
    });
    const busyBefore = await taskSeconds();
    const start = Date.now();
    for (let i = 0; i < SECONDS; i++) {
      const due = start + i * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      await sender.send(sample(100 + i));
    }
    await sleep(1000);
    const wallMs = Date.now() - start;
    const busyMs = ((await taskSeconds()) - busyBefore) * 1000;
    const heapAfter = await heap();
    const { longest, longTasks } = await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __longTasks: number };
      return { longest: w.__longest, longTasks: w.__longTasks };
    });
    const updates = await page.evaluate(() => document.querySelectorAll('[data-widget-type="table"] tbody tr').length);

    const figure = (name: string) => `${name}_${size}_widgets`;
    report(BENCH, figure('main_thread_busy'), Number(((busyMs / wallMs) * 100).toFixed(1)), '%');
    // The Long Tasks API reports tasks of 50 ms and more only: 0 means none reached 50 ms.
    report(BENCH, figure('longest_task'), Number(longest.toFixed(1)), 'ms');
    report(BENCH, figure('long_tasks_50ms_or_more'), longTasks, 'tasks');
    report(BENCH, figure('js_heap_before'), Number(heapBefore.toFixed(1)), 'MB');
    report(BENCH, figure('js_heap_after'), Number(heapAfter.toFixed(1)), 'MB');
    report(BENCH, figure('table_rows_shown'), updates, 'rows');
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const stage = await openStage();
  try {
    const pipelines = await Promise.all(SIZES.map((size) => seedLoad(size)));
    await Promise.all(
      pipelines.map((id) => createProducer({ app: stage.producer.app, firestore: stage.producer.db, pipelineId: id }).sendMany(Array.from({ length: 100 }, (_, i) => sample(i)))),
    );
    await sleep(10_000);
    for (const [i, size] of SIZES.entries()) await measure(stage, size, pipelines[i]!);
  } finally {
    await stage.close();
  }
}

await main();
