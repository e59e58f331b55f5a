/**
 * Runs the emulator-backed suites (vitest.emulators.config.ts) as groups,
 * each inside its own emulator stack on its own ports, side by side (each
 * stack is idle about half the time: its suites wait on triggers and clocks),
 * or one after the other with DASH_TEST_PARALLEL=0.
 *
 *   tsx scripts/testEmulators.ts            # every group
 *   tsx scripts/testEmulators.ts e2e        # the groups named (a vitest filter may follow `--`)
 *
 * A group's `quiet` projects run in its stack once every other group has
 * finished (they measure timing that a busy machine would distort). Each line
 * of a group's output is prefixed with its name; a summary names the groups
 * that failed. DASH_PORT_OFFSET moves every stack together.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './lib/emulatorEnv.ts';
import { buildFunctionsIfStale } from './lib/functionsBuild.ts';

interface Group {
  projects: string[];
  quiet?: string[];
  /** Added to DASH_PORT_OFFSET: clear of the other stacks' ports and of firebase-tools' own defaults. */
  portOffset: number;
}

const GROUPS: Record<string, Group> = {
  e2e: { projects: ['e2e', 'producer', 'functions-beside-e2e'], portOffset: 0 },
  backend: { projects: ['functions', 'rules'], quiet: ['reload'], portOffset: 10 },
};

interface GroupResult {
  name: string;
  code: number;
  seconds: number;
  /** vitest's lines naming a failed file or test, repeated in the summary: a long run's log is often read from its tail. */
  failures: string[];
}

const ANSI = /\x1b\[[0-9;]*m/g;
const FAILURE = /^\s*(FAIL\s|×\s|❯ .*\d+ failed)/;

const vitestRun = (projects: string[], filters: string[]) =>
  ['npx vitest run --config vitest.emulators.config.ts --passWithNoTests', ...projects.map((p) => `--project ${p}`), ...filters].join(' ');

function runGroup(name: string, group: Group, filters: string[], othersDone: string): Promise<GroupResult> {
  const base = Number(process.env.DASH_PORT_OFFSET ?? '0');
  const steps = [vitestRun(group.projects, filters)];
  if (group.quiet) steps.push(`node --import tsx scripts/lib/waitForFile.ts ${othersDone}`, vitestRun(group.quiet, filters));
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/emulators.ts', 'exec', steps.join(' && ')], {
    cwd: ROOT,
    env: { ...process.env, DASH_PORT_OFFSET: String(base + group.portOffset) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const failures: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      console.log(`[${name}] ${line}`);
      const plain = line.replace(ANSI, '');
      if (FAILURE.test(plain) && !failures.includes(plain.trim())) failures.push(plain.trim());
    });
  }
  return new Promise((resolve) => {
    child.once('exit', (code, signal) =>
      resolve({ name, code: code ?? (signal ? 1 : 0), seconds: Math.round((Date.now() - started) / 1000), failures }),
    );
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dash = args.indexOf('--');
  const names = dash === -1 ? args : args.slice(0, dash);
  const filters = dash === -1 ? [] : args.slice(dash + 1);
  const unknown = names.filter((n) => !(n in GROUPS));
  if (unknown.length > 0) {
    console.error(`Unknown group ${unknown.join(', ')}; the groups are ${Object.keys(GROUPS).join(', ')}.`);
    return 2;
  }
  // Built once here: the stacks would otherwise both rebuild the same functions/lib at once.
  buildFunctionsIfStale();
  const chosen = names.length > 0 ? names : Object.keys(GROUPS);
  const dir = mkdtempSync(join(tmpdir(), 'dash-test-'));
  const markerOf = (name: string) => join(dir, `others-of-${name}-done`);
  const finished = new Set<string>();
  // Tells each group once all the others have finished (so that its quiet projects may start).
  const tellTheQuiet = () => {
    for (const name of chosen) {
      if (chosen.every((other) => other === name || finished.has(other))) writeFileSync(markerOf(name), '');
    }
  };
  tellTheQuiet();
  const run = async (name: string) => {
    const result = await runGroup(name, GROUPS[name]!, filters, markerOf(name));
    finished.add(name);
    tellTheQuiet();
    return result;
  };
  const results: GroupResult[] = [];
  if (process.env.DASH_TEST_PARALLEL !== '0') results.push(...(await Promise.all(chosen.map(run))));
  else for (const name of chosen) results.push(await run(name));
  rmSync(dir, { recursive: true, force: true });
  for (const r of results) {
    console.log(`${r.code === 0 ? 'passed' : 'FAILED'}: ${r.name} (${r.seconds} s)`);
    for (const failure of r.failures) console.log(`  ${failure}`);
  }
  return results.some((r) => r.code !== 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
