import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { getAuth } from 'firebase-admin/auth';
import { Timestamp } from 'firebase-admin/firestore';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_TEAM_ID } from '../../scripts/demo/demoData.ts';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import type { FirebaseApp } from 'firebase/app';
import type { Firestore } from 'firebase/firestore';
import { createProducer } from '../../src/producer/createProducer.ts';
import { adminApp, adminDb } from '../support/admin.ts';

export const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

/** Waits until the widget's card shows its widget (no notice), or the given notice text. */
export async function waitForWidget(page: Page, id: string, timeout = 20_000): Promise<void> {
  await page.waitForSelector(`[data-widget-id="${id}"][data-status="ok"]`, { timeout });
}

export async function cardText(page: Page, id: string): Promise<string> {
  return (await page.textContent(`[data-widget-id="${id}"]`)) ?? '';
}

export function pollCard(page: Page, id: string, timeout = 20_000) {
  return expect.poll(() => cardText(page, id), { timeout });
}

/** Signs in through the sign-in form a private dashboard shows. */
export async function signInOnDashboard(page: Page, email: string, password: string): Promise<void> {
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

/** Waits until the rollup of `pipelineId` holds a record matching `match` (the functions have run). */
export async function waitForRollup(pipelineId: string, match: (data: Record<string, unknown>) => boolean, timeoutMs = 40_000): Promise<void> {
  const ref = adminDb().doc(`pipelines/${pipelineId}/rollups/last100`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = ((await ref.get()).get('records') as { data: Record<string, unknown> }[] | undefined) ?? [];
    if (records.some((r) => match(r.data))) return;
    if (Date.now() > deadline) throw new Error(`the rollup of ${pipelineId} did not get the record within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A record on the demo's simulated greenhouse pipeline, so that its 24 h chart
 * has data (its window) in suites that wait for every demo widget; `npm start`
 * streams and imports history there.
 */
export async function sendGreenhouse(app: FirebaseApp, firestore: Firestore, temperature = 21.5): Promise<void> {
  await createProducer({ app, firestore, pipelineId: 'greenhouse' }).send({ temperatureC: temperature, humidityPercent: 60, soilMoisturePercent: 40, lightsOn: true });
  await waitForRollup('greenhouse', (d) => d.temperatureC === temperature);
}

/** A signed-in account that belongs to no team. */
export async function createStranger(email: string, password: string): Promise<void> {
  const auth = getAuth(adminApp());
  const existing = await auth.getUserByEmail(email).catch(() => undefined);
  if (!existing) await auth.createUser({ email, password, emailVerified: true });
}

/**
 * The "edge" dashboard: one widget per unusual situation (stale data, no rollup
 * yet, a pipeline about to be deleted, an unknown type, broken settings, a
 * missing field), public so a stranger can open it.
 */
export async function seedEdgeDashboard(): Promise<void> {
  const db = adminDb();
  const now = Timestamp.now();
  const hourAgo = (s: number) => Timestamp.fromMillis(Date.now() - 2 * 3_600_000 + s * 1000);
  const batch = db.batch();
  for (const id of ['stale', 'norollup', 'doomed']) {
    batch.set(db.doc(`pipelines/${id}`), { teamId: DEMO_TEAM_ID, name: id, public: true, createdAt: now, createdBy: 'demo-owner' });
  }
  batch.set(db.doc('pipelines/stale/rollups/last100'), {
    records: [0, 10, 20].map((s) => ({ id: `s${s}`, ts: hourAgo(s), data: { temp: 20 + s } })),
    count: 3,
    lastTs: hourAgo(20),
    updatedAt: now,
  });
  batch.set(db.doc('pipelines/doomed/rollups/last100'), {
    records: [{ id: 'd1', ts: now, data: { temp: 7 } }],
    count: 1,
    lastTs: now,
    updatedAt: now,
  });
  batch.set(db.doc('dashboards/edge-dashboard'), {
    teamId: DEMO_TEAM_ID,
    slug: 'edge',
    title: 'Edge cases',
    isPublic: true,
    createdAt: now,
    updatedAt: now,
    createdBy: 'demo-owner',
  });
  batch.set(db.doc('slugs/edge'), { dashboardId: 'edge-dashboard', teamId: DEMO_TEAM_ID });
  const widgets: Record<string, { type: string; pipelineId: string; config: Record<string, unknown> }> = {
    'stale-stat': { type: 'stat_card', pipelineId: 'stale', config: { title: 'Stale', fields: ['temp'] } },
    'norollup-table': { type: 'table', pipelineId: 'norollup', config: { title: 'No rollup', fields: ['temp'] } },
    'doomed-stat': { type: 'stat_card', pipelineId: 'doomed', config: { title: 'Doomed', fields: ['temp'] } },
    'unknown-type': { type: 'pie_chart', pipelineId: 'stale', config: { title: 'Pie' } },
    'broken-config': { type: 'gauge', pipelineId: 'stale', config: { title: 'Broken', fields: ['temp'], min: 10, max: 0 } },
    'missing-field': { type: 'line_chart', pipelineId: 'stale', config: { title: 'Typo', fields: ['tmep'] } },
  };
  Object.entries(widgets).forEach(([id, w], i) => {
    batch.set(db.doc(`dashboards/edge-dashboard/widgets/${id}`), {
      ...w,
      position: { x: (i % 3) * 4, y: Math.floor(i / 3) * 3, w: 4, h: 3 },
      createdAt: now,
      updatedAt: now,
    });
  });
  await batch.commit();
  // A pipeline whose functions have not run: one record, and no rollup (removed once the trigger wrote it).
  await db.collection('pipelines/norollup/records').add({ ts: now, data: { temp: 42 }, producer: 'demo-producer' });
  const rollup = db.doc('pipelines/norollup/rollups/last100');
  const deadline = Date.now() + 30_000;
  while (!(await rollup.get()).exists) {
    if (Date.now() > deadline) throw new Error('the rollup trigger did not run within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  // The functions may write the window again (a late flush, the window created with the pipeline): delete until it stays gone.
  for (let attempt = 0; attempt < 10; attempt++) {
    await rollup.delete();
    await new Promise((r) => setTimeout(r, 3000));
    if (!(await rollup.get()).exists) return;
  }
  throw new Error('the rollup of "norollup" keeps coming back');
}

type TargetEvent = { sid: string | Promise<string | undefined>; body: string } | { terminate: string };

/**
 * The watch targets a page's Firestore instances hold on the server (the app's,
 * and the live one of instant tails: one WebChannel session each), from the
 * Listen channel's requests: added and removed by id within a session; a
 * session's targets go when it terminates. `targets()` replays the requests in
 * order, once the handshakes that name their session have answered.
 */
export function watchTargets(page: Page): { targets(): Promise<string[]>; added(): number } {
  const events: TargetEvent[] = [];
  let added = 0;
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!url.pathname.endsWith('/Listen/channel')) return;
    const sid = url.searchParams.get('SID');
    if (url.searchParams.get('TYPE') === 'terminate') {
      if (sid) events.push({ terminate: sid });
      return;
    }
    if (req.method() !== 'POST') return;
    const body = req.postData() ?? '';
    added += (body.match(/addTarget/g) ?? []).length;
    // A handshake (no SID yet) learns its session from the answer: [[0,["c","<SID>",...]]]
    const session = sid ?? req.response().then(async (res) => /\["c","([^"]+)"/.exec((await res?.text()) ?? '')?.[1]);
    events.push({ sid: session, body });
  });
  return {
    added: () => added,
    async targets() {
      const sessions = new Map<string, Map<number, string>>();
      for (const event of events) {
        if ('terminate' in event) {
          sessions.delete(event.terminate);
          continue;
        }
        const sid = await event.sid;
        if (!sid) continue;
        const targets = sessions.get(sid) ?? new Map<number, string>();
        sessions.set(sid, targets);
        for (const [key, value] of new URLSearchParams(event.body)) {
          if (!/^req\d+___data__$/.test(key)) continue;
          const message = JSON.parse(value) as { addTarget?: { targetId: number }; removeTarget?: number };
          if (message.addTarget) targets.set(message.addTarget.targetId, JSON.stringify(message.addTarget).slice(0, 200));
          if (message.removeTarget !== undefined) targets.delete(message.removeTarget);
        }
      }
      return [...sessions.values()].flatMap((targets) => [...targets.values()]);
    },
  };
}
