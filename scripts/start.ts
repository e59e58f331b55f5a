/**
 * `npm start`: the whole of Dash on this machine. Builds the functions, starts the
 * emulators, seeds the demo, streams real host metrics, serves the PWA, and
 * stops everything it started on Ctrl-C.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demoData.ts';
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
import { assertPortsFree, portsFromEnv, waitForPort } from './lib/ports.ts';
import { exitCodeOf, forEachLine, killOrphanedFirestore, ProcessGroup } from './lib/processes.ts';

const group = new ProcessGroup();
const startedAt = Date.now();
const elapsed = (): string => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping Dash...');
  }
  await group.stop();
  killOrphanedFirestore(portsFromEnv().firestore);
  process.exit(code);
}

function timeout(ms: number, message: string): Promise<never> {
  return sleep(ms).then(() => Promise.reject(new Error(message)));
}

async function main(): Promise<void> {
  const ports = portsFromEnv();
  const env = { ...emulatorEnv(), ...sdkEmulatorEnv(ports) };
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

  const fb = firebaseCommand(['emulators:start', '--only', EMULATORS], ports);
  const emulators = group.spawn('emulators', fb.bin, fb.args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(CACHE_DIR, 'emulators.log'));
  const ready = new Promise<void>((resolve) => {
    forEachLine(emulators, (line) => {
      log.write(`${line}\n`);
      if (line.includes('All emulators ready')) resolve();
      // Trigger runs and the ready banner's box are noise here; warnings, errors and function logs are shown.
      if (!/Beginning execution of|Finished "|^\s*$|[│┌└├]/.test(line)) console.log(`[emulators] ${line}`);
    });
  });
  void exitCodeOf(emulators).then((code) => {
    if (!stopping) {
      console.error(`The emulators exited (code ${code}); their log is in .cache/emulators.log.`);
      void shutdown(1);
    }
  });
  // The app server needs nothing from the emulators to start, so it starts beside them.
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  group.spawn('app', vite, ['--port', String(ports.app), '--strictPort', '--host', '127.0.0.1', '--clearScreen', 'false'], { env, cwd: ROOT });

  // The producer loads beside the emulators and signs in once the seed has created its account.
  const producer = group.spawn('producer', process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'demo', 'producer.ts')], {
    env,
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  // Seeding and the producer need Firestore and Auth only, not the functions.
  const started = timeout(120_000, 'The emulators did not start within 120 s; see .cache/emulators.log.');
  Object.assign(process.env, sdkEmulatorEnv(ports));
  const { initializeApp } = await import('firebase-admin/app');
  const { seedDemoAccounts, seedDemoDocuments } = await import('./demo/seed.ts');
  const admin = initializeApp({ projectId: PROJECT_ID });
  // firebase-tools starts Firestore first and Auth a second or two later: each part of the seed starts when its emulator listens.
  await Promise.race([
    Promise.all([
      waitForPort(ports.firestore, 120_000).then(() => seedDemoDocuments(admin)),
      waitForPort(ports.auth, 120_000).then(() => seedDemoAccounts(admin)),
    ]),
    started,
  ]);
  console.log(`Seeded the demo team, pipelines and dashboards (${elapsed()}).`);
  // Records written before the functions load are not lost: the first flush reads the log from its cursor.
  producer.send('seeded');

  await Promise.race([ready, started]);
  await waitForPort(ports.app, 60_000);

  const base = `http://127.0.0.1:${ports.app}`;
  console.log(
    [
      '',
      `  Dash is running (started in ${elapsed()}).`,
      `  Demo dashboard (public, live):  ${base}/d/demo`,
      `  Team dashboard (members only):  ${base}/d/ops`,
      `  Sign in at ${base}/ with any of these, password "${DEMO_PASSWORD}":`,
      ...DEMO_ACCOUNTS.map((a) => `    ${a.role.padEnd(9)} ${a.email}`),
      '  Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  // A missing prerequisite or a taken port stops Dash before anything started.
  if (err instanceof PrerequisiteError || !group.started) process.exit(1);
  void shutdown(1);
});
