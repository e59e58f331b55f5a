import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The oldest Java that firebase-tools 15 accepts for the Firestore emulator. */
export const MIN_JAVA_MAJOR = 21;

export interface JavaInstall {
  home: string | undefined;
  bin: string;
  major: number;
}

/** Parses the major version out of `java -version` output ("17.0.15", "25", "1.8.0_392"). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "([^"]+)"/.exec(versionOutput);
  if (!match) return undefined;
  const parts = match[1].split(/[.\-_+]/).map((p) => Number.parseInt(p, 10));
  if (parts[0] === 1 && parts.length > 1) return parts[1];
  return Number.isFinite(parts[0]) ? parts[0] : undefined;
}

function probe(bin: string): number | undefined {
  // `java -version` prints to stderr.
  const result = spawnSync(bin, ['-version'], { encoding: 'utf8' });
  return result.error ? undefined : parseJavaMajor(`${result.stderr}${result.stdout}`);
}

function candidates(env: NodeJS.ProcessEnv, jvmRoot: string): { home: string | undefined; bin: string }[] {
  const list: { home: string | undefined; bin: string }[] = [];
  if (env.JAVA_HOME) list.push({ home: env.JAVA_HOME, bin: join(env.JAVA_HOME, 'bin', 'java') });
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'java'))) list.push({ home: undefined, bin: join(dir, 'java') });
  }
  if (existsSync(jvmRoot)) {
    for (const name of readdirSync(jvmRoot).sort().reverse()) {
      const bin = join(jvmRoot, name, 'bin', 'java');
      if (existsSync(bin)) list.push({ home: join(jvmRoot, name), bin });
    }
  }
  return list;
}

/**
 * Finds a Java >= 21: JAVA_HOME first, then `java` on PATH, then /usr/lib/jvm/*
 * (DASH_JVM_ROOT names another folder of JDKs).
 * Returns undefined when none qualifies.
 */
export function findJava(
  env: NodeJS.ProcessEnv = process.env,
  jvmRoot = env.DASH_JVM_ROOT ?? '/usr/lib/jvm',
): JavaInstall | undefined {
  for (const c of candidates(env, jvmRoot)) {
    if (!existsSync(c.bin)) continue;
    const major = probe(c.bin);
    if (major !== undefined && major >= MIN_JAVA_MAJOR) return { ...c, major };
  }
  return undefined;
}

export const MISSING_JAVA_MESSAGE =
  `Dash needs Java ${MIN_JAVA_MAJOR} or newer for the Firestore emulator, and none was found ` +
  `(looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*): install one, e.g. ` +
  `"apt-get install openjdk-${MIN_JAVA_MAJOR}-jre-headless", or set JAVA_HOME to it.`;
