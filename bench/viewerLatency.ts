/**
 * Producer-to-screen latency of the viewer at 1 and 10 records/s, against a raw
 * onSnapshot listener on the records collection in the same page (the floor on
 * this stack). The time runs from the producer's write call to the frame after
 * the record's row appears in a table widget (the rollup path: trigger, window
 * document, listener, render), and to the raw listener's snapshot.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAM_ID } from '../scripts/demo/demoData.ts';
import { createProducer } from '../src/producer/createProducer.ts';
import { adminDb } from '../tests/support/admin.ts';
import { report } from './_report.ts';
import {
  type BenchWindow,
  observed,
  observeScreen,
  openStage,
  percentile,
  probeConfig,
  probeScript,
  sleep,
  waitForWidgets,
} from './_viewerApp.ts';

const BENCH = 'viewer-latency';
const PIPELINE = 'bench-latency';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);

async function seedBench(): Promise<void> {
  const db = adminDb();
  const now = Timestamp.now();
  await db.doc(`pipelines/${PIPELINE}`).set({ teamId: DEMO_TEAM_ID, name: 'Latency', public: true, createdAt: now, createdBy: 'demo-owner' });
  await db.doc('dashboards/bench-latency').set({ teamId: DEMO_TEAM_ID, slug: 'bench-latency', title: 'Latency', isPublic: true, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
  await db.doc('slugs/bench-latency').set({ dashboardId: 'bench-latency', teamId: DEMO_TEAM_ID });
  await db.doc('dashboards/bench-latency/widgets/latency-table').set({
    type: 'table',
    pipelineId: PIPELINE,
    config: { title: 'Markers', fields: ['marker'], rows: 100 },
    position: { x: 0, y: 0, w: 12, h: 8 },
    createdAt: now,
    updatedAt: now,
  });
}

async function main(): Promise<void> {
  const { app, producer, browser, close } = await openStage();
  await seedBench();
  const viewerAccount = DEMO_ACCOUNTS.find((a) => a.role === 'viewer')!;
  const send = createProducer({ app: producer.app, firestore: producer.db, pipelineId: PIPELINE }).send;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.url}/d/bench-latency`);
    // Warm up the emulator, the functions and the page before measuring.
    for (let i = 0; i < 10; i++) await send({ marker: `w${i}` });
    await waitForWidgets(page, 1);
    await page.addScriptTag({ content: await probeScript() });
    await page.evaluate((cfg) => (window as unknown as BenchWindow).__probe.rawListener(cfg, 'bench-latency'), probeConfig(viewerAccount.email, DEMO_PASSWORD));
    await observeScreen(page, 'latency-table');
    await sleep(3000);

    let n = 0;
    for (const rate of [1, 10]) {
      const sent: Record<string, number> = {};
      const writes: Promise<unknown>[] = [];
      const start = Date.now();
      for (let i = 0; i < rate * SECONDS; i++) {
        const due = start + (i * 1000) / rate;
        if (due > Date.now()) await sleep(due - Date.now());
        const marker = `m${++n}`;
        sent[marker] = Date.now();
        writes.push(send({ marker }));
      }
      await Promise.all(writes);
      // The rollup path may lag behind at 10/s: wait (up to 60 s) for every marker to reach the screen.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { screen } = await observed(page);
        if (Date.now() > deadline || Object.keys(sent).every((m) => m in screen)) break;
        await sleep(500);
      }
      const { raw, screen } = await observed(page);
      const latencies = (seen: Record<string, number>) =>
        Object.entries(sent).flatMap(([m, t0]) => (seen[m] === undefined ? [] : [seen[m]! - t0]));
      const widget = latencies(screen);
      const floor = latencies(raw);
      const total = Object.keys(sent).length;
      report(BENCH, `widget_p50_${rate}rps`, percentile(widget, 50), 'ms');
      report(BENCH, `widget_p99_${rate}rps`, percentile(widget, 99), 'ms');
      report(BENCH, `raw_listener_p50_${rate}rps`, percentile(floor, 50), 'ms');
      report(BENCH, `raw_listener_p99_${rate}rps`, percentile(floor, 99), 'ms');
      report(BENCH, `widget_delivered_${rate}rps`, widget.length / total, 'fraction');
      report(BENCH, `raw_delivered_${rate}rps`, floor.length / total, 'fraction');
    }
  } finally {
    await close();
  }
}

await main();
