/**
 * `npm start`: the whole of Dash on this machine. Builds the functions and the
 * PWA, starts the emulators, seeds the demo, streams real host metrics, serves
 * the app (installable, offline-capable: the production build), runs the
 * scheduled reconcile the emulators do not run, shows a status line under its
 * banner, and stops everything it started on Ctrl-C.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_ACCOUNTS, DEMO_INGEST_TOKEN, DEMO_PASSWORD } from './demo/demoData.ts';
import { buildStamp, isBuildCurrent, markBuilt, START_MODE, viteBuildArgs } from './lib/appBuild.ts';
import {
  CACHE_DIR,
  EMULATORS,
  emulatorEnv,
  firebaseCommand,
  PrerequisiteError,
  PROJECT_ID,
  ROOT,
  sdkEmulatorEnv,
} from './lib/emulatorEnv.ts';
import { buildFunctionsIfStale } from './lib/functionsBuild.ts';
import { assertPortsFree, DEFAULT_PORTS, portsFromEnv, waitForPort, type Ports } from './lib/ports.ts';
import { exitCodeOf, forEachLine, killOrphanedFirestore, ProcessGroup } from './lib/processes.ts';
import { reconcileEveryMs, startMinuteLoop, startReconcileLoop } from './lib/reconcileLoop.ts';
import { classifyEmulatorLine, describeReconcile, IngestStatus, isRepair } from './lib/startOutput.ts';
import { StatusConsole } from './lib/statusConsole.ts';

const group = new ProcessGroup();
const out = new StatusConsole();
const startedAt = Date.now();
const elapsed = (): string => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
const VITE = join(ROOT, 'node_modules', '.bin', 'vite');
let stopping = false;
let stopReconcile: (() => Promise<void>) | undefined;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    out.release();
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    console.log('\nStopping Dash...');
  }
  await stopReconcile?.();
  await group.stop();
  killOrphanedFirestore(portsFromEnv().firestore);
  process.exit(code);
}

function timeout(ms: number, message: string): Promise<never> {
  return sleep(ms).then(() => Promise.reject(new Error(message)));
}

/** Retries `attempt` until it succeeds or `ms` have passed: the Auth emulator listens a moment before it routes requests. */
async function retrying<T>(ms: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}

/** Runs a command to its end; its output is shown only if it fails. */
function runQuiet(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = group.spawn(name, command, args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  forEachLine(child, (line) => output.push(line));
  return exitCodeOf(child).then((code) => {
    if (code !== 0 && !stopping) throw new Error(`${name} failed (exit ${code}):\n${output.join('\n')}`);
  });
}

/**
 * The production build of the PWA against these emulators (rebuilt only when
 * its inputs changed), then served by vite preview on the app port.
 */
async function serveApp(port: number, host: string, env: NodeJS.ProcessEnv): Promise<void> {
  const outDir = join(CACHE_DIR, `start-dist-${port}`);
  const stamp = buildStamp(env);
  if (!isBuildCurrent(outDir, stamp)) {
    out.print('Building the app (once, until its sources change)...');
    await runQuiet('build', VITE, viteBuildArgs(outDir), env);
    markBuilt(outDir, stamp);
  }
  const preview = group.spawn(
    'app',
    VITE,
    ['preview', '--mode', START_MODE, '--outDir', outDir, '--port', String(port), '--strictPort', '--host', host],
    { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // vite preview prints its URLs, which the banner repeats; only its complaints are worth a line.
  forEachLine(preview, (line) => {
    if (/error|warn/i.test(line)) out.print(`[app] ${line}`);
  });
}

/** `.cache/emulators.log`, or one per app port for a stack on shifted ports (a test's npm start does not overwrite yours). */
function logPath(ports: Ports): string {
  return join('.cache', ports.app === DEFAULT_PORTS.app ? 'emulators.log' : `emulators-${ports.app}.log`);
}

function banner(base: string, log: string, ingestUrl: string): string {
  const { token } = DEMO_INGEST_TOKEN;
  return [
    '',
    `  Dash is running (started in ${elapsed()}).`,
    `  Demo dashboard (public, live):  ${base}/d/demo`,
    `  Team dashboard (members only):  ${base}/d/ops`,
    `  Sign in at ${base}/ with any of these, password "${DEMO_PASSWORD}":`,
    ...DEMO_ACCOUNTS.map((a) => `    ${a.role.padEnd(9)} ${a.email}`),
    `  HTTP ingest into the simulated greenhouse, with its demo token (docs/producers.md):`,
    `    curl -X POST ${ingestUrl} -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" -d '{"temperatureC": 30.5, "humidityPercent": 55}'`,
    `  Logs of the emulators and functions: ${log}`,
    process.stdin.isTTY ? '  Press any key to show this again, Ctrl-C to stop everything.' : '  Press Ctrl-C to stop everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const ports = portsFromEnv();
  // DASH_HOST: the address tablets and phones on the network reach this machine at.
  const publicHost = process.env.DASH_HOST || '127.0.0.1';
  const bindHost = publicHost === '127.0.0.1' ? '127.0.0.1' : '0.0.0.0';
  const env: NodeJS.ProcessEnv = {
    ...emulatorEnv(),
    ...sdkEmulatorEnv(ports),
    VITE_FIRESTORE_EMULATOR_HOST: `${publicHost}:${ports.firestore}`,
    VITE_AUTH_EMULATOR_URL: `http://${publicHost}:${ports.auth}`,
    VITE_FUNCTIONS_EMULATOR_URL: `http://${publicHost}:${ports.functions}`,
  };
  // The demo's Firestore serves a few records a second: a JVM without the
  // optimizing compiler and with one GC thread leaves the CPU to the rest of
  // the start (first live widget ~3 s sooner on 2 cores; bench/startup.ts).
  env.JAVA_TOOL_OPTIONS ??= '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';
  const { e2eApp: _e2eApp, ...usedPorts } = ports;
  await assertPortsFree(usedPorts);
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  mkdirSync(CACHE_DIR, { recursive: true });
  buildFunctionsIfStale();

  const status = new IngestStatus();
  const fb = firebaseCommand(['emulators:start', '--only', EMULATORS], ports, bindHost);
  const emulators = group.spawn('emulators', fb.bin, fb.args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(ROOT, logPath(ports)));
  const ready = new Promise<void>((resolve) => {
    forEachLine(emulators, (line) => {
      log.write(`${line}\n`);
      if (line.includes('All emulators ready')) resolve();
      const kind = classifyEmulatorLine(line);
      if (kind.kind === 'flush') status.noteFlush(kind.pipelineId, kind.counted, Date.now());
      else if (kind.kind === 'show') out.print(`[emulators] ${line}`);
    });
  });
  void exitCodeOf(emulators).then((code) => {
    if (!stopping) {
      console.error(`The emulators exited (code ${code}); their log is in ${logPath(ports)}.`);
      void shutdown(1);
    }
  });
  // The app needs nothing from the emulators to be built and served, so it is beside them.
  const app = serveApp(ports.app, bindHost, env);

  // The producer loads beside the emulators and signs in once the seed has created its account.
  const producer = group.spawn('producer', process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'demo', 'producer.ts')], {
    env,
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  forEachLine(producer, (line) => out.print(line));

  // Seeding and the producer need Firestore and Auth only, not the functions.
  const started = timeout(120_000, `The emulators did not start within 120 s; see ${logPath(ports)}.`);
  Object.assign(process.env, sdkEmulatorEnv(ports));
  const { initializeApp } = await import('firebase-admin/app');
  const { seedDemoAccounts, seedDemoAlertRules, seedDemoDocuments, seedDemoIngestToken } = await import('./demo/seed.ts');
  const admin = initializeApp({ projectId: PROJECT_ID });
  // firebase-tools starts Firestore first and Auth a second or two later: each part of the seed starts when its emulator listens.
  await Promise.race([
    Promise.all([
      waitForPort(ports.firestore, 120_000).then(() => seedDemoDocuments(admin).then(() => Promise.all([seedDemoAlertRules(admin), seedDemoIngestToken(admin)]))),
      waitForPort(ports.auth, 120_000).then(() => retrying(20_000, () => seedDemoAccounts(admin))),
    ]),
    started,
  ]);
  out.print(`Seeded the demo team, pipelines and dashboards (${elapsed()}).`);
  // Records written before the functions load are not lost: the first flush reads the log from its cursor.
  producer.send('seeded');

  await Promise.race([Promise.all([ready, app]), started]);
  await waitForPort(ports.app, 60_000);

  const base = `http://${publicHost}:${ports.app}`;
  const ingestUrl = `http://${publicHost}:${ports.functions}/${PROJECT_ID}/us-central1/ingest/${DEMO_INGEST_TOKEN.pipelineId}`;
  out.print(banner(base, logPath(ports), ingestUrl));
  const reconcile = startReconcileLoop(reconcileEveryMs(), (run) => {
    if ('error' in run) return out.print(`[reconcile] failed: ${run.error.message}`);
    const note = { atMs: Date.now(), outcomes: run.summary.outcomes };
    status.noteReconcile(note);
    // A repair is news (something had left a window behind): it gets a line of its own.
    if (isRepair(note)) out.print(`[reconcile] ${describeReconcile(note)}`);
  });
  const minuteSchedules = startMinuteLoop((what, err) => out.print(`[schedule] ${what} failed: ${err.message}`));
  stopReconcile = async () => {
    await Promise.all([reconcile.stop(), minuteSchedules.stop()]);
  };
  // After the banner, in the background: the simulated greenhouse's past week, through the backend's own path.
  void import('./demo/seed.ts')
    .then(({ importGreenhouseHistory }) => importGreenhouseHistory(admin))
    .then((n) => n > 0 && out.print(`[demo] imported a week of simulated greenhouse history (${n} records).`))
    .catch((err: unknown) => out.print(`[demo] greenhouse history import failed: ${(err as Error).message}`));
  setInterval(() => out.status(status.line(Date.now())), 2_000).unref();
  if (process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    process.stdin.on('data', (key: Buffer) => {
      // Raw mode turns Ctrl-C into a byte instead of a SIGINT.
      if (key.includes(3)) void shutdown(0);
      else out.print(banner(base, logPath(ports), ingestUrl));
    });
  }
}

main().catch((err: unknown) => {
  out.release();
  console.error(err instanceof Error ? err.message : err);
  // A missing prerequisite or a taken port stops Dash before anything started.
  if (err instanceof PrerequisiteError || !group.started) process.exit(1);
  void shutdown(1);
});
