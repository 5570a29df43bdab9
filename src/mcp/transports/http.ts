// Streamable HTTP at /mcp. Guards come before the MCP transport: Host and Origin checks against DNS
// rebinding (403), then the optional bearer token (401). Two modes:
// - sessions (default): one MCP server per session, kept in this process (a load balancer must keep a
//   session on one replica); needed for requests from server to client during a call (elicitation).
// - stateless: a fresh MCP server per request, nothing kept, any replica can answer any request;
//   destructive calls then confirm with signed tokens (which work across replicas sharing
//   MCP_CONFIRM_SECRET), and progress still streams on the request's own SSE answer.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.js';
import type { CreatedServer } from '../server.js';

export interface HttpTransportOptions {
  host: string;
  port: number;
  /** Builds an MCP server: one per session, or one per request when stateless. */
  createMcpServer: () => CreatedServer;
  /** Require `Authorization: Bearer <token>` (MCP_AUTH_TOKEN). */
  authToken?: string | undefined;
  /** Host names accepted in the Host header besides the loopback names (when bound to loopback). */
  allowedHosts?: readonly string[];
  /** Origins accepted besides the server's own (`http://<Host>`). */
  allowedOrigins?: readonly string[];
  stateless?: boolean;
  logger: Logger;
  /** Sessions idle this long are closed (default 30 min). */
  sessionIdleMs?: number;
  /** Largest request body accepted (default 4 MiB). */
  maxBodyBytes?: number;
}

export interface RunningHttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:8250/mcp. */
  url: string;
  port: number;
  sessions(): number;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  created: CreatedServer;
  lastSeen: number;
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** `example.com:8250` → `example.com`; `[::1]:8250` → `[::1]`. */
function hostName(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  return hostHeader.replace(/:\d+$/, '').toLowerCase();
}

function jsonRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code = -32000,
) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new RangeError(`request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

export async function startHttpTransport(options: HttpTransportOptions): Promise<RunningHttpServer> {
  const { logger } = options;
  const sessions = new Map<string, Session>();
  const allowedHosts = new Set(
    [...(isLoopback(options.host) ? LOOPBACK_HOSTS : [options.host]), ...(options.allowedHosts ?? [])].map(
      (h) => h.toLowerCase(),
    ),
  );
  // Bound to every address and told no names: Host cannot be checked (the bearer token is the guard).
  const checkHost =
    !(options.host === '0.0.0.0' || options.host === '::') || (options.allowedHosts ?? []).length > 0;
  if (!checkHost) logger.warn('listening on all addresses without --allowed-hosts: Host header not checked');
  if (!isLoopback(options.host) && !options.authToken) {
    logger.warn('listening beyond loopback without MCP_AUTH_TOKEN: anyone who can reach the port can use it');
  }
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((origin) => origin.toLowerCase()));
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;

  /**
   * A browser page may call only from the server's own origin, a configured one, or (for local tools such
   * as the MCP Inspector) another loopback origin when the server itself is reached on loopback. A DNS
   * rebinding page always has its own, non-loopback name as Origin.
   */
  const originAllowed = (origin: string, host: string): boolean => {
    if (allowedOrigins.has(origin.toLowerCase())) return true;
    let originHost: string;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      return false;
    }
    if (originHost === host.toLowerCase()) return true;
    const bare = (name: string) => hostName(name).replace(/^\[|\]$/g, '');
    return isLoopback(bare(originHost)) && isLoopback(bare(host));
  };

  /** 403/401 answers for requests that must not reach MCP; undefined when the request may pass. */
  const guard = (
    req: IncomingMessage,
  ): { status: number; message: string; headers?: Record<string, string> } | undefined => {
    const host = req.headers.host;
    if (!host) return { status: 403, message: 'Forbidden: missing Host header' };
    if (checkHost && !allowedHosts.has(hostName(host))) {
      return { status: 403, message: `Forbidden: Host ${hostName(host)} is not allowed` };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, host)) {
      return { status: 403, message: `Forbidden: Origin ${origin} is not allowed` };
    }
    if (options.authToken) {
      const header = req.headers.authorization ?? '';
      const match = /^Bearer\s+(.+)$/i.exec(header);
      if (!match || !sameSecret(match[1]!.trim(), options.authToken)) {
        return {
          status: 401,
          message: 'Unauthorized: a valid bearer token is required',
          headers: { 'www-authenticate': 'Bearer realm="cloudstack-mcp"' },
        };
      }
    }
    return undefined;
  };

  const closeSession = async (id: string) => {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    await session.created.close().catch(() => {});
  };

  const handleStateless = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const created = options.createMcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void created.close();
    });
    await created.server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const handleWithSessions = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) {
        jsonRpcError(res, 404, 'Session not found: initialize a new session');
        return;
      }
      session.lastSeen = Date.now();
      await session.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      jsonRpcError(res, 400, 'Bad Request: no Mcp-Session-Id header; send initialize first');
      return;
    }
    const created = options.createMcpServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, created, lastSeen: Date.now() });
        logger.debug('session opened', { sessions: sessions.size });
      },
      onsessionclosed: (id) => {
        void closeSession(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) void closeSession(transport.sessionId);
    };
    await created.server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const httpServer = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (url.pathname !== '/mcp') {
      jsonRpcError(res, 404, 'Not found: the MCP endpoint is /mcp');
      return;
    }
    const refused = guard(req);
    if (refused) {
      logger.info('refused request', { status: refused.status, reason: refused.message });
      jsonRpcError(res, refused.status, refused.message, refused.headers);
      return;
    }
    void (async () => {
      let body: unknown;
      if (req.method === 'POST') {
        try {
          body = await readJsonBody(req, maxBody);
        } catch (error) {
          const tooLarge = error instanceof RangeError;
          const message = tooLarge ? 'Request body too large' : 'Parse error: invalid JSON';
          jsonRpcError(res, tooLarge ? 413 : 400, message, {}, -32700);
          return;
        }
      }
      if (Array.isArray(body) && body.some(isInitializeRequest)) {
        // Batches were never allowed to carry initialize (2025-03-26), and 2025-06-18 has no batches at all.
        logger.info('refused request', { status: 400, reason: 'initialize in a JSON-RPC batch' });
        jsonRpcError(
          res,
          400,
          'Invalid Request: initialize must be sent alone, not in a JSON-RPC batch',
          {},
          -32600,
        );
        return;
      }
      if (options.stateless) await handleStateless(req, res, body);
      else await handleWithSessions(req, res, body);
    })().catch((error: unknown) => {
      logger.error('HTTP request failed', { error: error instanceof Error ? error.message : String(error) });
      jsonRpcError(res, 500, 'Internal server error');
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });

  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const reaper = setInterval(
    () => {
      const now = Date.now();
      for (const [id, session] of sessions) if (now - session.lastSeen > idleMs) void closeSession(id);
    },
    Math.min(idleMs, 60_000),
  );
  reaper.unref();
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/mcp`,
    port,
    sessions: () => sessions.size,
    close: async () => {
      clearInterval(reaper);
      await Promise.all([...sessions.keys()].map(closeSession));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
