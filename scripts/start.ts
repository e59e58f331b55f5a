/**
 * `npm start`: the whole of Dash on this machine. Builds the functions, starts the
 * emulators, seeds the demo, streams real host metrics, serves the PWA, and
 * stops everything it started on Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demoData.ts';
import { CACHE_DIR, EMULATORS, emulatorEnv, firebaseCommand, PrerequisiteError, PROJECT_ID, ROOT, sdkEmulatorEnv } from './lib/emulatorEnv.ts';
import { assertPortsFree, portsFromEnv, waitForPort } from './lib/ports.ts';
import { exitCodeOf, forEachLine, ProcessGroup } from './lib/processes.ts';

const group = new ProcessGroup();
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping Dash...');
  }
  await group.stop();
  process.exit(code);
}

async function main(): Promise<void> {
  const ports = portsFromEnv();
  const env = { ...emulatorEnv(), ...sdkEmulatorEnv(ports) };
  const { e2eApp: _e2eApp, ...usedPorts } = ports;
  await assertPortsFree(usedPorts);
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  mkdirSync(CACHE_DIR, { recursive: true });
  console.log('Building functions...');
  execFileSync('npm', ['--prefix', join(ROOT, 'functions'), 'run', 'build'], { stdio: 'inherit' });

  const fb = firebaseCommand(['emulators:start', '--only', EMULATORS], ports);
  const emulators = group.spawn('emulators', fb.bin, fb.args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(CACHE_DIR, 'emulators.log'));
  const ready = new Promise<void>((resolve) => {
    forEachLine(emulators, (line) => {
      log.write(`${line}\n`);
      if (line.includes('All emulators ready')) resolve();
      // Trigger runs are routine; everything else (warnings, errors, function logs) is shown.
      if (!/Beginning execution of|Finished "|^\s*$|[│┌└├]/.test(line)) console.log(`[emulators] ${line}`);
    });
  });
  void exitCodeOf(emulators).then((code) => {
    if (!stopping) {
      console.error(`The emulators exited (code ${code}).`);
      void shutdown(1);
    }
  });
  await Promise.race([ready, sleep(120_000).then(() => Promise.reject(new Error('The emulators did not start within 120 s; see .cache/emulators.log.')))]);

  Object.assign(process.env, sdkEmulatorEnv(ports));
  const { initializeApp } = await import('firebase-admin/app');
  const { seedDemo } = await import('./demo/seed.ts');
  await seedDemo(initializeApp({ projectId: PROJECT_ID }));
  console.log('Seeded the demo team, pipelines and dashboards.');

  group.spawn('producer', process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'demo', 'producer.ts')], { env, cwd: ROOT });
  group.spawn('app', join(ROOT, 'node_modules', '.bin', 'vite'), ['--port', String(ports.app), '--strictPort', '--host', '127.0.0.1'], {
    env,
    cwd: ROOT,
  });
  await waitForPort(ports.app, 60_000);

  const base = `http://127.0.0.1:${ports.app}`;
  console.log(
    [
      '',
      '  Dash is running.',
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
  console.error(err instanceof PrerequisiteError || err instanceof Error ? err.message : err);
  void shutdown(1);
});
