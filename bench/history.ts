/**
 * The viewer's side of history (issue 16): opening a line chart over 1 h,
 * 24 h, 7 d and 30 d of a seeded pipeline against opening it Live, on the
 * same dashboard, in one run: documents read (what the app's listeners and
 * gets were delivered, bench/_readMeter.ts) and time from navigation to the
 * chart drawn (median of 3 cold opens, each in a new browser context); and
 * the JS heap of a page showing 30 d. History is seeded with firebase-admin
 * (minute documents for the last 25 hours, hour documents for the last 32
 * days), the format the functions write.
 */
import { Timestamp } from 'firebase-admin/firestore';
import type { Browser } from 'playwright-core';
import { bucketKey, historyDocId, spanStartMs, type HistoryResolution } from '../contract/index.ts';
import { DEMO_TEAM_ID } from '../scripts/demo/demoData.ts';
import { createProducer } from '../src/producer/createProducer.ts';
import { adminDb } from '../tests/support/admin.ts';
import { report } from './_report.ts';
import { type BenchWindow, openStage, sleep, waitForWidgets } from './_viewerApp.ts';

const BENCH = 'history';
const RUNS = 3;
const ALL_RANGES = ['live', '1h', '24h', '7d', '30d'] as const;
/** BENCH_HISTORY_RANGES=live,24h measures only those (Live first: the others are compared with it). */
const RANGES = ALL_RANGES.filter((r) => !process.env.BENCH_HISTORY_RANGES || process.env.BENCH_HISTORY_RANGES.split(',').includes(r));
const FIELDS = ['cpuPercent', 'memUsedPercent', 'load1', 'load5', 'load15', 'eventLoopLagMs'];
const MIN = 60_000;
const HOUR = 60 * MIN;

function bucket(v: number) {
  return { n: 60, fields: Object.fromEntries(FIELDS.map((f) => [f, { n: 60, sum: 60 * v, min: v - 1, max: v + 1, first: v, last: v }])) };
}

/** Buckets of `resolution` every `stepMs` over [fromMs, toMs), grouped into their documents, written in batches. */
async function seed(resolution: HistoryResolution, stepMs: number, fromMs: number, toMs: number): Promise<number> {
  const db = adminDb();
  const docs = new Map<string, { start: number; buckets: Record<string, unknown> }>();
  for (let t = Math.floor(fromMs / stepMs) * stepMs; t < toMs; t += stepMs) {
    const id = historyDocId(resolution, t);
    const d = docs.get(id) ?? { start: spanStartMs(resolution, t), buckets: {} };
    d.buckets[bucketKey(resolution, t)] = bucket(40 + 30 * Math.sin(t / (6 * HOUR)));
    docs.set(id, d);
  }
  const now = Timestamp.now();
  const entries = [...docs];
  for (let i = 0; i < entries.length; i += 100) {
    const batch = db.batch();
    for (const [id, d] of entries.slice(i, i + 100)) {
      batch.set(db.doc(`pipelines/system/history/${id}`), { resolution, start: Timestamp.fromMillis(d.start), buckets: d.buckets, updatedAt: now });
    }
    await batch.commit();
  }
  return docs.size;
}

async function seedDashboard(): Promise<void> {
  const db = adminDb();
  const now = Timestamp.now();
  await db.doc('dashboards/bench-history').set({ teamId: DEMO_TEAM_ID, slug: 'bench-history', title: 'History bench', isPublic: true, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
  await db.doc('slugs/bench-history').set({ dashboardId: 'bench-history', teamId: DEMO_TEAM_ID });
  await db.doc('dashboards/bench-history/widgets/chart').set({
    type: 'line_chart',
    pipelineId: 'system',
    config: { title: 'CPU and memory', fields: ['cpuPercent', 'memUsedPercent'] },
    position: { x: 0, y: 0, w: 12, h: 5 },
    createdAt: now,
    updatedAt: now,
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * One cold open of the chart at `range`: ms to drawn (a range of many
 * documents is drawn first from coarser ones), ms to drawn at its own
 * resolution, documents read once settled.
 */
async function open(browser: Browser, url: string, range: (typeof ALL_RANGES)[number]): Promise<{ ms: number; fullMs: number; reads: number; heapMb: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${url}/d/bench-history${range === 'live' ? '' : `?range=${range}`}`);
    await waitForWidgets(page, 1);
    const ms = Date.now() - started;
    await page.waitForFunction(() => !document.querySelector('[data-widget-id][data-refining]'), undefined, { timeout: 60_000 });
    const fullMs = Date.now() - started;
    await sleep(3000);
    const reads = await page.evaluate(() => (window as unknown as BenchWindow).__dashReads.documents);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
    return { ms, fullMs, reads, heapMb: heap / 1024 / 1024 };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const { app, producer, browser, close } = await openStage();
  try {
    const now = Date.now();
    const minuteDocs = await seed('minute', MIN, now - 25 * HOUR, now - MIN);
    const hourDocs = await seed('hour', HOUR, now - 32 * 24 * HOUR, now - HOUR);
    await seedDashboard();
    const send = createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'system' }).send;
    for (let i = 0; i < 5; i++) await send({ cpuPercent: 40 + i, memUsedPercent: 50, load1: 1, load5: 1, load15: 1, eventLoopLagMs: 1 });
    await sleep(5000);
    report(BENCH, 'seeded_documents', minuteDocs + hourDocs, 'documents');
    const live: { ms: number; reads: number } = { ms: 0, reads: 0 };
    for (const range of RANGES) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await open(browser, app.url, range));
      const ms = median(runs.map((r) => r.ms));
      const reads = median(runs.map((r) => r.reads));
      if (range === 'live') Object.assign(live, { ms, reads });
      report(BENCH, `open_${range}_ms`, ms, 'ms');
      report(BENCH, `open_${range}_reads`, reads, 'documents');
      if (range !== 'live') {
        report(BENCH, `open_${range}_history_reads`, reads - live.reads, 'documents');
        report(BENCH, `open_${range}_vs_live`, Number((ms / live.ms).toFixed(2)), 'x');
        const fullMs = median(runs.map((r) => r.fullMs));
        report(BENCH, `open_${range}_full_resolution_ms`, fullMs, 'ms');
        report(BENCH, `open_${range}_full_resolution_vs_live`, Number((fullMs / live.ms).toFixed(2)), 'x');
      }
      if (range === '30d') report(BENCH, 'heap_30d_page', Number(median(runs.map((r) => r.heapMb)).toFixed(1)), 'MB');
      if (range === 'live') report(BENCH, 'heap_live_page', Number(median(runs.map((r) => r.heapMb)).toFixed(1)), 'MB');
    }
  } finally {
    await close();
  }
}

await main();
