/** What the viewer benchmarks share: the app built and served, the injected probe, seeding and statistics. */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build, preview, type Plugin, type Rollup } from 'vite';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../scripts/demo/demoData.ts';
import { seedDemo } from '../scripts/demo/seed.ts';
import { ROOT } from '../scripts/lib/emulatorEnv.ts';
import { portsFromEnv } from '../scripts/lib/ports.ts';
import { adminApp, closeAdmin } from '../tests/support/admin.ts';
import { clientSession, type ClientSession } from '../tests/support/client.ts';
import { authHost, clearFirestore, firestoreHost } from '../tests/support/emulators.ts';
import { launchChromium } from '../scripts/lib/chromium.ts';

export { launchChromium };

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The PWA built against the running emulators, with the read meter attached
 * (bench/_appMeter.ts, loaded before the app's own entry) unless `meter` is
 * false (the production build as it is, for Lighthouse), and served by vite
 * preview. The build is reused while nothing it depends on changed.
 */
export async function serveApp({ meter = true }: { meter?: boolean } = {}): Promise<{ url: string; outDir: string; close(): Promise<void> }> {
  process.env.VITE_FIRESTORE_EMULATOR_HOST = firestoreHost();
  process.env.VITE_AUTH_EMULATOR_URL = `http://${authHost()}`;
  const ports = portsFromEnv();
  const mode = meter ? 'bench' : 'production';
  const outDir = join(ROOT, '.cache', `${meter ? 'bench' : 'prod'}-dist-${ports.firestore}`);
  const stamp = JSON.stringify({
    hosts: [firestoreHost(), authHost()],
    src: newestMtime(join(ROOT, 'src')),
    config: ['index.html', 'vite.config.ts', 'pwa.config.ts', 'bench/_appMeter.ts', 'bench/_readMeter.ts', 'bench/_viewerApp.ts'].map((f) => statSync(join(ROOT, f)).mtimeMs),
  });
  const stampFile = join(outDir, '.bench-stamp');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    await build({ root: ROOT, mode, logLevel: 'warn', plugins: meter ? [attachMeter] : [], build: { outDir, emptyOutDir: true, sourcemap: false } });
    writeFileSync(stampFile, stamp);
  }
  const port = ports.e2eApp + (meter ? 1 : 2);
  const server = await preview({ root: ROOT, mode, logLevel: 'warn', build: { outDir }, preview: { port, strictPort: true, host: '127.0.0.1' } });
  return { url: `http://127.0.0.1:${port}`, outDir, close: () => server.close() };
}

/** Loads bench/_appMeter.ts before the app's entry, so the meter sees the app's first snapshot. */
const attachMeter: Plugin = {
  name: 'dash-bench-read-meter',
  // 'pre': before Vite bundles the page's module scripts, so that the meter is bundled with them.
  transformIndexHtml: {
    order: 'pre',
    handler: (html) => html.replace('<script type="module"', '<script type="module" src="/bench/_appMeter.ts"></script>\n    <script type="module"'),
  },
};

/** The probe (bench/_probe.ts) as one script to inject into a page. */
export async function probeScript(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'warn',
    build: { write: false, minify: true, lib: { entry: join(ROOT, 'bench', '_probe.ts'), formats: ['iife'], name: 'DashProbe' } },
  })) as Rollup.RollupOutput[];
  const chunk = output[0]?.output.find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('the probe did not build');
  return chunk.code;
}

export function probeConfig(email: string, password: string) {
  return { firestoreHost: firestoreHost(), authUrl: `http://${authHost()}`, email, password };
}

/** What every viewer benchmark runs on; `close` stops all of it. */
export interface BenchStage {
  app: Awaited<ReturnType<typeof serveApp>>;
  /** The demo producer account, signed in. */
  producer: ClientSession;
  browser: Browser;
  close(): Promise<void>;
}

/** A fresh Firestore with the demo seeded, the app served, the demo producer signed in, and Chromium. */
export async function openStage(): Promise<BenchStage> {
  await clearFirestore();
  await seedDemo(adminApp());
  const app = await serveApp();
  const producer = await clientSession(DEMO_ACCOUNTS.find((a) => a.role === 'producer')!.email, DEMO_PASSWORD);
  const browser = await launchChromium();
  return {
    app,
    producer,
    browser,
    async close() {
      await browser.close();
      await producer.close();
      await app.close();
      await closeAdmin();
    },
  };
}

/** The p-th percentile (0..100) of values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until every widget card of the page shows its widget. */
export async function waitForWidgets(page: import('playwright-core').Page, count: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-widget-id][data-status="ok"]').length >= n, count, { timeout });
}

/** What the benchmark pages expose (the probe, the app's read meter, screen observations). */
export interface BenchWindow {
  __probe: {
    state: { rawSeen: Record<string, number>; naiveReads: number };
    rawListener(config: ReturnType<typeof probeConfig>, pipelineId: string): Promise<void>;
    naiveListeners(config: ReturnType<typeof probeConfig>, pipelineIds: string[]): Promise<void>;
  };
  __dashReads: { documents: number; records: number };
  __screenSeen: Record<string, number>;
}

/**
 * Notes when each marker (`m<n>`) first shows in a cell of the widget's table,
 * at the frame after the change. Cells are read one by one: the table's whole
 * text would glue a marker to the next row's time ("m12" + "12:00:01").
 */
export async function observeScreen(page: import('playwright-core').Page, widgetId: string): Promise<void> {
  await page.evaluate((id) => {
    const seen: Record<string, number> = ((window as unknown as BenchWindow).__screenSeen = {});
    const target = document.querySelector(`[data-widget-id="${id}"]`)!;
    new MutationObserver(() =>
      requestAnimationFrame(() => {
        const t = Date.now();
        for (const cell of target.querySelectorAll('td')) {
          const m = cell.textContent?.trim() ?? '';
          if (/^m\d+$/.test(m) && !(m in seen)) seen[m] = t;
        }
      }),
    ).observe(target, { subtree: true, childList: true, characterData: true });
  }, widgetId);
}

/** When each marker reached the page's raw listener and its screen. */
export function observed(page: import('playwright-core').Page): Promise<{ raw: Record<string, number>; screen: Record<string, number> }> {
  return page.evaluate(() => ({ raw: (window as unknown as BenchWindow).__probe.state.rawSeen, screen: (window as unknown as BenchWindow).__screenSeen }));
}
