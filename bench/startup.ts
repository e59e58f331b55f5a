/**
 * `npm start` as a user sees it: from the command to the ready banner, then
 * (opening the URL the banner prints) to the first and to every widget of
 * /d/demo showing live data in Chromium, and from Ctrl-C to every process gone. Each run starts its own stack on shifted ports
 * (beside the emulators `npm run bench` runs in) with a fresh Firestore, so a
 * live widget can only show records streamed by that run. BENCH_TRACE=1 also
 * prints the start's timeline (seed, producer, flushes, widgets live).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO_DASHBOARDS } from '../scripts/demo/demoData.ts';
import { ROOT } from '../scripts/lib/emulatorEnv.ts';
import { isPortFree, portsFromEnv, type Ports } from '../scripts/lib/ports.ts';
import { report } from './_report.ts';
import { launchChromium, percentile, sleep } from './_viewerApp.ts';

const BENCH = 'startup';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OFFSET = Number(process.env.DASH_PORT_OFFSET ?? 0) + 900;
const DEMO_WIDGETS = DEMO_DASHBOARDS.find((d) => d.slug === 'demo')!.widgets.length;
const DEADLINE_MS = 90_000;

interface Run {
  bannerS: number;
  firstLiveS: number;
  allLiveS: number;
  stopS: number;
  leftover: number;
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DASH_PORT_OFFSET: String(OFFSET) };
  for (const key of Object.keys(env)) if (/^DASH_PORT_(?!OFFSET)/.test(key)) delete env[key];
  return env;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function portsInUse(ports: Ports): Promise<number> {
  const names = ['auth', 'firestore', 'functions', 'app'] as const;
  const busy = (await Promise.all(names.map(async (name) => ((await isPortFree(ports[name])) ? [] : [name])))).flat();
  if (busy.length > 0) console.error(`# still listening after Ctrl-C: ${busy.join(', ')}`);
  return busy.length;
}

async function liveWidgets(browser: Browser, url: string, t0: number): Promise<{ first: number; all: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(url);
    console.error(`# page loaded at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    let first = 0;
    for (;;) {
      const live = await page.$$eval('.freshness[data-state="live"]', (els) => els.length);
      const now = (Date.now() - t0) / 1000;
      if (live > 0 && first === 0) first = now;
      if (process.env.BENCH_TRACE && (await page.$('.freshness'))) console.error(`# ${now.toFixed(1)} s: ${live} live`);
      if (live >= DEMO_WIDGETS) return { first, all: now };
      if (Date.now() - t0 > DEADLINE_MS) throw new Error(`only ${live} of ${DEMO_WIDGETS} widgets live after ${DEADLINE_MS / 1000} s`);
      await sleep(100);
    }
  } finally {
    await page.close();
  }
}

async function once(browser: Browser): Promise<Run> {
  const ports = portsFromEnv({ DASH_PORT_OFFSET: String(OFFSET) });
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts')], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let bannerS = 0;
  let output = '';
  const banner = new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (process.env.BENCH_TRACE) for (const line of chunk.split('\n').filter((l) => /flush|producer|Seeded|running/.test(l))) console.error(`# ${((Date.now() - t0) / 1000).toFixed(1)} s: ${line.slice(0, 120)}`);
      if (bannerS === 0 && output.includes('Dash is running')) {
        bannerS = (Date.now() - t0) / 1000;
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before its banner:\n${output}`)));
    setTimeout(() => reject(new Error(`no banner within ${DEADLINE_MS / 1000} s:\n${output}`)), DEADLINE_MS).unref();
  });
  try {
    await banner;
    const { first, all } = await liveWidgets(browser, `http://127.0.0.1:${ports.app}/d/demo`, t0);
    const stopAt = Date.now();
    child.kill('SIGINT');
    await exited(child);
    const stopS = (Date.now() - stopAt) / 1000;
    return { bannerS, firstLiveS: first, allLiveS: all, stopS, leftover: await portsInUse(ports) };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      await exited(child);
    }
  }
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  const runs: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const run = await once(browser);
      console.error(`# run ${i + 1}: ${JSON.stringify(run)}`);
      runs.push(run);
    }
  } finally {
    await browser.close();
  }
  const figure = (name: string, pick: (r: Run) => number, unit = 's') => {
    const values = runs.map(pick).sort((a, b) => a - b);
    report(BENCH, `${name}_median`, Number(percentile(values, 50).toFixed(1)), unit);
    report(BENCH, `${name}_max`, Number(values[values.length - 1]!.toFixed(1)), unit);
  };
  figure('ready_banner', (r) => r.bannerS);
  figure('first_widget_live', (r) => r.firstLiveS);
  figure('all_demo_widgets_live', (r) => r.allLiveS);
  figure('ctrl_c_to_exit', (r) => r.stopS);
  report(BENCH, 'ports_left_listening_after_ctrl_c', runs.reduce((n, r) => n + r.leftover, 0), 'ports');
  report(BENCH, 'runs', runs.length, 'runs');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
