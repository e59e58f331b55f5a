import { spawn } from 'node:child_process';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { getAuth } from 'firebase-admin/auth';
import { FieldValue, type DocumentData } from 'firebase-admin/firestore';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { adminApp, adminDb } from '../support/admin.ts';

export const PASSWORD = 'producer-test-pw';

let counter = 0;
/** A name unique to this test run, so tests never see each other's data. */
export const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${++counter}`;

/** An Auth user (on the emulator) with a password; returns its uid. */
export async function createUser(email: string): Promise<string> {
  const user = await getAuth(adminApp()).createUser({ email, password: PASSWORD, emailVerified: true });
  return user.uid;
}

/** A team with one member per role given, and one pipeline of that team. */
export async function seedTeam(members: Record<string, 'owner' | 'editor' | 'producer' | 'viewer'>): Promise<{ teamId: string; pipelineId: string }> {
  const db = adminDb();
  const teamId = unique('team');
  const pipelineId = unique('pipe');
  const owner = Object.keys(members)[0];
  const batch = db.batch();
  batch.set(db.doc(`teams/${teamId}`), { name: teamId, createdAt: FieldValue.serverTimestamp(), createdBy: owner });
  for (const [uid, role] of Object.entries(members)) {
    batch.set(db.doc(`teams/${teamId}/members/${uid}`), { role, uid, addedAt: FieldValue.serverTimestamp() });
  }
  batch.set(db.doc(`pipelines/${pipelineId}`), {
    teamId,
    name: pipelineId,
    public: false,
    createdAt: FieldValue.serverTimestamp(),
    createdBy: owner,
  });
  await batch.commit();
  return { teamId, pipelineId };
}

/** Every record of a pipeline's log, as firebase-admin reads it. */
export async function readLog(pipelineId: string): Promise<DocumentData[]> {
  const snap = await adminDb().collection(`pipelines/${pipelineId}/records`).get();
  return snap.docs.map((d) => d.data());
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `scripts/produce.ts` as its own process with `args`, feeding it `stdin`;
 * `onStderr` sees its stderr as it comes. The emulator variables pass through
 * unless `env` overrides them.
 */
export function runCli(
  args: string[],
  { stdin = '', env = {}, onStderr }: { stdin?: string; env?: NodeJS.ProcessEnv; onStderr?: (text: string) => void } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'produce.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      onStderr?.(d);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/**
 * A TCP proxy in front of the Firestore emulator that a test can take down
 * (every connection cut, new ones refused) and bring back, on the same port.
 */
export class FlakyProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  connections = 0;

  constructor(private readonly target: string) {}

  async up(): Promise<void> {
    const [host, port] = this.target.split(':');
    const server = createServer((client) => {
      this.connections++;
      const upstream = new Socket();
      upstream.connect(Number(port), host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }
}
