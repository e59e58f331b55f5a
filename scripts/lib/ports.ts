import { createServer } from 'node:net';

/**
 * The ports Dash's local stack listens on, by name, with their defaults. The
 * emulators' other ports (hub, logging, tasks, eventarc, websocket) are left to
 * firebase-tools, which picks free ones.
 */
export const DEFAULT_PORTS = {
  auth: 9099,
  firestore: 8080,
  functions: 5001,
  app: 5173,
  e2eApp: 4173,
} as const;

export type PortName = keyof typeof DEFAULT_PORTS;
export type Ports = Record<PortName, number>;

/**
 * Ports from the environment: DASH_PORT_<NAME> sets one port, DASH_PORT_OFFSET
 * shifts every default (to run a second stack beside the first).
 */
export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): Ports {
  const offset = parsePort(env.DASH_PORT_OFFSET ?? '0', 'DASH_PORT_OFFSET', 0);
  const ports = {} as Ports;
  for (const [name, port] of Object.entries(DEFAULT_PORTS) as [PortName, number][]) {
    const key = `DASH_PORT_${name.toUpperCase()}`;
    ports[name] = env[key] ? parsePort(env[key], key, 1) : port + offset;
  }
  return ports;
}

/** Where the local emulators of these ports listen, as host:port (what FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST hold). */
export function emulatorHosts(ports: Pick<Ports, 'firestore' | 'auth'>): { firestore: string; auth: string } {
  return { firestore: `127.0.0.1:${ports.firestore}`, auth: `127.0.0.1:${ports.auth}` };
}

function parsePort(value: string, key: string, min: number): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < min || port > 65535) {
    throw new Error(`${key}=${value} is not a valid port number.`);
  }
  return port;
}

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws one clear error naming every taken port and how to move it. */
export async function assertPortsFree(ports: Partial<Ports>): Promise<void> {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports) as [PortName, number][]) {
    if (!(await isPortFree(port))) taken.push(`${port} (${name}; set DASH_PORT_${name.toUpperCase()} to move it)`);
  }
  if (taken.length > 0) {
    throw new Error(
      `Port${taken.length > 1 ? 's' : ''} already in use: ${taken.join(', ')}. ` +
        'Stop whatever holds them (an earlier Dash still running?) or set DASH_PORT_OFFSET=100 to shift them all.',
    );
  }
}

/** Polls until something accepts connections on host:port. */
export async function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isPortFree(port, host))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Nothing listened on ${host}:${port} within ${Math.round(timeoutMs / 1000)} s.`);
}
