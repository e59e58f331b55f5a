/**
 * `npm start` as a user runs it, once for every assertion (it takes a while):
 * on ports shifted past the suite's own stack, with the reconcile's cadence
 * shortened to a few seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { isPortFree, portsFromEnv } from '../../scripts/lib/ports.ts';

const OFFSET = Number(process.env.DASH_PORT_OFFSET ?? 0) + 950;
const ports = portsFromEnv({ DASH_PORT_OFFSET: String(OFFSET) });
const RECONCILE_SECONDS = 5;

let child: ChildProcess;
let stdout = '';
let demoUrl = '';
let browser: Browser;

/** The environment of a user's shell: none of the suite's emulator variables, the ports shifted. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DASH_PORT_OFFSET: String(OFFSET), DASH_RECONCILE_SECONDS: String(RECONCILE_SECONDS) };
  for (const key of Object.keys(env)) {
    if (/EMULATOR|^GCLOUD_PROJECT$|^DASH_PORT_(?!OFFSET)/.test(key)) delete env[key];
  }
  return env;
}

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts')], {
    cwd: ROOT,
    env: userEnv(),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /Demo dashboard \(public, live\):\s+(\S+)/.exec(stdout)?.[1];
      if (url && !demoUrl) {
        demoUrl = url;
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before its banner:\n${stdout}`)));
  });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
});

/** A document of the started stack's Firestore, through the emulator's REST API as an admin ("Bearer owner" bypasses the rules). */
function documentUrl(path: string): string {
  return `http://127.0.0.1:${ports.firestore}/v1/projects/demo-dash/databases/(default)/documents/${path}`;
}
const asAdmin = { Authorization: 'Bearer owner', 'Content-Type': 'application/json' };

async function windowRecordIds(pipelineId: string): Promise<string[]> {
  const res = await fetch(documentUrl(`pipelines/${pipelineId}/rollups/last100`), { headers: asAdmin });
  const doc = (await res.json()) as { fields?: { records?: { arrayValue: { values?: { mapValue: { fields: { id: { stringValue: string } } } }[] } } } };
  return (doc.fields?.records?.arrayValue.values ?? []).map((v) => v.mapValue.fields.id.stringValue);
}

describe('npm start', () => {
  test('serves the demo as an installable PWA: a manifest, an active service worker, and an offline reload', async () => {
    expect(demoUrl).toBe(`http://127.0.0.1:${ports.app}/d/demo`);
    const page = await browser.newPage();
    await page.goto(demoUrl);
    const manifestHref = await page.getAttribute('link[rel="manifest"]', 'href');
    expect(manifestHref).toBeTruthy();
    const manifest = (await (await fetch(new URL(manifestHref!, demoUrl))).json()) as { name: string; display: string; icons: unknown[] };
    expect(manifest).toMatchObject({ name: 'Dash: live dashboards', display: 'standalone' });
    expect(manifest.icons.length).toBeGreaterThan(0);
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const active = registration.active!;
      if (active.state !== 'activated') await new Promise((r) => active.addEventListener('statechange', r));
      return { state: active.state, scope: registration.scope };
    });
    expect(worker).toEqual({ state: 'activated', scope: `http://127.0.0.1:${ports.app}/` });
    await page.waitForSelector('.freshness[data-state="live"]', { timeout: 60_000 });
    // Offline-capable: the service worker serves the app shell with the network gone.
    await page.context().setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-widget-id]', { timeout: 30_000 });
    await page.context().setOffline(false);
    await page.close();
  }, 120_000);

  test('heals a window left behind within one reconcile cadence, as the production schedule does', async () => {
    // A window whose newest record is ahead of the log: every flush reads the log after that cursor, finds nothing, and writes nothing.
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const stuck = {
      fields: {
        records: { arrayValue: { values: [{ mapValue: { fields: { id: { stringValue: 'left-behind' }, ts: { timestampValue: future }, data: { mapValue: { fields: { cpuPercent: { doubleValue: 1 } } } } } } }] } },
        count: { integerValue: '1' },
        lastTs: { timestampValue: future },
        updatedAt: { timestampValue: new Date().toISOString() },
      },
    };
    const res = await fetch(documentUrl('pipelines/system/rollups/last100'), { method: 'PATCH', headers: asAdmin, body: JSON.stringify(stuck) });
    expect(res.ok).toBe(true);
    const corruptedAt = Date.now();
    const printedBefore = stdout.length;
    expect(await windowRecordIds('system')).toEqual(['left-behind']);
    await expect
      .poll(async () => (await windowRecordIds('system')).includes('left-behind'), { timeout: 60_000, interval: 250 })
      .toBe(false);
    // One cadence, plus the run itself on a machine the rest of the suite keeps busy.
    expect(Date.now() - corruptedAt).toBeLessThan((RECONCILE_SECONDS + 10) * 1000);
    expect((await windowRecordIds('system')).length).toBeGreaterThan(0);
    // The repair is news, printed as a line of its own.
    await expect.poll(() => stdout.slice(printedBefore), { timeout: 5_000 }).toMatch(/^\[reconcile\] \d\d:\d\d:\d\d: .*\d rebuilt/m);
  }, 90_000);

  test('prints its banner, then status lines instead of one line per flush; the function logs go to its log file', async () => {
    await expect.poll(() => /records\/s \(10 s\): .*system \d+\.\d/.test(stdout), { timeout: 30_000 }).toBe(true);
    expect(stdout).not.toContain('rollup flush');
    expect(stdout).not.toContain('Beginning execution');
    const log = readFileSync(join(ROOT, '.cache', `emulators-${ports.app}.log`), 'utf8');
    expect(log).toContain('"message":"rollup flush"');
    expect(stdout).toContain(`Logs of the emulators and functions: .cache/emulators-${ports.app}.log`);
  });

  test("prints a curl line that appends a record to the simulated greenhouse over HTTP", async () => {
    const line = /curl -X POST (\S+) -H "Authorization: Bearer (\S+)" -H "Content-Type: application\/json" -d '([^']+)'/.exec(stdout);
    expect(line, stdout).not.toBeNull();
    const [, url, token, body] = line!;
    const res = await fetch(url!, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    const { ids } = (await res.json()) as { ids: string[] };
    const record = (await (await fetch(documentUrl(`pipelines/greenhouse/records/${ids[0]}`), { headers: asAdmin })).json()) as {
      fields: { data: { mapValue: { fields: Record<string, { doubleValue?: number; integerValue?: string }> } }; producer: { stringValue: string } };
    };
    const data = Object.fromEntries(Object.entries(record.fields.data.mapValue.fields).map(([k, v]) => [k, v.doubleValue ?? Number(v.integerValue)]));
    expect(data).toEqual(JSON.parse(body!));
    expect(record.fields.producer.stringValue).toMatch(/^token:[0-9a-f]{20}$/);
  });

  test('Ctrl-C stops everything it started', async () => {
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
    for (const port of [ports.auth, ports.firestore, ports.functions, ports.app]) expect(await isPortFree(port)).toBe(true);
  });
});
