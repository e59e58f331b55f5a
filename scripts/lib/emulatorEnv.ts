import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findJava, MISSING_JAVA_MESSAGE } from './java.ts';
import { GCLOUD_FIRESTORE_JAR, writeLauncherJar } from './launcherJar.ts';
import { DEFAULT_PORTS, emulatorHosts, type Ports } from './ports.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROJECT_ID = 'demo-dash';
export const CACHE_DIR = join(ROOT, '.cache');
export const EMULATORS = 'auth,firestore,functions';
const FIREBASE_BIN = join(ROOT, 'node_modules', 'firebase-tools', 'lib', 'bin', 'firebase.js');
const LAZY_AUTH_VALIDATORS = join(ROOT, 'scripts', 'lib', 'lazyAuthValidators.cjs');
const ANSWER_EVERY_DELIVERY = join(ROOT, 'scripts', 'lib', 'answerEveryDelivery.cjs');

/** Thrown for a missing prerequisite: the message is meant to be printed alone. */
export class PrerequisiteError extends Error {}

/** The JAR firebase-tools would download itself, if it has already been downloaded. */
function firebaseToolsOwnJar(env: NodeJS.ProcessEnv): string | undefined {
  const infoPath = join(ROOT, 'node_modules', 'firebase-tools', 'lib', 'emulator', 'downloadableEmulatorInfo.json');
  if (!existsSync(infoPath)) return undefined;
  const info = JSON.parse(readFileSync(infoPath, 'utf8')) as {
    firestore: { downloadPathRelativeToCacheDir: string };
  };
  const cacheDir = env.FIREBASE_EMULATORS_PATH ?? join(homedir(), '.cache', 'firebase', 'emulators');
  const jar = join(cacheDir, info.firestore.downloadPathRelativeToCacheDir);
  return existsSync(jar) ? jar : undefined;
}

/**
 * The environment the emulators need on this machine: a Java >= 21 first on PATH,
 * and, when firebase-tools has no Firestore JAR of its own but Debian's gcloud
 * emulator is installed, FIRESTORE_EMULATOR_BINARY_PATH pointing at a launcher JAR.
 * Settings the user made themselves are left alone.
 */
export function emulatorEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!existsSync(FIREBASE_BIN)) {
    throw new PrerequisiteError('firebase-tools is not installed in node_modules: run "npm install" first.');
  }
  const java = findJava(env);
  if (!java) throw new PrerequisiteError(MISSING_JAVA_MESSAGE);
  const out: NodeJS.ProcessEnv = { ...env };
  const javaBin = dirname(java.bin);
  out.PATH = `${javaBin}:${env.PATH ?? ''}`;
  if (java.home) out.JAVA_HOME = java.home;
  // firebase-tools reads the functions' triggers from a manifest the SDK writes and
  // exits on, instead of from a server it then waits ~3 s to see exit.
  out.FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH ??= 'true';
  // Seconds a function worker (and a code reload's discovery) may take to start: the defaults
  // (30 s, 10 s) fail cold starts on a loaded 2-core machine, and a failed start loses its event.
  out.FUNCTIONS_DISCOVERY_TIMEOUT ??= '120';
  if (!env.FIRESTORE_EMULATOR_BINARY_PATH && !firebaseToolsOwnJar(env) && existsSync(GCLOUD_FIRESTORE_JAR)) {
    out.FIRESTORE_EMULATOR_BINARY_PATH = writeLauncherJar(
      GCLOUD_FIRESTORE_JAR,
      join(CACHE_DIR, 'firestore-launcher', 'launcher.jar'),
    );
  }
  return out;
}

/**
 * The firebase.json to run with: the committed one when every port is the default
 * and the emulators listen on 127.0.0.1, else a copy beside it (ignored by git)
 * with the requested ports and address.
 */
export function firebaseConfigFor(ports: Ports, host = '127.0.0.1', functionsSource?: string): string {
  const base = join(ROOT, 'firebase.json');
  const isDefault = host === '127.0.0.1' && (Object.keys(ports) as (keyof Ports)[]).every((k) => ports[k] === DEFAULT_PORTS[k]);
  if (isDefault && !functionsSource) return base;
  const config = JSON.parse(readFileSync(base, 'utf8')) as { emulators: Record<string, unknown>; functions: { source: string }[] };
  if (functionsSource) config.functions = config.functions.map((f) => ({ ...f, source: relative(ROOT, functionsSource) }));
  for (const name of ['auth', 'firestore', 'functions'] as const) {
    config.emulators[name] = { ...(config.emulators[name] as object), host, port: ports[name] };
  }
  // The emulators' own ports, next to Firestore's: left to firebase-tools, two stacks starting at
  // the same moment can both pick the same free port, and one of them dies with EADDRINUSE.
  const own = ['hub', 'logging', 'eventarc', 'tasks'] as const;
  own.forEach((name, i) => (config.emulators[name] = { host: '127.0.0.1', port: ports.firestore + 1 + i }));
  config.emulators.firestore = { ...(config.emulators.firestore as object), websocketPort: ports.firestore + 1 + own.length };
  const path = join(ROOT, `.firebase.ports-${ports.firestore}.json`);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/**
 * A copy of the built functions package for one emulator stack
 * (`<tmp>/dash-functions-<firestore port>`: package.json, lib/, and a link to
 * functions/node_modules; outside the repository because the emulator does not
 * watch a source under a dot folder such as .cache). The Functions emulator reloads when its source
 * changes; with a copy each, a suite that reloads its stack's code (see
 * tests/functions/reload.test.ts) leaves a stack running beside it alone.
 */
export function functionsCopyFor(ports: Ports): string {
  const dir = join(tmpdir(), `dash-functions-${ports.firestore}`);
  const functions = join(ROOT, 'functions');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(functions, 'package.json'), join(dir, 'package.json'));
  cpSync(join(functions, 'lib'), join(dir, 'lib'), { recursive: true });
  symlinkSync(join(functions, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/**
 * The argv for the local firebase-tools, run by this Node with two preloads: one
 * makes the Auth emulator start in about a second instead of ~13 s, the other
 * answers every trigger delivery (see each file).
 */
export function firebaseCommand(args: string[], ports: Ports, host?: string, functionsSource?: string): { bin: string; args: string[] } {
  return {
    bin: process.execPath,
    args: [
      '--require',
      LAZY_AUTH_VALIDATORS,
      '--require',
      ANSWER_EVERY_DELIVERY,
      FIREBASE_BIN,
      ...args,
      '--project',
      PROJECT_ID,
      '--config',
      firebaseConfigFor(ports, host, functionsSource),
    ],
  };
}

/** Environment variables that point SDKs (admin and client) at the emulators. */
export function sdkEmulatorEnv(ports: Ports): NodeJS.ProcessEnv {
  const hosts = emulatorHosts(ports);
  return {
    FIRESTORE_EMULATOR_HOST: hosts.firestore,
    FIREBASE_AUTH_EMULATOR_HOST: hosts.auth,
    GCLOUD_PROJECT: PROJECT_ID,
    // The admin SDK otherwise probes for a GCE metadata server that is not there.
    METADATA_SERVER_DETECTION: 'none',
    VITE_FIRESTORE_EMULATOR_HOST: hosts.firestore,
    VITE_AUTH_EMULATOR_URL: `http://${hosts.auth}`,
    VITE_FUNCTIONS_EMULATOR_URL: `http://127.0.0.1:${ports.functions}`,
  };
}
