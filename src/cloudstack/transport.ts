// The HTTP exchange, on Node's http(s) with keep-alive agents. It knows nothing about signing or sessions:
// it sends a finished query string (GET) or form body (POST) and hands back status, headers and text, or
// throws CloudStackConnectionError / CloudStackTimeoutError / CloudStackAbortError. Every underlying error
// is replaced by one of those (axios errors embed the request config, signed URL and body included).
// Axios is loaded only when the environment names a proxy (HTTP(S)_PROXY, ALL_PROXY, NO_PROXY), which it
// resolves; otherwise a request goes straight through node:http: axios' request pipeline cost about a
// tenth of a millisecond a call, and loading it (form-data, its fetch adapter waking Node's undici) tens
// of milliseconds at start-up.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { AxiosInstance } from 'axios';
import {
  CloudStackAbortError,
  CloudStackConnectionError,
  CloudStackInputError,
  CloudStackTimeoutError,
} from './errors.js';
import { redactText } from './redact.js';
import { RequestWatch } from './request-watch.js';

export interface HttpResponse {
  status: number;
  headers: Readonly<Record<string, unknown>>;
  body: string;
  contentType: string | undefined;
}

export interface HttpRequest {
  command: string;
  method: 'GET' | 'POST';
  /** The encoded query string (GET) or form body (POST). */
  query: string;
  cookie?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Whether a pooled keep-alive connection may carry it. Requests that must not be repeated take a fresh
   * connection: on a pooled one, a server closing the idle socket just as the request is written looks
   * exactly like a server dying mid-request, and only the fresh connection makes the error unambiguous.
   */
  reuseConnection: boolean;
  /** Secrets to mask in any text that ends up in an error. */
  secrets: readonly (string | undefined)[];
}

export interface TransportOptions {
  /** Verify the server's TLS certificate (default true). */
  rejectUnauthorized?: boolean;
  userAgent?: string;
}

// Failures that happen before a single byte of the request left: repeating is always safe.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/** Checks `apiUrl` and returns it without a trailing `?` (csclient-style URLs end with one). */
export function parseApiUrl(apiUrl: string): URL {
  let url: URL;
  try {
    url = new URL(apiUrl.replace(/\?$/, ''));
  } catch {
    throw new CloudStackInputError(
      'apiUrl',
      'must be an absolute http(s) URL such as http://host:8080/client/api',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CloudStackInputError('apiUrl', `must use http or https, not ${url.protocol}`);
  }
  if (url.search !== '') {
    throw new CloudStackInputError(
      'apiUrl',
      'must not carry a query string (parameters go through the client)',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new CloudStackInputError(
      'apiUrl',
      'must not carry credentials; use apiKey/secretKey or username/password',
    );
  }
  return url;
}

const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' } as const;

/** Whether any variable axios reads a proxy from (via proxy-from-env) is set for this protocol. */
export function proxyInEnvironment(protocol: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const scheme = protocol.replace(/:$/, '').toLowerCase();
  // NODE_USE_ENV_PROXY: Node's own proxy support (Node 24+), which axios defers to unless proxy is false.
  return [`${scheme}_proxy`, 'all_proxy', 'node_use_env_proxy'].some((name) =>
    Boolean(env[name] || env[name.toUpperCase()]),
  );
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] };
  for (const candidate of [e?.code, e?.cause?.code, e?.errors?.[0]?.code]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return undefined;
}

/**
 * The whole body as UTF-8 text (a leading byte order mark dropped, as TextDecoder does) to `done`; `failed`
 * when the stream fails or closes before its end (the request was stopped, or the server went away
 * mid-answer). Callbacks rather than a promise: the exchange already has one to settle.
 */
function readText(stream: Readable, done: (text: string) => void, failed: (error: Error) => void): void {
  const chunks: Buffer[] = [];
  let ended = false;
  // `on`, not `once`: a stream emits each of these at most once, and once() wraps every listener.
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    ended = true;
    const body = Buffer.concat(chunks).toString('utf8');
    done(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
  });
  stream.on('error', failed);
  // 'close' follows every 'end' too: an Error (and its stack) only for a close that came first, not for
  // every answer (that was ~1% of a server's CPU per call).
  stream.on('close', () => {
    if (!ended) failed(new Error('the connection closed before the answer ended'));
  });
}

/**
 * A header's first value, from the raw list: `res.headers` builds an object of every header on first use,
 * which the usual answer (CloudStack's JSON, no cookie to keep) never needs.
 */
function rawHeader(res: http.IncomingMessage, name: string): string | undefined {
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length === name.length && key.toLowerCase() === name) return raw[i + 1];
  }
  return undefined;
}

/** An answer whose headers are read when asked (a session's cookies, a redirect's Location, an error's type). */
class NodeResponse implements HttpResponse {
  readonly status: number;
  constructor(
    private readonly res: http.IncomingMessage,
    readonly body: string,
  ) {
    this.status = res.statusCode ?? 0;
  }

  get headers(): Readonly<Record<string, unknown>> {
    return this.res.headers;
  }

  get contentType(): string | undefined {
    return rawHeader(this.res, 'content-type');
  }
}

/** The answer's body without its content coding (gzip, deflate, br), as axios gave it. */
function decoded(res: http.IncomingMessage): Readable {
  const coding = (rawHeader(res, 'content-encoding') ?? '').trim().toLowerCase();
  const decoder =
    coding === 'gzip' || coding === 'x-gzip'
      ? zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH })
      : coding === 'deflate'
        ? zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH })
        : coding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!decoder) return res;
  res.once('error', (error) => decoder.destroy(error));
  return res.pipe(decoder);
}

export class HttpTransport {
  readonly url: URL;
  /** Origin and path, safe to show. */
  readonly endpoint: string;
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;
  private readonly freshHttpAgent = new http.Agent({ keepAlive: false });
  private readonly freshHttpsAgent: https.Agent;
  private axios: Promise<AxiosInstance> | undefined;
  private readonly watch = new RequestWatch();
  private readonly headers: Readonly<Record<string, string>>;
  /** The URL's host as node:http takes it: an IPv6 address without its brackets. */
  private readonly hostname: string;
  /**
   * Whether a proxy may come from the environment. Axios looks for one (HTTP(S)_PROXY, ALL_PROXY,
   * NO_PROXY) on every request; with none of those variables set for our protocol there is nothing to
   * find, so requests go through node:http directly. With one set, axios resolves it as before.
   */
  readonly envProxy: boolean;

  constructor(apiUrl: string, options: TransportOptions = {}) {
    this.url = parseApiUrl(apiUrl);
    this.endpoint = `${this.url.origin}${this.url.pathname}`;
    this.hostname = this.url.hostname.replace(/^\[(.*)\]$/, '$1');
    const rejectUnauthorized = options.rejectUnauthorized ?? true;
    this.httpsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized });
    this.freshHttpsAgent = new https.Agent({ keepAlive: false, rejectUnauthorized });
    this.envProxy = proxyInEnvironment(this.url.protocol);
    this.headers = {
      Accept: 'application/json',
      'User-Agent': options.userAgent ?? 'cloudstack-mcp',
      // What axios asked for; the answer is decoded below.
      'Accept-Encoding': 'gzip, deflate, br',
    };
  }

  /** Axios, for requests through a proxy named in the environment (loaded on first use). */
  private proxied(): Promise<AxiosInstance> {
    this.axios ??= import('axios').then(({ default: axios }) =>
      axios.create({
        // Node's http(s) is the only adapter that can run here; naming it skips the per-request choice.
        adapter: 'http',
        validateStatus: () => true,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        // A redirect is reported, not followed: following it would carry the signed query elsewhere.
        maxRedirects: 0,
        headers: { Accept: this.headers.Accept, 'User-Agent': this.headers['User-Agent'] },
      }),
    );
    return this.axios;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    if (request.signal?.aborted) {
      throw new CloudStackAbortError({ command: request.command, reason: request.signal.reason });
    }
    // The timeout and the caller's signal stop the request: axios through an AbortController, node:http by
    // destroying it. Both are watched on the transport's one timer (request-watch.ts), not per request.
    const controller = this.envProxy ? new AbortController() : undefined;
    let stopRequest: (() => void) | undefined;
    let timedOut = false;
    const stop = () => {
      controller?.abort();
      stopRequest?.();
    };
    const watched = this.watch.watch(
      request.timeoutMs,
      request.signal,
      () => {
        timedOut = true;
        stop();
      },
      stop,
    );
    try {
      return controller
        ? await this.viaAxios(request, controller.signal)
        : await this.exchange(request, (stopper) => {
            stopRequest = stopper;
          });
    } catch (error) {
      if (timedOut) {
        throw new CloudStackTimeoutError({
          command: request.command,
          timeoutMs: request.timeoutMs,
          endpoint: this.endpoint,
        });
      }
      if (request.signal?.aborted) {
        throw new CloudStackAbortError({ command: request.command, reason: request.signal.reason });
      }
      throw this.connectionError(error, request);
    } finally {
      this.watch.unwatch(watched);
    }
  }

  /**
   * One request on node:http(s); a redirect is reported, not followed (it would carry the signed query).
   * `onStart` gets what stops it (destroys the request, and with it the answer being read).
   */
  private exchange(request: HttpRequest, onStart: (stop: () => void) => void): Promise<HttpResponse> {
    const isPost = request.method === 'POST';
    const https_ = this.url.protocol === 'https:';
    const agent = request.reuseConnection
      ? https_
        ? this.httpsAgent
        : this.httpAgent
      : https_
        ? this.freshHttpsAgent
        : this.freshHttpAgent;
    // The usual request (a GET without a session cookie) sends the shared headers as they are (node:http
    // copies them, never changes them).
    let headers = this.headers;
    if (isPost || request.cookie) {
      const own: Record<string, string> = { ...this.headers };
      if (isPost) {
        Object.assign(own, FORM_HEADERS);
        own['Content-Length'] = String(Buffer.byteLength(request.query));
      }
      if (request.cookie) own.Cookie = request.cookie;
      headers = own;
    }
    // Host, port and path given apart: a URL string would be parsed again on every request.
    const path = isPost ? this.url.pathname : `${this.url.pathname}?${request.query}`;
    return new Promise<HttpResponse>((resolve, reject) => {
      const req = (https_ ? https : http).request({
        hostname: this.hostname,
        port: this.url.port || undefined,
        path,
        method: request.method,
        headers,
        agent,
      });
      onStart(() => req.destroy(new Error('request stopped')));
      req.once('error', reject);
      req.once('response', (res) => {
        readText(decoded(res), (body) => resolve(new NodeResponse(res, body)), reject);
      });
      req.end(isPost ? request.query : undefined);
    });
  }

  /** The same request through axios, which resolves the proxy from the environment. */
  private async viaAxios(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    const isPost = request.method === 'POST';
    const response = await (await this.proxied()).request<string>({
      method: request.method,
      url: isPost ? this.endpoint : `${this.endpoint}?${request.query}`,
      data: isPost ? request.query : undefined,
      headers: request.cookie
        ? { ...(isPost ? FORM_HEADERS : {}), Cookie: request.cookie }
        : isPost
          ? FORM_HEADERS
          : undefined,
      signal,
      httpAgent: request.reuseConnection ? this.httpAgent : this.freshHttpAgent,
      httpsAgent: request.reuseConnection ? this.httpsAgent : this.freshHttpsAgent,
    });
    const contentType = response.headers['content-type'];
    return {
      status: response.status,
      headers: response.headers as Record<string, unknown>,
      body: typeof response.data === 'string' ? response.data : String(response.data ?? ''),
      contentType: typeof contentType === 'string' ? contentType : undefined,
    };
  }

  private connectionError(error: unknown, request: HttpRequest): CloudStackConnectionError {
    const code = errorCode(error);
    const notSent = code !== undefined && (NOT_SENT_CODES.has(code) || TLS_CODE.test(code));
    const raw = error instanceof Error && error.message ? error.message : (code ?? 'connection failed');
    const detail = redactText(raw, request.secrets);
    const cause = new Error(detail);
    if (code) Object.assign(cause, { code });
    return new CloudStackConnectionError({
      command: request.command,
      code,
      endpoint: this.endpoint,
      requestSent: !notSent,
      detail,
      cause,
    });
  }

  close(): void {
    this.watch.clear();
    for (const agent of [this.httpAgent, this.httpsAgent, this.freshHttpAgent, this.freshHttpsAgent]) {
      agent.destroy();
    }
  }
}
