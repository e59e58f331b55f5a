/**
 * What the viewer shows while it loads is true (issue 14): no "Offline" while
 * online, no "no widgets yet" before the widgets; a widget on another team's
 * pipeline reads as deleted; user-typed titles never widen the page.
 */
import { Timestamp } from 'firebase-admin/firestore';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_DASHBOARDS, DEMO_PASSWORD, DEMO_TEAM_ID } from '../../scripts/demo/demoData.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { createProducer } from '../../src/producer/createProducer.ts';
import { adminApp, adminDb, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearFirestore } from '../support/emulators.ts';
import { cardText, sendGreenhouse, waitForRollup, waitForWidget } from './viewerHelpers.ts';

const DEMO = DEMO_DASHBOARDS.find((d) => d.slug === 'demo')!;
const LONG = 'W'.repeat(120);

let browser: Browser;
let producer: ClientSession;
let appUrl: string;
const contexts: BrowserContext[] = [];

async function newContext(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC' });
  contexts.push(context);
  return context;
}

/**
 * Notes, from the page's first script on and across reloads, every moment the
 * page showed one of `selectors` (or a text of `texts`): in `sessionStorage`, so that a reload keeps it.
 */
async function recordSightings(context: BrowserContext, selectors: string[], texts: string[]): Promise<void> {
  await context.addInitScript(
    ([sels, txts]) => {
      const note = (what: string) => {
        const seen = JSON.parse(sessionStorage.getItem('__seen') ?? '[]') as string[];
        if (!seen.includes(what)) sessionStorage.setItem('__seen', JSON.stringify([...seen, what]));
      };
      const check = () => {
        for (const s of sels) if (document.querySelector(s)) note(s);
        const body = document.body?.innerText ?? '';
        for (const t of txts) if (body.includes(t)) note(t);
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    },
    [selectors, texts] as const,
  );
}

const sightings = (page: Page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('__seen') ?? '[]') as string[]);

beforeAll(async () => {
  appUrl = inject('appUrl');
  await clearFirestore();
  await seedDemo(adminApp());
  producer = await clientSession(DEMO_ACCOUNTS.find((a) => a.role === 'producer')!.email, DEMO_PASSWORD);
  const system = createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'system' });
  const network = createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'network' });
  // The greenhouse beside the others, so that every card's newest record is about as old.
  const greenhouse = sendGreenhouse(producer.app, producer.db);
  await system.send({ cpuPercent: 21, memUsedPercent: 50, load1: 1, load5: 1, load15: 1, eventLoopLagMs: 1 });
  await network.send({ rxBytesPerSec: 1000, txBytesPerSec: 2000 });
  await waitForRollup('system', (d) => d.cpuPercent === 21);
  await waitForRollup('network', (d) => d.rxBytesPerSec === 1000);
  await greenhouse;
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await producer?.close();
  await closeAdmin();
});

describe('loading, online', () => {
  test('a reload answered first from the cache shows no "Offline" banner or badge', async () => {
    const context = await newContext();
    await recordSightings(context, ['[data-testid="offline-banner"]', '.freshness[data-state="offline"]'], []);
    const page = await context.newPage();
    await page.goto(`${appUrl}/d/demo`);
    for (const w of DEMO.widgets) await waitForWidget(page, w.id);
    await page.evaluate(() => navigator.serviceWorker.ready);
    // The second load answers from this device's cache first, then from the server.
    await page.reload();
    for (const w of DEMO.widgets) await waitForWidget(page, w.id);
    await expect.poll(() => page.$$eval('.freshness[data-state="live"], .freshness[data-state="stale"]', (els) => els.length), { timeout: 20_000 }).toBe(DEMO.widgets.length);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await sightings(page)).toEqual([]);
  });

  test('a first-time visitor never sees "no widgets yet" before the widgets', async () => {
    const context = await newContext();
    await recordSightings(context, [], ['This dashboard has no widgets yet.']);
    const page = await context.newPage();
    await page.goto(`${appUrl}/d/demo`);
    for (const w of DEMO.widgets) await waitForWidget(page, w.id);
    expect(await sightings(page)).toEqual([]);
  });

  test('a dashboard without widgets does say so', async () => {
    const now = Timestamp.now();
    const db = adminDb();
    await db.doc('dashboards/empty-dashboard').set({ teamId: DEMO_TEAM_ID, slug: 'empty', title: 'Empty', isPublic: true, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
    await db.doc('slugs/empty').set({ dashboardId: 'empty-dashboard', teamId: DEMO_TEAM_ID });
    const page = await (await newContext()).newPage();
    await page.goto(`${appUrl}/d/empty`);
    await page.waitForSelector('text=This dashboard has no widgets yet.', { timeout: 20_000 });
  });
});

describe('edges', () => {
  beforeAll(async () => {
    const now = Timestamp.now();
    const db = adminDb();
    const batch = db.batch();
    // A pipeline id that another team holds, with a window a public viewer may read.
    batch.set(db.doc('teams/another-team'), { name: 'Another team', createdAt: now, createdBy: 'someone' });
    batch.set(db.doc('pipelines/foreign'), { teamId: 'another-team', name: 'Foreign', public: true, createdAt: now, createdBy: 'someone' });
    batch.set(db.doc('pipelines/foreign/rollups/last100'), { records: [{ id: 'f1', ts: now, data: { temp: 99 } }], count: 1, lastTs: now, updatedAt: now });
    batch.set(db.doc('dashboards/long-dashboard'), { teamId: DEMO_TEAM_ID, slug: 'long', title: LONG, description: LONG, isPublic: true, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
    batch.set(db.doc('slugs/long'), { dashboardId: 'long-dashboard', teamId: DEMO_TEAM_ID });
    const widgets = {
      'long-stat': { type: 'stat_card', pipelineId: 'system', config: { title: LONG, fields: ['cpuPercent'] }, position: { x: 0, y: 0, w: 3, h: 2 } },
      'long-table': { type: 'table', pipelineId: 'network', config: { title: LONG, fields: ['rxBytesPerSec'] }, position: { x: 3, y: 0, w: 9, h: 3 } },
      'foreign-stat': { type: 'stat_card', pipelineId: 'foreign', config: { title: 'Foreign', fields: ['temp'] }, position: { x: 0, y: 3, w: 4, h: 2 } },
    };
    for (const [id, w] of Object.entries(widgets)) batch.set(db.doc(`dashboards/long-dashboard/widgets/${id}`), { ...w, createdAt: now, updatedAt: now });
    await batch.commit();
  });

  test("a widget on another team's pipeline reads as deleted, and shows none of its data", async () => {
    const page = await (await newContext()).newPage();
    await page.goto(`${appUrl}/d/long`);
    await waitForWidget(page, 'long-stat');
    await expect.poll(() => cardText(page, 'foreign-stat'), { timeout: 20_000 }).toContain('Pipeline deleted');
    expect(await cardText(page, 'foreign-stat')).not.toContain('99');
  });

  test.each([
    ['a phone', { width: 390, height: 844 }],
    ['a desktop', { width: 1440, height: 900 }],
  ])('120-character titles without spaces stay inside %s', async (_name, viewport) => {
    const page = await (await newContext(viewport)).newPage();
    await page.goto(`${appUrl}/d/long`);
    await waitForWidget(page, 'long-stat');
    await waitForWidget(page, 'long-table');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
  });
});
