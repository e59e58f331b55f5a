import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_DASHBOARDS, DEMO_PASSWORD } from '../../scripts/demo/demoData.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { createProducer } from '../../src/producer/createProducer.ts';
import { adminApp, adminDb, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearFirestore } from '../support/emulators.ts';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { cardText, createStranger, pollCard, RESULTS, seedEdgeDashboard, signInOnDashboard, sendGreenhouse, waitForRollup, waitForWidget, watchTargets } from './viewerHelpers.ts';

const DEMO = DEMO_DASHBOARDS.find((d) => d.slug === 'demo')!;
const VIEWER = DEMO_ACCOUNTS.find((a) => a.role === 'viewer')!;
const STRANGER = { email: 'stranger@dash.local', password: 'stranger-pass-1' };

let browser: Browser;
let producer: ClientSession;
let appUrl: string;
const contexts: BrowserContext[] = [];

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC' });
  contexts.push(context);
  return context.newPage();
}

async function sendSystem(n: number): Promise<void> {
  const send = createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'system' }).send;
  for (let i = 0; i < n; i++) {
    await send({ cpuPercent: 20 + i * 7, memUsedPercent: 55 + i, load1: 0.5 + i / 10, load5: 0.7, load15: 0.9, eventLoopLagMs: 1.5 });
  }
}

async function sendNetwork(rx: number, tx: number): Promise<void> {
  await createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'network' }).send({ rxBytesPerSec: rx, txBytesPerSec: tx });
}

beforeAll(async () => {
  appUrl = inject('appUrl');
  await clearFirestore();
  await seedDemo(adminApp());
  await createStranger(STRANGER.email, STRANGER.password);
  producer = await clientSession(DEMO_ACCOUNTS.find((a) => a.role === 'producer')!.email, DEMO_PASSWORD);
  // The greenhouse beside the others, so that every card's newest record is about as old.
  const greenhouse = sendGreenhouse(producer.app, producer.db);
  await sendSystem(3);
  await sendNetwork(1000, 2000);
  await sendNetwork(1500, 2500);
  // Rolled up before any page opens, so that the functions' own latency is not measured here.
  await waitForRollup('system', (d) => d.cpuPercent === 34);
  await waitForRollup('network', (d) => d.rxBytesPerSec === 1500);
  await greenhouse;
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await producer?.close();
  await closeAdmin();
});

describe('public dashboard, signed out', () => {
  test('shows every widget type with data, each with its freshness', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/demo`);
    for (const w of DEMO.widgets) await waitForWidget(page, w.id);
    const types = await page.$$eval('[data-widget-type]', (els) => [...new Set(els.map((e) => e.getAttribute('data-widget-type')))].sort());
    expect(types).toEqual(['bar_chart', 'gauge', 'line_chart', 'stat_card', 'table']);
    expect(await page.textContent('h1')).toBe('Demo: this machine, live');
    // stat card: latest value with unit, change arrow, threshold level in words
    await pollCard(page, 'cpu-stat').toMatch(/34\.0%/);
    expect(await cardText(page, 'cpu-stat')).toMatch(/\+7\.0%/);
    // gauge: value and range; charts: canvases labelled with a text summary
    expect(await cardText(page, 'load-gauge')).toContain('0.7');
    const lineLabel = await page.getAttribute('[data-widget-id="cpu-line"] canvas', 'aria-label');
    expect(lineLabel).toMatch(/^CPU and memory, 3 points up to \d{1,2}:\d\d:\d\d [AP]M\. Latest: CPU 34%, Memory used 57%\.$/);
    expect(await page.getAttribute('[data-widget-id="load-bar"] canvas', 'aria-label')).toBe(
      'Load average: Load (1 min) 0.7, Load (5 min) 0.7, Load (15 min) 0.9.',
    );
    // table: newest first, rates scaled
    const rows = await page.$$eval('[data-widget-id="net-table"] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('1.5 kB/s');
    expect(rows[0]).toContain('2.5 kB/s');
    // freshness on every card, in words: records of now on every pipeline (the 24 h chart's 25 history
    // documents may take the first page on cold emulators longer than the 15 s after which a card is stale)
    await Promise.all([sendSystem(1), sendNetwork(1500, 2500), sendGreenhouse(producer.app, producer.db, 22)]);
    await expect.poll(() => page.$$eval('.freshness[data-state="live"]', (els) => els.length), { timeout: 10_000 }).toBe(DEMO.widgets.length);
    expect(await cardText(page, 'cpu-stat')).toMatch(/\d+ s ago|just now/);
    await page.screenshot({ path: join(RESULTS, 'viewer-desktop.png') });
    // The README's screenshot, refreshed on request only: a test run leaves the working tree as it was.
    if (process.env.DASH_UPDATE_SCREENSHOT === '1') copyFileSync(join(RESULTS, 'viewer-desktop.png'), join(ROOT, 'docs', 'screenshot-demo.png'));
  });

  test('a record appended through the SDK appears on screen, and charts are updated in place', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/demo`);
    await waitForWidget(page, 'net-line');
    await page.evaluate(() => {
      (window as unknown as { __canvas: Element | null }).__canvas = document.querySelector('[data-widget-id="net-line"] canvas');
    });
    await sendNetwork(123456, 654321);
    // the functions roll it up (their latency is theirs), then the screen follows within a few seconds
    await waitForRollup('network', (d) => d.txBytesPerSec === 654321);
    await pollCard(page, 'net-table', 5_000).toContain('654.3 kB/s');
    await pollCard(page, 'rx-stat').toContain('31.9 kB/s'); // average of 1,000, 1,500, 1,500 (the test before) and 123,456
    expect(await page.getAttribute('[data-widget-id="net-line"] canvas', 'aria-label')).toContain('Received 123.5 kB/s');
    const sameCanvas = await page.evaluate(
      () => (window as unknown as { __canvas: Element | null }).__canvas === document.querySelector('[data-widget-id="net-line"] canvas'),
    );
    expect(sameCanvas).toBe(true);
  });

  test('unknown slug', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/no-such-board`);
    await expect.poll(() => page.textContent('main'), { timeout: 20_000 }).toContain('No dashboard at /d/no-such-board');
  });
});

describe('edge cases inside cards', () => {
  beforeAll(seedEdgeDashboard);

  test('stale data, no rollup, a deleted pipeline, an unknown type, broken settings and a missing field stay inside their cards', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/edge`);
    await waitForWidget(page, 'stale-stat');
    expect(await page.getAttribute('[data-widget-id="stale-stat"] .freshness', 'data-state')).toBe('stale');
    expect(await cardText(page, 'stale-stat')).toMatch(/Stale · [12] h ago/);
    await pollCard(page, 'norollup-table').toContain('Waiting for data');
    await pollCard(page, 'unknown-type').toContain('Unknown widget type "pie_chart"');
    await pollCard(page, 'broken-config').toContain('Invalid settings: "Minimum" must be below "Maximum".');
    await pollCard(page, 'missing-field').toContain('No field "tmep" in the last 3 records.');
    await waitForWidget(page, 'doomed-stat');
    await adminDb().doc('pipelines/doomed').delete();
    await pollCard(page, 'doomed-stat').toMatch(/Pipeline deleted/);
    await page.screenshot({ path: join(RESULTS, 'viewer-edge-cases.png') });
  });

  test('a member sees the newest records of a pipeline without a rollup', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/ops`);
    await signInOnDashboard(page, VIEWER.email, DEMO_PASSWORD);
    await waitForWidget(page, 'system-table');
    await page.goto(`${appUrl}/d/edge`);
    await waitForWidget(page, 'norollup-table');
    expect(await cardText(page, 'norollup-table')).toContain('42');
  });
});

describe('private dashboard', () => {
  test('asks a signed-out visitor to sign in, denies a stranger plainly, and shows for a viewer', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/ops`);
    await expect.poll(() => page.textContent('main'), { timeout: 20_000 }).toContain('Sign in to see this dashboard');
    await signInOnDashboard(page, STRANGER.email, STRANGER.password);
    await expect.poll(() => page.textContent('main'), { timeout: 20_000 }).toContain('This account has no access to this dashboard');
    expect(await page.$('[data-widget-id]')).toBeNull();
    await page.click('text=Sign out');
    await expect.poll(() => page.textContent('main'), { timeout: 20_000 }).toContain('Sign in to see this dashboard');
    await signInOnDashboard(page, VIEWER.email, DEMO_PASSWORD);
    await waitForWidget(page, 'system-table');
    await waitForWidget(page, 'lag-line');
    expect(await page.textContent('h1')).toBe('Ops (team only)');
  });
});

describe('screens', () => {
  test('kiosk mode fills the viewport without chrome, in the dark theme', async () => {
    const page = await newPage({ width: 1920, height: 1080 });
    await page.goto(`${appUrl}/d/demo?kiosk=1`);
    for (const w of DEMO.widgets) await waitForWidget(page, w.id);
    expect(await page.$('header.dashboard-header')).toBeNull();
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.getByTestId('theme-switch').count()).toBe(0);
    const grid = (await page.locator('.dashboard-grid').boundingBox())!;
    expect(grid.x).toBeLessThan(20);
    expect(grid.y).toBeLessThan(20);
    expect(grid.width).toBeGreaterThan(1880);
    expect(grid.height).toBeGreaterThan(1040);
    expect(grid.y + grid.height).toBeLessThanOrEqual(1080);
    const bottom = await page.$$eval('.grid-cell', (cells) => Math.max(...cells.map((c) => c.getBoundingClientRect().bottom)));
    expect(bottom).toBeGreaterThan(1040);
    expect(bottom).toBeLessThanOrEqual(1080);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    await page.screenshot({ path: join(RESULTS, 'viewer-kiosk.png') });
    // leaving kiosk mode with Escape brings the chrome back, and the device's theme (the system's)
    await page.keyboard.press('Escape');
    await page.waitForSelector('header.dashboard-header');
    expect(await page.getAttribute('html', 'data-theme')).toBeNull();
  });

  test("a theme chosen on the switch applies to every page and stays after a reload; kiosk mode keeps its own", async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/demo`);
    await waitForWidget(page, 'cpu-stat');
    expect(await page.getAttribute('html', 'data-theme')).toBeNull();
    await page.getByTestId('theme-switch').selectOption('light');
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('light');
    await page.goto(appUrl);
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await page.reload();
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('light');
    await page.goto(`${appUrl}/d/demo?kiosk=1`);
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('dark');
    await page.getByTestId('theme-switch').waitFor({ state: 'detached' });
  });

  test('the kiosk button enters kiosk mode', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/demo`);
    await waitForWidget(page, 'cpu-stat');
    await page.click('text=Kiosk mode');
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('kiosk=1');
    expect(await page.$('header.dashboard-header')).toBeNull();
    // The way out: hidden on a still wall, shown by a tap or a mouse move.
    const exit = page.getByTestId('kiosk-exit');
    await expect.poll(() => exit.evaluate((e) => getComputedStyle(e).opacity), { timeout: 10_000 }).toBe('0');
    await page.mouse.move(200, 200);
    await page.mouse.move(220, 240);
    await expect.poll(() => exit.evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
    await exit.click();
    await page.waitForSelector('header.dashboard-header');
    expect(page.url()).not.toContain('kiosk=1');
  });

  test('a phone shows one column, in position order', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto(`${appUrl}/d/demo`);
    for (const w of DEMO.widgets) await waitForWidget(page, w.id);
    const boxes = await page.$$eval('[data-widget-id]', (els) =>
      els.map((e) => ({ id: e.getAttribute('data-widget-id'), ...e.getBoundingClientRect().toJSON() as DOMRect })),
    );
    const expected = [...DEMO.widgets].sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x).map((w) => w.id);
    expect([...boxes].sort((a, b) => a.top - b.top).map((b) => b.id)).toEqual(expected);
    for (const b of boxes) {
      expect(b.left).toBe(boxes[0]!.left);
      expect(b.width).toBe(boxes[0]!.width);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(RESULTS, 'viewer-phone.png'), fullPage: true });
  });

  test('every widget card is reachable with the keyboard', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/demo`);
    for (const w of DEMO.widgets) await waitForWidget(page, w.id);
    const reached = new Set<string>();
    // Cards, and the controls in them and in the header (range, CSV, compare), in reading order.
    for (let i = 0; i < 45; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.getAttribute('data-widget-id'));
      if (id) reached.add(id);
    }
    expect([...reached].sort()).toEqual(DEMO.widgets.map((w) => w.id).sort());
  });
});

describe('offline', () => {
  test('an app opened once shows its last data after an offline reload, marked offline', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/demo`);
    for (const w of DEMO.widgets) await waitForWidget(page, w.id);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const before = await cardText(page, 'net-table');
    await page.context().setOffline(true);
    await page.reload();
    for (const w of DEMO.widgets) await waitForWidget(page, w.id, 30_000);
    await page.waitForSelector('[data-testid="offline-banner"]');
    // Each widget reads offline once the network is gone or the server has been silent for a while (its own timer).
    await expect
      .poll(() => page.$$eval('.freshness', (els) => els.every((e) => e.getAttribute('data-state') === 'offline')), { timeout: 20_000 })
      .toBe(true);
    expect(await cardText(page, 'cpu-stat')).toContain('Offline');
    // the same rows as before going offline (freshness text aside)
    const rowsOf = (text: string) => text.match(/\d{1,2}:\d\d:\d\d [AP]M[^\d]*[\d.,]+ k?B\/s[^\d]*[\d.,]+ k?B\/s/g);
    expect(rowsOf(await cardText(page, 'net-table'))).toEqual(rowsOf(before));
    await page.screenshot({ path: join(RESULTS, 'viewer-offline.png') });
    await page.context().setOffline(false);
    await expect.poll(() => page.$('[data-testid="offline-banner"]'), { timeout: 30_000 }).toBeNull();
  });
});

describe('listeners', () => {
  test('no listener leaks after 20 navigations between dashboards', async () => {
    const page = await newPage();
    const watch = watchTargets(page);
    await page.goto(`${appUrl}/d/ops`);
    await signInOnDashboard(page, VIEWER.email, DEMO_PASSWORD);
    await waitForWidget(page, 'system-table');
    // The signed-in user's memberships (a collection-group query) and their teams' documents belong to
    // the session (the teams store), not to a page.
    const isSessionTarget = (t: string) => t.includes('"allDescendants":true') || /documents\/teams\/[^/"]+"/.test(t);
    const pageTargets = async () => (await watch.targets()).filter((t) => !isSessionTarget(t));
    // On "ops": its dashboard, widgets, the pipeline + rollup of "system", and in instant mode (a member on a
    // quiet pipeline) the tail of its records past the window.
    /** The number of page targets once it has held still for a second. */
    const settledCount = async (): Promise<number> => {
      let last = -1;
      for (let i = 0; i < 40; i++) {
        const n = (await pageTargets()).length;
        if (n === last) return n;
        last = n;
        await page.waitForTimeout(1000);
      }
      return last;
    };
    const onOps = await settledCount();
    expect(onOps).toBeGreaterThanOrEqual(4);
    expect((await pageTargets()).filter((t) => t.includes('"collectionId":"records"'))).toHaveLength(1);
    const go = (path: string) =>
      page.evaluate((p) => {
        const app = (document.querySelector('#app') as unknown as { __vue_app__: { config: { globalProperties: { $router: { push(p: string): Promise<unknown> } } } } }).__vue_app__;
        return app.config.globalProperties.$router.push(p).then(() => undefined);
      }, path);
    for (let i = 0; i < 20; i++) {
      const slug = i % 2 === 0 ? 'demo' : 'ops';
      await go(`/d/${slug}`);
      await waitForWidget(page, slug === 'demo' ? 'net-table' : 'system-table');
    }
    // Back on "ops" after 20 navigations: no more listeners than the first time (a re-anchoring
    // tail briefly holds its predecessor until the successor answers, hence the one spare).
    expect(await settledCount()).toBeLessThanOrEqual(onOps + 1);
    expect(watch.added()).toBeGreaterThan(40);
    await go('/nowhere');
    await expect.poll(pageTargets, { timeout: 10_000 }).toEqual([]);
  });
});
