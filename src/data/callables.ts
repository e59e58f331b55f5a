/**
 * Cloud Functions the app calls (callable functions). The Functions SDK is
 * loaded on the first call: no screen a viewer opens needs it.
 */
import type { Functions } from 'firebase/functions';
import { emulated, firebaseApp } from '../firebase.ts';

let functions: Promise<Functions> | null = null;

function instance(): Promise<Functions> {
  functions ??= import('firebase/functions').then(({ getFunctions, connectFunctionsEmulator }) => {
    const f = getFunctions(firebaseApp);
    if (emulated) {
      const url = new URL(import.meta.env.VITE_FUNCTIONS_EMULATOR_URL ?? 'http://127.0.0.1:5001');
      connectFunctionsEmulator(f, url.hostname, Number(url.port));
    }
    return f;
  });
  return functions;
}

/** Calls the callable function `name`; its HttpsError message is the thrown Error's. */
export async function callFunction<Req, Res>(name: string, data: Req): Promise<Res> {
  const [{ httpsCallable }, f] = await Promise.all([import('firebase/functions'), instance()]);
  const result = await httpsCallable<Req, Res>(f, name)(data);
  return result.data;
}
