import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './emulatorEnv.ts';
import { newestMtime } from './mtime.ts';

const FUNCTIONS = join(ROOT, 'functions');

/** Compiles functions/ to functions/lib unless the output is newer than every source. */
export function buildFunctionsIfStale(): void {
  const output = join(FUNCTIONS, 'lib', 'index.js');
  const sources = ['src', 'tsconfig.json', 'package.json'].map((p) => join(FUNCTIONS, p));
  if (existsSync(output) && statSync(output).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  if (!existsSync(join(FUNCTIONS, 'node_modules'))) {
    // `npm install` installs them through postinstall; this covers an install that skipped scripts.
    console.log('Installing the functions\' dependencies...');
    execFileSync('npm', ['--prefix', FUNCTIONS, 'install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  }
  console.log('Building functions...');
  execFileSync('npm', ['--prefix', FUNCTIONS, 'run', 'build'], { stdio: 'inherit' });
}
