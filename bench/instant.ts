/**
 * Instant, economy and auto delivery side by side: one page per mode, each
 * showing one table widget of its own pipeline (live set to that mode, flush
 * every second) and holding a raw onSnapshot listener on the same pipeline's
 * records. Per rate, each mode's pipeline is written in turn:
 * - producer-to-screen p50/p99 at 1 and 10 records/s (write call to the frame
 *   after the marker appears in the widget), next to the raw listener's;
 * - documents the app read per minute at 1, 10 and 100 records/s (its read
 *   meter: one per document a listener delivered, at least one per query).
 * Auto starts each rate on a quiet pipeline (instant), so that its figures
 * include turning economy: when, what it read until then, and per minute after.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { firestore as functionsFirestore } from '../functions/src/admin.ts';
import { flushWindow } from '../functions/src/rollup/flushWindow.ts';
import { RATE_SPAN_MS } from '../src/live/liveMode.ts';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAM_ID } from '../scripts/demo/demoData.ts';
import { createProducer, type Producer } from '../src/producer/createProducer.ts';
import { adminDb } from '../tests/support/admin.ts';
import { setTriggers } from '../tests/support/emulators.ts';
import { signInOnDashboard } from '../tests/e2e/viewerHelpers.ts';
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

const BENCH = 'instant';
const MODES = ['instant', 'economy', 'auto'] as const;
type Mode = (typeof MODES)[number];
/** Seconds written per rate; 100 records/s for longer, so that a flush more or less weighs less in its reads per minute. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SECONDS_AT_100 = Number(process.env.BENCH_SECONDS_100 ?? 30);
const RATES = (process.env.BENCH_RATES ?? '1,10,100').split(',').map(Number);

async function seedBench(): Promise<void> {
  const db = adminDb();
  const now = Timestamp.now();
  const batch = db.batch();
  for (const mode of MODES) {
    const id = `bench-${mode}`;
    batch.set(db.doc(`pipelines/${id}`), { teamId: DEMO_TEAM_ID, name: id, public: false, createdAt: now, createdBy: 'demo-owner', live: mode, flushSeconds: 1 });
    batch.set(db.doc(`dashboards/${id}`), { teamId: DEMO_TEAM_ID, slug: id, title: id, isPublic: false, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
    batch.set(db.doc(`slugs/${id}`), { dashboardId: id, teamId: DEMO_TEAM_ID });
    batch.set(db.doc(`dashboards/${id}/widgets/table`), {
      type: 'table',
      pipelineId: id,
      config: { title: 'Markers', fields: ['marker'], rows: 100 },
      position: { x: 0, y: 0, w: 12, h: 8 },
      createdAt: now,
      updatedAt: now,
    });
  }
  await batch.commit();
}

type SwitchWindow = BenchWindow & { __switch: { at: number; reads: number; records: number } | null };

/** Notes when the widget's badge turns economy, and the app's read count then. */
async function watchSwitch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as SwitchWindow;
    w.__switch = null;
    const target = document.querySelector('[data-widget-id="table"]')!;
    const wasEconomy = target.querySelector('.freshness')?.getAttribute('data-mode') === 'economy';
    if (wasEconomy) return;
    const observer = new MutationObserver(() => {
      if (target.querySelector('.freshness')?.getAttribute('data-mode') !== 'economy') return;
      w.__switch = { at: Date.now(), reads: w.__dashReads.documents, records: w.__dashReads.records };
      observer.disconnect();
    });
    observer.observe(target, { subtree: true, attributes: true, attributeFilter: ['data-mode'], childList: true });
  });
}

/**
 * Whether a pipeline's window document holds the record with this marker. Not
 * "is its newest": the records of one batch share a commit time, and their
 * (random) ids order them within it.
 */
async function windowHolds(pipelineId: string, marker: string): Promise<boolean> {
  const records = (await adminDb().doc(`pipelines/${pipelineId}/rollups/last100`).get()).get('records') as { data: { marker?: string } }[] | undefined;
  return records?.some((r) => r.data.marker === marker) ?? false;
}


function flushEverySecond(pipelineId: string): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      await flushWindow(functionsFirestore(), pipelineId);
      await sleep(Math.max(0, 1000 - (Date.now() - started)));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** The app's read meter: every document read, and those of record logs. */
const meter = (page: Page) => page.evaluate(() => ({ ...(window as unknown as BenchWindow).__dashReads }));
const modeShown = (page: Page) => page.getAttribute('[data-widget-id="table"] .freshness', 'data-mode');

/**
 * Auto on a pipeline that was busy stays economy until a record shows it
 * quiet: to measure a quiet pipeline turning busy, wait out the rate span
 * since the last record, write one, and wait for the page to turn instant.
 */
async function quietStart(page: Page, producer: Producer, lastWriteMs: number): Promise<void> {
  if ((await modeShown(page)) === 'instant') return;
  await sleep(Math.max(0, lastWriteMs + RATE_SPAN_MS + 1000 - Date.now()));
  await producer.send({ marker: 'quiet' });
  await page.waitForFunction(() => document.querySelector('[data-widget-id="table"] .freshness')?.getAttribute('data-mode') === 'instant', null, { timeout: 30_000 });
  await sleep(1500);
}

async function main(): Promise<void> {
  const { app, producer, browser, close } = await openStage();
  await seedBench();
  const viewer = DEMO_ACCOUNTS.find((a) => a.role === 'viewer')!;
  const producers = Object.fromEntries(
    MODES.map((m) => [m, createProducer({ app: producer.app, firestore: producer.db, pipelineId: `bench-${m}` })]),
  ) as Record<Mode, Producer>;
  const probe = await probeScript();
  try {
    // Warm up the functions, so each pipeline has a window before the pages open.
    for (const m of MODES) for (let i = 0; i < 3; i++) await producers[m].send({ marker: `w${i}` });
    await sleep(3000);
    const pages = {} as Record<Mode, Page>;
    for (const m of MODES) {
      const page = await (await browser.newContext({ viewport: { width: 1000, height: 800 } })).newPage();
      await page.goto(`${app.url}/d/bench-${m}`);
      await signInOnDashboard(page, viewer.email, DEMO_PASSWORD);
      await waitForWidgets(page, 1);
      await page.addScriptTag({ content: probe });
      await page.evaluate(([cfg, id]) => (window as unknown as BenchWindow).__probe.rawListener(cfg, id), [probeConfig(viewer.email, DEMO_PASSWORD), `bench-${m}`] as const);
      await observeScreen(page, 'table');
      pages[m] = page;
    }
    await sleep(3000);

    let n = 0;
    const readsPerMinute: Record<string, number> = {};
    const lastWrite = {} as Record<Mode, number>;
    for (const rate of RATES) {
      const seconds = rate >= 100 ? SECONDS_AT_100 : SECONDS;
      // Past 10 records/s the Functions emulator (a process per running trigger, on the same 2 cores as
      // Firestore and three browsers) flushes far less than once a second, which starves economy's reads
      // and says nothing of production: the triggers go off and the flush runs once a second instead, as
      // production's leader does.
      const standIn = rate > 10;
      if (standIn) await setTriggers(false);
      for (const mode of MODES) {
        const page = pages[mode];
        const flusher = standIn ? flushEverySecond(`bench-${mode}`) : null;
        if (mode === 'auto') await quietStart(page, producers[mode], lastWrite[mode] ?? 0);
        const before = await meter(page);
        const sent: Record<string, number> = {};
        const writes: Promise<unknown>[] = [];
        const modes = new Set<string>();
        await watchSwitch(page);
        const start = Date.now();
        // Past 10 records/s a producer batches, as a real one would: one commit every 100 ms.
        const perCommit = Math.max(1, Math.round(rate / 10));
        for (let i = 0; i < rate * seconds; i += perCommit) {
          const due = start + (i * 1000) / rate;
          if (due > Date.now()) await sleep(due - Date.now());
          const batch = Array.from({ length: perCommit }, () => ({ marker: `m${++n}` }));
          for (const { marker } of batch) sent[marker] = Date.now();
          writes.push(perCommit === 1 ? producers[mode].send(batch[0]) : producers[mode].sendMany(batch));
          if (i % rate === 0) modes.add((await modeShown(page)) ?? '?');
        }
        await Promise.all(writes);
        lastWrite[mode] = Date.now();
        const elapsedMs = Date.now() - start;
        // Let the last flush reach the screen, so that no backlog of triggers spills into the next
        // measurement (the Functions emulator takes in a 100 records/s burst at its own pace).
        // The window, not the screen, tells: an instant page shows the last record before its trigger ran.
        const deadline = Date.now() + 180_000;
        const last = `m${n}`;
        while (Date.now() < deadline && !(await windowHolds(`bench-${mode}`, last))) await sleep(250);
        while (Date.now() < deadline && (await observed(page)).screen[last] === undefined) await sleep(250);
        await sleep(1500);
        await flusher?.stop();
        const after = await meter(page);
        const measuredAt = Date.now();
        const documents = after.documents - before.documents;
        // Over the whole measurement, the catch-up included: what the page read while the records were shown.
        const perMinute = Math.round((documents * 60_000) / (measuredAt - start));
        readsPerMinute[`${mode}@${rate}`] = perMinute;
        report(BENCH, `${mode}_reads_per_minute_${rate}rps`, perMinute, 'documents/min');
        const ofRecords = Math.round(((after.records - before.records) * 60_000) / (measuredAt - start));
        report(BENCH, `${mode}_record_reads_per_minute_${rate}rps`, ofRecords, 'documents/min');
        report(BENCH, `${mode}_modes_seen_${rate}rps`, [...modes].join('+'), 'mode');
        const switched = await page.evaluate(() => (window as unknown as SwitchWindow).__switch);
        if (mode === 'auto' && switched) {
          // What auto read beyond economy on a pipeline that turned busy: the instant reads before it switched,
          // once; and from then on, per minute (what a viewer of a busy pipeline reads).
          report(BENCH, `auto_economy_after_ms_${rate}rps`, switched.at - start, 'ms');
          report(BENCH, `auto_reads_before_economy_${rate}rps`, switched.reads - before.documents, 'documents');
          const afterSwitch = Math.round(((after.documents - switched.reads) * 60_000) / (measuredAt - switched.at));
          readsPerMinute[`auto-after-switch@${rate}`] = afterSwitch;
          report(BENCH, `auto_reads_per_minute_after_economy_${rate}rps`, afterSwitch, 'documents/min');
          // Of those, the records' (the reads that grow with the rate): none, once economy.
          report(BENCH, `auto_record_reads_after_economy_${rate}rps`, after.records - switched.records, 'documents');
        }
        report(BENCH, `${mode}_achieved_rate_${rate}rps`, Number(((rate * seconds * 1000) / elapsedMs).toFixed(1)), 'records/s');
        if (rate >= 100) continue;
        const { raw, screen } = await observed(page);
        const latencies = (seen: Record<string, number>) => Object.entries(sent).flatMap(([m, t0]) => (seen[m] === undefined ? [] : [seen[m]! - t0]));
        const widget = latencies(screen);
        const floor = latencies(raw);
        report(BENCH, `${mode}_widget_p50_${rate}rps`, percentile(widget, 50), 'ms');
        report(BENCH, `${mode}_widget_p99_${rate}rps`, percentile(widget, 99), 'ms');
        report(BENCH, `${mode}_raw_listener_p50_${rate}rps`, percentile(floor, 50), 'ms');
        report(BENCH, `${mode}_raw_listener_p99_${rate}rps`, percentile(floor, 99), 'ms');
        // Markers past the newest 100 scroll off a busy table before a flush shows them: not all can be seen.
        report(BENCH, `${mode}_widget_delivered_${rate}rps`, widget.length / Object.keys(sent).length, 'fraction');
      }
      if (standIn) await setTriggers(true);
    }
    // The target: auto never reads more than economy + 10 % on a busy pipeline.
    for (const rate of RATES) {
      const economy = readsPerMinute[`economy@${rate}`];
      if (!economy) continue;
      // Over the whole measurement, the switch included; and once switched, as a busy pipeline's viewer reads.
      const ratios = { [`auto_reads_over_economy_${rate}rps`]: `auto@${rate}`, [`auto_reads_over_economy_after_switch_${rate}rps`]: `auto-after-switch@${rate}` };
      for (const [figure, key] of Object.entries(ratios)) {
        const auto = readsPerMinute[key];
        if (auto !== undefined) report(BENCH, figure, Number((auto / economy).toFixed(2)), 'ratio');
      }
    }
  } finally {
    await setTriggers(true);
    await functionsFirestore().terminate();
    await close();
  }
}

await main();
