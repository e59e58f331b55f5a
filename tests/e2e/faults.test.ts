import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../scripts/demo/demoData.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { createProducer } from '../../src/producer/createProducer.ts';
import { adminApp, adminDb, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearFirestore, firestoreHost } from '../support/emulators.ts';
import { startCutProxy, type CutProxy } from './cutProxy.ts';
import { serveAppCopy } from './staticApp.ts';
import { cardText, waitForRollup, waitForWidget } from './viewerHelpers.ts';

/** What the issue asks a wall to survive: the backend unreachable this long. */
const CUT_MS = 60_000;
/** ... and live again within this long of it coming back, without a reload. */
const BACK_WITHIN_MS = 10_000;

let browser: Browser;
let producer: ClientSession;
let proxy: CutProxy;
let appUrl: string;
const contexts: BrowserContext[] = [];

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC', ...options });
  contexts.push(context);
  return context.newPage();
}

/** The rx values of the demo's network table, newest first, as it shows them. */
async function tableRx(page: Page): Promise<string[]> {
  return page.$$eval('[data-widget-id="net-table"] tbody tr', (rows) => rows.map((r) => r.querySelectorAll('td')[1]?.textContent?.trim() ?? ''));
}

beforeAll(async () => {
  appUrl = inject('appUrl');
  await clearFirestore();
  await seedDemo(adminApp());
  producer = await clientSession(DEMO_ACCOUNTS.find((a) => a.role === 'producer')!.email, DEMO_PASSWORD);
  proxy = await startCutProxy(firestoreHost());
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await proxy?.close();
  await producer?.close();
  await closeAdmin();
});

// Concurrent (so each asserts with its own `expect`): each waits most of its time (the cut, the quiet moment), on its own page.
describe.concurrent('a wall left alone', () => {
  test('shows offline while Firestore is unreachable, then live again by itself, with every record once', async ({ expect }) => {
    const network = createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'network' });
    // rx = 100 + n kB/s, so that each row names its record.
    let sent = 0;
    const rxText = (rx: number) => `${rx / 1000} kB/s`;
    const send = () => network.send({ rxBytesPerSec: (100 + ++sent) * 1000, txBytesPerSec: 1 });
    for (let i = 0; i < 3; i++) await send();
    await waitForRollup('network', (d) => d.rxBytesPerSec === 103_000);

    // "<-loopback>": Chromium sends even 127.0.0.1 through the proxy.
    const page = await newPage({ proxy: { server: proxy.url, bypass: '<-loopback>' } });
    await page.goto(`${appUrl}/d/demo?kiosk=1`);
    await waitForWidget(page, 'net-table');
    await expect.poll(() => tableRx(page)).toEqual(['103 kB/s', '102 kB/s', '101 kB/s']);

    proxy.cut();
    const cutAt = Date.now();
    // Records go on arriving at the backend while the wall cannot reach it.
    const during = setInterval(() => void send(), 5_000);
    try {
      await expect
        .poll(() => page.getAttribute('[data-widget-id="net-table"] .freshness', 'data-state'), { timeout: CUT_MS - 5_000 })
        .toBe('offline');
      await page.waitForTimeout(Math.max(0, CUT_MS - (Date.now() - cutAt)));
    } finally {
      clearInterval(during);
    }
    await send();
    proxy.restore();
    const restoredAt = Date.now();

    const newest = rxText((100 + sent) * 1000);
    await expect.poll(() => tableRx(page).then((rows) => rows[0]), { timeout: BACK_WITHIN_MS, interval: 250 }).toBe(newest);
    expect(Date.now() - restoredAt).toBeLessThan(BACK_WITHIN_MS);
    await expect.poll(() => page.getAttribute('[data-widget-id="net-table"] .freshness', 'data-state'), { timeout: 5_000 }).toBe('live');
    // Every record once, newest first: the table's 10 rows are the log's newest 10.
    const log = await adminDb().collection('pipelines/network/records').orderBy('ts', 'desc').limit(10).get();
    const expected = log.docs.map((d) => rxText(d.get('data.rxBytesPerSec') as number));
    expect(await tableRx(page)).toEqual(expected);
    expect(new Set(expected).size).toBe(expected.length);
    expect(await cardText(page, 'net-table')).not.toContain('Offline');
  });

  test('applies a newly deployed version by itself at a quiet moment, without a tap, straight back to its data', async ({ expect }) => {
    const app = await serveAppCopy(inject('appDir'));
    try {
      const page = await newPage();
      await page.goto(`${app.url}/d/demo?kiosk=1`);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // Controlled by the service worker from here on, as an installed app is.
      await page.reload();
      await waitForWidget(page, 'net-table');
      await page.evaluate(() => Object.assign(window, { beforeUpdate: true }));

      appendFileSync(join(app.dir, 'sw.js'), '\n// deployed again\n');
      // What the app's hourly check (and the browser's own) does.
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      await expect
        .poll(() => page.evaluate(() => 'beforeUpdate' in window).catch(() => true), { timeout: 90_000, interval: 500 })
        .toBe(false);
      // Straight back to the dashboard's data (from the persistent cache at first), no prompt left to tap.
      await waitForWidget(page, 'net-table', 10_000);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
      expect(await page.$('.update-prompt')).toBeNull();
    } finally {
      await app.close();
    }
  });
});
