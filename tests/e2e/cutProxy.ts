import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP forward proxy for a browser context (`proxy: { server: url }`) that
 * can cut one host off, as a wall tablet's network loses the backend while
 * its Wi-Fi stays up: no `offline` event, open streams torn down, every new
 * request to that host reset, until `restore()`.
 */
export interface CutProxy {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCutProxy(cutHost: string): Promise<CutProxy> {
  let isCut = false;
  /** Browser-side sockets that carried a request to the cut host, to tear down on `cut()`. */
  const toCutHost = new Set<Socket>();

  function forward(req: IncomingMessage, res: ServerResponse): void {
    const target = new URL(req.url ?? '/');
    if (target.host === cutHost) {
      if (isCut) {
        req.socket.destroy();
        return;
      }
      toCutHost.add(req.socket);
      req.socket.once('close', () => toCutHost.delete(req.socket));
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  const server: Server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      isCut = true;
      for (const socket of toCutHost) socket.destroy();
      toCutHost.clear();
    },
    restore() {
      isCut = false;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
