import { join } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { portsFromEnv } from '../../scripts/lib/ports.ts';
import { firestoreHost, authHost } from '../support/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    /** The built app's folder (what appUrl serves). */
    appDir: string;
  }
}

/** Builds the PWA against the running emulators and serves it as production would be. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.VITE_FIRESTORE_EMULATOR_HOST = firestoreHost();
  process.env.VITE_AUTH_EMULATOR_URL = `http://${authHost()}`;
  process.env.VITE_FUNCTIONS_EMULATOR_URL = `http://127.0.0.1:${portsFromEnv().functions}`;
  const port = portsFromEnv().e2eApp;
  // One build folder per stack: two suites on different DASH_PORT_OFFSETs must not overwrite each other's app.
  const outDir = join(ROOT, '.cache', `e2e-dist-${port}`);
  // No source maps: nothing reads them here, and they are a third of the build's time (most of it the service worker's).
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir }, preview: { port, strictPort: true, host: '127.0.0.1' } });
  project.provide('appUrl', `http://127.0.0.1:${port}`);
  project.provide('appDir', outDir);
  return async () => {
    await server.close();
  };
}
