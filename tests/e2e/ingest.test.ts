/**
 * Ingest tokens in the app (issue 18): an editor makes a token on the
 * pipeline page, the curl snippet shown with it is run (by this test, as a
 * device would), the record shows on a dashboard, and once the token is
 * revoked (past the warning: it was just used) the next POST is refused.
 */
import { Timestamp } from 'firebase-admin/firestore';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAM_ID } from '../../scripts/demo/demoData.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { adminApp, adminDb, closeAdmin } from '../support/admin.ts';
import { clearFirestore } from '../support/emulators.ts';
import { browserPages } from './browserPages.ts';
import { pollCard, waitForWidget } from './viewerHelpers.ts';

const browser = browserPages();
let appUrl: string;
const editor = DEMO_ACCOUNTS.find((a) => a.role === 'editor')!;

beforeAll(async () => {
  appUrl = inject('appUrl');
  await clearFirestore();
  await seedDemo(adminApp());
  const db = adminDb();
  const now = Timestamp.now();
  await db.doc('pipelines/meter').set({ teamId: DEMO_TEAM_ID, name: 'Meter', public: false, createdAt: now, createdBy: 'demo-owner', fields: [{ name: 'kw', type: 'number' }] });
  await db.doc('dashboards/meter-board').set({ teamId: DEMO_TEAM_ID, slug: 'meter', title: 'Meter', isPublic: false, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
  await db.doc('slugs/meter').set({ dashboardId: 'meter-board', teamId: DEMO_TEAM_ID });
  await db.doc('dashboards/meter-board/widgets/kw').set({
    type: 'stat_card',
    pipelineId: 'meter',
    config: { title: 'Power', fields: ['kw'], aggregation: 'latest' },
    position: { x: 0, y: 0, w: 4, h: 3 },
    createdAt: now,
    updatedAt: now,
  });
  await browser.launch();
});

afterAll(async () => {
  await browser.close();
  await closeAdmin();
});

/** Runs a curl snippet as shown (`curl -X POST '<url>' -H '...' -d '<json>'`), through fetch: this machine may have no curl. */
async function runCurl(snippet: string): Promise<Response> {
  const quoted = [...snippet.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1]!.replaceAll("'\\''", "'"));
  const [url, ...rest] = quoted;
  const body = rest.pop()!;
  const headers = Object.fromEntries(rest.map((h) => h.split(/:\s*/, 2) as [string, string]));
  expect(snippet).toMatch(/^curl -X POST '/);
  return fetch(url!, { method: 'POST', headers, body });
}

describe('ingest tokens', () => {
  test('made on the pipeline page, used by its curl snippet, seen on a dashboard, revoked past a warning', async () => {
    const page: Page = await browser.signedIn(appUrl, editor.email, DEMO_PASSWORD, '/p/meter');
    await page.getByTestId('no-tokens').waitFor();
    const form = page.locator('form[aria-label="New ingest token"]');
    await form.locator('input[name=token-name]').fill('Meter in the basement');
    await form.locator('button[type=submit]').click();
    const token = (await page.getByTestId('token-value').textContent())!;
    expect(token).toMatch(/^dash_[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('[data-testid="new-token"] [data-snippet]').evaluateAll((els) => els.map((e) => e.getAttribute('data-snippet')))).toEqual(['curl', 'python', 'arduino', 'node']);
    for (const id of ['python', 'arduino', 'node']) expect(await page.locator(`[data-testid="new-token"] [data-snippet="${id}"] pre`).textContent()).toContain(token);
    // The snippet as shown: the pipeline's endpoint, the token, and a record of its fields.
    const curl = (await page.locator('[data-testid="new-token"] [data-snippet="curl"] pre').textContent())!;
    expect(curl).toContain(token);
    expect(curl).toContain(`'{"kw":21.5}'`);
    const row = page.locator('[data-token="Meter in the basement"]');
    await expect.poll(() => row.textContent()).toContain('never');
    await page.getByRole('button', { name: 'Done' }).click();
    // Shown once: gone from the page for good.
    expect(await page.getByTestId('token-value').count()).toBe(0);

    const wall = await browser.signedIn(appUrl, editor.email, DEMO_PASSWORD, '/d/meter');
    const sent = await runCurl(curl);
    expect(sent.status).toBe(200);
    await waitForWidget(wall, 'kw');
    await pollCard(wall, 'kw').toContain('21.5');

    await expect.poll(() => row.textContent(), { timeout: 10_000 }).not.toContain('never');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('alert').waitFor();
    expect(await row.getByRole('alert').textContent()).toContain('the devices sending with it will be refused');
    await row.getByRole('button', { name: 'Revoke anyway' }).click();
    await expect.poll(() => row.getAttribute('data-revoked')).toBe('true');
    // The row turns at once (the app's own write); the endpoint refuses from the server's commit on.
    const tokenId = (await adminDb().collection('pipelines/meter/tokens').get()).docs[0]!.id;
    await expect.poll(async () => (await adminDb().doc(`pipelines/meter/tokens/${tokenId}`).get()).get('revoked')).toBe(true);
    expect((await runCurl(curl)).status).toBe(401);
  });
});
