// Streamable HTTP at /mcp (the transport itself: streamable-http.ts). Guards come before the MCP transport: Host and Origin checks against DNS
// rebinding (403, hosts.ts parses both as a browser does), then the optional bearer token (401). Two modes:
// - sessions (default): one MCP server per session, kept in this process (a load balancer must keep a
//   session on one replica); needed for requests from server to client during a call (elicitation).
// - stateless: a fresh MCP server per request, nothing kept, any replica can answer any request;
//   destructive calls then confirm with signed tokens (which work across replicas sharing
//   MCP_CONFIRM_SECRET), and progress still streams on the request's own SSE answer.
//
// Exposure: beyond loopback the server refuses to start without a bearer token or an allowed-hosts list
// unless told `unsafeNoAuth` (exposureProblem). Host names checked (hostAllowed):
// - loopback names and addresses always pass (a DNS-rebinding page never has one as its Host);
// - bound to loopback: besides those, only --allowed-hosts;
// - bound beyond loopback: also the bind address, any IP literal (DNS cannot rebind an address, so an IP
//   Host is a client that meant this machine) and --allowed-hosts; any other name is refused unless a
//   token is set and no list is: then the token is the guard (a rebinding page cannot know it, and a
//   browser never adds an Authorization header of its own), so a proxy's name needs no listing.
//
// Sessions are capped (maxSessions, default 1000; about 11 KB each). A session is "used" once it sent
// anything but initialize and notifications/initialized; unused ones close after unusedSessionIdleMs
// (60 s), used ones after sessionIdleMs (30 min). At the cap a new initialize first closes the least
// recently seen unused session, and only when every session is in use answers 503 with Retry-After.
// Why evict rather than refuse at once: a flood of bare initializes (a client reconnecting in a loop, or
// someone filling the table) would otherwise lock every new client out for a minute, while evicting
// only unused sessions never touches a session that did work, and a flooder only displaces its own kind.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.js';
import type { CreatedServer } from '../server.js';
import { DEFAULT_MAX_SESSIONS, exposureProblem } from './exposure.js';
import { isLoopbackName, type ParsedHost, parseHostHeader, parseOrigin } from './hosts.js';
import { writeJsonRpcError as jsonRpcError, StreamableHttpTransport } from './streamable-http.js';

export { DEFAULT_MAX_SESSIONS, exposureProblem };

/** Who a request is made by, when an `auth` hook authenticates requests. */
export interface AuthenticatedPerson {
  /** Stable identity (sessions are bound to it). */
  subject: string;
  /** For logs: a name, never a secret. */
  label: string;
}

/**
 * Another authentication than the static bearer token (the OAuth mode, src/mcp/auth/oauth.ts): it answers
 * the paths it owns itself (discovery, /oauth/*; only the Host guard runs before), and authenticates /mcp
 * requests after the Host/Origin guards.
 */
export interface HttpAuth {
  owns(pathname: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  authenticate(
    req: IncomingMessage,
  ): Promise<
    | { ok: true; principal: AuthenticatedPerson }
    | { ok: false; status: number; message: string; headers: Record<string, string> }
  >;
}

export interface HttpTransportOptions {
  host: string;
  port: number;
  /** Builds an MCP server: one per session, or one per request when stateless; for `person` with `auth`. */
  createMcpServer: (person?: AuthenticatedPerson) => CreatedServer;
  /** Require `Authorization: Bearer <token>` (MCP_AUTH_TOKEN). */
  authToken?: string | undefined;
  /** Authenticate each person instead (--auth cloudstack); see HttpAuth. */
  auth?: HttpAuth | undefined;
  /** Host names accepted in the Host header besides the loopback names (and, beyond loopback, IP literals). */
  allowedHosts?: readonly string[];
  /** Serve beyond loopback with neither a token nor allowed hosts (otherwise startHttpTransport refuses). */
  unsafeNoAuth?: boolean;
  /** Origins accepted besides the server's own (`http://<Host>`). */
  allowedOrigins?: readonly string[];
  stateless?: boolean;
  logger: Logger;
  /** Used sessions idle this long are closed (default 30 min). */
  sessionIdleMs?: number;
  /** Sessions that never sent anything past the handshake close after this long idle (default 60 s). */
  unusedSessionIdleMs?: number;
  /** Most sessions held at once (default 1000); see the header comment for what happens at the cap. */
  maxSessions?: number;
  /** The clock, for tests. */
  now?: () => number;
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
  transport: StreamableHttpTransport;
  created: CreatedServer;
  lastSeen: number;
  /** Sent something beyond initialize / notifications/initialized. */
  used: boolean;
  /** The person who opened it (with `auth`): nobody else may use it. */
  subject?: string | undefined;
}

const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
const DEFAULT_UNUSED_SESSION_IDLE_MS = 60_000;
/** What a refused initialize is told to wait: unused sessions go within about this long. */
const RETRY_AFTER_SECONDS = 60;
/** After a 413, what is still read (and thrown away) so the client gets the answer, before the socket goes. */
const LINGER_BYTES = 16 * 1024 * 1024;
const LINGER_MS = 10_000;

/** The host name an --allowed-hosts entry stands for (`Example.com:8251` → `example.com`). */
function allowedHostName(entry: string): string {
  const parsed = parseHostHeader(entry);
  if (!parsed) throw new Error(`--allowed-hosts: "${entry}" is not a host name or address`);
  return parsed.hostname;
}

const MCP_PATH_URL = new URL('http://localhost/mcp');

/**
 * The request's URL: `/mcp` (every MCP request) without parsing, anything else parsed (normalised, and an
 * absolute-form target read as the path it names). The MCP URL is shared: nothing reads its query.
 */
function requestUrl(target = '/'): URL {
  return target === '/mcp' ? MCP_PATH_URL : new URL(target, 'http://localhost');
}

/** A message that is more than the handshake: it makes a session "used". */
function isWork(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((message) => {
    const method = (message as { method?: unknown } | null)?.method;
    return method !== 'initialize' && method !== 'notifications/initialized';
  });
}

/** `parse` remembering its answers by input text; at most 256 kept (all dropped when full: Host names are few). */
function parsedOnce(
  parse: (value: string) => ParsedHost | undefined,
): (value: string) => ParsedHost | undefined {
  const parsed = new Map<string, ParsedHost | undefined>();
  return (value) => {
    if (parsed.has(value)) return parsed.get(value);
    if (parsed.size >= 256) parsed.clear();
    const answer = parse(value);
    parsed.set(value, answer);
    return answer;
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The request body as text, or `tooLarge` as soon as it passes the limit (or Content-Length says it
 * will). The request is never destroyed here: destroying it resets the connection, and a client still
 * sending then sees ECONNRESET instead of the 413 (answerTooLarge).
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ text: string } | { tooLarge: true }> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) {
      resolve({ tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      settled = true;
      chunks.length = 0;
      req.off('data', onData);
      resolve({ tooLarge: true });
    };
    req.on('data', onData);
    req.once('end', () => {
      if (settled) return;
      settled = true;
      resolve({ text: Buffer.concat(chunks).toString('utf8') });
    });
    req.once('close', () => {
      if (settled) return;
      settled = true;
      reject(new Error('the client went away while sending its request'));
    });
  });
}

/**
 * 413 at once, then a lingering close (as Apache and nginx do): Node's server closes a `Connection:
 * close` socket as soon as the answer is written, and a socket closed with unread input resets the
 * connection, which can destroy the answer before the client reads it (a client that reads only after
 * sending all of its body never sees it). So after the answer: send FIN, keep reading and discarding
 * what the client still sends, and destroy the socket when it has finished or after LINGER_BYTES /
 * LINGER_MS, whichever comes first.
 */
function answerTooLarge(req: IncomingMessage, res: ServerResponse): void {
  const socket: Socket & { destroySoon?: () => void } = req.socket;
  if (!req.complete) {
    socket.destroySoon = () => {
      const destroy = () => {
        clearTimeout(timer);
        socket.destroy();
      };
      const timer = setTimeout(destroy, LINGER_MS);
      timer.unref();
      let discarded = 0;
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > LINGER_BYTES) destroy();
      });
      req.once('end', destroy);
      socket.once('close', () => clearTimeout(timer));
      req.resume();
      socket.end();
    };
  }
  jsonRpcError(res, 413, 'Request body too large', { connection: 'close' }, -32700);
}

export async function startHttpTransport(options: HttpTransportOptions): Promise<RunningHttpServer> {
  const { logger } = options;
  const problem = exposureProblem(options);
  if (problem) throw new Error(problem);
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();
  /** Initializes being answered: their sessions are not in the map yet but count towards the cap. */
  let opening = 0;
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const unusedIdleMs = options.unusedSessionIdleMs ?? DEFAULT_UNUSED_SESSION_IDLE_MS;

  const loopbackBind = isLoopbackName(options.host);
  const listedHosts = (options.allowedHosts ?? []).map(allowedHostName);
  const allowedHosts = new Set(listedHosts);
  if (!loopbackBind)
    allowedHosts.add(allowedHostName(options.host.includes(':') ? `[${options.host}]` : options.host));
  // Beyond loopback with a token and no list of names: the token is the guard (header comment).
  const anyHostName = !loopbackBind && Boolean(options.authToken || options.auth) && listedHosts.length === 0;
  if (anyHostName) {
    logger.info('beyond loopback with a bearer token and no --allowed-hosts: any Host name accepted');
  }
  if (!loopbackBind && !options.authToken && !options.auth) {
    logger.warn('listening beyond loopback without MCP_AUTH_TOKEN: anyone who can reach the port can use it');
  }
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((origin) => origin.trim().toLowerCase()));
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;

  // Host and Origin headers parsed once per text (15 µs and 4 µs a parse; a client sends the same ones every time).
  const parseHost = parsedOnce(parseHostHeader);
  const parseOriginOnce = parsedOnce(parseOrigin);

  const hostAllowed = (host: ParsedHost): boolean =>
    host.loopback || allowedHosts.has(host.hostname) || (!loopbackBind && (host.ip || anyHostName));

  /**
   * A browser page may call only from the server's own origin, a configured one, or (for local tools such
   * as the MCP Inspector) another loopback origin when the server itself is reached on loopback. A DNS
   * rebinding page always has its own, non-loopback name as Origin.
   */
  const originAllowed = (origin: string, host: ParsedHost): boolean => {
    if (allowedOrigins.has(origin.trim().toLowerCase())) return true;
    const parsed = parseOriginOnce(origin);
    if (!parsed) return false;
    return parsed.host === host.host || (parsed.loopback && host.loopback);
  };

  /** 403/401 answers for requests that must not reach MCP; undefined when the request may pass. */
  const guard = (
    req: IncomingMessage,
    hostOnly = false,
  ): { status: number; message: string; headers?: Record<string, string> } | undefined => {
    const hostHeader = req.headers.host;
    if (!hostHeader) return { status: 403, message: 'Forbidden: missing Host header' };
    const host = parseHost(hostHeader);
    if (!host) return { status: 403, message: 'Forbidden: the Host header is not a host name' };
    if (!hostAllowed(host)) {
      return { status: 403, message: `Forbidden: Host ${host.hostname} is not allowed` };
    }
    // The OAuth endpoints are called cross-origin by browser-based clients and carry no ambient authority.
    if (hostOnly) return undefined;
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

  const expired = (session: Session, at: number) =>
    at - session.lastSeen > (session.used ? idleMs : unusedIdleMs);

  let lastSweep = now();
  const sweep = () => {
    const at = now();
    lastSweep = at;
    for (const [id, session] of sessions) if (expired(session, at)) void closeSession(id);
  };

  /** Room for one more session: expired ones go (swept at most once a second, or at the cap), then the least recently seen unused one. */
  const makeRoom = (): boolean => {
    if (now() - lastSweep >= 1000) sweep();
    if (sessions.size + opening < maxSessions) return true;
    sweep();
    if (sessions.size + opening < maxSessions) return true;
    let oldest: [string, Session] | undefined;
    for (const entry of sessions) {
      if (!entry[1].used && (!oldest || entry[1].lastSeen < oldest[1].lastSeen)) oldest = entry;
    }
    if (!oldest) return false;
    logger.info('session cap reached: closed the least recently seen session that never did any work', {
      sessions: sessions.size,
      maxSessions,
    });
    void closeSession(oldest[0]);
    return true;
  };

  const handleStateless = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    person?: AuthenticatedPerson,
  ) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const created = options.createMcpServer(person);
    const transport = new StreamableHttpTransport();
    res.on('close', () => {
      void transport.close();
      void created.close();
    });
    await created.server.connect(transport);
    transport.handleRequest(req, res, body);
  };

  const handleWithSessions = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    person?: AuthenticatedPerson,
  ) => {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      // Another person's session is answered as unknown: its id says nothing to them.
      if (!session || expired(session, now()) || session.subject !== person?.subject) {
        if (session && session.subject !== person?.subject) {
          logger.warn('refused a session opened by another person', { user: person?.label });
          jsonRpcError(res, 404, 'Session not found: initialize a new session');
          return;
        }
        if (session) void closeSession(sessionId);
        jsonRpcError(res, 404, 'Session not found: initialize a new session');
        return;
      }
      session.lastSeen = now();
      if (req.method === 'POST' && isWork(body)) session.used = true;
      session.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      jsonRpcError(res, 400, 'Bad Request: no Mcp-Session-Id header; send initialize first');
      return;
    }
    if (!makeRoom()) {
      logger.warn('session cap reached: every session is in use; refused an initialize', { maxSessions });
      jsonRpcError(
        res,
        503,
        `Service Unavailable: the server is at its session cap (${maxSessions} sessions, all in use); ` +
          'retry later, or end sessions you no longer use (DELETE with their Mcp-Session-Id)',
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
      return;
    }
    opening++;
    const created = options.createMcpServer(person);
    const transport: StreamableHttpTransport = new StreamableHttpTransport({
      sessionId: randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, created, lastSeen: now(), used: false, subject: person?.subject });
        logger.debug('session opened', { sessions: sessions.size });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) void closeSession(transport.sessionId);
    };
    try {
      await created.server.connect(transport);
      transport.handleRequest(req, res, body);
    } finally {
      opening--;
      // An initialize the SDK refused made no session: nothing will close this server otherwise.
      if (!transport.sessionId || !sessions.has(transport.sessionId)) await created.close().catch(() => {});
    }
  };

  const httpServer = createHttpServer((req, res) => {
    const url = requestUrl(req.url);
    if (url.pathname === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (options.auth?.owns(url.pathname)) {
      const refused = guard(req, true);
      if (refused) {
        logger.info('refused request', { status: refused.status, reason: refused.message });
        jsonRpcError(res, refused.status, refused.message, refused.headers);
        return;
      }
      void options.auth.handle(req, res, url);
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
      let person: AuthenticatedPerson | undefined;
      if (options.auth) {
        const authenticated = await options.auth.authenticate(req);
        if (!authenticated.ok) {
          logger.info('refused request', { status: authenticated.status, reason: authenticated.message });
          jsonRpcError(res, authenticated.status, authenticated.message, authenticated.headers);
          return;
        }
        person = authenticated.principal;
      }
      let body: unknown;
      if (req.method === 'POST') {
        const read = await readBody(req, maxBody);
        if ('tooLarge' in read) {
          logger.info('refused request', { status: 413, reason: `body over ${maxBody} bytes` });
          answerTooLarge(req, res);
          return;
        }
        try {
          body = read.text === '' ? undefined : JSON.parse(read.text);
        } catch {
          jsonRpcError(res, 400, 'Parse error: invalid JSON', {}, -32700);
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
      if (options.stateless) await handleStateless(req, res, body, person);
      else await handleWithSessions(req, res, body, person);
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

  const reaper = setInterval(sweep, Math.max(1000, Math.min(idleMs, unusedIdleMs, 60_000) / 2));
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
