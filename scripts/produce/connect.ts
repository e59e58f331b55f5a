import { existsSync, readFileSync } from 'node:fs';
import { initializeApp, type FirebaseApp, type FirebaseOptions } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithCustomToken, signInWithEmailAndPassword } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore, type Firestore } from 'firebase/firestore';
import { emulatorHosts, portsFromEnv } from '../lib/ports.ts';
import { UsageError, type SignIn } from './args.ts';

/** The project the local emulators serve (see scripts/lib/emulatorEnv.ts). */
export const EMULATOR_PROJECT_ID = 'demo-dash';

/** Which Firebase project to talk to, and through which emulators if any. */
export interface FirebaseTarget {
  options: FirebaseOptions;
  emulators?: { firestoreHost: string; firestorePort: number; authUrl: string };
}

/**
 * The emulators when FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST are
 * set; else the web config `config` (JSON text, or the path of a JSON file);
 * else the local emulators of `npm start`, on the ports it would use
 * (DASH_PORT_OFFSET, DASH_PORT_FIRESTORE, DASH_PORT_AUTH).
 */
export function resolveTarget(env: NodeJS.ProcessEnv, config: string | undefined, readFile = (p: string) => readFileSync(p, 'utf8')): FirebaseTarget {
  const firestore = env.FIRESTORE_EMULATOR_HOST;
  const auth = env.FIREBASE_AUTH_EMULATOR_HOST;
  if (firestore || auth) {
    if (!firestore || !auth) {
      throw new UsageError('set both FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST to use the emulators, or neither');
    }
    return emulatorTarget(firestore, auth);
  }
  if (!config) return localEmulators(env);
  let text = config;
  if (!config.trimStart().startsWith('{')) {
    if (!existsSync(config)) throw new UsageError(`Firebase config file not found: ${config}`);
    text = readFile(config);
  }
  let options: FirebaseOptions;
  try {
    options = JSON.parse(text) as FirebaseOptions;
  } catch (err) {
    throw new UsageError(`the Firebase config is not valid JSON: ${(err as Error).message}`);
  }
  for (const key of ['apiKey', 'projectId'] as const) {
    if (typeof options[key] !== 'string') throw new UsageError(`the Firebase config has no "${key}"`);
  }
  return { options };
}

function emulatorTarget(firestoreHost: string, authHost: string): FirebaseTarget {
  const url = new URL(`http://${firestoreHost}`);
  return {
    options: { projectId: EMULATOR_PROJECT_ID, apiKey: 'demo-api-key', authDomain: `${EMULATOR_PROJECT_ID}.firebaseapp.com` },
    emulators: { firestoreHost: url.hostname, firestorePort: Number(url.port), authUrl: `http://${authHost}` },
  };
}

function localEmulators(env: NodeJS.ProcessEnv): FirebaseTarget {
  let hosts: { firestore: string; auth: string };
  try {
    hosts = emulatorHosts(portsFromEnv(env));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return emulatorTarget(hosts.firestore, hosts.auth);
}

/** A sign-in that did not work, with the reason in words. */
export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInError';
  }
}

/** A Firebase app for `target`, signed in; throws a SignInError when sign-in fails. */
export async function connect(target: FirebaseTarget, signIn: SignIn): Promise<{ app: FirebaseApp; db: Firestore }> {
  const app = initializeApp(target.options);
  const auth = getAuth(app);
  const db = getFirestore(app);
  if (target.emulators) {
    connectAuthEmulator(auth, target.emulators.authUrl, { disableWarnings: true });
    connectFirestoreEmulator(db, target.emulators.firestoreHost, target.emulators.firestorePort);
  }
  try {
    if (signIn.kind === 'password') await signInWithEmailAndPassword(auth, signIn.email, signIn.password);
    else await signInWithCustomToken(auth, signIn.token);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const who = signIn.kind === 'password' ? signIn.email : 'the custom token';
    const reasons: Record<string, string> = {
      'auth/invalid-credential': 'wrong email or password',
      'auth/wrong-password': 'wrong email or password',
      'auth/user-not-found': 'no such account',
      'auth/invalid-email': 'not an email address',
      'auth/user-disabled': 'the account is disabled',
      'auth/invalid-custom-token': 'the custom token is not valid',
      'auth/custom-token-mismatch': 'the custom token is for another project',
      'auth/network-request-failed': 'the Auth server cannot be reached',
    };
    const reason = reasons[code] ?? (err as Error).message;
    // Without --config the CLI talks to the local emulators: say so when they are not there.
    const hint =
      code === 'auth/network-request-failed' && target.emulators
        ? ` (the local emulators at ${target.emulators.authUrl}: is \`npm start\` running with the same DASH_PORT_* settings? For a real project pass --config)`
        : '';
    throw new SignInError(`sign-in failed for ${who}: ${reason}${hint}`);
  }
  return { app, db };
}
