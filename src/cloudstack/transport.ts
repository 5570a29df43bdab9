// The HTTP exchange, on axios with keep-alive agents. It knows nothing about signing or sessions: it sends
// a finished query string (GET) or form body (POST) and hands back status, headers and text, or throws
// CloudStackConnectionError / CloudStackTimeoutError / CloudStackAbortError. Every axios error is replaced
// by one of those (axios errors embed the request config, signed URL and body included).
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import {
  CloudStackAbortError,
  CloudStackConnectionError,
  CloudStackInputError,
  CloudStackTimeoutError,
} from './errors.js';
import { redactText } from './redact.js';

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

export class HttpTransport {
  readonly url: URL;
  /** Origin and path, safe to show. */
  readonly endpoint: string;
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;
  private readonly freshHttpAgent = new http.Agent({ keepAlive: false });
  private readonly freshHttpsAgent: https.Agent;
  private readonly axios: AxiosInstance;
  /**
   * Whether a proxy may come from the environment. Axios looks for one (HTTP(S)_PROXY, ALL_PROXY,
   * NO_PROXY) on every request; with none of those variables set for our protocol there is nothing to
   * find, so we say `proxy: false` once instead. With one set, axios keeps resolving it as before.
   */
  readonly envProxy: boolean;

  constructor(apiUrl: string, options: TransportOptions = {}) {
    this.url = parseApiUrl(apiUrl);
    this.endpoint = `${this.url.origin}${this.url.pathname}`;
    const rejectUnauthorized = options.rejectUnauthorized ?? true;
    this.httpsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized });
    this.freshHttpsAgent = new https.Agent({ keepAlive: false, rejectUnauthorized });
    this.envProxy = proxyInEnvironment(this.url.protocol);
    this.axios = axios.create({
      // Node's http(s) is the only adapter that can run here; naming it skips the per-request choice.
      adapter: 'http',
      ...(this.envProxy ? {} : { proxy: false as const }),
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // A redirect is reported, not followed: following it would carry the signed query elsewhere.
      maxRedirects: 0,
      headers: {
        Accept: 'application/json',
        'User-Agent': options.userAgent ?? 'cloudstack-mcp',
      },
    });
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    if (request.signal?.aborted) {
      throw new CloudStackAbortError({ command: request.command, reason: request.signal.reason });
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    const onAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const isPost = request.method === 'POST';
    try {
      const response = await this.axios.request<string>({
        method: request.method,
        url: isPost ? this.endpoint : `${this.endpoint}?${request.query}`,
        data: isPost ? request.query : undefined,
        headers: request.cookie
          ? { ...(isPost ? FORM_HEADERS : {}), Cookie: request.cookie }
          : isPost
            ? FORM_HEADERS
            : undefined,
        signal: controller.signal,
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
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
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
    for (const agent of [this.httpAgent, this.httpsAgent, this.freshHttpAgent, this.freshHttpsAgent]) {
      agent.destroy();
    }
  }
}
