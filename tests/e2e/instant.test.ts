import { Timestamp } from 'firebase-admin/firestore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAM_ID } from '../../scripts/demo/demoData.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { createProducer } from '../../src/producer/createProducer.ts';
import { adminApp, adminDb, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearFirestore } from '../support/emulators.ts';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { cardText, pollCard, signInOnDashboard, waitForRollup, waitForWidget } from './viewerHelpers.ts';

const VIEWER = DEMO_ACCOUNTS.find((a) => a.role === 'viewer')!;
/** Long flush buckets, so a record written early in one stays out of the window for many seconds. */
const FLUSH_SECONDS = 20;
const PIPELINES = { instant: 'inst', economy: 'econ', auto: 'autop' } as const;

let browser: Browser;
let producer: ClientSession;
let page: Page;

function windowRecord(id: string, tsMs: number, marker: string) {
  return { id, ts: Timestamp.fromMillis(tsMs), data: { marker } };
}

/** A window written by hand: `n` records `gapMs` apart, ending now. */
async function writeWindow(pipelineId: string, n: number, gapMs: number, prefix: string): Promise<void> {
  const now = Date.now();
  const records = Array.from({ length: n }, (_, i) => windowRecord(`${prefix}${String(i).padStart(3, '0')}`, now - (n - 1 - i) * gapMs, `${prefix}${i}`));
  await adminDb().doc(`pipelines/${pipelineId}/rollups/last100`).set({ records, count: n, lastTs: records.at(-1)!.ts, updatedAt: Timestamp.now() });
}

async function rollupMarkers(pipelineId: string): Promise<string[]> {
  const records = ((await adminDb().doc(`pipelines/${pipelineId}/rollups/last100`).get()).get('records') ?? []) as { data: { marker?: string } }[];
  return records.map((r) => String(r.data.marker));
}

function modeOf(widgetId: string): Promise<string | null> {
  return page.getAttribute(`[data-widget-id="${widgetId}"] .freshness`, 'data-mode');
}

async function seed(): Promise<void> {
  const db = adminDb();
  const now = Timestamp.now();
  const batch = db.batch();
  for (const [live, id] of Object.entries(PIPELINES)) {
    batch.set(db.doc(`pipelines/${id}`), { teamId: DEMO_TEAM_ID, name: id, public: false, createdAt: now, createdBy: 'demo-owner', live, flushSeconds: FLUSH_SECONDS });
  }
  batch.set(db.doc('dashboards/instant-dash'), { teamId: DEMO_TEAM_ID, slug: 'instant', title: 'Instant', isPublic: false, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
  batch.set(db.doc('slugs/instant'), { dashboardId: 'instant-dash', teamId: DEMO_TEAM_ID });
  Object.values(PIPELINES).forEach((id, i) => {
    batch.set(db.doc(`dashboards/instant-dash/widgets/${id}-table`), {
      type: 'table',
      pipelineId: id,
      config: { title: id, fields: ['marker'], rows: 100 },
      position: { x: i * 4, y: 0, w: 4, h: 6 },
      createdAt: now,
      updatedAt: now,
    });
  });
  await batch.commit();
  // Slow pipelines (one record a minute): auto starts in instant.
  for (const id of Object.values(PIPELINES)) await writeWindow(id, 3, 60_000, `${id}-old`);
}

/** Waits until a flush bucket has just begun, so a record written now waits most of a bucket for the window. */
async function startOfBucket(): Promise<void> {
  const bucketMs = FLUSH_SECONDS * 1000;
  while (Date.now() % bucketMs > 2000 || Date.now() % bucketMs < 300) await new Promise((r) => setTimeout(r, 100));
}

beforeAll(async () => {
  const appUrl = inject('appUrl');
  await clearFirestore();
  await seedDemo(adminApp());
  await seed();
  producer = await clientSession(DEMO_ACCOUNTS.find((a) => a.role === 'producer')!.email, DEMO_PASSWORD);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  page = await context.newPage();
  await page.goto(`${appUrl}/d/instant`);
  await signInOnDashboard(page, VIEWER.email, DEMO_PASSWORD);
  for (const id of Object.values(PIPELINES)) await waitForWidget(page, `${id}-table`);
});

afterAll(async () => {
  await browser?.close();
  await producer?.close();
  await closeAdmin();
});

describe('instant mode', () => {
  test('the freshness badge says the mode', async () => {
    await expect.poll(() => modeOf('inst-table')).toBe('instant');
    await expect.poll(() => modeOf('econ-table')).toBe('economy');
    await expect.poll(() => modeOf('autop-table')).toBe('instant');
    expect(await page.textContent('[data-widget-id="inst-table"] .freshness')).toContain('instant');
  });

  test('instant shows a record before the window holds it; economy only once the window does', async () => {
    await startOfBucket();
    const marker = `m${Date.now()}`;
    await Promise.all(
      [PIPELINES.instant, PIPELINES.economy].map((pipelineId) => createProducer({ app: producer.app, firestore: producer.db, pipelineId }).send({ marker })),
    );
    await pollCard(page, 'inst-table', 8_000).toContain(marker);
    // On screen, while neither window has it yet (their bucket ends more than 10 s later).
    expect(await rollupMarkers(PIPELINES.instant)).not.toContain(marker);
    expect(await rollupMarkers(PIPELINES.economy)).not.toContain(marker);
    expect(await cardText(page, 'econ-table')).not.toContain(marker);
    await waitForRollup(PIPELINES.economy, (d) => d.marker === marker, 40_000);
    await pollCard(page, 'econ-table', 10_000).toContain(marker);
    // The instant window caught up too: the record is shown once.
    await waitForRollup(PIPELINES.instant, (d) => d.marker === marker, 40_000);
    const rowsWith = (widgetId: string) =>
      page.$$eval(`[data-widget-id="${widgetId}"] tbody tr`, (trs, m) => trs.filter((tr) => tr.textContent?.includes(m)).length, marker);
    expect(await rowsWith('econ-table')).toBe(1);
    await expect.poll(() => rowsWith('inst-table'), { timeout: 10_000 }).toBe(1);
  });

  test('auto turns economy when the rate rises above 2 records/s, and instant again when it falls', async () => {
    expect(await modeOf('autop-table')).toBe('instant');
    await writeWindow(PIPELINES.auto, 60, 333, 'busy'); // 3 records/s: above the threshold, no burst
    await expect.poll(() => modeOf('autop-table'), { timeout: 10_000 }).toBe('economy');
    await writeWindow(PIPELINES.auto, 5, 60_000, 'calm');
    await expect.poll(() => modeOf('autop-table'), { timeout: 10_000 }).toBe('instant');
  });
});
