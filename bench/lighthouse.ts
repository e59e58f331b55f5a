/**
 * Lighthouse 12 on the public demo dashboard (issue 19): the production
 * build served against the emulators, the demo seeded and a producer
 * streaming the system and network pipelines once a second, as on
 * `npm start`. Both presets, mobile (Lighthouse's default: a mid-range phone
 * on a slow 4G link, simulated) and desktop; each prints its category
 * scores and the metrics behind performance. BENCH_LIGHTHOUSE_RUNS runs
 * each preset that many times and reports the median score (default 1);
 * BENCH_LIGHTHOUSE_REPORT=dir writes each run's full report there as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse, { desktopConfig, type Flags, type Result } from 'lighthouse';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../scripts/demo/demoData.ts';
import { seedDemo } from '../scripts/demo/seed.ts';
import { chromiumPath } from '../scripts/lib/chromium.ts';
import { createProducer } from '../src/producer/createProducer.ts';
import { adminApp, closeAdmin } from '../tests/support/admin.ts';
import { clientSession } from '../tests/support/client.ts';
import { clearFirestore } from '../tests/support/emulators.ts';
import { report } from './_report.ts';
import { serveApp } from './_viewerApp.ts';

const BENCH = 'lighthouse';
const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 1);
const REPORT_DIR = process.env.BENCH_LIGHTHOUSE_REPORT;
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function audit(url: string, preset: 'mobile' | 'desktop'): Promise<Result> {
  const chrome = await launch({ chromePath: await chromiumPath(), chromeFlags: ['--headless=new', '--no-sandbox', '--lang=en-US'] });
  try {
    const flags: Flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] };
    const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
    if (!result) throw new Error('Lighthouse returned no result');
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

async function main(): Promise<void> {
  await clearFirestore();
  await seedDemo(adminApp());
  const app = await serveApp({ meter: false });
  const session = await clientSession(DEMO_ACCOUNTS.find((a) => a.role === 'producer')!.email, DEMO_PASSWORD);
  const system = createProducer({ app: session.app, firestore: session.db, pipelineId: 'system' });
  const network = createProducer({ app: session.app, firestore: session.db, pipelineId: 'network' });
  let i = 0;
  const stream = setInterval(() => {
    i++;
    void system.send({ cpuPercent: 20 + (i % 30), load1: 1, load5: 1, load15: 1, memUsedPercent: 50, eventLoopLagMs: 2 });
    void network.send({ rxBytesPerSec: 40_000 + i * 10, txBytesPerSec: 9_000 });
  }, 1000);
  try {
    // A first visit warms nothing that a user's first visit would not have: each audit is a fresh Chromium.
    await new Promise((r) => setTimeout(r, 5000));
    for (const preset of ['mobile', 'desktop'] as const) {
      const runs: Result[] = [];
      for (let r = 0; r < RUNS; r++) {
        const lhr = await audit(`${app.url}/d/demo`, preset);
        runs.push(lhr);
        if (REPORT_DIR) {
          mkdirSync(REPORT_DIR, { recursive: true });
          writeFileSync(join(REPORT_DIR, `${preset}-${r + 1}.json`), JSON.stringify(lhr));
        }
      }
      for (const category of ['performance', 'accessibility', 'best-practices'] as const) {
        report(BENCH, `${preset} ${category}`, Math.round(100 * median(runs.map((x) => x.categories[category]?.score ?? 0))), 'score');
      }
      for (const metric of METRICS) {
        const value = median(runs.map((x) => x.audits[metric]?.numericValue ?? Number.NaN));
        report(BENCH, `${preset} ${metric}`, metric === 'cumulative-layout-shift' ? Number(value.toFixed(3)) : Math.round(value), metric === 'cumulative-layout-shift' ? 'score' : 'ms');
      }
      // What keeps a category below 100, by audit id, to act on.
      for (const category of ['accessibility', 'best-practices'] as const) {
        const failing = (runs[0]!.categories[category]?.auditRefs ?? []).filter((ref) => ref.weight > 0 && (runs[0]!.audits[ref.id]?.score ?? 1) < 1);
        if (failing.length > 0) report(BENCH, `${preset} ${category} failing`, failing.map((ref) => ref.id).join(' '), 'audits');
        for (const ref of failing) {
          const items = (runs[0]!.audits[ref.id]?.details as { items?: { node?: { snippet?: string } }[] } | undefined)?.items ?? [];
          const nodes = items.flatMap((item) => (item.node?.snippet ? [item.node.snippet.slice(0, 100)] : [])).slice(0, 3);
          if (nodes.length > 0) report(BENCH, `${preset} ${ref.id} elements`, nodes.join(' | '), 'html');
        }
      }
      // What moved, largest shift first: where CLS comes from.
      const shifts = (runs[0]!.audits['layout-shifts']?.details as { items?: { node?: { snippet?: string }; score?: number }[] } | undefined)?.items ?? [];
      const moved = shifts.slice(0, 3).map((item) => `${(item.score ?? 0).toFixed(3)} ${item.node?.snippet?.slice(0, 90) ?? '?'}`);
      if (moved.length > 0) report(BENCH, `${preset} layout shifts`, moved.join(' | '), 'html');
      const lcp = runs[0]!.audits['largest-contentful-paint-element']?.details as { items?: { items?: { node?: { snippet?: string } }[] }[] } | undefined;
      const element = lcp?.items?.[0]?.items?.[0]?.node?.snippet;
      if (element) report(BENCH, `${preset} LCP element`, element.slice(0, 120), 'html');
    }
  } finally {
    clearInterval(stream);
    await session.close();
    await app.close();
    await closeAdmin();
  }
}

await main();
process.exit(0);
