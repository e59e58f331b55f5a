import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';

/** Runs `npm start`'s script with `env` on top of a PATH that has no Java >= 21 unless given. */
function start(env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { HOME: process.env.HOME, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function fakeJava(version: string): string {
  const home = mkdtempSync(join(tmpdir(), 'jdk-'));
  mkdirSync(join(home, 'bin'));
  writeFileSync(join(home, 'bin', 'java'), `#!/bin/sh\necho 'openjdk version "${version}"' >&2\n`, { mode: 0o755 });
  return home;
}

describe('npm start prerequisites', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('without Java >= 21 prints one line naming what to install and exits non-zero', () => {
    const old = fakeJava('17.0.15');
    const result = start({ PATH: join(old, 'bin'), DASH_JVM_ROOT: join(old, 'none') });
    expect(result.status).toBe(1);
    const lines = `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Java 21 or newer.*install/);
  });

  it('names a taken port and how to move it', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const java = fakeJava('25');
    const result = start({ PATH: `${join(java, 'bin')}:/usr/bin:/bin`, DASH_PORT_FIRESTORE: String(port), DASH_PORT_OFFSET: '37' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Port already in use: ${port} (firestore; set DASH_PORT_FIRESTORE to move it)`);
  });
});
