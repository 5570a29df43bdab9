// The MCP Streamable HTTP transport (2025-03-26, 2025-06-18, 2025-11-25) on node:http, in place of the SDK's
// StreamableHTTPServerTransport: that one wraps the web-standard transport in @hono/node-server's
// Request/Response/ReadableStream conversions and answers every request as an SSE stream, which made it the
// floor of our HTTP cost. This one writes to the ServerResponse directly and answers `application/json`
// unless the request streams something before its result.
//
// One transport per session (or per request when stateless); http.ts keeps the session table, the guards,
// the body limit and the JSON parse, and gives each request here with its parsed body. Rules enforced here,
// as the spec says and the SDK's transport does (server/webStandardStreamableHttp.js):
// - POST: Accept must list application/json and text/event-stream (406), Content-Type must be
//   application/json (415); each message must be JSON-RPC 2.0 (400, -32600 for a message that is not); a
//   batch only where the protocol version has them (2025-03-26 and earlier; 400 -32600 otherwise), at most
//   100 messages; initialize alone, once per session (400 -32600); notifications and responses only → 202,
//   no body; requests → one answer: JSON (one object, or an array for a batch) when nothing was sent before
//   the result, else an SSE stream carrying the request's progress, log messages and server requests
//   (anything sent with its relatedRequestId), then its result, and it ends.
// - MCP-Protocol-Version on every request after initialize: an unsupported one is 400; absent means the
//   version negotiated (sessions) or 2025-03-26 (stateless), as the spec says for absent headers.
// - GET (sessions only): Accept must list text/event-stream (406); opens the session's one standalone SSE
//   stream (a second is 409) for messages not tied to a request. Without one open they are dropped, as the
//   SDK's transport does without an event store. No resumability (Last-Event-ID): no event store.
// - DELETE ends the session (200). Other methods: 405.
// SSE streams get a comment line every 15 s so proxies do not time them out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaTypeEssence } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import { jsonRpcMessage } from './jsonrpc-message.js';

/** What the spec says a server assumes when a request has no MCP-Protocol-Version header. */
const ASSUMED_PROTOCOL_VERSION = '2025-03-26';
/** The first version without JSON-RPC batches. */
const NO_BATCHES_FROM = '2025-06-18';
const MAX_BATCH_SIZE = 100;
const KEEP_ALIVE_MS = 15_000;

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
} as const;

/** A JSON-RPC error answer with id null (the request's own id is not known, or not trusted). */
export function writeJsonRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code = -32000,
): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** Whether an Accept header lists a media type (a substring test, as the SDK's transport does). */
function accepts(req: IncomingMessage, type: string): boolean {
  return req.headers.accept?.includes(type) ?? false;
}

function isJsonContentType(header: string | undefined): boolean {
  return header === 'application/json' || mediaTypeEssence(header) === 'application/json';
}

function isRequest(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId; method: string } {
  return 'method' in message && 'id' in message;
}

function isResponse(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId } {
  return !('method' in message) && 'id' in message;
}

/** One POST being answered: its requests' ids, the answers so far, and whether it became an SSE stream. */
interface Exchange {
  res: ServerResponse;
  pending: number;
  answers: JSONRPCMessage[];
  batch: boolean;
  sse: boolean;
  done: boolean;
  keepAlive?: NodeJS.Timeout;
}

export interface StreamableHttpTransportOptions {
  /** The session's id (sessions mode), sent back on every answer; undefined when stateless. */
  sessionId?: string;
  /** Called when an initialize is accepted, before it is handed to the server. */
  onsessioninitialized?: (sessionId: string) => void;
}

export class StreamableHttpTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  readonly sessionId: string | undefined;

  private readonly onsessioninitialized: ((sessionId: string) => void) | undefined;
  private readonly exchanges = new Map<RequestId, Exchange>();
  private standalone: ServerResponse | undefined;
  private standaloneKeepAlive: NodeJS.Timeout | undefined;
  private initialized = false;
  private initializeId: RequestId | undefined;
  /** The version the initialize answer settled on (sessions); batches follow it. */
  private negotiated: string | undefined;
  private closed = false;
  private readonly idHeader: Record<string, string>;

  constructor(options: StreamableHttpTransportOptions = {}) {
    this.sessionId = options.sessionId;
    this.onsessioninitialized = options.onsessioninitialized;
    this.idHeader = this.sessionId === undefined ? {} : { 'mcp-session-id': this.sessionId };
  }

  async start(): Promise<void> {}

  /** Answers one HTTP request; `body` is the POST body already parsed as JSON (undefined for none). */
  handleRequest(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    extra: MessageExtraInfo = {},
  ): void {
    if (this.closed) {
      writeJsonRpcError(res, 404, 'Session not found', {}, -32001);
      return;
    }
    switch (req.method) {
      case 'POST':
        this.handlePost(req, res, body, extra);
        return;
      case 'GET':
        this.handleGet(req, res);
        return;
      case 'DELETE':
        this.handleDelete(req, res);
        return;
      default:
        writeJsonRpcError(res, 405, 'Method not allowed.', { allow: 'GET, POST, DELETE' });
    }
  }

  /** The request's protocol version, or undefined after answering 400 for an unsupported one. */
  private protocolVersion(req: IncomingMessage, res: ServerResponse): string | undefined {
    const header = req.headers['mcp-protocol-version'];
    if (header === undefined) return this.negotiated ?? ASSUMED_PROTOCOL_VERSION;
    if (typeof header === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(header)) return header;
    writeJsonRpcError(
      res,
      400,
      `Bad Request: Unsupported protocol version: ${String(header)} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
    );
    return undefined;
  }

  private handlePost(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    extra: MessageExtraInfo,
  ): void {
    if (!accepts(req, 'application/json') || !accepts(req, 'text/event-stream')) {
      writeJsonRpcError(
        res,
        406,
        'Not Acceptable: Client must accept both application/json and text/event-stream',
      );
      return;
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      writeJsonRpcError(res, 415, 'Unsupported Media Type: Content-Type must be application/json');
      return;
    }
    const batch = Array.isArray(body);
    const raw: unknown[] = batch ? body : [body];
    if (raw.length === 0 || raw.length > MAX_BATCH_SIZE) {
      writeJsonRpcError(
        res,
        400,
        `Invalid Request: a batch holds 1 to ${MAX_BATCH_SIZE} messages`,
        {},
        -32600,
      );
      return;
    }
    const messages: JSONRPCMessage[] = [];
    for (const item of raw) {
      const message = jsonRpcMessage(item);
      if (!message) {
        writeJsonRpcError(res, 400, 'Invalid Request: not a JSON-RPC 2.0 message', {}, -32600);
        return;
      }
      messages.push(message);
    }
    const initialize = messages.find((message) => 'method' in message && message.method === 'initialize');
    if (initialize) {
      if (this.initialized && this.sessionId !== undefined) {
        writeJsonRpcError(res, 400, 'Invalid Request: Server already initialized', {}, -32600);
        return;
      }
      if (messages.length > 1) {
        writeJsonRpcError(
          res,
          400,
          'Invalid Request: Only one initialization request is allowed',
          {},
          -32600,
        );
        return;
      }
      this.initialized = true;
      if (isRequest(initialize)) this.initializeId = initialize.id;
      if (this.sessionId !== undefined) this.onsessioninitialized?.(this.sessionId);
    } else {
      const version = this.protocolVersion(req, res);
      if (version === undefined) return;
      if (batch && version >= NO_BATCHES_FROM) {
        writeJsonRpcError(
          res,
          400,
          `Invalid Request: protocol version ${version} has no JSON-RPC batches; send one message per request`,
          {},
          -32600,
        );
        return;
      }
    }

    const info: MessageExtraInfo = { ...extra, requestInfo: { headers: req.headers } };
    let requests = 0;
    for (const message of messages) if (isRequest(message)) requests++;
    if (requests === 0) {
      res.writeHead(202, this.idHeader).end();
      for (const message of messages) this.onmessage?.(message, info);
      return;
    }
    const exchange: Exchange = { res, pending: requests, answers: [], batch, sse: false, done: false };
    for (const message of messages) if (isRequest(message)) this.exchanges.set(message.id, exchange);
    // A client that goes away does not cancel its requests (it would send notifications/cancelled); their
    // answers have nowhere to go and are dropped.
    res.once('close', () => {
      if (exchange.done) return;
      this.finish(exchange);
    });
    for (const message of messages) this.onmessage?.(message, info);
  }

  private handleGet(req: IncomingMessage, res: ServerResponse): void {
    if (!accepts(req, 'text/event-stream')) {
      writeJsonRpcError(res, 406, 'Not Acceptable: Client must accept text/event-stream');
      return;
    }
    if (this.protocolVersion(req, res) === undefined) return;
    if (this.standalone) {
      writeJsonRpcError(res, 409, 'Conflict: Only one SSE stream is allowed per session');
      return;
    }
    res.writeHead(200, { ...SSE_HEADERS, ...this.idHeader });
    res.flushHeaders();
    this.standalone = res;
    this.standaloneKeepAlive = keepAlive(res);
    res.once('close', () => {
      clearInterval(this.standaloneKeepAlive);
      if (this.standalone === res) this.standalone = undefined;
    });
  }

  private handleDelete(req: IncomingMessage, res: ServerResponse): void {
    if (this.protocolVersion(req, res) === undefined) return;
    res.writeHead(200, this.idHeader).end();
    void this.close();
  }

  async send(message: JSONRPCMessage, options?: { relatedRequestId?: RequestId }): Promise<void> {
    const answer = isResponse(message);
    const id = answer ? message.id : options?.relatedRequestId;
    if (answer && id === this.initializeId && this.sessionId !== undefined) {
      const version = (message as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
      if (typeof version === 'string') this.negotiated = version;
      this.initializeId = undefined;
    }
    const exchange = id === undefined ? undefined : this.exchanges.get(id);
    if (!exchange) {
      // Not tied to a request still being answered: the standalone stream, when one is open.
      if (!answer && this.standalone) this.standalone.write(sseEvent(message));
      return;
    }
    if (!answer) {
      this.toSse(exchange);
      exchange.res.write(sseEvent(message));
      return;
    }
    this.exchanges.delete(id as RequestId);
    exchange.pending--;
    if (exchange.sse) exchange.res.write(sseEvent(message));
    else exchange.answers.push(message);
    if (exchange.pending > 0) return;
    exchange.done = true;
    clearInterval(exchange.keepAlive);
    if (exchange.sse) {
      exchange.res.end();
      return;
    }
    const body = JSON.stringify(exchange.batch ? exchange.answers : exchange.answers[0]);
    exchange.res
      .writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...this.idHeader,
      })
      .end(body);
  }

  /** The answer becomes an SSE stream: answers already made go first. */
  private toSse(exchange: Exchange): void {
    if (exchange.sse) return;
    exchange.sse = true;
    exchange.res.writeHead(200, { ...SSE_HEADERS, ...this.idHeader });
    for (const answer of exchange.answers) exchange.res.write(sseEvent(answer));
    exchange.answers = [];
    exchange.keepAlive = keepAlive(exchange.res);
  }

  /** Forgets an exchange whose client went away (or the session closed): later answers are dropped. */
  private finish(exchange: Exchange): void {
    exchange.done = true;
    clearInterval(exchange.keepAlive);
    for (const [id, other] of this.exchanges) if (other === exchange) this.exchanges.delete(id);
    if (!exchange.res.headersSent) writeJsonRpcError(exchange.res, 404, 'Session not found', {}, -32001);
    else if (!exchange.res.writableEnded) exchange.res.end();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const exchange of new Set(this.exchanges.values())) this.finish(exchange);
    clearInterval(this.standaloneKeepAlive);
    this.standalone?.end();
    this.standalone = undefined;
    this.onclose?.();
  }
}

function sseEvent(message: JSONRPCMessage): string {
  return `event: message\ndata: ${JSON.stringify(message)}\n\n`;
}

function keepAlive(res: ServerResponse): NodeJS.Timeout {
  const timer = setInterval(() => {
    if (res.writableEnded || res.destroyed) clearInterval(timer);
    else res.write(': keepalive\n\n');
  }, KEEP_ALIVE_MS);
  timer.unref();
  return timer;
}
