import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Child processes started in their own process group, so that stopping one also
 * stops what it started (firebase-tools' Java emulator, vite's workers).
 */
export class ProcessGroup {
  private readonly children = new Set<ChildProcess>();
  private stopping: Promise<void> | undefined;

  /** True once any child has been started. */
  get started(): boolean {
    return this.children.size > 0;
  }

  spawn(name: string, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { stdio: 'inherit', ...options, detached: true });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    child.once('error', (err) => console.error(`[${name}] ${err.message}`));
    return child;
  }

  /**
   * Stops the children in reverse start order (so producers stop before the
   * emulators they write to): SIGINT to each group, a second SIGINT after
   * `graceMs` (firebase-tools waits for running functions on the first, and
   * stops at once on the second), SIGKILL after twice that, then SIGKILL to any
   * descendant that had left the group (firebase-tools starts the Firestore
   * emulator's Java in a process group of its own). Resolves once they are gone.
   */
  stop(graceMs = 3_000): Promise<void> {
    this.stopping ??= (async () => {
      for (const child of [...this.children].reverse()) {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
        const descendants = descendantPids(child.pid);
        const exited = waitExit(child).then(() => true);
        for (const signal of ['SIGINT', 'SIGINT', 'SIGKILL'] as const) {
          signalGroup(child, signal);
          if (await Promise.race([exited, sleep(graceMs).then(() => false)])) break;
        }
        for (const pid of descendants) killQuietly(pid, 'SIGKILL');
        await waitGone([child.pid, ...descendants], graceMs);
      }
    })();
    return this.stopping;
  }
}

/** Every process below `pid`, read from /proc (empty where there is no /proc). */
export function descendantPids(pid: number): number[] {
  const parentOf = new Map<number, number>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // The command name in field 2 may hold spaces; the parent pid follows its closing parenthesis.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    return [];
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * False once `pid` has ended. A zombie is listed until it is reaped, and a
 * killed JVM's main thread turns zombie while its other threads (and its open
 * ports) are still being torn down, so only a zombie with one thread is gone.
 */
function isAlive(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !(/^State:\s+Z/m.test(status) && /^Threads:\s+1$/m.test(status));
  } catch {
    return false;
  }
}

/** Waits (up to `ms`) until none of `pids` runs any more, so their ports are free. */
async function waitGone(pids: number[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(50);
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves with the exit code of a child, rejecting nothing. */
export function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Calls `onLine` for every line a child prints (stdout and stderr), so that a
 * caller can wait for a readiness line, keep a log, and echo what matters.
 */
export function forEachLine(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    stream.on('end', () => {
      if (buffered) onLine(buffered);
    });
  }
}

/**
 * Kills a Firestore emulator JVM left listening on `port` after firebase-tools
 * exited without stopping it (it starts Java outside its own process group).
 */
export function killOrphanedFirestore(port: number): void {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return;
  }
  for (const entry of entries) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const isFirestoreJava = args[0]?.endsWith('java') && args.some((a) => a.includes('firestore'));
    const portAt = args.indexOf('--port');
    if (isFirestoreJava && portAt >= 0 && args[portAt + 1] === String(port)) killQuietly(Number(entry), 'SIGKILL');
  }
}
