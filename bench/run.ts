/**
 * Runs every benchmark in bench/ (or those whose file name contains an argument),
 * one after the other, inside the emulators started by `npm run bench`. Each
 * benchmark prints one JSON object per figure:
 *   {"bench": "...", "figure": "...", "value": 1.23, "unit": "..."}
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.error(`# ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    failed++;
    console.error(`# ${file} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
