import { readFile } from 'node:fs/promises';
import { Timestamp } from 'firebase-admin/firestore';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { bucketKey, historyDocId, spanStartMs } from '../../contract/index.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAM_ID } from '../../scripts/demo/demoData.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { createProducer } from '../../src/producer/createProducer.ts';
import { adminApp, adminDb, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearFirestore } from '../support/emulators.ts';
import { RESULTS, waitForWidget } from './viewerHelpers.ts';

const MIN = 60_000;
/** Seeded minutes: 1..150 minutes ago, none 20..24 minutes ago (a gap); temp 20 + (i % 10), three records each. */
const OLDEST = 150;
const SEEDED = Array.from({ length: OLDEST }, (_, i) => i + 1).filter((i) => i < 20 || i > 24);
const tempOf = (i: number) => 20 + (i % 10);

let browser: Browser;
let producer: ClientSession;
let appUrl: string;
let seededAt: number;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true });
  contexts.push(context);
  return context.newPage();
}

/** A public dashboard on pipeline `hist`, whose history is written here (no record goes through the functions). */
async function seedHistory(): Promise<void> {
  const db = adminDb();
  const now = Timestamp.now();
  seededAt = Date.now();
  const batch = db.batch();
  batch.set(db.doc('pipelines/hist'), { teamId: DEMO_TEAM_ID, name: 'hist', public: true, createdAt: now, createdBy: 'demo-owner' });
  // A window, so that the widgets have a pipeline with data: one record in the current minute, which no seeded one is.
  const windowTs = Timestamp.fromMillis(Math.floor(seededAt / MIN) * MIN);
  batch.set(db.doc('pipelines/hist/rollups/last100'), {
    records: [{ id: 'w1', ts: windowTs, data: { temp: 20 } }],
    count: 1,
    lastTs: windowTs,
    updatedAt: now,
  });
  const docs = new Map<string, { start: number; buckets: Record<string, unknown> }>();
  for (const i of SEEDED) {
    const ms = Math.floor((seededAt - i * MIN) / MIN) * MIN;
    const id = historyDocId('minute', ms);
    const entry = docs.get(id) ?? { start: spanStartMs('minute', ms), buckets: {} };
    const v = tempOf(i);
    entry.buckets[bucketKey('minute', ms)] = { n: 3, fields: { temp: { n: 3, sum: 3 * v, min: v - 1, max: v + 1, first: v - 1, last: v + 1 } } };
    docs.set(id, entry);
  }
  for (const [id, d] of docs) {
    batch.set(db.doc(`pipelines/hist/history/${id}`), { resolution: 'minute', start: Timestamp.fromMillis(d.start), buckets: d.buckets, updatedAt: now });
  }
  batch.set(db.doc('dashboards/history-dashboard'), { teamId: DEMO_TEAM_ID, slug: 'history', title: 'History', isPublic: true, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
  batch.set(db.doc('slugs/history'), { dashboardId: 'history-dashboard', teamId: DEMO_TEAM_ID });
  const widgets = {
    'temp-line': { type: 'line_chart', config: { title: 'Temperature', fields: ['temp'] } },
    'temp-stat': { type: 'stat_card', config: { title: 'Max temperature', fields: ['temp'], aggregation: 'max' } },
    'temp-table': { type: 'table', config: { title: 'Temperature table', fields: ['temp'] } },
    'temp-live': { type: 'stat_card', config: { title: 'Always live', fields: ['temp'], range: 'live' } },
  };
  Object.entries(widgets).forEach(([id, w], i) =>
    batch.set(db.doc(`dashboards/history-dashboard/widgets/${id}`), { ...w, pipelineId: 'hist', position: { x: (i % 2) * 6, y: Math.floor(i / 2) * 4, w: 6, h: 4 }, createdAt: now, updatedAt: now }),
  );
  await batch.commit();
}

const ariaOf = (page: Page, id: string) => page.getAttribute(`[data-widget-id="${id}"] canvas`, 'aria-label');

beforeAll(async () => {
  appUrl = inject('appUrl');
  await clearFirestore();
  await seedDemo(adminApp());
  await seedHistory();
  producer = await clientSession(DEMO_ACCOUNTS.find((a) => a.role === 'producer')!.email, DEMO_PASSWORD);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await producer?.close();
  await closeAdmin();
});

describe('time ranges, signed out on a public dashboard', () => {
  test('picking a range puts it in the URL and draws the range; a widget with its own range keeps it', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/history`);
    await waitForWidget(page, 'temp-live');
    await page.selectOption('#dashboard-range', '1h');
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('1h');
    await waitForWidget(page, 'temp-line');
    // 1..59 minutes ago less the 5-minute gap, and the minute of the window's record
    await expect.poll(() => ariaOf(page, 'temp-line')).toMatch(/^Temperature, \d+ minute buckets from /);
    const buckets = Number(/(\d+) minute buckets/.exec((await ariaOf(page, 'temp-line'))!)![1]);
    expect(buckets).toBeGreaterThanOrEqual(53);
    expect(buckets).toBeLessThanOrEqual(56);
    expect(await page.textContent('[data-widget-id="temp-stat"]')).toContain('Maximum over 60 min');
    expect(await page.textContent('[data-widget-id="temp-stat"] .stat-value')).toBe('30');
    expect(await page.textContent('[data-widget-id="temp-live"]')).toContain('Latest value');
    // Quick keys: ] is the next longer range, Esc is Live again
    await page.keyboard.press(']');
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('6h');
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBeNull();
    await page.screenshot({ path: `${RESULTS}/history-1h.png` });
  });

  test('drag to zoom sets an absolute range in the URL; Reset zoom returns', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/history?range=1h`);
    await waitForWidget(page, 'temp-line');
    const box = (await page.$('[data-widget-id="temp-line"] canvas'))!.boundingBox();
    const { x, y, width, height } = (await box)!;
    await page.mouse.move(x + width * 0.3, y + height / 2);
    await page.mouse.down();
    await page.mouse.move(x + width * 0.5, y + height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).not.toBeNull();
    const url = new URL(page.url());
    const length = Date.parse(url.searchParams.get('to')!) - Date.parse(url.searchParams.get('from')!);
    expect(length).toBeGreaterThan(5 * MIN);
    expect(length).toBeLessThan(25 * MIN);
    await waitForWidget(page, 'temp-line');
    await page.click('[data-testid="reset-zoom"]');
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('1h');
  });

  test('Download CSV gives the buckets the widget shows, with every aggregate', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/history?range=6h`);
    await waitForWidget(page, 'temp-table');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-widget-id="temp-table"] button[title="Download CSV"]')]);
    expect(download.suggestedFilename()).toBe('history_temperature-table_6h.csv');
    const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe('start,n,temp.n,temp.sum,temp.min,temp.max,temp.first,temp.last,temp.mean');
    const oldest = Math.floor((seededAt - OLDEST * MIN) / MIN) * MIN;
    const v = tempOf(OLDEST);
    expect(lines[1]).toBe(`${new Date(oldest).toISOString()},3,3,${3 * v},${v - 1},${v + 1},${v - 1},${v + 1},${v}`);
    // every seeded minute, and the window's record (its own minute)
    expect(lines.length - 1).toBe(SEEDED.length + 1);
  });

  test('a table of a long range has only the rows in view in the page; scrolled to its end, it shows the oldest bucket', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/history?range=6h`);
    await waitForWidget(page, 'temp-table');
    const table = '[data-widget-id="temp-table"]';
    const rendered = () => page.$$eval(`${table} tbody tr[data-row]`, (rows) => rows.length);
    // every seeded minute and the window's, and the header row
    expect(await page.getAttribute(`${table} table`, 'aria-rowcount')).toBe(String(SEEDED.length + 2));
    await expect.poll(rendered).toBeLessThan(60);
    const oldest = new Date(Math.floor((seededAt - OLDEST * MIN) / MIN) * MIN).toISOString();
    await page.$eval(`${table} .table-wrap`, (el) => el.scrollTo(0, el.scrollHeight));
    const lastShown = () => page.$$eval(`${table} tbody tr[data-row] time`, (times) => times.at(-1)?.getAttribute('datetime'));
    await expect.poll(lastShown).toBe(oldest);
    expect(await rendered()).toBeLessThan(60);
  });

  test('a record written now appears on a 1 h chart', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/demo?range=1h`);
    // No record on the pipeline yet
    await expect.poll(() => page.textContent('[data-widget-id="cpu-line"]'), { timeout: 20_000 }).toContain('No data in this range');
    await createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'system' }).send({ cpuPercent: 77, memUsedPercent: 55, load1: 1, load5: 1, load15: 1, eventLoopLagMs: 1 });
    await expect.poll(() => ariaOf(page, 'cpu-line'), { timeout: 30_000 }).toMatch(/Latest mean: CPU 77%, Memory used 55%\.$/);
    expect(await page.isVisible('[data-testid="range-picker"]')).toBe(true);
  });
});

describe('offline', () => {
  test('a range opened before shows after an offline reload; a range never opened says so', async () => {
    const page = await newPage();
    // An absolute range: a relative one would move on by a minute across the reload.
    const range = `from=${new Date(seededAt - 60 * MIN).toISOString()}&to=${new Date(seededAt + MIN).toISOString()}`;
    await page.goto(`${appUrl}/d/history?${range}`);
    await waitForWidget(page, 'temp-line');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const before = await ariaOf(page, 'temp-line');
    await page.context().setOffline(true);
    await page.reload();
    await waitForWidget(page, 'temp-line', 30_000);
    expect(await ariaOf(page, 'temp-line')).toBe(before);
    await page.waitForSelector('[data-testid="offline-banner"]');
    await page.selectOption('#dashboard-range', '7d');
    await expect
      .poll(() => page.textContent('[data-widget-id="temp-line"]'), { timeout: 20_000 })
      .toContain('This range is not available offline');
    await page.context().setOffline(false);
  });
});
