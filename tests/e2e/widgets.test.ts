import { join } from 'node:path';
import { Timestamp } from 'firebase-admin/firestore';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAM_ID } from '../../scripts/demo/demoData.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { createProducer } from '../../src/producer/createProducer.ts';
import { adminApp, adminDb, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearFirestore } from '../support/emulators.ts';
import { cardText, pollCard, RESULTS, signInOnDashboard, waitForRollup, waitForWidget } from './viewerHelpers.ts';

/**
 * What widgets show, on screen: units, labels and scaling per field, the
 * aggregation a stat card shows, time axes over the data with breaks at gaps,
 * the hover read-out, one time format, and charts updated in place.
 */

const VIEWER = DEMO_ACCOUNTS.find((a) => a.role === 'viewer')!;
/** The first series colour (SERIES_COLORS[0], #3b82f6), as canvas pixels. */
const FIRST_SERIES_RGB = [59, 130, 246] as const;
/** The records of "climate": every 5 s for 40 s, a 4-minute pause, then 40 s more, ending now. */
const CLIMATE_SECONDS_AGO = [...[320, 315, 310, 305, 300, 295, 290, 285, 280], ...[40, 35, 30, 25, 20, 15, 10, 5, 0]];

let browser: Browser;
let producer: ClientSession;
let appUrl: string;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  contexts.push(context);
  return context.newPage();
}

/** A public dashboard of the demo team on "system" and on "climate" (fields declared with units and labels, records with a gap). */
async function seedWidgetsDashboard(): Promise<void> {
  const db = adminDb();
  const now = Timestamp.now();
  const batch = db.batch();
  batch.set(db.doc('pipelines/climate'), {
    teamId: DEMO_TEAM_ID,
    name: 'Climate',
    fields: [
      { name: 'temp', type: 'number', unit: '°C', label: 'Temperature' },
      { name: 'humidity', type: 'number', unit: '%', label: 'Humidity' },
    ],
    public: true,
    createdAt: now,
    createdBy: 'demo-owner',
  });
  batch.set(db.doc('dashboards/widgets-dashboard'), {
    teamId: DEMO_TEAM_ID,
    slug: 'widgets',
    title: 'Widgets',
    isPublic: true,
    createdAt: now,
    updatedAt: now,
    createdBy: 'demo-owner',
  });
  batch.set(db.doc('slugs/widgets'), { dashboardId: 'widgets-dashboard', teamId: DEMO_TEAM_ID });
  const widgets: Record<string, { type: string; pipelineId: string; config: Record<string, unknown>; position: object }> = {
    // The unit "%" an editor prefills from the first field must not go to load1.
    'system-table': { type: 'table', pipelineId: 'system', config: { title: 'System', fields: ['cpuPercent', 'load1'], unit: '%', rows: 5 }, position: { x: 0, y: 0, w: 4, h: 4 } },
    'climate-lines': { type: 'line_chart', pipelineId: 'climate', config: { title: 'Climate', fields: ['temp', 'humidity'], unit: '°C' }, position: { x: 4, y: 0, w: 4, h: 4 } },
    'climate-table': { type: 'table', pipelineId: 'climate', config: { title: 'Raw', fields: ['temp', 'rxBytesPerSec'], unit: 'B/s', rows: 3 }, position: { x: 8, y: 0, w: 4, h: 4 } },
    'temp-line': { type: 'line_chart', pipelineId: 'climate', config: { title: 'Temperature', fields: ['temp'] }, position: { x: 0, y: 4, w: 12, h: 4 } },
    'temp-stat': { type: 'stat_card', pipelineId: 'climate', config: { title: 'Mean temperature', fields: ['temp'], aggregation: 'avg', decimals: 1 }, position: { x: 0, y: 8, w: 3, h: 2 } },
  };
  for (const [id, w] of Object.entries(widgets)) {
    batch.set(db.doc(`dashboards/widgets-dashboard/widgets/${id}`), { ...w, createdAt: now, updatedAt: now });
  }
  // Imported with past times, as trusted server code may; the rollup orders them by time.
  CLIMATE_SECONDS_AGO.forEach((ago, i) => {
    batch.set(db.doc(`pipelines/climate/records/c${String(i).padStart(2, '0')}`), {
      ts: Timestamp.fromMillis(now.toMillis() - ago * 1000),
      data: { temp: 21 + (i % 3) / 2, humidity: 40 + i, rxBytesPerSec: 28_749_000 },
      producer: 'demo-producer',
    });
  });
  await batch.commit();
  await waitForRollup('climate', (d) => d.humidity === 40 + CLIMATE_SECONDS_AGO.length - 1);
}

/** The x (canvas pixels) of every column of a widget's canvas holding a pixel of the first series' colour. */
async function firstSeriesColumns(page: Page, widgetId: string): Promise<{ width: number; columns: number[] }> {
  return page.$eval(
    `[data-widget-id="${widgetId}"] canvas`,
    (canvas, rgb) => {
      const c = canvas as HTMLCanvasElement;
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const columns: number[] = [];
      for (let x = 0; x < c.width; x++) {
        for (let y = 0; y < c.height; y++) {
          const i = (y * c.width + x) * 4;
          const close = [0, 1, 2].every((k) => Math.abs(pixels[i + k]! - rgb[k]!) < 40) && pixels[i + 3]! > 120;
          if (close) {
            columns.push(x);
            break;
          }
        }
      }
      return { width: c.width, columns };
    },
    FIRST_SERIES_RGB,
  );
}

beforeAll(async () => {
  appUrl = inject('appUrl');
  await clearFirestore();
  await seedDemo(adminApp());
  await seedWidgetsDashboard();
  producer = await clientSession(DEMO_ACCOUNTS.find((a) => a.role === 'producer')!.email, DEMO_PASSWORD);
  await createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'system' }).send({
    cpuPercent: 34,
    memUsedPercent: 57,
    load1: 1.63,
    load5: 0.7,
    load15: 0.9,
    eventLoopLagMs: 1.5,
  });
  await waitForRollup('system', (d) => d.load1 === 1.63);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await producer?.close();
  await closeAdmin();
});

describe('numbers', () => {
  test("each column in its field's unit and label: load1 is no percentage, bytes scale", async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/widgets`);
    await waitForWidget(page, 'system-table');
    const headers = await page.$$eval('[data-widget-id="system-table"] th', (ths) => ths.map((th) => th.textContent?.trim()));
    expect(headers).toEqual(['Time', 'CPU', 'Load (1 min)']);
    const cells = await page.$$eval('[data-widget-id="system-table"] tbody tr:first-child td', (tds) => tds.map((td) => td.textContent?.trim()));
    expect(cells.slice(1)).toEqual(['34%', '1.63']);
    await waitForWidget(page, 'climate-table');
    // A field the pipeline does not declare: a readable name, and the widget's unit, scaled.
    const climateHeaders = await page.$$eval('[data-widget-id="climate-table"] th', (ths) => ths.map((th) => th.textContent?.trim()));
    expect(climateHeaders).toEqual(['Time', 'Temperature', 'Rx bytes per sec']);
    expect(await cardText(page, 'climate-table')).toContain('28.7 MB/s');
    expect(await cardText(page, 'climate-table')).not.toContain('28,749,000');
  });

  test('a stat card says which aggregation it shows', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/widgets`);
    await waitForWidget(page, 'temp-stat');
    expect(await cardText(page, 'temp-stat')).toContain(`Average of the last ${CLIMATE_SECONDS_AGO.length} records`);
  });

  test('series of two units read from two axes, named by their labels', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/widgets`);
    await waitForWidget(page, 'climate-lines');
    const legend = await page.$$eval('[data-widget-id="climate-lines"] .legend li', (lis) => lis.map((li) => li.textContent?.trim()));
    expect(legend).toEqual(['Temperature (left axis)', 'Humidity (right axis)']);
  });
});

describe('time', () => {
  test('the time axis spans the data and a long pause is a break in the line', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/widgets`);
    await waitForWidget(page, 'temp-line');
    await page.waitForTimeout(500); // drawn on the next frame
    const { width, columns } = await firstSeriesColumns(page, 'temp-line');
    // The records fill the axis from its left to its right end: no empty width, nothing in the future.
    expect(Math.min(...columns)).toBeLessThan(width * 0.1);
    expect(Math.max(...columns)).toBeGreaterThan(width * 0.93);
    // The 4-minute pause spans the middle three quarters of the axis: no line is drawn across it.
    expect(columns.filter((x) => x > width * 0.3 && x < width * 0.7)).toEqual([]);
    await page.screenshot({ path: join(RESULTS, 'widgets-time-axis.png') });
  });

  test('hovering a chart shows the values at that point beside a crosshair', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/widgets`);
    await waitForWidget(page, 'temp-line');
    const box = (await page.locator('[data-widget-id="temp-line"] canvas').boundingBox())!;
    expect(await page.$('[data-widget-id="temp-line"] .chart-readout')).toBeNull();
    await page.mouse.move(box.x + box.width * 0.97, box.y + box.height / 2);
    const readout = page.locator('[data-widget-id="temp-line"] .chart-readout');
    await readout.waitFor({ timeout: 5_000 });
    expect(await readout.textContent()).toMatch(/^\d{1,2}:\d\d:\d\d [AP]M\s*Temperature\s*2[12](\.5)?°C$/);
    await page.screenshot({ path: join(RESULTS, 'widgets-hover.png') });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
    await expect.poll(() => page.$('[data-widget-id="temp-line"] .chart-readout')).toBeNull();
  });

  test("one time format, the browser's locale, on widgets and on the pipeline page", async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/ops`);
    await signInOnDashboard(page, VIEWER.email, DEMO_PASSWORD);
    await waitForWidget(page, 'system-table');
    const widgetTime = (await page.textContent('[data-widget-id="system-table"] tbody tr:first-child td:first-child'))?.trim() ?? '';
    expect(widgetTime).toMatch(/^\d{1,2}:\d\d:\d\d [AP]M$/); // en-US, as the browser's locale says
    await page.goto(`${appUrl}/p/system`);
    await expect.poll(() => page.textContent('table.records'), { timeout: 20_000 }).toContain(widgetTime);
  });
});

describe('charts', () => {
  test('a new record updates the chart in place: the same canvas and the same Chart.js chart', async () => {
    const page = await newPage();
    await page.goto(`${appUrl}/d/demo`);
    await waitForWidget(page, 'cpu-line');
    // Chart.js keeps its state for a canvas in `canvas.$chartjs` from creating a chart until destroying it.
    await page.evaluate(() => {
      const canvas = document.querySelector('[data-widget-id="cpu-line"] canvas') as HTMLCanvasElement & { $chartjs?: object };
      (window as unknown as { __chart: unknown }).__chart = { canvas, state: canvas.$chartjs };
    });
    const before = await page.getAttribute('[data-widget-id="cpu-line"] canvas', 'aria-label');
    await createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'system' }).send({ cpuPercent: 77, memUsedPercent: 58 });
    await expect.poll(() => page.getAttribute('[data-widget-id="cpu-line"] canvas', 'aria-label'), { timeout: 40_000 }).toContain('CPU 77%');
    expect(before).not.toContain('CPU 77%');
    const same = await page.evaluate(() => {
      const kept = (window as unknown as { __chart: { canvas: Element; state: unknown } }).__chart;
      const canvas = document.querySelector('[data-widget-id="cpu-line"] canvas') as HTMLCanvasElement & { $chartjs?: object };
      return { canvas: kept.canvas === canvas, chart: kept.state !== undefined && kept.state === canvas.$chartjs };
    });
    expect(same).toEqual({ canvas: true, chart: true });
    await pollCard(page, 'cpu-stat').toContain('77.0%');
  });
});
