import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Child processes started in their own process group, so that stopping one also
 * stops what it started (firebase-tools' Java emulator, vite's workers).
 */
export class ProcessGroup {
  private readonly children = new Set<ChildProcess>();
  private stopping: Promise<void> | undefined;

  spawn(name: string, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { stdio: 'inherit', ...options, detached: true });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    child.once('error', (err) => console.error(`[${name}] ${err.message}`));
    return child;
  }

  /** SIGINT to every group, then SIGKILL to what is left after `graceMs`. */
  stop(graceMs = 10_000): Promise<void> {
    this.stopping ??= (async () => {
      const alive = [...this.children];
      for (const child of alive) signalGroup(child, 'SIGINT');
      const exited = Promise.all(alive.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : waitExit(c))));
      const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
      for (const child of alive) if (timedOut || child.exitCode === null) signalGroup(child, 'SIGKILL');
    })();
    return this.stopping;
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
