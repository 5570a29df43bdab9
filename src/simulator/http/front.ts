// The simulator's listening socket, apart from its engine. `serve --simulator` opens it first, points its
// CloudStack client at it, answers `initialize`, and only then loads the engine (most of the simulator's
// code): a request that arrives before the engine is attached waits for it, so nobody sees the difference
// but the start-up time. startSimulator attaches at once when it opens the front itself.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const API_PATH = '/client/api';

export type FrontHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface SimulatorFront {
  server: Server;
  /** The API endpoint, `http://host:port/client/api`. */
  url: string;
  /** Serve requests with this handler from now on, and the ones waiting for it. */
  attach(handler: FrontHandler): void;
  /** The engine could not be loaded: answer what waits, and whatever comes later, with a 500 naming why. */
  fail(error: unknown): void;
  close(): Promise<void>;
}

export function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8' });
  res.end(`${text}\n`);
}

/** The simulator itself failed (its engine, or loading it): a 500 naming why, or a cut connection mid-answer. */
export function answerSimulatorError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) res.destroy();
  else sendPlain(res, 500, `Simulator error: ${error instanceof Error ? error.message : String(error)}`);
}

/** Listens on host:port (0 picks a free port); requests wait until `attach` or `fail`. */
export function openFront(host: string, port: number): Promise<SimulatorFront> {
  let handler: FrontHandler | undefined;
  let failure: unknown;
  let failed = false;
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else if (failed) answerSimulatorError(res, failure);
    else waiting.push([req, res]);
  });
  server.keepAliveTimeout = 5_000;
  const drain = (serve: (req: IncomingMessage, res: ServerResponse) => void) => {
    for (const [req, res] of waiting.splice(0)) if (!res.destroyed) serve(req, res);
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}${API_PATH}`,
        attach(next) {
          handler = next;
          drain(next);
        },
        fail(error) {
          failed = true;
          failure = error;
          drain((_req, res) => answerSimulatorError(res, error));
        },
        close: () =>
          new Promise<void>((done) => {
            for (const [, res] of waiting.splice(0)) res.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
