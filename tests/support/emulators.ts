/** Where the emulators of the running `firebase emulators:exec` listen. */
export const PROJECT_ID = 'demo-dash';

function hostOf(variable: string): string {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} is not set: run this suite with "npm run test:emulators".`);
  return value;
}

export const firestoreHost = (): string => hostOf('FIRESTORE_EMULATOR_HOST');
export const authHost = (): string => hostOf('FIREBASE_AUTH_EMULATOR_HOST');

/**
 * fetch() to an emulator's REST API, tried again (3 times in all, 250 ms apart)
 * when the request never got an answer: after a long pause fetch reuses
 * kept-alive connections the emulator has closed meanwhile (EPIPE, "fetch
 * failed"), and a `npm run bench` once met two of them in a row.
 */
export async function emulatorFetch(url: string, init: RequestInit, attempts = 3): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (!(err instanceof TypeError) || attempts <= 1) throw err;
    await new Promise((r) => setTimeout(r, 250));
    return emulatorFetch(url, init, attempts - 1);
  }
}

/** Turns the Functions emulator's background triggers on or off (through the Emulator Hub, when there is one). */
export async function setTriggers(on: boolean): Promise<void> {
  const hub = process.env.FIREBASE_EMULATOR_HUB;
  if (!hub) return;
  const res = await emulatorFetch(`http://${hub}/functions/${on ? 'enable' : 'disable'}BackgroundTriggers`, { method: 'PUT' });
  if (!res.ok) throw new Error(`the Emulator Hub answered ${res.status} to turning triggers ${on ? 'on' : 'off'}`);
}

/**
 * Deletes every document of `projectId` in the Firestore emulator, with the
 * triggers off meanwhile: the delete triggers of what is cleared would
 * otherwise run later, and a team cascade that starts while its team is gone
 * deletes the team a suite seeds again under the same id right after.
 */
export async function clearFirestore(projectId = PROJECT_ID): Promise<void> {
  await setTriggers(false);
  try {
    const res = await emulatorFetch(
      `http://${firestoreHost()}/emulator/v1/projects/${projectId}/databases/(default)/documents`,
      { method: 'DELETE' },
    );
    if (!res.ok) throw new Error(`clearing Firestore failed: ${res.status} ${await res.text()}`);
  } finally {
    await setTriggers(true);
  }
}

/** Deletes every account in the Auth emulator. */
export async function clearAuth(projectId = PROJECT_ID): Promise<void> {
  const res = await emulatorFetch(`http://${authHost()}/emulator/v1/projects/${projectId}/accounts`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`clearing Auth failed: ${res.status} ${await res.text()}`);
}
