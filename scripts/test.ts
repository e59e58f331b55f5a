/**
 * `npm test`: the static checks and unit tests (typecheck, lint, vitest) side
 * by side with the emulator suites (scripts/testEmulators.ts), whose stacks
 * wait on triggers and clocks most of the time; or one after the other with
 * DASH_TEST_PARALLEL=0. Fails when either fails; a summary at the end names which.
 */
import { runPrefixed, summarise, type PrefixedResult } from './lib/prefixedRun.ts';

const RUNS: [name: string, command: string][] = [
  ['checks', 'npm run typecheck && npm run lint && npm run test:unit'],
  ['emulators', 'npm run test:emulators'],
];

const run = ([name, command]: (typeof RUNS)[number]) => runPrefixed(name, 'sh', ['-c', command]);

const results: PrefixedResult[] = [];
if (process.env.DASH_TEST_PARALLEL !== '0') results.push(...(await Promise.all(RUNS.map(run))));
else for (const r of RUNS) results.push(await run(r));
process.exit(summarise(results) ? 0 : 1);
