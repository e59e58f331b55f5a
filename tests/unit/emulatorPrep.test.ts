import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findJava, parseJavaMajor } from '../../scripts/lib/java.ts';
import { launcherManifest, writeLauncherJar } from '../../scripts/lib/launcherJar.ts';
import { DEFAULT_PORTS, portsFromEnv } from '../../scripts/lib/ports.ts';

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25" 2025-09-16', 25],
    ['openjdk version "21.0.2-ea" 2024-01-16', 21],
    ['java version "1.8.0_392"', 8],
    ['no version here', undefined],
  ])('%s -> %s', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });
});

describe('findJava', () => {
  /** A folder with a fake `bin/java` that reports `version`. */
  function fakeJdk(version: string): string {
    const home = mkdtempSync(join(tmpdir(), 'jdk-'));
    mkdirSync(join(home, 'bin'));
    writeFileSync(join(home, 'bin', 'java'), `#!/bin/sh\necho 'openjdk version "${version}" 2025-01-01' >&2\n`, { mode: 0o755 });
    return home;
  }
  const emptyJvmRoot = (): string => mkdtempSync(join(tmpdir(), 'jvm-'));

  it('refuses a Java older than 21 and finds none', () => {
    const old = fakeJdk('17.0.15');
    expect(findJava({ PATH: join(old, 'bin') }, emptyJvmRoot())).toBeUndefined();
  });

  it('prefers JAVA_HOME, then PATH, then the JVM folder', () => {
    const home = fakeJdk('21.0.1');
    const onPath = fakeJdk('25');
    expect(findJava({ JAVA_HOME: home, PATH: join(onPath, 'bin') }, emptyJvmRoot())).toMatchObject({ home, major: 21 });
    expect(findJava({ PATH: join(onPath, 'bin') }, emptyJvmRoot())?.major).toBe(25);
    const jvmRoot = emptyJvmRoot();
    const inRoot = fakeJdk('22');
    execFileSync('mv', [inRoot, join(jvmRoot, 'jdk-22')]);
    expect(findJava({ PATH: join(fakeJdk('17'), 'bin') }, jvmRoot)).toMatchObject({ home: join(jvmRoot, 'jdk-22'), major: 22 });
  });
});

describe('launcher JAR', () => {
  it('wraps manifest lines at 72 bytes', () => {
    const manifest = launcherManifest(`/${'x'.repeat(200)}.jar`);
    for (const line of manifest.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(72);
    expect(manifest.replace(/\r\n /g, '')).toContain(`Class-Path: file:/${'x'.repeat(200)}.jar`);
  });

  it('writes a zip that unzip reads back', () => {
    const path = writeLauncherJar('/opt/emulator.jar', join(mkdtempSync(join(tmpdir(), 'jar-')), 'launcher.jar'));
    const manifest = execFileSync('unzip', ['-p', path, 'META-INF/MANIFEST.MF'], { encoding: 'utf8' });
    expect(manifest).toContain('Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore');
    expect(manifest).toContain('Class-Path: file:/opt/emulator.jar');
  });
});

describe('portsFromEnv', () => {
  it('uses the defaults, an offset, and single overrides', () => {
    expect(portsFromEnv({})).toEqual(DEFAULT_PORTS);
    expect(portsFromEnv({ DASH_PORT_OFFSET: '100' }).firestore).toBe(DEFAULT_PORTS.firestore + 100);
    expect(portsFromEnv({ DASH_PORT_FIRESTORE: '18080' }).firestore).toBe(18080);
  });

  it('rejects a bad port', () => {
    expect(() => portsFromEnv({ DASH_PORT_AUTH: 'abc' })).toThrow('DASH_PORT_AUTH=abc is not a valid port number.');
  });
});
