/**
 * Alerts (issue 17), at 1 and 100 records/s side by side in one run, each on
 * its own pipeline with 20 rules (one that crosses, 19 that never do) and a
 * webhook channel: the time from the crossing record's write to the rule's
 * `firing` (its event, seen by a listener here), to the kiosk banner on a viewer's screen
 * (Chromium, the production build), and to the webhook received (a server
 * here); p50 and p99; and the reads and writes of one evaluation.
 *
 * The load alternates 3 s of crossing records (cpu 95) and 3 s of normal
 * ones. First, at 1 record/s, through the deployed path: the record trigger
 * in the Functions emulator flushes and evaluates. Then, at 1 and 100
 * records/s side by side, as in bench/historyBackend.ts, the flush and the
 * evaluation run in this process once a second per pipeline, as production's
 * bucket leader does (flush, then evaluate), with the emulator's triggers
 * off: a trigger per record at 100 records/s measures the emulator's queue on
 * this 2-core machine, not the design. Webhooks go through the real task
 * queue. BENCH_ALERTS_SECONDS sets the length per run (default 60 s).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAM_ID } from '../scripts/demo/demoData.ts';
import { FieldValue, firestore, type Firestore } from '../functions/src/admin.ts';
import { evaluatePipelineAlerts, type AlertRunResult } from '../functions/src/alerts/evaluate.ts';
import { flushWindow } from '../functions/src/rollup/flushWindow.ts';
import { setTriggers } from '../tests/support/emulators.ts';
import { report } from './_report.ts';
import { openStage, percentile, sleep, type BenchStage } from './_viewerApp.ts';

const BENCH = 'alerts';
const RATES = [1, 100] as const;
const SECONDS = Number(process.env.BENCH_ALERTS_SECONDS ?? 60);
const PHASE_MS = 3000;
const RULES = 20;

interface Run {
  rate: number;
  /** Flushed and evaluated by the record trigger, not by this process. */
  viaTriggers: boolean;
  pipelineId: string;
  /** Write time of the first crossing record of each crossing phase. */
  crossings: number[];
  firingAt: number[];
  bannerAt: number[];
  webhookAt: number[];
  evaluations: AlertRunResult[];
  records: number;
}

async function seed(db: Firestore, run: Run, hookUrl: string): Promise<void> {
  const now = FieldValue.serverTimestamp();
  const p = run.pipelineId;
  await db.doc(`pipelines/${p}`).set({ teamId: DEMO_TEAM_ID, name: p, public: false, createdAt: now, createdBy: 'demo-owner' });
  const rule = { field: 'cpu', op: 'above', aggregation: 'last', windowSeconds: 0, forSeconds: 0, enabled: true, createdAt: now, updatedAt: now, createdBy: 'demo-owner' };
  for (let i = 0; i < RULES; i++) {
    await db
      .doc(`pipelines/${p}/alertRules/r${String(i).padStart(2, '0')}`)
      .set({ ...rule, name: i === 0 ? 'CPU hot' : `Never ${i}`, value: i === 0 ? 90 : 1000 + i, severity: i === 0 ? 'critical' : 'warning' });
  }
  await db.doc(`dashboards/${p}`).set({ teamId: DEMO_TEAM_ID, slug: p, title: p, isPublic: false, createdAt: now, updatedAt: now, createdBy: 'demo-owner' });
  await db.doc(`slugs/${p}`).set({ dashboardId: p, teamId: DEMO_TEAM_ID });
  await db.doc(`dashboards/${p}/widgets/cpu`).set({ type: 'stat_card', pipelineId: p, config: { fields: ['cpu'] }, position: { x: 0, y: 0, w: 4, h: 3 }, createdAt: now, updatedAt: now });
  const channel = db.doc(`teams/${DEMO_TEAM_ID}/alertChannels/${p}`);
  await channel.set({ type: 'webhook', name: p, url: `${hookUrl}/${p}`, minSeverity: 'critical', enabled: true, createdAt: now, createdBy: 'demo-owner' });
  await channel.collection('secret').doc('hmac').set({ value: 'bench-secret-0123456789' });
}

/** A viewer's kiosk of the run's dashboard; the page notes when the banner appears. */
async function openKiosk(stage: BenchStage, run: Run) {
  const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(stage.app.url);
  const viewer = DEMO_ACCOUNTS.find((a) => a.role === 'viewer')!;
  await page.fill('form[aria-label="Sign in"] input[name=email]', viewer.email);
  await page.fill('form[aria-label="Sign in"] input[name=password]', DEMO_PASSWORD);
  await page.click('form[aria-label="Sign in"] button[type=submit]');
  await page.getByTestId('signed-in-email').waitFor();
  await page.goto(`${stage.app.url}/d/${run.pipelineId}?kiosk=1`);
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { bannerSeen: number[] }).bannerSeen = seen;
    let shown = false;
    new MutationObserver(() => {
      const now = !!document.querySelector('[data-testid="kiosk-alert-banner"]');
      if (now && !shown) seen.push(performance.timeOrigin + performance.now());
      shown = now;
    }).observe(document.body, { childList: true, subtree: true });
  });
  return {
    bannerTimes: () => page.evaluate(() => (window as unknown as { bannerSeen: number[] }).bannerSeen),
    close: () => context.close(),
  };
}

async function drive(db: Firestore, run: Run): Promise<void> {
  const records = db.collection(`pipelines/${run.pipelineId}/records`);
  const endAt = Date.now() + SECONDS * 1000;
  // From the events, not the state: a crossing that falls back within one flush leaves the state normal.
  const events = db.collection(`teams/${DEMO_TEAM_ID}/alertEvents`).where('pipelineId', '==', run.pipelineId).where('to', '==', 'firing');
  const stopState = events.onSnapshot((snap) => {
    const seenAt = Date.now();
    for (const change of snap.docChanges()) if (change.type === 'added') run.firingAt.push(seenAt);
  });
  let flushing = !run.viaTriggers;
  const flushLoop = (async () => {
    while (flushing) {
      const started = Date.now();
      const flush = await flushWindow(db, run.pipelineId);
      if (flush.outcome === 'written') run.evaluations.push(await evaluatePipelineAlerts(db, run.pipelineId));
      await sleep(Math.max(0, 1000 - (Date.now() - started)));
    }
  })();
  const pending: Promise<unknown>[] = [];
  for (let phase = 0; Date.now() < endAt; phase++) {
    const crossing = phase % 2 === 1;
    const phaseEnd = Date.now() + PHASE_MS;
    let first = true;
    for (let i = 0; Date.now() < phaseEnd; i++) {
      const write = records
        .add({ ts: FieldValue.serverTimestamp(), data: { cpu: crossing ? 95 : 20 + (i % 40) }, producer: 'bench' })
        .then(() => undefined);
      if (crossing && first) {
        const sentAt = Date.now();
        pending.push(write.then(() => run.crossings.push(sentAt)));
        first = false;
      } else pending.push(write);
      run.records++;
      await sleep(1000 / run.rate);
    }
  }
  await Promise.all(pending);
  await sleep(4000);
  flushing = false;
  await flushLoop;
  stopState();
}

/** For each crossing, the first time in `times` after it (within one phase pair), minus the crossing. */
function latencies(crossings: readonly number[], times: readonly number[]): number[] {
  return crossings.flatMap((c) => {
    const t = times.find((x) => x >= c && x < c + 2 * PHASE_MS);
    return t === undefined ? [] : [t - c];
  });
}

const stage = await openStage();
const db = firestore();
const webhookTimes = new Map<string, number[]>();
const hook = createServer((req, res) => {
  const at = Date.now();
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const key = req.url?.slice(1) ?? '';
    // Changes back to normal are delivered too: only those to firing are timed.
    if ((JSON.parse(body) as { to?: string }).to === 'firing') webhookTimes.set(key, [...(webhookTimes.get(key) ?? []), at]);
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
try {
  const newRun = (rate: number, viaTriggers: boolean): Run => ({
    rate,
    viaTriggers,
    pipelineId: `alerts-bench-${rate}${viaTriggers ? '-triggers' : ''}`,
    crossings: [],
    firingAt: [],
    bannerAt: [],
    webhookAt: [],
    evaluations: [],
    records: 0,
  });
  const triggered = newRun(1, true);
  const inProcess = RATES.map((rate) => newRun(rate, false));
  const runs = [triggered, ...inProcess];
  for (const run of runs) await seed(db, run, hookUrl);
  // Whether or not the rules' triggers have run yet: the first evaluation copies the rules, as they would.
  for (const run of runs) await flushWindow(db, run.pipelineId).then(() => evaluatePipelineAlerts(db, run.pipelineId, Date.now(), { syncRules: true }));
  const kiosks = await Promise.all(runs.map((run) => openKiosk(stage, run)));
  await drive(db, triggered);
  await setTriggers(false);
  await Promise.all(inProcess.map((run) => drive(db, run)));
  for (const [i, run] of runs.entries()) {
    run.bannerAt = await kiosks[i]!.bannerTimes();
    run.webhookAt = webhookTimes.get(run.pipelineId) ?? [];
  }
  await Promise.all(kiosks.map((k) => k.close()));

  for (const run of runs) {
    const at = `${run.rate}/s${run.viaTriggers ? ' via triggers' : ''}`;
    const series = { state: latencies(run.crossings, run.firingAt), banner: latencies(run.crossings, run.bannerAt), webhook: latencies(run.crossings, run.webhookAt) };
    report(BENCH, `${at} crossings`, run.crossings.length, 'count');
    for (const [name, values] of Object.entries(series)) {
      report(BENCH, `${at} write to ${name} p50`, percentile(values, 50) / 1000, 's');
      report(BENCH, `${at} write to ${name} p99`, percentile(values, 99) / 1000, 's');
      report(BENCH, `${at} ${name} seen`, values.length, 'count');
    }
    // The trigger's evaluations run in the emulator, out of this process's sight.
    if (run.viaTriggers) continue;
    const n = run.evaluations.length;
    const sum = (f: (r: AlertRunResult) => number) => run.evaluations.reduce((a, r) => a + f(r), 0);
    report(BENCH, `${at} reads per evaluation`, sum((r) => r.reads) / n, 'reads');
    report(BENCH, `${at} writes per evaluation`, sum((r) => r.writes) / n, 'writes');
    report(BENCH, `${at} evaluation reads per record`, sum((r) => r.reads) / run.records, 'reads');
    report(BENCH, `${at} records per evaluation`, run.records / n, 'records');
  }
} finally {
  hook.close();
  await setTriggers(true);
  await stage.close();
}
