import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { doc, serverTimestamp, setDoc, updateDoc } from 'firebase/firestore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, onTestFailed, test } from 'vitest';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { createProducer, type Producer } from '../../src/producer/createProducer.ts';
import { adminDb, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearAuth, clearFirestore } from '../support/emulators.ts';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { createAccount, eventually, followVerificationLink, openApp, PASSWORD, signIn } from './authoringHelpers.ts';

/**
 * The authoring side end to end, in Chromium, against the emulators and the real
 * rules. The tests run in order and build on each other: the owner's team,
 * pipeline and dashboard are what the invitee, the viewer and the import see.
 */
const OWNER = 'owner@plant.test';
const SECOND = 'second@plant.test';
const VIEWER = 'viewer@plant.test';

let appUrl: string;
let browser: Browser;
let owner: Page;
let ownerClient: ClientSession;
let producer: Producer;
let teamId = '';
let pipelineId = '';
let dashboardId = '';
const sessions: ClientSession[] = [];

const widgetsOf = async (id: string) =>
  (await adminDb().collection(`dashboards/${id}/widgets`).get()).docs.map((d) => ({ id: d.id, ...d.data() }) as Record<string, unknown> & { id: string });
const widgetDoc = async (id: string) => (await adminDb().doc(`dashboards/${dashboardId}/widgets/${id}`).get()).data() ?? {};

beforeAll(async () => {
  appUrl = inject('appUrl');
  await Promise.all([clearFirestore(), clearAuth()]);
  await createAccount(OWNER);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([ownerClient?.close(), ...sessions.map((s) => s.close())]);
  await closeAdmin();
});

/** On failure, a screenshot of every open page, to see what the user saw. */
function screenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    const pages = browser.contexts().flatMap((c) => c.pages());
    await Promise.all(pages.map((p, i) => p.screenshot({ path: join(ROOT, 'test-results', `authoring-${name}-${i}.png`), fullPage: true }).catch(() => undefined)));
  });
}

describe('authoring', () => {
  test('an owner creates a team, a pipeline and a dashboard with three widgets, makes it public; a signed-out browser sees it live', async () => {
    screenshotOnFailure('owner');
    owner = await openApp(browser, appUrl);
    await signIn(owner, OWNER);

    // Team: the creator becomes its owner.
    await owner.fill('input[name=team-name]', 'Plant');
    await owner.click('form.create-team button[type=submit]');
    await owner.waitForURL(/\/t\/[^/]+$/);
    teamId = owner.url().split('/t/')[1]!;
    await expect.poll(() => owner.getByTestId('team-role').textContent()).toBe('owner');

    // Pipeline, then records through the SDK, then one click to keep the inferred schema.
    const newPipeline = owner.locator('form[aria-label="New pipeline"]');
    await newPipeline.locator('input[name=pipeline-name]').fill('Boiler');
    await newPipeline.locator('input[name=pipeline-description]').fill('Boiler-room sensors');
    await newPipeline.locator('button[type=submit]').click();
    await owner.waitForURL(/\/p\/[^/]+$/);
    pipelineId = owner.url().split('/p/')[1]!;
    ownerClient = await clientSession(OWNER, PASSWORD);
    producer = createProducer({ app: ownerClient.app, firestore: ownerClient.db, pipelineId });
    await producer.send({ temp: 21.5, pressure: 1.2, state: 'on' });
    await producer.send({ temp: 22, pressure: 1.3, state: 'on' });
    await expect.poll(() => owner.getByTestId('records-per-minute').textContent(), { timeout: 10_000 }).toBe('2');
    await expect.poll(() => owner.getByTestId('last-record').textContent()).toMatch(/just now|s ago/);
    expect(await owner.locator('[data-snippet=cli]').textContent()).toContain(`--pipeline ${pipelineId}`);
    expect(await owner.locator('[data-snippet=web]').textContent()).toContain(`'pipelines', "${pipelineId}", 'records'`);
    await owner.getByRole('button', { name: 'Keep the inferred schema' }).click();
    const fields = await eventually(
      async () => (await adminDb().doc(`pipelines/${pipelineId}`).get()).get('fields') as unknown[] | undefined,
      (f) => Array.isArray(f),
    );
    expect(fields).toEqual([
      { name: 'temp', type: 'number' },
      { name: 'pressure', type: 'number' },
      { name: 'state', type: 'string' },
    ]);

    // Dashboard: the slug is suggested from the title.
    await owner.getByRole('link', { name: '← Team' }).click();
    const newDashboard = owner.locator('form[aria-label="New dashboard"]');
    await newDashboard.locator('input[name=dashboard-title]').fill('Boiler room');
    expect(await newDashboard.locator('input[name=dashboard-slug]').inputValue()).toBe('boiler-room');
    await newDashboard.locator('button[type=submit]').click();
    await owner.waitForURL(/\/d\/boiler-room\/edit$/);
    dashboardId = (await adminDb().doc('slugs/boiler-room').get()).get('dashboardId') as string;
    expect(dashboardId).toBeTruthy();

    // Three widgets: a type and a pipeline each.
    for (const [i, type] of ['stat_card', 'line_chart', 'table'].entries()) {
      await owner.selectOption('select[name=new-widget-type]', type);
      await owner.selectOption('select[name=new-widget-pipeline]', pipelineId);
      await owner.getByRole('button', { name: 'Add widget', exact: true }).click();
      await expect.poll(() => owner.locator('.editor-widget').count()).toBe(i + 1);
    }
    const widgets = await eventually(() => widgetsOf(dashboardId), (w) => w.length === 3);
    const byType = (t: string) => widgets.find((w) => w.type === t)!;
    expect(byType('stat_card').config).toMatchObject({ fields: ['temp'] });

    // The options form of the table (selected when added): typed options, checked as you type.
    const options = owner.locator('.widget-options');
    await expect.poll(() => options.locator('select[name=widget-type]').inputValue()).toBe('table');
    await options.locator('#option-title').fill('Latest samples');
    await options.locator('[data-option=fields] label', { hasText: 'state' }).locator('input').check();
    const table = byType('table').id;
    await eventually(() => widgetDoc(table), (d) => (d.config as { title?: string }).title === 'Latest samples' && String((d.config as { fields?: string[] }).fields) === 'temp,state');
    await options.locator('#option-rows').fill('500');
    await expect.poll(() => options.locator('[data-option=rows] .error').textContent()).toBe('Rows must be at most 100.');
    await owner.getByTestId('options-held').waitFor();
    await options.locator('#option-rows').fill('10');
    await eventually(() => widgetDoc(table), (d) => (d.config as { rows?: number }).rows === 10);
    // The live preview is the real widget, on the real data.
    await expect.poll(() => owner.locator(`.editor-widget[data-widget-id="${table}"] .widget-card`).textContent(), { timeout: 15_000 }).toContain('on');

    // Keyboard: arrows move, Shift+arrows resize; undo takes back the last change only.
    const stat = byType('stat_card').id;
    const statBox = owner.locator(`.editor-widget[data-widget-id="${stat}"]`);
    const start = byType('stat_card').position as { x: number; y: number; w: number; h: number };
    await statBox.focus();
    await owner.keyboard.press('ArrowRight');
    await eventually(() => widgetDoc(stat), (d) => (d.position as { x: number }).x === start.x + 1);
    await statBox.focus();
    await owner.keyboard.press('Shift+ArrowDown');
    await eventually(() => widgetDoc(stat), (d) => (d.position as { h: number }).h === start.h + 1);
    await owner.getByTestId('undo').click();
    const undone = await eventually(() => widgetDoc(stat), (d) => (d.position as { h: number }).h === start.h);
    expect(undone.position).toEqual({ ...start, x: start.x + 1 });

    // Drag with the mouse: the line chart, by its bar, a few columns to the right.
    const line = byType('line_chart').id;
    const lineStart = ((await widgetDoc(line)).position as { x: number }).x;
    const bar = owner.locator(`.editor-widget[data-widget-id="${line}"] .editor-widget-title`);
    const box = (await bar.boundingBox())!;
    await owner.mouse.move(box.x + 10, box.y + 5);
    await owner.mouse.down();
    await owner.mouse.move(box.x + 150, box.y + 5, { steps: 10 });
    await owner.mouse.move(box.x + 300, box.y + 5, { steps: 10 });
    await owner.mouse.up();
    await eventually(() => widgetDoc(line), (d) => (d.position as { x: number }).x > 0);
    await eventually(() => widgetDoc(line), (d) => (d.position as { x: number }).x > lineStart);

    // Share: public, with its link and QR code.
    await owner.check('input[name=is-public]');
    await owner.getByTestId('public-qr').waitFor();
    expect(await owner.getByTestId('public-link').textContent()).toBe(`${appUrl}/d/boiler-room`);
    await eventually(async () => (await adminDb().doc(`pipelines/${pipelineId}`).get()).get('public'), (p) => p === true, 20_000);

    // Signed out, in another browser context: the dashboard, live.
    const stranger = await openApp(browser, appUrl, '/d/boiler-room');
    await expect.poll(() => stranger.locator('body').textContent(), { timeout: 20_000 }).toContain('Latest samples');
    await producer.send({ temp: 777.25, pressure: 1.4, state: 'overheat' });
    await expect.poll(() => stranger.locator('body').textContent(), { timeout: 20_000 }).toContain('overheat');
    expect(await stranger.locator('.editor-widget, [data-testid=undo]').count()).toBe(0);
    await stranger.context().close();
  }, 150_000);

  test('a taken slug is refused with a clear message', async () => {
    screenshotOnFailure('slug');
    await owner.goto(`${appUrl}/t/${teamId}`);
    const form = owner.locator('form[aria-label="New dashboard"]');
    await form.locator('input[name=dashboard-title]').fill('Boiler room again');
    await form.locator('input[name=dashboard-slug]').fill('boiler-room');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('[role=alert]').textContent()).toBe('The address /d/boiler-room is taken by another dashboard: choose another slug.');
    expect((await adminDb().collection('dashboards').where('teamId', '==', teamId).get()).size).toBe(1);
  });

  test('an invite accepted by a second user, signed up with a verified email, who then sees the team and its dashboards', async () => {
    screenshotOnFailure('invite');
    const invite = owner.locator('form[aria-label="Invite"]');
    await invite.locator('input[name=invite-email]').fill(SECOND);
    await invite.locator('select[name=invite-role]').selectOption('editor');
    await invite.locator('button[type=submit]').click();
    await owner.locator(`[data-invite="${SECOND}"]`).waitFor();

    const second = await openApp(browser, appUrl);
    await second.getByRole('tab', { name: 'Create an account' }).click();
    const signUp = second.locator('form[aria-label="Create an account"]');
    await signUp.locator('input[name=email]').fill(SECOND);
    await signUp.locator('input[name=password]').fill(PASSWORD);
    await signUp.locator('button[type=submit]').click();
    await second.getByText('Confirm your email address').waitFor();
    // Unconfirmed: only a confirmed address reads its invites (contract 1.1); the notice says they come once it is.
    await second.getByText('Team invites become available once it is confirmed.').waitFor();
    expect(await second.locator('.pending-invites').count()).toBe(0);

    await followVerificationLink(SECOND);
    await second.getByRole('button', { name: 'I have confirmed it' }).click();
    const pending = second.locator(`.pending-invites [data-team-id="${teamId}"]`);
    await expect.poll(() => pending.textContent()).toContain('You are invited to Plant as editor.');
    await pending.getByRole('button', { name: 'Accept' }).click();
    await second.waitForURL(new RegExp(`/t/${teamId}$`));
    await expect.poll(() => second.getByTestId('team-role').textContent()).toBe('editor');
    await second.locator('.team-dashboards [data-slug="boiler-room"]').waitFor();
    expect((await adminDb().doc(`teams/${teamId}/invites/${SECOND}`).get()).exists).toBe(false);

    // Both editors on the same dashboard: each sees the other's change, and neither overwrites the other.
    await second.goto(`${appUrl}/d/boiler-room/edit`);
    await owner.goto(`${appUrl}/d/boiler-room/edit`);
    const [stat, table] = await Promise.all(['stat_card', 'table'].map(async (t) => (await widgetsOf(dashboardId)).find((w) => w.type === t)!.id));
    const before = (await widgetDoc(stat)).position as { x: number; y: number; w: number; h: number };
    await owner.locator(`.editor-widget[data-widget-id="${stat}"]`).focus();
    await owner.keyboard.press('ArrowDown');
    await second.locator(`.editor-widget[data-widget-id="${table}"] .editor-widget-bar button`, { hasText: 'Options' }).click();
    await second.locator('.widget-options #option-title').fill('Edited by the second editor');
    const moved = `${before.x},${before.y + 1},${before.w},${before.h}`;
    await expect.poll(() => second.locator(`.editor-widget[data-widget-id="${stat}"]`).getAttribute('data-position'), { timeout: 10_000 }).toBe(moved);
    await expect.poll(() => owner.locator(`.editor-widget[data-widget-id="${table}"] .editor-widget-title`).textContent(), { timeout: 10_000 }).toBe('Edited by the second editor');
    // Neither change undid the other.
    expect((await widgetDoc(stat)).position).toEqual({ ...before, y: before.y + 1 });
    expect((await widgetDoc(table)).config).toMatchObject({ title: 'Edited by the second editor', rows: 10 });
    await second.context().close();
  });

  test('a viewer sees no edit controls, and a direct write attempt fails', async () => {
    screenshotOnFailure('viewer');
    const uid = await createAccount(VIEWER);
    await adminDb().doc(`teams/${teamId}/members/${uid}`).set({ role: 'viewer', uid, email: VIEWER, addedAt: new Date() });
    const viewer = await openApp(browser, appUrl);
    await signIn(viewer, VIEWER);
    const team = viewer.locator(`.team[data-team-id="${teamId}"]`);
    await team.locator('[data-slug="boiler-room"] a', { hasText: 'Boiler room' }).waitFor();
    expect(await team.locator('.edit-link').count()).toBe(0);

    await viewer.goto(`${appUrl}/t/${teamId}`);
    await expect.poll(() => viewer.getByTestId('team-role').textContent()).toBe('viewer');
    for (const form of ['New dashboard', 'New pipeline', 'Invite', 'Rename team']) {
      expect(await viewer.locator(`form[aria-label="${form}"]`).count()).toBe(0);
    }
    expect(await viewer.getByRole('button', { name: 'Remove' }).count()).toBe(0);

    await viewer.goto(`${appUrl}/d/boiler-room/edit`);
    await viewer.getByTestId('no-edit').waitFor();
    expect(await viewer.locator('.editor-widget, form[aria-label="Add a widget"]').count()).toBe(0);

    const session = await clientSession(VIEWER, PASSWORD);
    sessions.push(session);
    const denied = { code: 'permission-denied' };
    await expect(updateDoc(doc(session.db, 'dashboards', dashboardId), { title: 'Hacked', updatedAt: serverTimestamp() })).rejects.toMatchObject(denied);
    await expect(
      setDoc(doc(session.db, 'dashboards', dashboardId, 'widgets', 'sneaky'), {
        type: 'table',
        pipelineId,
        config: {},
        position: { x: 0, y: 0, w: 1, h: 1 },
        createdAt: serverTimestamp(),
        updatedAt: serverTimestamp(),
      }),
    ).rejects.toMatchObject(denied);
    expect((await adminDb().doc(`dashboards/${dashboardId}`).get()).get('title')).toBe('Boiler room');
    await viewer.context().close();
  });

  test('the last owner cannot leave; a clear message says why', async () => {
    screenshotOnFailure('last-owner');
    await owner.goto(`${appUrl}/t/${teamId}`);
    await owner.getByRole('button', { name: 'Leave team' }).click();
    await expect.poll(() => owner.locator('.team-members [role=alert]').textContent()).toContain("is the team's last owner");
    expect((await adminDb().doc(`teams/${teamId}/members/${(await ownerUid())}`).get()).get('role')).toBe('owner');
  });

  test('export then import reproduces the dashboard; a bad file is refused with clear errors', async () => {
    screenshotOnFailure('export');
    await owner.goto(`${appUrl}/d/boiler-room/edit`);
    await owner.locator('.editor-widget').first().waitFor();
    const [download] = await Promise.all([owner.waitForEvent('download'), owner.getByRole('button', { name: 'Export to a file' }).click()]);
    const path = join(ROOT, 'test-results', 'authoring-export.json');
    await download.saveAs(path);
    const exported = JSON.parse(await readFile(path, 'utf8')) as { version: number; widgets: unknown[]; pipelines: { ref: string }[] };
    expect(exported.version).toBe(1);
    expect(exported.widgets).toHaveLength(3);
    expect(exported.pipelines.map((p) => p.ref)).toEqual([pipelineId]);

    await owner.goto(`${appUrl}/t/${teamId}`);
    await owner.getByText('Import a dashboard from a file').click();
    const input = owner.locator('input[name=import-file]');
    await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 2}') });
    await expect.poll(() => owner.locator('.dashboard-import [role=alert]').textContent()).toContain('Unsupported file version 2');

    await input.setInputFiles(path);
    const form = owner.locator('form[aria-label="Import"]');
    expect(await form.locator(`select[name="map-${pipelineId}"]`).inputValue()).toBe(pipelineId);
    await form.locator('input[name=import-slug]').fill('boiler-room-copy');
    await form.getByRole('button', { name: 'Import dashboard' }).click();
    await owner.waitForURL(/\/d\/boiler-room-copy\/edit$/);

    const copyId = (await adminDb().doc('slugs/boiler-room-copy').get()).get('dashboardId') as string;
    const shape = (ws: Record<string, unknown>[]) =>
      ws.map(({ type, pipelineId: p, config, position }) => JSON.stringify({ type, p, config, position })).sort();
    const original = await widgetsOf(dashboardId);
    const copy = await eventually(() => widgetsOf(copyId), (w) => w.length === 3);
    expect(shape(copy)).toEqual(shape(original));
    const copyDoc = (await adminDb().doc(`dashboards/${copyId}`).get()).data()!;
    expect(copyDoc).toMatchObject({ teamId, title: 'Boiler room', slug: 'boiler-room-copy', isPublic: true });
  });

  test('changing a slug moves the address; deleting a dashboard takes its widgets and slug; deleting a team names what goes', async () => {
    screenshotOnFailure('delete');
    await owner.goto(`${appUrl}/d/boiler-room-copy/edit`);
    const address = owner.locator('form[aria-label="Dashboard address"]');
    await address.locator('input[name=dashboard-slug]').fill('boiler-room');
    await expect.poll(() => address.getByRole('button', { name: 'Change address' }).isEnabled()).toBe(true);
    await address.getByRole('button', { name: 'Change address' }).click();
    await expect.poll(() => owner.locator('.dashboard-settings [role=alert]').textContent()).toContain('is taken');
    await address.locator('input[name=dashboard-slug]').fill('boiler-room-2');
    await address.getByRole('button', { name: 'Change address' }).click();
    await owner.waitForURL(/\/d\/boiler-room-2\/edit$/);
    const copyId = (await adminDb().doc('slugs/boiler-room-2').get()).get('dashboardId') as string;
    expect((await adminDb().doc('slugs/boiler-room-copy').get()).exists).toBe(false);
    expect((await adminDb().doc(`dashboards/${copyId}`).get()).get('slug')).toBe('boiler-room-2');

    await owner.locator('.editor-widget').first().waitFor();
    await owner.getByRole('button', { name: 'Delete dashboard…' }).click();
    await owner.getByRole('button', { name: 'Delete dashboard', exact: true }).click();
    await owner.waitForURL(new RegExp(`/t/${teamId}$`));
    expect((await adminDb().doc(`dashboards/${copyId}`).get()).exists).toBe(false);
    expect((await adminDb().doc('slugs/boiler-room-2').get()).exists).toBe(false);
    expect((await adminDb().collection(`dashboards/${copyId}/widgets`).get()).size).toBe(0);

    await owner.getByRole('button', { name: 'Delete team…' }).click();
    const confirm = owner.locator('[role=alertdialog]');
    await expect.poll(() => confirm.textContent()).toContain('1 dashboard(s): Boiler room');
    expect(await confirm.textContent()).toContain('1 pipeline(s): Boiler');
    const finalDelete = confirm.getByRole('button', { name: 'Delete team for good' });
    expect(await finalDelete.isDisabled()).toBe(true);
    await confirm.locator('input[name=confirm-team-name]').fill('Plant');
    await finalDelete.click();
    await owner.waitForURL(`${appUrl}/`);
    expect((await adminDb().doc(`teams/${teamId}`).get()).exists).toBe(false);
    expect((await adminDb().collection(`teams/${teamId}/members`).get()).size).toBe(0);
    expect((await adminDb().collection('dashboards').where('teamId', '==', teamId).get()).size).toBe(0);
    expect((await adminDb().collection('pipelines').where('teamId', '==', teamId).get()).size).toBe(0);
    expect((await adminDb().doc('slugs/boiler-room').get()).exists).toBe(false);
    await owner.getByText('You are not in a team yet').waitFor();
  });
});

async function ownerUid(): Promise<string> {
  const members = await adminDb().collection(`teams/${teamId}/members`).where('email', '==', OWNER).get();
  return members.docs[0]!.id;
}
