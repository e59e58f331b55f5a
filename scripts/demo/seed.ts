import { type App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore';
import type { AlertRule, Dashboard, Member, Pipeline, Slug, Team, TimestampLike, Widget } from '../../contract/index.ts';
import { greenhouseAt } from '../sources/greenhouse.ts';
import { issueToken, newToken } from '../../functions/src/ingest/tokens.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_ALERT_RULES,
  DEMO_INGEST_TOKEN,
  DEMO_DASHBOARDS,
  DEMO_PASSWORD,
  DEMO_PIPELINES,
  DEMO_TEAM_ID,
  GREENHOUSE_HISTORY_DAYS,
  GREENHOUSE_HISTORY_STEP_MS,
} from './demoData.ts';

/** A document as written: its contract type without the id, timestamps as server timestamps. */
type NewDoc<T> = { [K in keyof T]: T[K] extends TimestampLike ? FieldValue : T[K] };

/**
 * Writes the demo team, accounts, pipelines and dashboards. Idempotent: accounts
 * are created once, documents are written with fixed ids (records are left alone).
 */
export async function seedDemo(app: App): Promise<void> {
  await Promise.all([seedDemoAccounts(app), seedDemoDocuments(app)]);
}

/**
 * The demo alert rules (DEMO_ALERT_RULES), for `npm start` only. Created once:
 * a rule a user changed or deleted in the demo stays as they left it.
 */
export async function seedDemoAlertRules(app: App): Promise<void> {
  const db = getFirestore(app);
  const now = FieldValue.serverTimestamp();
  await Promise.all(
    DEMO_ALERT_RULES.map(({ pipelineId, id, ...rule }) =>
      db
        .doc(`pipelines/${pipelineId}/alertRules/${id}`)
        .create({ ...rule, createdAt: now, updatedAt: now, createdBy: DEMO_ACCOUNTS[0].uid } satisfies NewDoc<Omit<AlertRule, 'id'>>)
        .catch((err: { code?: unknown }) => {
          if (err.code !== 6) throw err; // ALREADY_EXISTS: seeded by an earlier start
        }),
    ),
  );
}

/** The demo's ingest token (DEMO_INGEST_TOKEN), for `npm start`'s curl line; created once. */
export async function seedDemoIngestToken(app: App): Promise<void> {
  const { pipelineId, name, token } = DEMO_INGEST_TOKEN;
  await issueToken(getFirestore(app), pipelineId, DEMO_ACCOUNTS[0].uid, name, undefined, newToken(token)).catch((err: { code?: unknown }) => {
    if (err.code !== 6) throw err; // ALREADY_EXISTS: seeded by an earlier start
  });
}

/** The demo accounts in the Auth emulator, with the demo password, verified. */
export async function seedDemoAccounts(app: App): Promise<void> {
  const auth = getAuth(app);
  await Promise.all(
    DEMO_ACCOUNTS.map(async (account) => {
      const user = await auth.getUser(account.uid).catch(() => undefined);
      if (user) await auth.updateUser(account.uid, { password: DEMO_PASSWORD, emailVerified: true });
      else {
        await auth.createUser({
          uid: account.uid,
          email: account.email,
          password: DEMO_PASSWORD,
          displayName: account.displayName,
          emailVerified: true,
        });
      }
    }),
  );
}

/** The demo team, its members (by the accounts' fixed uids), pipelines and dashboards, in one batch. */
export async function seedDemoDocuments(app: App): Promise<void> {
  const db = getFirestore(app);
  const owner = DEMO_ACCOUNTS[0].uid;
  const now = FieldValue.serverTimestamp();
  const batch = db.batch();
  batch.set(db.doc(`teams/${DEMO_TEAM_ID}`), { name: 'Demo team', createdAt: now, createdBy: owner } satisfies NewDoc<Omit<Team, 'id'>>);
  for (const account of DEMO_ACCOUNTS) {
    batch.set(db.doc(`teams/${DEMO_TEAM_ID}/members/${account.uid}`), {
      role: account.role,
      email: account.email,
      uid: account.uid,
      addedAt: now,
    } satisfies NewDoc<Member>);
  }
  const publicPipelines = new Set(
    DEMO_DASHBOARDS.filter((d) => d.isPublic).flatMap((d) => d.widgets.map((w) => w.pipelineId)),
  );
  for (const p of DEMO_PIPELINES) {
    batch.set(db.doc(`pipelines/${p.id}`), {
      teamId: DEMO_TEAM_ID,
      name: p.name,
      description: p.description,
      fields: p.fields,
      public: publicPipelines.has(p.id),
      createdAt: now,
      createdBy: owner,
    } satisfies NewDoc<Omit<Pipeline, 'id'>>);
  }
  for (const d of DEMO_DASHBOARDS) {
    batch.set(db.doc(`dashboards/${d.id}`), {
      teamId: DEMO_TEAM_ID,
      slug: d.slug,
      title: d.title,
      description: d.description,
      isPublic: d.isPublic,
      createdAt: now,
      updatedAt: now,
      createdBy: owner,
    } satisfies NewDoc<Omit<Dashboard, 'id'>>);
    batch.set(db.doc(`slugs/${d.slug}`), { dashboardId: d.id, teamId: DEMO_TEAM_ID } satisfies Omit<Slug, 'slug'>);
    for (const w of d.widgets) {
      batch.set(db.doc(`dashboards/${d.id}/widgets/${w.id}`), {
        type: w.type,
        pipelineId: w.pipelineId,
        config: w.config,
        position: w.position,
        createdAt: now,
        updatedAt: now,
      } satisfies NewDoc<Omit<Widget, 'id'>>);
    }
  }
  await batch.commit();
}

/** Imported records are written this many at a time, one batch a second: the emulator delivers triggers about one at a time. */
const IMPORT_BATCH = 3;

/**
 * Imports the simulated greenhouse's past week with past `ts`, through
 * firebase-admin as trusted code would: the same backend path as any late
 * record (record triggers, flushes, dirty marks) builds its history. Slowly,
 * so that the live pipelines' triggers keep their turn. Once: a pipeline that
 * has records already is left alone. Resolves with the number of records written.
 */
export async function importGreenhouseHistory(app: App, nowMs = Date.now()): Promise<number> {
  const db = getFirestore(app);
  const records = db.collection('pipelines/greenhouse/records');
  if ((await records.limit(1).count().get()).data().count > 0) return 0;
  const times: number[] = [];
  for (let ms = nowMs - GREENHOUSE_HISTORY_DAYS * 86_400_000; ms < nowMs - 60_000; ms += GREENHOUSE_HISTORY_STEP_MS) times.push(ms);
  for (let i = 0; i < times.length; i += IMPORT_BATCH) {
    const batch = db.batch();
    for (const ms of times.slice(i, i + IMPORT_BATCH)) {
      batch.set(records.doc(), { ts: Timestamp.fromMillis(ms), data: { ...greenhouseAt(ms) }, producer: 'demo-import' });
    }
    await batch.commit();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return times.length;
}
