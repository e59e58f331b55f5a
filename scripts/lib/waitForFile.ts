/** Waits until the file named by the first argument exists (scripts/testEmulators.ts: the other groups are done). */
import { existsSync } from 'node:fs';

const path = process.argv[2];
if (!path) {
  console.error('usage: waitForFile <path>');
  process.exit(2);
}
while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 500));
