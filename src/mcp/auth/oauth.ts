// The OAuth mode (--auth cloudstack): this server is an OAuth 2.1 protected resource (MCP authorization,
// 2025-06-18 / 2025-11-25) with its own authorization server whose sign-in is CloudStack's `login`.
// - discovery: RFC 9728 protected resource metadata (also at the /mcp-suffixed path), RFC 8414
//   authorization server metadata; a 401 on /mcp names the metadata in WWW-Authenticate;
// - clients: RFC 7591 registration of public clients; the client id is itself sealed (it holds the
//   redirect URIs), so nothing is stored; exact redirect URI matching, except that a loopback http
//   redirect URI matches on any port (RFC 8252 §7.3);
// - codes with PKCE S256 only, bound to client, redirect URI and resource (RFC 8707); single use in this
//   process (UsedIds); short-lived access tokens and rotating refresh tokens, all sealed (seal.ts) and
//   carrying the person's CloudStack keys.
// Nothing secret is logged: log lines name the CloudStack user and the client, never a token or key.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudStackApiError, isCredentialsRejected } from '../../cloudstack/errors.js';
import type { Logger } from '../logger.js';
import { isLoopbackName } from '../transports/hosts.js';
import { ClientMetadataDocuments, isMetadataUrl, type MetadataFetch } from './client-metadata.js';
import { errorPage, pageHeaders, signInPage } from './page.js';
import { type Person, personLabel, personSubject, type SignInResult } from './person.js';
import { Sealer, UsedIds } from './seal.js';

export const ACCESS_TOKEN_SECONDS = 10 * 60;
export const REFRESH_TOKEN_SECONDS = 7 * 24 * 3600;
const CODE_SECONDS = 60;
const REQUEST_SECONDS = 15 * 60;
/** How long a person's keys count as checked with CloudStack before they are checked again. */
const CHECK_SECONDS = 60;
const MAX_FORM_BYTES = 64 * 1024;

/** An authenticated /mcp request's person, as http.ts passes it to createMcpServer. */
export interface OAuthPrincipal {
  subject: string;
  label: string;
  person: Person;
}

export type Authenticated =
  | { ok: true; principal: OAuthPrincipal }
  | { ok: false; status: number; message: string; headers: Record<string, string> };

interface ClientPayload {
  exp?: number;
  r: string[];
  n: string;
}
interface RequestPayload {
  exp: number;
  c: string;
  r: string;
  s?: string;
  cc: string;
  aud: string;
  sc?: string;
}
interface CodePayload {
  exp: number;
  j: string;
  c: string;
  r: string;
  cc: string;
  aud: string;
  sc?: string;
  p: Person;
}
interface AccessPayload {
  exp: number;
  c: string;
  aud: string;
  p: Person;
}
interface RefreshPayload extends AccessPayload {
  j: string;
  sc?: string;
}

export interface OAuthOptions {
  /** MCP_TOKEN_KEY. */
  tokenKey: string;
  /** The public base URL (issuer), e.g. https://mcp.example.com; default http://<Host of the request>. */
  publicUrl?: string | undefined;
  /** CloudStack login + keys (person.ts signIn, bound to the API URL). */
  signIn: (form: { username: string; password: string; domain: string }) => Promise<SignInResult>;
  /** Checks that CloudStack still takes the person's keys: resolves, or rejects with CloudStack's error. */
  checkPerson: (person: Person) => Promise<void>;
  logger: Logger;
  now?: () => number;
  /** How client metadata documents are fetched (tests); default: https from public addresses only. */
  fetchClientMetadata?: MetadataFetch;
}

/** What the sealed token issued at `exp` names, for a refused token's log line (never the token). */
function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** RFC 7636: 43 to 128 characters of [A-Za-z0-9-._~]. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** A redirect URI a public client may register: https, http on loopback, or a private-use scheme (RFC 8252 §7.1). */
function acceptableRedirect(uri: unknown): uri is string {
  if (typeof uri !== 'string' || uri.length > 2000) return false;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash !== '' || uri.includes('#')) return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol === 'http:') return isLoopbackName(url.hostname.replace(/^\[|\]$/g, ''));
  // Private-use schemes are reverse domain names (com.example.app:/cb); never javascript:, data:, file:.
  return /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol);
}

/** RFC 8252 §7.3: a loopback http redirect URI matches a registered one on any port; everything else exactly. */
function redirectMatches(registered: readonly string[], given: string): boolean {
  if (registered.includes(given)) return true;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || !isLoopbackName(url.hostname.replace(/^\[|\]$/g, ''))) return false;
  return registered.some((entry) => {
    const known = new URL(entry);
    if (known.protocol !== 'http:' || known.hostname !== url.hostname) return false;
    known.port = url.port;
    return known.href === url.href;
  });
}

/** The body as text, or undefined when it is over MAX_FORM_BYTES or the request fails. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.once('end', () =>
      resolve(size > MAX_FORM_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    req.once('error', () => resolve(undefined));
  });
}

/** The parsed JSON body; undefined when it is too large, fails, or is not JSON. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A form body, or a JSON object's string members as one; undefined when it cannot be read. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    const text = await readBody(req);
    return text === undefined ? undefined : new URLSearchParams(text);
  }
  const json = await readJson(req);
  if (json === undefined || json === null) return undefined;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(json as object))
    if (typeof value === 'string') params.set(key, value);
  return params;
}

const CORS = { 'access-control-allow-origin': '*' };

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...CORS,
    ...headers,
  });
  res.end(text);
}

function html(res: ServerResponse, status: number, body: string, redirect?: string): void {
  res.writeHead(status, { ...pageHeaders(redirect), 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  json(res, status, { error, error_description: description });
}

export class OAuthServer {
  private readonly sealer: Sealer;
  private readonly usedCodes = new UsedIds();
  private readonly usedRefresh = new UsedIds();
  /** Person key → until when (seconds) CloudStack counts as having accepted it, or that it refused it. */
  private readonly checked = new Map<string, { until: number; ok: boolean }>();
  private readonly logger: Logger;
  private readonly documents: ClientMetadataDocuments;

  constructor(private readonly options: OAuthOptions) {
    this.sealer = new Sealer(options.tokenKey, options.now);
    this.logger = options.logger;
    this.documents = new ClientMetadataDocuments(
      acceptableRedirect,
      options.fetchClientMetadata,
      options.now,
    );
  }

  /** The issuer: the configured public URL, or http://<Host> of this request (the Host guard passed it). */
  base(req: IncomingMessage): string {
    if (this.options.publicUrl) return this.options.publicUrl.replace(/\/+$/, '');
    return `http://${req.headers.host ?? 'localhost'}`;
  }

  resource(req: IncomingMessage): string {
    return `${this.base(req)}/mcp`;
  }

  private resourceMetadataUrl(req: IncomingMessage): string {
    return `${this.base(req)}/.well-known/oauth-protected-resource/mcp`;
  }

  /** True for the paths this answers (discovery and /oauth/*). */
  owns(pathname: string): boolean {
    return pathname.startsWith('/.well-known/oauth-') || pathname.startsWith('/oauth/');
  }

  /** Answers a request for one of the paths it owns. Never throws. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      await this.route(req, res, url);
    } catch (error) {
      this.logger.error('OAuth request failed', {
        path: url.pathname,
        error: error instanceof Error ? error.message : String(error),
      });
      if (!res.headersSent) oauthError(res, 500, 'server_error', 'internal error');
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS,
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'content-type, authorization, mcp-protocol-version',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (
      path === '/.well-known/oauth-protected-resource' ||
      path === '/.well-known/oauth-protected-resource/mcp'
    ) {
      if (req.method !== 'GET') return json(res, 405, { error: 'method not allowed' }, { allow: 'GET' });
      return json(res, 200, {
        resource: this.resource(req),
        authorization_servers: [this.base(req)],
        bearer_methods_supported: ['header'],
        resource_name: 'CloudStack MCP server',
      });
    }
    if (path === '/.well-known/oauth-authorization-server') {
      if (req.method !== 'GET') return json(res, 405, { error: 'method not allowed' }, { allow: 'GET' });
      const base = this.base(req);
      return json(res, 200, {
        issuer: base,
        authorization_endpoint: `${base}/oauth/authorize`,
        token_endpoint: `${base}/oauth/token`,
        registration_endpoint: `${base}/oauth/register`,
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        authorization_response_iss_parameter_supported: true,
        client_id_metadata_document_supported: true,
      });
    }
    if (path === '/oauth/register' && req.method === 'POST') return this.register(req, res);
    if (path === '/oauth/authorize' && req.method === 'GET')
      return this.authorizePage(req, res, url.searchParams);
    if (path === '/oauth/authorize' && req.method === 'POST') return this.authorizePost(req, res);
    if (path === '/oauth/token' && req.method === 'POST') return this.token(req, res);
    json(res, 404, { error: 'not_found', error_description: `no OAuth endpoint ${req.method} ${path}` });
  }

  private async register(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readJson(req)) as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return oauthError(res, 400, 'invalid_client_metadata', 'the body must be a JSON object');
    }
    const uris = body.redirect_uris;
    if (!Array.isArray(uris) || uris.length === 0 || uris.length > 10) {
      return oauthError(res, 400, 'invalid_redirect_uri', 'redirect_uris must list 1 to 10 URIs');
    }
    const bad = uris.find((uri) => !acceptableRedirect(uri));
    if (bad !== undefined) {
      return oauthError(
        res,
        400,
        'invalid_redirect_uri',
        'each redirect URI must be https, http on a loopback address, or a private-use scheme, without a fragment',
      );
    }
    const method = body.token_endpoint_auth_method ?? 'none';
    if (method !== 'none') {
      return oauthError(
        res,
        400,
        'invalid_client_metadata',
        'only public clients: token_endpoint_auth_method "none"',
      );
    }
    const grants = body.grant_types ?? ['authorization_code', 'refresh_token'];
    if (!Array.isArray(grants) || grants.some((g) => g !== 'authorization_code' && g !== 'refresh_token')) {
      return oauthError(
        res,
        400,
        'invalid_client_metadata',
        'grant_types: authorization_code and refresh_token only',
      );
    }
    const name =
      typeof body.client_name === 'string' && body.client_name.trim()
        ? body.client_name.trim().slice(0, 100)
        : 'An MCP client';
    const clientId = this.sealer.seal<ClientPayload>('client', { r: uris as string[], n: name });
    this.logger.info('OAuth client registered', { client: name });
    json(res, 201, {
      client_id: clientId,
      client_id_issued_at: this.sealer.seconds(),
      client_name: name,
      redirect_uris: uris,
      token_endpoint_auth_method: 'none',
      grant_types: grants,
      response_types: ['code'],
    });
  }

  /** A registered client (its id sealed by this server), or one named by its metadata document's URL. */
  private async client(clientId: unknown): Promise<ClientPayload | undefined> {
    if (isMetadataUrl(clientId)) return this.documents.get(clientId);
    const opened = this.sealer.open<ClientPayload>('client', clientId);
    return opened.ok ? opened.payload : undefined;
  }

  private async authorizePage(
    req: IncomingMessage,
    res: ServerResponse,
    query: URLSearchParams,
  ): Promise<void> {
    const clientId = query.get('client_id');
    const client = await this.client(clientId);
    if (!client)
      return html(
        res,
        400,
        errorPage('Unknown client: register it first (client_id is not one this server issued).'),
      );
    const redirect = query.get('redirect_uri') ?? (client.r.length === 1 ? client.r[0] : undefined);
    if (!redirect || !redirectMatches(client.r, redirect)) {
      return html(res, 400, errorPage('The redirect URI is not one the client registered.'));
    }
    const state = query.get('state') ?? undefined;
    const back = (error: string, description: string) =>
      this.redirect(req, res, redirect, { error, error_description: description, state });
    if (query.get('response_type') !== 'code')
      return back('unsupported_response_type', 'response_type must be code');
    const challenge = query.get('code_challenge');
    if (!challenge || !CHALLENGE.test(challenge))
      return back('invalid_request', 'code_challenge (PKCE, S256) is required');
    if (query.get('code_challenge_method') !== 'S256')
      return back('invalid_request', 'code_challenge_method must be S256');
    const resource = query.get('resource') ?? this.resource(req);
    if (resource !== this.resource(req))
      return back('invalid_target', `resource must be ${this.resource(req)}`);
    const scope = query.get('scope') ?? undefined;
    const request = this.sealer.seal('request', {
      exp: this.sealer.seconds() + REQUEST_SECONDS,
      c: clientId as string,
      r: redirect,
      cc: challenge,
      aud: resource,
      ...(state !== undefined ? { s: state } : {}),
      ...(scope !== undefined ? { sc: scope } : {}),
    } satisfies RequestPayload);
    html(
      res,
      200,
      signInPage({ request, clientName: client.n, redirectHost: new URL(redirect).host || redirect }),
      redirect,
    );
  }

  private redirect(
    req: IncomingMessage,
    res: ServerResponse,
    to: string,
    params: Record<string, string | undefined>,
  ): void {
    const url = new URL(to);
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) url.searchParams.set(key, value);
    url.searchParams.set('iss', this.base(req));
    res.writeHead(303, { location: url.href, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end();
  }

  private async authorizePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const opened = this.sealer.open<RequestPayload>('request', form?.get('request'));
    if (!form || !opened.ok) {
      const why =
        opened.ok || opened.reason !== 'expired'
          ? 'The sign-in form is not one this server made.'
          : 'The sign-in form expired.';
      return html(res, 400, errorPage(`${why} Start the connection again from your MCP client.`));
    }
    const request = opened.payload;
    const client = await this.client(request.c);
    if (!client) return html(res, 400, errorPage('Unknown client.'));
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    const domain = (form.get('domain') ?? '').trim() || '/';
    const again = (error: string, status = 200) =>
      html(
        res,
        status,
        signInPage({
          request: form.get('request') as string,
          clientName: client.n,
          redirectHost: new URL(request.r).host || request.r,
          username,
          domain: domain === '/' ? '' : domain,
          error,
        }),
        request.r,
      );
    if (!username || !password) return again('Enter your CloudStack user name and password.');
    const result = await this.options.signIn({ username, password, domain });
    if (!result.ok) {
      // Not the typed user name: a password typed into that field would reach the log (CloudStack logs
      // its own failed logins, with the account it found).
      this.logger.info('OAuth sign-in refused', {
        reason: result.reason,
        client: client.n,
      });
      return again(result.message);
    }
    const code = this.sealer.seal('code', {
      exp: this.sealer.seconds() + CODE_SECONDS,
      j: randomBytes(16).toString('base64url'),
      c: request.c,
      r: request.r,
      cc: request.cc,
      aud: request.aud,
      p: result.person,
      ...(request.sc !== undefined ? { sc: request.sc } : {}),
    } satisfies CodePayload);
    this.logger.info('OAuth sign-in', {
      user: personLabel(result.person),
      client: client.n,
      ...(result.created ? { keys: 'registered (the user had none)' } : {}),
    });
    this.redirect(req, res, request.r, { code, state: request.s });
  }

  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    if (!form)
      return oauthError(
        res,
        400,
        'invalid_request',
        'the body must be a form (application/x-www-form-urlencoded)',
      );
    const clientId = form.get('client_id');
    if (!(await this.client(clientId))) return oauthError(res, 401, 'invalid_client', 'unknown client_id');
    const resource = form.get('resource');
    const grant = form.get('grant_type');
    const now = this.sealer.seconds();
    if (grant === 'authorization_code') {
      const opened = this.sealer.open<CodePayload>('code', form.get('code'));
      if (!opened.ok)
        return oauthError(
          res,
          400,
          'invalid_grant',
          `the code is ${opened.reason === 'expired' ? 'expired' : 'not valid'}`,
        );
      const code = opened.payload;
      if (code.c !== clientId)
        return oauthError(res, 400, 'invalid_grant', 'the code was issued to another client');
      if (form.get('redirect_uri') !== null && form.get('redirect_uri') !== code.r) {
        return oauthError(res, 400, 'invalid_grant', 'redirect_uri differs from the authorization request');
      }
      const verifier = form.get('code_verifier');
      if (!verifier || !VERIFIER.test(verifier))
        return oauthError(res, 400, 'invalid_request', 'code_verifier is required (PKCE)');
      if (s256(verifier) !== code.cc)
        return oauthError(res, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');
      if (resource !== null && resource !== code.aud)
        return oauthError(res, 400, 'invalid_target', 'resource differs from the authorization request');
      if (!this.usedCodes.claim(code.j, code.exp, now)) {
        this.logger.warn('OAuth code used twice: refused', { user: personLabel(code.p) });
        return oauthError(res, 400, 'invalid_grant', 'the code was already used');
      }
      return this.issue(res, code.p, clientId as string, code.aud, code.sc);
    }
    if (grant === 'refresh_token') {
      const opened = this.sealer.open<RefreshPayload>('refresh', form.get('refresh_token'));
      if (!opened.ok)
        return oauthError(
          res,
          400,
          'invalid_grant',
          `the refresh token is ${opened.reason === 'expired' ? 'expired' : 'not valid'}`,
        );
      const refresh = opened.payload;
      if (refresh.c !== clientId)
        return oauthError(res, 400, 'invalid_grant', 'the refresh token was issued to another client');
      if (resource !== null && resource !== refresh.aud)
        return oauthError(res, 400, 'invalid_target', "resource differs from the refresh token's");
      if (!this.usedRefresh.claim(refresh.j, refresh.exp, now)) {
        this.logger.warn('OAuth refresh token used after rotation: refused', {
          user: personLabel(refresh.p),
        });
        return oauthError(res, 400, 'invalid_grant', 'the refresh token was already used (they rotate)');
      }
      // The person may have been disabled since: refuse a refresh CloudStack would refuse.
      if (!(await this.personAccepted(refresh.p))) {
        return oauthError(res, 400, 'invalid_grant', "CloudStack no longer accepts this user's keys");
      }
      return this.issue(res, refresh.p, clientId as string, refresh.aud, refresh.sc);
    }
    oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  private issue(
    res: ServerResponse,
    person: Person,
    clientId: string,
    audience: string,
    scope?: string,
  ): void {
    const now = this.sealer.seconds();
    const access = this.sealer.seal('access', {
      exp: now + ACCESS_TOKEN_SECONDS,
      c: clientId,
      aud: audience,
      p: person,
    } satisfies AccessPayload);
    const refresh = this.sealer.seal('refresh', {
      exp: now + REFRESH_TOKEN_SECONDS,
      c: clientId,
      aud: audience,
      p: person,
      j: randomBytes(16).toString('base64url'),
      ...(scope !== undefined ? { sc: scope } : {}),
    } satisfies RefreshPayload);
    json(res, 200, {
      access_token: access,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      refresh_token: refresh,
      ...(scope !== undefined ? { scope } : {}),
    });
  }

  /**
   * CloudStack refused one of the person's calls (401, 531): forget that their keys were checked, so their
   * next request asks CloudStack again and a disabled or removed user is refused at once, not after
   * CHECK_SECONDS. A refusal for another reason (an API their role lacks) only costs that one check.
   */
  recheck(person: Person): void {
    this.checked.delete(`${person.u}/${person.k}`);
  }

  /** Whether CloudStack takes the person's keys, checked at most once a CHECK_SECONDS per person. Unreachable counts as yes (calls then fail on their own). */
  private async personAccepted(person: Person): Promise<boolean> {
    const key = `${person.u}/${person.k}`;
    const now = this.sealer.seconds();
    const known = this.checked.get(key);
    if (known && known.until > now) return known.ok;
    let ok = true;
    try {
      await this.options.checkPerson(person);
    } catch (error) {
      // 401: keys unknown or wrong; 531 (ACCOUNT_ERROR): the account or user is disabled or locked.
      ok = !(
        isCredentialsRejected(error) ||
        (error instanceof CloudStackApiError && error.httpStatus === 531)
      );
    }
    if (this.checked.size > 10_000) this.checked.clear();
    this.checked.set(key, { until: now + CHECK_SECONDS, ok });
    return ok;
  }

  /** The person a /mcp request is made by, or the 401 to answer. */
  async authenticate(req: IncomingMessage): Promise<Authenticated> {
    const metadata = `resource_metadata="${this.resourceMetadataUrl(req)}"`;
    const token = bearerOf(req);
    if (!token) {
      return {
        ok: false,
        status: 401,
        message: 'Unauthorized: sign in (OAuth; see WWW-Authenticate)',
        headers: { 'www-authenticate': `Bearer ${metadata}` },
      };
    }
    const refuse = (description: string): Authenticated => ({
      ok: false,
      status: 401,
      message: `Unauthorized: ${description}`,
      headers: {
        'www-authenticate': `Bearer error="invalid_token", error_description="${description}", ${metadata}`,
      },
    });
    const opened = this.sealer.open<AccessPayload>('access', token);
    if (!opened.ok)
      return refuse(
        opened.reason === 'expired' ? 'the access token expired' : 'the access token is not valid',
      );
    const access = opened.payload;
    if (access.aud !== this.resource(req)) return refuse('the access token is for another resource');
    if (!(await this.personAccepted(access.p))) {
      this.logger.info('CloudStack refuses the keys of a signed-in user', { user: personLabel(access.p) });
      return refuse('CloudStack no longer accepts this user (disabled, removed, or keys changed)');
    }
    return {
      ok: true,
      principal: { subject: personSubject(access.p), label: personLabel(access.p), person: access.p },
    };
  }
}
