import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Timestamp } from 'firebase-admin/firestore';
import { addDoc, collection, serverTimestamp } from 'firebase/firestore';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAM_ID } from '../../scripts/demo/demoData.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { adminApp, adminDb, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearFirestore } from '../support/emulators.ts';
import { browserPages } from './browserPages.ts';
import { waitForWidget } from './viewerHelpers.ts';

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

const browser = browserPages();
let producer: ClientSession;
let appUrl: string;

/** A page signed in as the demo account of `role`, at `path`. */
const signedIn = (role: string, path: string, page?: Page): Promise<Page> => browser.signedIn(appUrl, account(role).email, DEMO_PASSWORD, path, page);

const send = (temp: number) =>
  addDoc(collection(producer.db, 'pipelines', 'boiler', 'records'), { ts: serverTimestamp(), data: { temp }, producer: account('producer').uid });

/** A team-only dashboard of a stat card and a line chart on pipeline `boiler`. */
async function seedBoiler(): Promise<void> {
  const db = adminDb();
  const now = Timestamp.now();
  await db.doc('pipelines/boiler').set({ teamId: DEMO_TEAM_ID, name: 'Boiler', public: false, createdAt: now, createdBy: 'demo-owner', fields: [{ name: 'temp', type: 'number' }] });
  await db.doc('dashboards/boiler-board').set({ teamId: DEMO_TEAM_ID, slug: 'boiler', title: 'Boiler', isPublic: false, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
  await db.doc('slugs/boiler').set({ dashboardId: 'boiler-board', teamId: DEMO_TEAM_ID });
  await db.doc('dashboards/boiler-board/widgets/temp').set({
    type: 'stat_card',
    pipelineId: 'boiler',
    config: { title: 'Boiler temperature', fields: ['temp'] },
    position: { x: 0, y: 0, w: 4, h: 3 },
    createdAt: now,
    updatedAt: now,
  });
  await db.doc('dashboards/boiler-board/widgets/trend').set({
    type: 'line_chart',
    pipelineId: 'boiler',
    config: { title: 'Boiler trend', fields: ['temp'] },
    position: { x: 4, y: 0, w: 6, h: 3 },
    createdAt: now,
    updatedAt: now,
  });
}

beforeAll(async () => {
  appUrl = inject('appUrl');
  await clearFirestore();
  await seedDemo(adminApp());
  await seedBoiler();
  producer = await clientSession(account('producer').email, DEMO_PASSWORD);
  await send(20);
  await browser.launch();
});

afterAll(async () => {
  await browser.close();
  await producer?.close();
  await closeAdmin();
});

describe('alerts', () => {
  test('a rule made in the form fires on screen after a record, is acknowledged by a viewer, and clears by itself', async () => {
    const editor = await signedIn('editor', '/p/boiler');
    await editor.getByRole('button', { name: 'New rule' }).click();
    const form = editor.locator('form[aria-label="New alert rule"]');
    await form.locator('input[name=name]').fill('Boiler too hot');
    await form.locator('input[name=field]').fill('temp');
    // Checked as you type: a bad value is named before submitting.
    await form.locator('input[name=forSeconds]').fill('-1');
    await expect.poll(() => form.textContent()).toContain('Seconds: from 0 to 86400, not -1');
    await form.locator('input[name=forSeconds]').fill('0');
    await form.locator('input[name=value]').fill('30');
    await form.locator('select[name=severity]').selectOption('critical');
    await form.locator('button[type=submit]').click();
    const ruleRow = editor.locator('[data-rule="Boiler too hot"]');
    await expect.poll(() => ruleRow.getAttribute('data-state'), { timeout: 20_000 }).toBe('normal');

    const wall = await signedIn('viewer', '/d/boiler');
    await waitForWidget(wall, 'temp');
    const team = await signedIn('viewer', `/t/${DEMO_TEAM_ID}`);
    await team.getByTestId('no-active-alerts').waitFor();

    await send(42);
    await expect.poll(() => ruleRow.getAttribute('data-state'), { timeout: 10_000 }).toBe('firing');
    await wall.locator('[data-widget-id="temp"]').getByTestId('widget-alert').getByText('Boiler too hot').waitFor({ timeout: 5_000 });
    expect(await wall.getByTestId('firing-count').textContent()).toContain('1 firing');
    expect(await wall.locator('[data-widget-id="temp"]').getAttribute('class')).toContain('severity-critical');
    // The line chart draws the threshold, and its text alternative says so.
    await expect.poll(() => wall.locator('[data-widget-id="trend"] canvas').getAttribute('aria-label')).toContain('Firing: Boiler too hot: temp above 30.');

    const active = team.locator('[data-rule="Boiler too hot"]');
    await active.waitFor({ timeout: 5_000 });
    expect(await active.getAttribute('data-state')).toBe('firing');
    await active.locator('input[name=comment]').fill('Checking the valve');
    await active.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => active.getByTestId('alert-ack').textContent()).toContain(`Acknowledged by ${account('viewer').email}`);
    expect(await active.getByTestId('alert-ack').textContent()).toContain('“Checking the valve”');
    // Viewers acknowledge; silencing is for owners and editors.
    expect(await active.getByRole('button', { name: '1 hour' }).count()).toBe(0);
    await expect.poll(() => team.getByTestId('alert-timeline').textContent()).toContain('Normal → Firing at 42');

    await wall.goto(`${appUrl}/d/boiler?kiosk=1`);
    const banner = wall.getByTestId('kiosk-alert-banner');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain('Boiler too hot is firing: temp = 42');

    await send(21);
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await wall.getByTestId('widget-alert').count()).toBe(0);
    await expect.poll(() => ruleRow.getAttribute('data-state')).toBe('normal');
    await team.getByTestId('no-active-alerts').waitFor({ timeout: 5_000 });
  });

  test('an editor silences a firing rule for an hour, and lifts the silence', async () => {
    const team = await signedIn('editor', `/t/${DEMO_TEAM_ID}`);
    await send(50);
    const active = team.locator('[data-rule="Boiler too hot"]');
    await active.waitFor({ timeout: 15_000 });
    await active.getByRole('button', { name: '1 hour' }).click();
    await expect.poll(() => active.textContent()).toContain('Silenced until');
    const rule = (await adminDb().collection('pipelines/boiler/alertRules').get()).docs[0]!;
    await expect.poll(async () => (await rule.ref.get()).get('silencedUntil')).toBeDefined();
    const until = ((await rule.ref.get()).get('silencedUntil') as Timestamp).toMillis();
    expect(Math.abs(until - (Date.now() + 3600_000))).toBeLessThan(60_000);
    await active.getByRole('button', { name: 'Lift silence' }).click();
    await expect.poll(async () => (await rule.ref.get()).get('silencedUntil')).toBeUndefined();
  });

  test('an owner adds a webhook, sees its secret once, and a test delivery arrives signed with it', async () => {
    const received: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ body, headers: req.headers });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const owner = await signedIn('owner', `/t/${DEMO_TEAM_ID}`);
      const form = owner.locator('form[aria-label="New webhook channel"]');
      await form.locator('input[name=channel-name]').fill('Ops hook');
      await form.locator('input[name=channel-url]').fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}/dash`);
      await form.locator('button[type=submit]').click();
      const secret = (await owner.getByTestId('channel-secret').locator('code').textContent())!;
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      await owner.getByTestId('channel-secret').getByRole('button', { name: 'Done' }).click();
      expect(await owner.getByTestId('channel-secret').count()).toBe(0);

      const channel = owner.locator('[data-channel="Ops hook"]');
      await channel.getByRole('button', { name: 'Send test' }).click();
      await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
      const [{ body, headers }] = received as [(typeof received)[number]];
      expect(headers['x-dash-signature']).toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
      expect(JSON.parse(body)).toMatchObject({ teamId: DEMO_TEAM_ID, ruleName: 'Test delivery', to: 'firing', test: true, deliveryId: headers['x-dash-delivery'] });
      await channel.getByTestId('channel-deliveries').locator('[data-status="delivered"]').getByText('HTTP 204').waitFor({ timeout: 10_000 });
    } finally {
      server.close();
    }
  });

  test('a device that opted in shows a system notification when an alert fires, linking to its dashboard', async () => {
    const page = await browser.newPage();
    await page.context().grantPermissions(['notifications']);
    // Records what the app asks the browser to show (headless Chromium draws no notification).
    await page.addInitScript(() => {
      const shown: { title: string; url: unknown }[] = [];
      (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      const record = (title: string, options?: NotificationOptions) => shown.push({ title, url: (options?.data as { url?: unknown } | undefined)?.url });
      ServiceWorkerRegistration.prototype.showNotification = async function (title, options) {
        record(title, options);
      };
      const Original = window.Notification;
      window.Notification = Object.assign(
        function (title: string, options?: NotificationOptions) {
          record(title, options);
          return new Original(title, options);
        },
        { permission: Original.permission, requestPermission: Original.requestPermission.bind(Original) },
      ) as unknown as typeof Notification;
    });
    await signedIn('viewer', `/t/${DEMO_TEAM_ID}`, page);
    await page.getByRole('button', { name: 'Notify me on this device' }).click();
    await page.getByText('This device shows a notification when an alert fires.').waitFor();

    await send(5);
    await expect.poll(async () => (await adminDb().collection('pipelines/boiler/alerts').get()).docs[0]?.get('state'), { timeout: 15_000 }).toBe('normal');
    await send(77);
    const shown = () => page.evaluate(() => (window as unknown as { shownNotifications: { title: string; url: unknown }[] }).shownNotifications);
    await expect.poll(shown, { timeout: 15_000 }).toEqual([{ title: 'Boiler too hot is firing', url: '/d/boiler' }]);
  });
});
