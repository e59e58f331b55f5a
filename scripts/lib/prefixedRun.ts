import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from './emulatorEnv.ts';

export interface PrefixedResult {
  name: string;
  code: number;
  seconds: number;
  /** vitest's lines naming a failed file or test, repeated in the summary: a long run's log is often read from its tail. */
  failures: string[];
}

const ANSI = /\x1b\[[0-9;]*m/g;
const FAILURE = /^\s*(FAIL\s|×\s|❯ .*\d+ failed)/;

/** Runs `command` from the repository's root, each line of its output prefixed with `[name]`. */
export function runPrefixed(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<PrefixedResult> {
  const started = Date.now();
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const failures: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      console.log(`[${name}] ${line}`);
      const plain = line.replace(ANSI, '');
      if (FAILURE.test(plain) && !failures.includes(plain.trim())) failures.push(plain.trim());
    });
  }
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), seconds: Math.round((Date.now() - started) / 1000), failures }));
  });
}

/** Prints one line per run (passed or FAILED, with its time and failures); true when all passed. */
export function summarise(results: PrefixedResult[]): boolean {
  for (const r of results) {
    console.log(`${r.code === 0 ? 'passed' : 'FAILED'}: ${r.name} (${r.seconds} s)`);
    for (const failure of r.failures) console.log(`  ${failure}`);
  }
  return results.every((r) => r.code === 0);
}
