import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './emulatorEnv.ts';

const FUNCTIONS = join(ROOT, 'functions');
/** The bundle the emulator and `firebase deploy` load (functions/package.json "main"). */
export const FUNCTIONS_BUNDLE = join(FUNCTIONS, 'lib', 'index.js');
/** What the bundle is built from: the functions' sources and settings, and the contract they import. */
const SOURCES = [join(FUNCTIONS, 'src'), join(FUNCTIONS, 'tsconfig.json'), join(FUNCTIONS, 'package.json'), join(ROOT, 'contract')];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Whether functions/lib is missing or older than one of its sources. */
export function functionsBuildIsStale(): boolean {
  return !existsSync(FUNCTIONS_BUNDLE) || statSync(FUNCTIONS_BUNDLE).mtimeMs <= Math.max(...SOURCES.map(newestMtime));
}

/** Bundles functions/ (with the contract) to functions/lib unless the bundle is newer than every source. */
export function buildFunctionsIfStale(): void {
  if (!functionsBuildIsStale()) return;
  if (!existsSync(join(FUNCTIONS, 'node_modules'))) {
    // `npm install` installs them through postinstall; this covers an install that skipped scripts.
    console.log('Installing the functions\' dependencies...');
    execFileSync('npm', ['--prefix', FUNCTIONS, 'install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  }
  console.log('Building functions...');
  execFileSync('npm', ['--prefix', FUNCTIONS, 'run', 'build'], { stdio: 'inherit' });
}
