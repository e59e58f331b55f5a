import { join } from 'node:path';
import { Timestamp } from 'firebase-admin/firestore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, onTestFailed, test } from 'vitest';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { adminDb, closeAdmin } from '../support/admin.ts';
import { clearAuth, clearFirestore } from '../support/emulators.ts';
import { createAccount, openApp, PASSWORD, signIn } from './authoringHelpers.ts';

/**
 * What a new user tripped over on the team and pipeline pages (issue 14), in
 * Chromium against the emulators and the real rules. The team, its pipeline and
 * its records are seeded with firebase-admin.
 */
const OWNER = 'owner@teams.test';
const TEAM = 'team-teams-e2e';
const PIPELINE = 'pipe-teams-e2e';

let appUrl: string;
let browser: Browser;

beforeAll(async () => {
  appUrl = inject('appUrl');
  await Promise.all([clearFirestore(), clearAuth()]);
  const uid = await createAccount(OWNER);
  const db = adminDb();
  await db.doc(`teams/${TEAM}`).set({ name: 'Works', createdAt: Timestamp.now(), createdBy: uid });
  await db.doc(`teams/${TEAM}/members/${uid}`).set({ role: 'owner', uid, email: OWNER, addedAt: Timestamp.now() });
  // Public as a public dashboard would make it: anyone may get the pipeline, never its records.
  await db.doc(`pipelines/${PIPELINE}`).set({ teamId: TEAM, name: 'Boiler', public: true, createdAt: Timestamp.now(), createdBy: uid });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await closeAdmin();
});

function screenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    const pages = browser.contexts().flatMap((c) => c.pages());
    await Promise.all(pages.map((p, i) => p.screenshot({ path: join(ROOT, 'test-results', `teams-${name}-${i}.png`), fullPage: true }).catch(() => undefined)));
  });
}

/** The colour an element is drawn in, and the page's text colour, to tell an error from plain text. */
async function colours(page: Page, selector: string): Promise<{ element: string; body: string }> {
  return page.evaluate((s) => {
    const element = document.querySelector(s);
    return { element: element ? getComputedStyle(element).color : '', body: getComputedStyle(document.body).color };
  }, selector);
}

describe('teams and pipelines', () => {
  test('inviting an address twice says it is already invited, styled as an error', async () => {
    screenshotOnFailure('invite-twice');
    const owner = await openApp(browser, appUrl);
    await signIn(owner, OWNER);
    await owner.goto(`${appUrl}/t/${TEAM}`);
    const form = owner.locator('form[aria-label="Invite"]');
    for (const attempt of [1, 2]) {
      await form.locator('input[name=invite-email]').fill('Guest@Teams.test');
      await form.locator('select[name=invite-role]').selectOption('viewer');
      await form.locator('button[type=submit]').click();
      // The form is cleared once the server has the invite; only then is the second one typed.
      if (attempt === 1) await owner.locator('.team-invites [role=status]', { hasText: 'Invite created' }).waitFor();
    }
    const alert = owner.locator('[role=alert]', { hasText: 'already invited' });
    await expect.poll(() => alert.textContent()).toBe(
      'guest@teams.test is already invited (as viewer). To change the role, revoke that invite and invite again.',
    );
    expect(await owner.locator('[role=alert]').allTextContents()).not.toContain(expect.stringContaining('permission'));
    expect(await alert.getAttribute('class')).toContain('error');
    const { element, body } = await colours(owner, '.error[role=alert]');
    expect(element).not.toBe(body);
    expect((await adminDb().doc(`teams/${TEAM}/invites/guest@teams.test`).get()).get('role')).toBe('viewer');
    await owner.context().close();
  });

  test('the team page lists each pipeline with its id, copyable', async () => {
    screenshotOnFailure('pipeline-id');
    const owner = await openApp(browser, appUrl);
    await owner.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: appUrl });
    await signIn(owner, OWNER);
    await owner.goto(`${appUrl}/t/${TEAM}`);
    const item = owner.locator(`.team-pipelines [data-pipeline-id="${PIPELINE}"]`);
    await expect.poll(() => item.getByTestId('pipeline-id').textContent()).toBe(PIPELINE);
    await item.getByRole('button', { name: 'Copy id' }).click();
    await expect.poll(() => owner.evaluate(() => navigator.clipboard.readText())).toBe(PIPELINE);
    await owner.context().close();
  });

  test('the pipeline page says what the pipeline stores and costs per month; retention is set and cleared', async () => {
    screenshotOnFailure('storage');
    const pipelineId = 'pipe-teams-storage';
    await adminDb().doc(`pipelines/${pipelineId}`).set({ teamId: TEAM, name: 'Meter', public: false, createdAt: Timestamp.now(), createdBy: 'seed' });
    // 20 records a second apart, ending now: about 1 record/s.
    const now = Date.now();
    const records = adminDb().collection(`pipelines/${pipelineId}/records`);
    await Promise.all(Array.from({ length: 20 }, (_, i) => records.add({ ts: Timestamp.fromMillis(now - (19 - i) * 1000), data: { kwh: i }, producer: 'seed' })));
    const owner = await openApp(browser, appUrl);
    await signIn(owner, OWNER);
    await owner.goto(`${appUrl}/p/${pipelineId}`);
    const storage = owner.getByTestId('pipeline-storage');
    await expect.poll(() => storage.getByTestId('storage-rate').textContent(), { timeout: 15_000 }).toBe('1 records/s');
    // The window's count, once its flush has run.
    await expect
      .poll(async () => {
        await storage.getByRole('button', { name: 'Refresh' }).click();
        return storage.getByTestId('storage-records').textContent();
      }, { timeout: 20_000 })
      .toBe('20');
    // 2,592,000 record writes and as many window writes a month (1 s cadence), 47,520 history writes.
    expect(await storage.getByTestId('storage-cost').textContent()).toContain('2,592,000 records, 2,592,000 window, 47,520 history');
    expect(await storage.getByTestId('storage-total').textContent()).toMatch(/^\$\d+\.\d\d$/);
    expect(await storage.getByTestId('storage-retention').textContent()).toBe('kept forever');

    const settings = owner.locator('form[aria-label="Pipeline settings"]');
    await settings.locator('input[name=retention-days]').fill('7');
    await settings.locator('button[type=submit]').click();
    await expect.poll(async () => (await adminDb().doc(`pipelines/${pipelineId}`).get()).get('retentionDays')).toBe(7);
    await expect.poll(() => storage.getByTestId('storage-retention').textContent()).toBe('records older than 7 days are deleted daily');
    await settings.locator('input[name=retention-days]').fill('');
    await settings.locator('button[type=submit]').click();
    await expect.poll(async () => (await adminDb().doc(`pipelines/${pipelineId}`).get()).get('retentionDays')).toBeUndefined();
    await expect.poll(() => storage.getByTestId('storage-retention').textContent()).toBe('kept forever');
    await owner.context().close();
  });

  test('a signed-out visitor of a public pipeline is told records are for members, and the sign-in link brings them back', async () => {
    screenshotOnFailure('members-only');
    // Five records in the last few seconds (written as trusted code may, with a past ts).
    const now = Date.now();
    await Promise.all(
      [5, 4, 3, 2, 1].map((s) =>
        adminDb().collection(`pipelines/${PIPELINE}/records`).add({ ts: Timestamp.fromMillis(now - s * 1000), data: { temp: 20 + s }, producer: 'seed' }),
      ),
    );
    const visitor = await openApp(browser, appUrl, `/p/${PIPELINE}`);
    const notice = visitor.getByTestId('records-members-only');
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain("Records are for the team's members only.");
    expect(await visitor.getByTestId('records-per-minute').count()).toBe(0);
    expect(await visitor.textContent('main')).not.toContain('none yet');
    expect(await visitor.getByTestId('pipeline-id').textContent()).toBe(PIPELINE);

    await notice.getByRole('link', { name: 'Sign in' }).click();
    await visitor.waitForURL(/\/\?next=/);
    const form = visitor.locator('form[aria-label="Sign in"]');
    await form.locator('input[name=email]').fill(OWNER);
    await form.locator('input[name=password]').fill(PASSWORD);
    await form.locator('button[type=submit]').click();
    await visitor.waitForURL(`${appUrl}/p/${PIPELINE}`);
    await expect.poll(() => visitor.getByTestId('records-per-minute').textContent(), { timeout: 15_000 }).toBe('5');
    await visitor.context().close();
  });
});
