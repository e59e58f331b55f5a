import { join } from 'node:path';
import { Timestamp } from 'firebase-admin/firestore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, onTestFailed, test } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { adminDb, closeAdmin } from '../support/admin.ts';
import { clearAuth, clearFirestore } from '../support/emulators.ts';
import { createAccount, eventually, signIn } from './authoringHelpers.ts';

/**
 * The editor's layout and forms, in Chromium at a 1440x900 desktop and a
 * 390x844 phone (issue 14): nothing typed overflows, new widgets find the
 * first free place at a size that shows them whole, undo names what it takes
 * back, and every refusal says what to do.
 */
const OWNER = 'layout-owner@plant.test';
const TEAM = 'layout-team';
const PIPELINE = 'layout-pipeline';
const LONG_TITLE = 'W'.repeat(120);

let appUrl: string;
let browser: Browser;
let desk: Page;

const widgetsOf = async (dashboardId: string) =>
  (await adminDb().collection(`dashboards/${dashboardId}/widgets`).get()).docs.map((d) => ({ id: d.id, ...(d.data() as { type: string; position: Record<string, number> }) }));

/** How wide the page is laid out: no wider than its window unless something on it pushes it sideways. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** The widget cards whose content is taller than the card (cut off), with how much, by type; 1 px of rounding allowed. */
const cutOff = (page: Page) =>
  page.locator('.editor-widget .widget-card').evaluateAll((cards) =>
    cards.flatMap((c) => (c.scrollHeight - c.clientHeight > 1 ? [`${c.getAttribute('data-widget-type')}: ${c.scrollHeight - c.clientHeight} px`] : [])),
  );

async function seedDashboard(id: string, slug: string, title: string): Promise<void> {
  const now = Timestamp.now();
  const batch = adminDb().batch();
  batch.set(adminDb().doc(`dashboards/${id}`), { teamId: TEAM, slug, title, isPublic: false, createdAt: now, updatedAt: now, createdBy: 'seed' });
  batch.set(adminDb().doc(`slugs/${slug}`), { dashboardId: id, teamId: TEAM });
  await batch.commit();
}

async function openAs(viewport: { width: number; height: number }, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(appUrl);
  await signIn(page, OWNER);
  await page.goto(`${appUrl}${path}`);
  return page;
}

async function addWidget(page: Page, type: string): Promise<void> {
  const before = await page.locator('.editor-widget').count();
  await page.selectOption('select[name=new-widget-type]', type);
  await page.selectOption('select[name=new-widget-pipeline]', PIPELINE);
  await page.getByRole('button', { name: 'Add widget', exact: true }).click();
  await expect.poll(() => page.locator('.editor-widget').count()).toBe(before + 1);
}

beforeAll(async () => {
  appUrl = inject('appUrl');
  await Promise.all([clearFirestore(), clearAuth()]);
  const uid = await createAccount(OWNER);
  const db = adminDb();
  const now = Timestamp.now();
  await db.doc(`teams/${TEAM}`).set({ name: 'Layout', createdAt: now, createdBy: uid });
  await db.doc(`teams/${TEAM}/members/${uid}`).set({ role: 'owner', uid, email: OWNER, addedAt: now });
  const fields = [
    { name: 'temp', type: 'number', unit: '°C' },
    { name: 'state', type: 'string' },
  ];
  await db.doc(`pipelines/${PIPELINE}`).set({ teamId: TEAM, name: 'Boiler', public: false, fields, live: 'economy', createdAt: now, createdBy: uid });
  const records = Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, ts: Timestamp.fromMillis(Date.now() - (30 - i) * 2000), data: { temp: 20 + (i % 7), state: 'on' } }));
  await db.doc(`pipelines/${PIPELINE}/rollups/last100`).set({ records, count: records.length, lastTs: records[records.length - 1]!.ts, updatedAt: now });
  await seedDashboard('layout-dash', 'layout', 'Layout');
  await seedDashboard('long-dash', 'long-title', LONG_TITLE);
  browser = await launchChromium();
  desk = await openAs({ width: 1440, height: 900 }, '/d/layout/edit');
});

afterAll(async () => {
  await browser?.close();
  await closeAdmin();
});

function screenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    const pages = browser.contexts().flatMap((c) => c.pages());
    await Promise.all(pages.map((p, i) => p.screenshot({ path: join(ROOT, 'test-results', `editor-${name}-${i}.png`), fullPage: true }).catch(() => undefined)));
  });
}

describe('editor layout and forms', () => {
  test('new widgets take the first free place at a size per type that shows them whole; "Close the gaps" compacts', async () => {
    screenshotOnFailure('placement');
    for (const type of ['stat_card', 'line_chart', 'table', 'gauge']) await addWidget(desk, type);
    const widgets = await eventually(() => widgetsOf('layout-dash'), (w) => w.length === 4);
    const at = (type: string) => widgets.find((w) => w.type === type)!.position;
    expect(at('stat_card')).toEqual({ x: 0, y: 0, w: 3, h: 2 });
    expect(at('line_chart')).toEqual({ x: 3, y: 0, w: 6, h: 4 });
    expect(at('table')).toEqual({ x: 0, y: 4, w: 6, h: 4 });
    // The gap right of the line chart is filled, not left empty.
    expect(at('gauge')).toEqual({ x: 9, y: 0, w: 3, h: 3 });

    // The line chart shows its x axis: its canvas ends inside its card, nothing is cut off.
    const line = desk.locator(`.editor-widget[data-widget-id="${widgets.find((w) => w.type === 'line_chart')!.id}"]`);
    await line.locator('canvas').waitFor();
    const clipped = await line.evaluate((box) => {
      const card = box.querySelector('.widget-card')!;
      const canvas = box.querySelector('canvas')!.getBoundingClientRect();
      return { canvasBottom: canvas.bottom, cardBottom: card.getBoundingClientRect().bottom, overflow: card.scrollHeight - card.clientHeight };
    });
    expect(clipped.canvasBottom).toBeLessThanOrEqual(clipped.cardBottom);
    expect(clipped.overflow).toBeLessThanOrEqual(1);
    expect(await cutOff(desk)).toEqual([]);

    // Deleting the line chart leaves a gap above the table; one click closes it, as one undo step.
    const table = widgets.find((w) => w.type === 'table')!.id;
    await line.getByRole('button', { name: /^Delete/ }).click();
    await eventually(() => widgetsOf('layout-dash'), (w) => w.length === 3);
    await desk.getByTestId('compact').click();
    await eventually(async () => (await widgetsOf('layout-dash')).find((w) => w.id === table)!.position, (p) => p.y === 2);
    await expect.poll(async () => (await desk.getByTestId('undo').textContent())?.trim()).toBe('Undo: Compact layout');
  });

  test('undo after a resize with the mouse says "Resize widget"', async () => {
    screenshotOnFailure('resize');
    const stat = (await widgetsOf('layout-dash')).find((w) => w.type === 'stat_card')!;
    const handle = desk.locator(`.vgl-item:has(.editor-widget[data-widget-id="${stat.id}"]) .vgl-item__resizer`);
    const box = (await handle.boundingBox())!;
    await desk.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await desk.mouse.down();
    await desk.mouse.move(box.x + 60, box.y + 80, { steps: 10 });
    await desk.mouse.move(box.x + 120, box.y + 150, { steps: 10 });
    await desk.mouse.up();
    await eventually(async () => (await widgetsOf('layout-dash')).find((w) => w.id === stat.id)!.position, (p) => p.w > 3 || p.h > 2);
    await expect.poll(async () => (await desk.getByTestId('undo').textContent())?.trim()).toBe('Undo: Resize widget');
  });

  test('a threshold on a stat card and a 120-character title without spaces stay inside their boxes', async () => {
    screenshotOnFailure('overflow');
    const stat = (await widgetsOf('layout-dash')).find((w) => w.type === 'stat_card')!;
    await desk.locator(`.editor-widget[data-widget-id="${stat.id}"]`).getByRole('button', { name: /^Options/ }).click();
    await desk.getByRole('button', { name: 'Add threshold' }).click();
    await desk.getByRole('button', { name: 'Add threshold' }).click();
    await desk.locator('.widget-options #option-title').fill(LONG_TITLE);
    await expect.poll(() => desk.locator('.threshold').count()).toBe(2);
    expect(await pageWidth(desk)).toBeLessThanOrEqual(1440);

    await desk.goto(`${appUrl}/d/long-title/edit`);
    await desk.getByRole('heading', { name: `Editing “${LONG_TITLE}”` }).waitFor();
    await desk.getByRole('button', { name: 'Delete dashboard…' }).click();
    expect(await pageWidth(desk)).toBeLessThanOrEqual(1440);
    await desk.goto(`${appUrl}/t/${TEAM}`);
    await desk.locator('[data-slug="long-title"]').waitFor();
    expect(await pageWidth(desk)).toBeLessThanOrEqual(1440);
  });

  test('on a 390 px phone the editor shows full-width widgets one under another, and says how to arrange them', async () => {
    screenshotOnFailure('phone');
    const phone = await openAs({ width: 390, height: 844 }, '/d/layout/edit');
    await phone.getByTestId('phone-note').waitFor();
    const stored = (await widgetsOf('layout-dash')).length;
    await expect.poll(() => phone.locator('.editor-widget').count()).toBe(stored);
    for (const w of await phone.locator('.editor-widget').all()) {
      expect((await w.boundingBox())!.width).toBeGreaterThan(330);
    }
    // Values are not clipped: each card shows all it has.
    expect(await cutOff(phone)).toEqual([]);
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await phone.goto(`${appUrl}/d/long-title/edit`);
    await phone.getByRole('heading', { name: `Editing “${LONG_TITLE}”` }).waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await phone.context().close();
  });

  test('a title in Chinese suggests a placeholder address and asks for a readable one; ASCII parts are kept', async () => {
    screenshotOnFailure('slug');
    await desk.goto(`${appUrl}/t/${TEAM}`);
    const form = desk.locator('form[aria-label="New dashboard"]');
    await form.locator('input[name=dashboard-title]').fill('东京工厂');
    expect(await form.locator('input[name=dashboard-slug]').inputValue()).toMatch(/^dash-[a-z2-9]{4}$/);
    await expect.poll(() => desk.getByTestId('slug-placeholder').textContent()).toContain('choose an address people can read');
    await form.locator('input[name=dashboard-title]').fill('东京工厂 Line 3');
    expect(await form.locator('input[name=dashboard-slug]').inputValue()).toBe('line-3');
    expect(await desk.getByTestId('slug-placeholder').count()).toBe(0);
  });

  test('a JSON file that is not a Dash export is told what a Dash export is', async () => {
    screenshotOnFailure('import');
    await desk.goto(`${appUrl}/t/${TEAM}`);
    await desk.getByText('Import a dashboard from a file').click();
    const file = { name: 'package.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "my-app", "dependencies": {}}') };
    await desk.locator('input[name=import-file]').setInputFiles(file);
    await expect
      .poll(() => desk.locator('.dashboard-import [role=alert]').textContent())
      .toContain('This is not a Dash dashboard export (expected a JSON file exported from Dash, with "version": 1');
  });

  test('a change the rules would refuse names the reason: the widget reads a pipeline the team no longer has', async () => {
    screenshotOnFailure('refused');
    const now = Timestamp.now();
    await adminDb().doc('pipelines/doomed').set({ teamId: TEAM, name: 'Doomed', public: false, createdAt: now, createdBy: 'seed' });
    await adminDb().doc('dashboards/layout-dash/widgets/on-doomed').set({
      type: 'stat_card',
      pipelineId: 'doomed',
      config: { title: 'Doomed', fields: ['temp'] },
      position: { x: 6, y: 8, w: 3, h: 2 },
      createdAt: now,
      updatedAt: now,
    });
    await desk.goto(`${appUrl}/d/layout/edit`);
    const doomed = desk.locator('.editor-widget[data-widget-id="on-doomed"]');
    await doomed.waitFor();
    await adminDb().doc('pipelines/doomed').delete();
    await expect.poll(() => desk.locator('select[name=new-widget-pipeline] option').count()).toBe(1);
    await doomed.focus();
    await desk.keyboard.press('ArrowRight');
    await expect
      .poll(() => desk.getByTestId('editor-error').textContent())
      .toBe('Not saved: The pipeline of “Doomed” no longer exists in this team: choose another pipeline in its options, or delete the widget.');
    expect((await adminDb().doc('dashboards/layout-dash/widgets/on-doomed').get()).get('position')).toEqual({ x: 6, y: 8, w: 3, h: 2 });
  });
});
