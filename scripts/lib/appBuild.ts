/**
 * The PWA as `npm start` serves it: the production build (manifest, service
 * worker, precached shell: installable and offline-capable exactly like a
 * deploy), built against the local emulators and reused while nothing it is
 * built from has changed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './emulatorEnv.ts';
import { newestMtime } from './mtime.ts';

/** What the build depends on: sources, static files, configuration, installed packages. */
const INPUTS = ['src', 'contract', 'public', 'index.html', 'vite.config.ts', 'pwa.config.ts', 'package-lock.json'];

/**
 * The vite mode of the build: not `production`, so that a deployer's
 * `.env.production.local` (their real project's config) never reaches the
 * app that talks to the emulators.
 */
export const START_MODE = 'emulators';

/** Identifies one build: the emulator hosts baked into it and the newest input. */
export function buildStamp(viteEnv: Record<string, string | undefined>): string {
  const hosts = Object.entries(viteEnv)
    .filter(([key]) => key.startsWith('VITE_'))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ hosts, inputs: Math.max(...INPUTS.map((p) => newestMtime(join(ROOT, p)))) });
}

const stampFile = (outDir: string) => join(outDir, '.start-stamp');

/** Whether `outDir` holds a complete build with this stamp. */
export function isBuildCurrent(outDir: string, stamp: string): boolean {
  const file = stampFile(outDir);
  return existsSync(join(outDir, 'sw.js')) && existsSync(file) && readFileSync(file, 'utf8') === stamp;
}

/** Marks a finished build (written only after it succeeded, so a broken one is rebuilt). */
export function markBuilt(outDir: string, stamp: string): void {
  writeFileSync(stampFile(outDir), stamp);
}

/** The vite CLI arguments of the build (no source maps: nobody debugs the start's bundle, and they cost a third of its time). */
export function viteBuildArgs(outDir: string): string[] {
  return ['build', '--mode', START_MODE, '--outDir', outDir, '--emptyOutDir', '--sourcemap', 'false', '--logLevel', 'warn'];
}
