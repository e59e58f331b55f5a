/**
 * Runs the Firebase emulators (auth, firestore, functions, tasks) prepared for
 * this machine, with a command inside them:
 *   tsx scripts/emulators.ts exec "<command>" [args]   # like `firebase emulators:exec`
 *   tsx scripts/emulators.ts start              # until Ctrl-C
 */
import { EMULATORS, emulatorEnv, firebaseCommand, functionsCopyFor, ROOT, sdkEmulatorEnv } from './lib/emulatorEnv.ts';
import { assertPortsFree, portsFromEnv } from './lib/ports.ts';
import { buildFunctionsIfStale } from './lib/functionsBuild.ts';
import { exitCodeOf, killOrphanedFirestore, ProcessGroup } from './lib/processes.ts';

async function main(): Promise<number> {
  const [mode, command, ...extra] = process.argv.slice(2);
  if ((mode !== 'exec' || !command) && mode !== 'start') {
    console.error('usage: tsx scripts/emulators.ts exec "<command>" | start');
    return 2;
  }
  const ports = portsFromEnv();
  buildFunctionsIfStale();
  // A suite run gets its own copy of the functions: see functionsCopyFor.
  const functionsSource = mode === 'exec' ? functionsCopyFor(ports) : undefined;
  const env = { ...emulatorEnv(), ...sdkEmulatorEnv(ports), ...(functionsSource ? { DASH_FUNCTIONS_SOURCE: functionsSource } : {}) };
  // The e2e suite serves the app itself on ports.e2eApp; npm start's port may be busy.
  const { app: _app, ...emulatorPorts } = ports;
  await assertPortsFree(emulatorPorts);
  const args = mode === 'exec' ? ['emulators:exec', '--only', EMULATORS, [command, ...extra].join(' ')] : ['emulators:start', '--only', EMULATORS];
  const fb = firebaseCommand(args, ports, undefined, functionsSource);
  const group = new ProcessGroup();
  const child = group.spawn('firebase', fb.bin, fb.args, { env, cwd: ROOT });
  const stop = () => void group.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await exitCodeOf(child);
  await group.stop();
  killOrphanedFirestore(ports.firestore);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
