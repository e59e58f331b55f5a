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
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctionsIfStale } from './lib/functionsBuild.ts';
import { runPrefixed, summarise, type PrefixedResult } from './lib/prefixedRun.ts';

interface Group {
  /** Vitest runs of these projects, one after the other. */
  runs: string[][];
  quiet?: string[];
  /** Added to DASH_PORT_OFFSET: clear of the other stacks' ports and of firebase-tools' own defaults. */
  portOffset: number;
}

const GROUPS: Record<string, Group> = {
  e2e: { runs: [['e2e', 'producer', 'functions-beside-e2e']], portOffset: 0 },
  // `start` starts a stack of its own: last, once its group's stack is idle, while the e2e group ends (the backend group's own suites are the shorter).
  backend: { runs: [['functions', 'rules'], ['start']], quiet: ['reload'], portOffset: 10 },
};

const vitestRun = (projects: string[], filters: string[]) =>
  ['npx vitest run --config vitest.emulators.config.ts --passWithNoTests', ...projects.map((p) => `--project ${p}`), ...filters].join(' ');

function runGroup(name: string, group: Group, filters: string[], othersDone: string): Promise<PrefixedResult> {
  const base = Number(process.env.DASH_PORT_OFFSET ?? '0');
  const steps = group.runs.map((projects) => vitestRun(projects, filters));
  if (group.quiet) steps.push(`node --import tsx scripts/lib/waitForFile.ts ${othersDone}`, vitestRun(group.quiet, filters));
  return runPrefixed(name, process.execPath, ['--import', 'tsx', 'scripts/emulators.ts', 'exec', steps.join(' && ')], {
    ...process.env,
    DASH_PORT_OFFSET: String(base + group.portOffset),
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
  const results: PrefixedResult[] = [];
  if (process.env.DASH_TEST_PARALLEL !== '0') results.push(...(await Promise.all(chosen.map(run))));
  else for (const name of chosen) results.push(await run(name));
  rmSync(dir, { recursive: true, force: true });
  return summarise(results) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
