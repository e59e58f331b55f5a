/**
 * Documents read to open the demo dashboard cold, and per minute while it stays
 * open at 10 records/s (5/s on each of its two pipelines), against the naive
 * design where each widget listens to a query of its pipeline's last 100
 * records. The emulator counts no reads, so both sides count the documents the
 * server delivered to their listeners (what Firestore bills: one read per
 * document added or changed in a result, at least one per query).
 */
import { DEMO_ACCOUNTS, DEMO_DASHBOARDS, DEMO_PASSWORD } from '../scripts/demo/demoData.ts';
import { createProducer } from '../src/producer/createProducer.ts';
import { report } from './_report.ts';
import { type BenchWindow, openStage, probeConfig, probeScript, sleep, waitForWidgets } from './_viewerApp.ts';

const BENCH = 'viewer-reads';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const demo = DEMO_DASHBOARDS.find((d) => d.slug === 'demo')!;

async function main(): Promise<void> {
  const { app, producer, browser, close } = await openStage();
  const viewer = DEMO_ACCOUNTS.find((a) => a.role === 'viewer')!;
  const pipelines = ['system', 'network'] as const;
  const senders = Object.fromEntries(pipelines.map((p) => [p, createProducer({ app: producer.app, firestore: producer.db, pipelineId: p })]));
  const sample = (i: number) => ({
    system: { cpuPercent: i % 100, memUsedPercent: 50, load1: 1, load5: 1, load15: 1, eventLoopLagMs: 1 },
    network: { rxBytesPerSec: i * 10, txBytesPerSec: i * 20 },
  });
  // A full window on both pipelines, rolled up before anyone looks; the demo's
  // greenhouse chart (its own 24 h range) gets readings too, else it shows "no data"
  // and never counts as drawn. Only the two live pipelines stream below.
  for (const p of pipelines) await senders[p]!.sendMany(Array.from({ length: 100 }, (_, i) => sample(i)[p]));
  const greenhouse = createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'greenhouse' });
  await greenhouse.sendMany(Array.from({ length: 10 }, (_, i) => ({ temperatureC: 20 + i / 10, humidityPercent: 60, soilMoisturePercent: 40, lightsOn: true })));
  await sleep(15_000);

  try {
    const appPage = await (await browser.newContext()).newPage();
    await appPage.goto(`${app.url}/d/demo`);
    await waitForWidgets(appPage, demo.widgets.length);
    await sleep(3000);
    const appCold = await appPage.evaluate(() => (window as unknown as BenchWindow).__dashReads.documents);

    const naivePage = await (await browser.newContext()).newPage();
    await naivePage.goto(`${app.url}/nowhere`);
    await naivePage.addScriptTag({ content: await probeScript() });
    await naivePage.evaluate(
      ([cfg, ids]) => (window as unknown as BenchWindow).__probe.naiveListeners(cfg, ids),
      [probeConfig(viewer.email, DEMO_PASSWORD), demo.widgets.map((w) => w.pipelineId)] as const,
    );
    await sleep(3000);
    const naiveCold = await naivePage.evaluate(() => (window as unknown as BenchWindow).__probe.state.naiveReads);

    const start = Date.now();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < SECONDS * 10; i++) {
      const due = start + i * 100;
      if (due > Date.now()) await sleep(due - Date.now());
      const p = pipelines[i % 2]!;
      writes.push(senders[p]!.send(sample(i)[p]));
    }
    await Promise.all(writes);
    await sleep(5000);
    const perMinute = (n: number) => (n * 60) / SECONDS;
    const appOpen = (await appPage.evaluate(() => (window as unknown as BenchWindow).__dashReads.documents)) - appCold;
    const naiveOpen = (await naivePage.evaluate(() => (window as unknown as BenchWindow).__probe.state.naiveReads)) - naiveCold;

    report(BENCH, 'open_cold_viewer', appCold, 'documents');
    report(BENCH, 'open_cold_naive', naiveCold, 'documents');
    report(BENCH, 'per_minute_at_10rps_viewer', Math.round(perMinute(appOpen)), 'documents/min');
    report(BENCH, 'per_minute_at_10rps_naive', Math.round(perMinute(naiveOpen)), 'documents/min');
    report(BENCH, 'widgets', demo.widgets.length, 'widgets');
  } finally {
    await close();
  }
}

await main();
