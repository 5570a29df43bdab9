// The CloudStack API client: API-key signing or username/password sessions, parameter encoding, GET or
// POST, response unwrapping, typed errors, retries where safe, async jobs and paging.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { encodeParams, formatCloudStackDate, needsPost } from './encode.js';
import {
  CloudStackApiError,
  CloudStackError,
  CloudStackInputError,
  CloudStackResponseFormatError,
} from './errors.js';
import { identityByApiKey, identityFromLogin } from './identity.js';
import { JobWatcher, type ListedJobs } from './job-watcher.js';
import { DEFAULT_PAGE_CONCURRENCY, DEFAULT_PAGE_SIZE, fetchAllPages } from './paging.js';
import { DEFAULT_POLL_RETRY, DEFAULT_POLL_SCHEDULE, type PollSchedule, pollJob } from './poll.js';
import { isSensitiveKey, redactText } from './redact.js';
import { parseCloudStackResponse } from './response.js';
import { DEFAULT_RETRY, isReadCommand, type RetryPolicy, withRetry } from './retry.js';
import { type LoginInfo, Session } from './session.js';
import { signedQueryString, toQueryString } from './sign.js';
import { HttpTransport } from './transport.js';
import type {
  ApiParams,
  AsyncJobResult,
  CallerIdentity,
  CallOptions,
  CloudStackCaller,
  ListAllOptions,
  ListAllResult,
  WaitOptions,
} from './types.js';
import { pickKeys, readUserKeys } from './user-keys.js';

/** Structured log events. They never carry parameter values, keys, passwords or session keys. */
export type ClientEvent =
  | {
      type: 'request';
      command: string;
      method: 'GET' | 'POST';
      attempt: number;
      auth: 'apikey' | 'session';
      /** Parameter names only, never values. */
      params: string[];
    }
  | { type: 'response'; command: string; status: number; attempt: number; durationMs: number }
  | { type: 'error'; command: string; attempt: number; durationMs: number; error: string; message: string }
  | { type: 'retry'; command: string; attempt: number; delayMs: number; error: string; message: string }
  | { type: 'login'; username: string; domain: string; userId: string | undefined }
  | { type: 'relogin'; command: string }
  | { type: 'logout'; ok: boolean; message?: string }
  | {
      type: 'job-poll';
      jobId: string;
      polls: number;
      status: number;
      procStatus?: number;
      elapsedMs: number;
    };

export interface ClientOptions {
  /** CloudStack's API endpoint, e.g. http://localhost:8080/client/api. */
  apiUrl: string;
  apiKey?: string;
  secretKey?: string;
  /** Username/password mode (used when no API key and secret key are given). */
  username?: string;
  password?: string;
  /** The user's domain path for login (default '/'). */
  domain?: string;
  /** The user's domain id for login, instead of the path. */
  domainId?: string;
  /** Per-request timeout (default 60 000 ms; CLOUDSTACK_TIMEOUT is in seconds). */
  timeoutMs?: number;
  /** Total wait for an async job (default 30 min, like CloudMonkey's default timeout). */
  jobTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  pollSchedule?: Partial<PollSchedule>;
  /** Retries of a failed job-status poll, on top of `retry` (default DEFAULT_POLL_RETRY: 4 attempts, 1-4 s). */
  pollRetry?: Partial<RetryPolicy>;
  /** Pages in flight in listAll (default 4). */
  pageConcurrency?: number;
  /** listAll's page size (default 500, CloudStack's default.page.size). */
  pageSize?: number;
  logger?: (event: ClientEvent) => void;
  /** 3 (default): `signatureversion=3` with `expires`. 1: the legacy unversioned signature, no expiry. */
  signatureVersion?: 1 | 3;
  /** How far ahead `expires` lies (default 5 min). */
  signatureExpiresMs?: number;
  /** Longer GET URLs go by POST form (default 2048). */
  maxUrlLength?: number;
  /** Verify the server's TLS certificate (default true). */
  rejectUnauthorized?: boolean;
  userAgent?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_JOB_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_EXPIRES_MS = 5 * 60_000;
const DEFAULT_MAX_URL_LENGTH = 2048;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new CloudStackInputError(name, `must be a positive number, got ${String(value)}`);
  }
  return value;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const n = positive(name, value, fallback);
  if (!Number.isInteger(n)) throw new CloudStackInputError(name, `must be a whole number, got ${n}`);
  return n;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function checkCommand(command: unknown): asserts command is string {
  if (typeof command !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(command)) {
    throw new CloudStackInputError(
      'command',
      `must be an API name such as listZones, got ${JSON.stringify(command)}`,
    );
  }
}

/** One API call as the caller made it. */
interface Call {
  command: string;
  /** The caller's encoded parameters (they decide GET/POST; their names go to the log). */
  userParams: Record<string, string>;
  options: CallOptions;
  /** Safe to repeat: may be retried after reaching the server, and may ride a pooled connection. */
  idempotent: boolean;
}

export class CloudStackClient implements CloudStackCaller {
  readonly authMode: 'apikey' | 'session';
  /** The API endpoint (origin and path). */
  readonly endpoint: string;
  private readonly options: ClientOptions;
  private readonly transport: HttpTransport;
  private readonly session: Session | undefined;
  private readonly timeoutMs: number;
  private readonly jobTimeoutMs: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly pollSchedule: PollSchedule;
  private readonly pollRetry: RetryPolicy;
  private readonly pageConcurrency: number;
  private readonly pageSize: number;
  private readonly maxUrlLength: number;
  private ownSecrets: readonly string[] | undefined;
  private loginInFlight: Promise<LoginInfo> | undefined;
  private identityFound: Promise<CallerIdentity> | undefined;
  private closed = false;
  /** The secret key as a KeyObject, made once: HMAC then skips converting the string on every request. */
  private signingKey: KeyObject | undefined;
  /** The last `expires` written, and the second it names: requests within a second share the text. */
  private expires: { second: number; text: string } | undefined;
  /** Jobs waited for at once share their status polls (job-watcher.ts). */
  private readonly jobWatcher = new JobWatcher({
    list: (page, pagesize) => this.request<ListedJobs>('listAsyncJobs', { page, pagesize }),
  });

  constructor(options: ClientOptions) {
    this.options = { ...options };
    const apiKey = nonEmpty(options.apiKey);
    const secretKey = nonEmpty(options.secretKey);
    if (apiKey && secretKey) {
      this.authMode = 'apikey';
    } else if (apiKey || secretKey) {
      throw new CloudStackInputError(
        apiKey ? 'secretKey' : 'apiKey',
        'is required when the other key is given',
      );
    } else if (nonEmpty(options.username) && nonEmpty(options.password)) {
      this.authMode = 'session';
      this.session = new Session();
    } else if (nonEmpty(options.username) || nonEmpty(options.password)) {
      throw new CloudStackInputError(
        options.username ? 'password' : 'username',
        'is required for session login',
      );
    } else {
      throw new CloudStackInputError(
        'apiKey',
        'is missing: give apiKey and secretKey, or username and password (CLOUDSTACK_API_KEY/CLOUDSTACK_SECRET_KEY or CLOUDSTACK_USERNAME/CLOUDSTACK_PASSWORD)',
      );
    }
    if (
      options.signatureVersion !== undefined &&
      options.signatureVersion !== 1 &&
      options.signatureVersion !== 3
    ) {
      throw new CloudStackInputError(
        'signatureVersion',
        'must be 3 (or 1 for the legacy unversioned signature)',
      );
    }
    this.transport = new HttpTransport(options.apiUrl, {
      rejectUnauthorized: options.rejectUnauthorized,
      userAgent: options.userAgent,
    });
    this.endpoint = this.transport.endpoint;
    this.timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.jobTimeoutMs = positive('jobTimeoutMs', options.jobTimeoutMs, DEFAULT_JOB_TIMEOUT_MS);
    this.retryPolicy = { ...DEFAULT_RETRY, ...options.retry };
    this.pollSchedule = { ...DEFAULT_POLL_SCHEDULE, ...options.pollSchedule };
    this.pollRetry = { ...DEFAULT_POLL_RETRY, ...options.pollRetry };
    this.pageConcurrency = positiveInteger(
      'pageConcurrency',
      options.pageConcurrency,
      DEFAULT_PAGE_CONCURRENCY,
    );
    this.pageSize = positiveInteger('pageSize', options.pageSize, DEFAULT_PAGE_SIZE);
    this.maxUrlLength = positive('maxUrlLength', options.maxUrlLength, DEFAULT_MAX_URL_LENGTH);
  }

  async request<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options: CallOptions = {},
  ): Promise<T> {
    checkCommand(command);
    this.ensureOpen(command);
    const call: Call = {
      command,
      userParams: encodeParams(params, command),
      options,
      idempotent: options.idempotent ?? isReadCommand(command),
    };
    const result = await withRetry((attempt) => this.attempt(call, attempt), {
      policy: this.retryPolicy,
      idempotent: call.idempotent,
      // A failed login inside the call had its own (stricter) policy already.
      retryableHere: (error) => !(error instanceof CloudStackError) || error.command === command,
      signal: options.signal,
      command,
      onRetry: ({ attempt, delayMs, error }) =>
        this.emit({ type: 'retry', command, attempt, delayMs, ...this.describe(error) }),
    });
    return result as T;
  }

  /**
   * Starts an async command and waits for its job. `timeoutMs` here bounds the whole call (request and
   * wait); each HTTP request is still bounded by the client's `timeoutMs`.
   */
  async requestAsync<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options: CallOptions & WaitOptions = {},
  ): Promise<T> {
    const begun = Date.now();
    const total = options.timeoutMs === undefined ? undefined : positive('timeoutMs', options.timeoutMs, 1);
    const started = await this.request(command, params, {
      ...options,
      timeoutMs: total === undefined ? undefined : Math.min(total, this.timeoutMs),
    });
    const jobId = started.jobid;
    // A command that finished synchronously has no job to wait for.
    if (typeof jobId !== 'string' || jobId === '') return started as T;
    const remaining = total === undefined ? undefined : Math.max(1, total - (Date.now() - begun));
    const job = await this.waitFor<T>(jobId, { ...options, timeoutMs: remaining }, command);
    return (job.jobresult ?? {}) as T;
  }

  waitForJob<T = unknown>(jobId: string, options: WaitOptions = {}): Promise<AsyncJobResult<T>> {
    return this.waitFor<T>(jobId, options, options.command);
  }

  async listAll<T = Record<string, unknown>>(
    command: string,
    params: ApiParams = {},
    options: ListAllOptions = {},
  ): Promise<ListAllResult<T>> {
    checkCommand(command);
    const { page: _page, pagesize, ...rest } = params;
    const pageSize = positiveInteger(
      'pageSize',
      options.pageSize ?? (typeof pagesize === 'number' ? pagesize : undefined),
      this.pageSize,
    );
    const concurrency = positiveInteger('concurrency', options.concurrency, this.pageConcurrency);
    if (options.maxItems !== undefined) positive('maxItems', options.maxItems, 1);
    const { pageSize: _p, concurrency: _c, maxItems: _m, ...callOptions } = options;
    return fetchAllPages<T>(
      (page) => this.request(command, { ...rest, page, pagesize: pageSize }, callOptions),
      { pageSize, concurrency, maxItems: options.maxItems },
    );
  }

  /**
   * Session mode: logs in now (otherwise the first request does) and tells who the user is.
   * API-key mode: nothing to do, resolves to undefined.
   */
  async login(): Promise<LoginInfo | undefined> {
    this.ensureOpen('login');
    if (!this.session) return undefined;
    // Concurrent callers (several requests meeting an expired session) share one login.
    this.loginInFlight ??= this.doLogin().finally(() => {
      this.loginInFlight = undefined;
    });
    return this.loginInFlight;
  }

  /** The user this client acts as (identity.ts), asked of CloudStack once; a failure is not kept. */
  identity(): Promise<CallerIdentity> {
    this.identityFound ??= (
      this.authMode === 'apikey'
        ? identityByApiKey(this, this.options.apiKey as string)
        : this.login().then((info) => identityFromLogin(this, info as LoginInfo))
    ).catch((error: unknown) => {
      this.identityFound = undefined;
      throw error;
    });
    return this.identityFound;
  }

  /** Logs out a session (best effort) and releases the connections. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      const key = this.session?.sessionKey;
      if (this.session && key) {
        try {
          await this.exchange(
            {
              command: 'logout',
              userParams: {},
              options: { timeoutMs: Math.min(this.timeoutMs, 10_000) },
              idempotent: true,
            },
            toQueryString({ command: 'logout', response: 'json', sessionkey: key }),
            1,
          );
          this.emit({ type: 'logout', ok: true });
        } catch (error) {
          this.emit({ type: 'logout', ok: false, message: this.describe(error).message });
        }
      }
    } finally {
      this.session?.end();
      this.transport.close();
    }
  }

  /** What JSON.stringify and console.log show of a client: never its keys, password or session. */
  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint, authMode: this.authMode, closed: this.closed };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `CloudStackClient ${JSON.stringify(this.toJSON())}`;
  }

  private ensureOpen(command: string): void {
    if (this.closed) throw new CloudStackError(`${command}: the client is closed`, { command });
  }

  private async waitFor<T>(jobId: string, options: WaitOptions, command: string | undefined) {
    if (typeof jobId !== 'string' || jobId.trim() === '') {
      throw new CloudStackInputError('jobid', 'must be a non-empty async job id', {
        command: 'queryAsyncJobResult',
      });
    }
    const watch = this.jobWatcher.watch(jobId, options.shareStatus ?? true);
    const single = () =>
      this.request<AsyncJobResult<T>>('queryAsyncJobResult', { jobid: jobId }, { signal: options.signal });
    try {
      return await pollJob<T>(() => watch.status(single, options.signal), {
        jobId,
        command,
        schedule: this.pollSchedule,
        retry: this.pollRetry,
        onPollRetry: ({ attempt, delayMs, error }) =>
          this.emit({
            type: 'retry',
            command: 'queryAsyncJobResult',
            attempt,
            delayMs,
            ...this.describe(error),
          }),
        timeoutMs: positive('timeoutMs', options.timeoutMs, this.jobTimeoutMs),
        signal: options.signal,
        onProgress: (progress) => {
          this.emit({ type: 'job-poll', ...progress });
          options.onProgress?.(progress);
        },
      });
    } finally {
      watch.end();
    }
  }

  private attempt(call: Call, attempt: number): Promise<Record<string, unknown>> {
    if (this.session) return this.sessionAttempt(this.session, call, attempt);
    return this.exchange(call, this.signed(call.command, call.userParams), attempt);
  }

  /** The signed query string of a call. */
  private signed(command: string, userParams: Record<string, string>): string {
    // Object.assign, not a spread: signing a spread-built object took twice as long (V8 leaves its keys in
    // a form that Object.keys and the look-ups in signedQueryString walk slowly; ~4 µs of a call's ~9).
    const params: Record<string, string> = Object.assign({}, userParams);
    params.command = command;
    params.response = 'json';
    params.apiKey = this.options.apiKey as string;
    if ((this.options.signatureVersion ?? 3) === 3) {
      params.signatureversion = '3';
      params.expires = this.expiresText();
    }
    this.signingKey ??= createSecretKey(Buffer.from(this.options.secretKey as string, 'utf8'));
    return signedQueryString(params, this.signingKey);
  }

  /** `expires` for a request signed now: whole seconds, so the text is made once a second. */
  private expiresText(): string {
    const second = Math.floor((Date.now() + (this.options.signatureExpiresMs ?? DEFAULT_EXPIRES_MS)) / 1000);
    if (this.expires?.second !== second) {
      this.expires = { second, text: formatCloudStackDate(new Date(second * 1000)) };
    }
    return this.expires.text;
  }

  private async sessionAttempt(
    session: Session,
    call: Call,
    attempt: number,
  ): Promise<Record<string, unknown>> {
    const { command, userParams } = call;
    if (!session.active) await this.login();
    const send = () =>
      this.exchange(
        call,
        toQueryString({
          ...userParams,
          command,
          response: 'json',
          sessionkey: session.sessionKey ?? '',
        }),
        attempt,
      );
    const usedKey = session.sessionKey;
    try {
      return await send();
    } catch (error) {
      // An expired session answers 401: log in again once (unless a concurrent call already did) and repeat.
      // The server refused the first request, so repeating it is safe even for writes.
      if (!(error instanceof CloudStackApiError && error.httpStatus === 401)) throw error;
      this.emit({ type: 'relogin', command });
      if (session.sessionKey === usedKey) session.end();
      // Calls that met the same expiry share this one login.
      if (!session.active) await this.login();
      return send();
    }
  }

  private async doLogin(): Promise<LoginInfo> {
    const session = this.session as Session;
    const username = this.options.username as string;
    const domain = this.options.domain ?? '/';
    const userParams: Record<string, string> = {
      username,
      password: this.options.password as string,
      domain,
    };
    if (this.options.domainId) userParams.domainId = this.options.domainId;
    const login: Call = { command: 'login', userParams, options: { method: 'POST' }, idempotent: false };
    // Only retried when the request never left: a failed login repeated could lock the account
    // (CloudStack's incorrect.login.attempts.allowed).
    const data = await withRetry(
      (attempt) =>
        this.exchange(login, toQueryString({ ...userParams, command: 'login', response: 'json' }), attempt),
      {
        policy: this.retryPolicy,
        idempotent: false,
        command: 'login',
        onRetry: ({ attempt, delayMs, error }) =>
          this.emit({ type: 'retry', command: 'login', attempt, delayMs, ...this.describe(error) }),
      },
    );
    session.start(data); // the cookies came in through exchange()
    if (!session.active) {
      throw new CloudStackResponseFormatError({
        command: 'login',
        httpStatus: 200,
        contentType: undefined,
        snippet: '',
        problem: 'login answered without a sessionkey',
      });
    }
    const info = session.info as LoginInfo;
    this.emit({ type: 'login', username, domain, userId: info.userId });
    return info;
  }

  /** One HTTP exchange of a call: `query` is everything that travels, encoded (toQueryString or signed). */
  private async exchange(call: Call, query: string, attempt: number): Promise<Record<string, unknown>> {
    const { command, userParams, options, idempotent } = call;
    const method =
      options.method === 'POST' ||
      needsPost(userParams, this.endpoint.length + 1 + query.length, this.maxUrlLength)
        ? 'POST'
        : 'GET';
    const secrets = this.secrets(userParams);
    // The events of every exchange are built only for a logger that takes them (one per call otherwise).
    const logged = this.options.logger !== undefined;
    if (logged)
      this.emit({
        type: 'request',
        command,
        method,
        attempt,
        auth: this.authMode,
        params: Object.keys(userParams),
      });
    const started = Date.now();
    try {
      const response = await this.transport.send({
        command,
        method,
        query,
        cookie: this.session?.cookieHeader(),
        reuseConnection: idempotent,
        timeoutMs: positive('timeoutMs', options.timeoutMs, this.timeoutMs),
        signal: options.signal,
        secrets,
      });
      this.session?.absorbCookies(response.headers['set-cookie']);
      if (logged)
        this.emit({
          type: 'response',
          command,
          status: response.status,
          attempt,
          durationMs: Date.now() - started,
        });
      return parseCloudStackResponse(command, response, secrets);
    } catch (error) {
      this.emit({
        type: 'error',
        command,
        attempt,
        durationMs: Date.now() - started,
        ...this.describe(error),
      });
      throw error;
    }
  }

  /** Every secret this request could leak: keys, password, session, and the caller's sensitive values. */
  private secrets(userParams: Record<string, string>): readonly string[] {
    const fromParams: string[] = [];
    for (const name of Object.keys(userParams)) {
      const value = userParams[name];
      if (value && isSensitiveKey(name)) fromParams.push(value);
    }
    const session = this.session?.secrets();
    // The client's own secrets never change: the same array serves every request that adds none.
    this.ownSecrets ??= [this.options.apiKey, this.options.secretKey, this.options.password].filter(
      (s): s is string => typeof s === 'string' && s !== '',
    );
    if (fromParams.length === 0 && !session?.length) return this.ownSecrets;
    return [...this.ownSecrets, ...(session ?? []), ...fromParams].filter((s) => s !== '');
  }

  private describe(error: unknown): { error: string; message: string } {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return { error: name, message: redactText(message, this.secrets({})) };
  }

  private emit(event: ClientEvent): void {
    const logger = this.options.logger;
    if (!logger) return;
    try {
      logger(event);
    } catch {
      // a failing logger must not fail the call
    }
  }
}

export function createClient(options: ClientOptions): CloudStackClient {
  return new CloudStackClient(options);
}

export interface UserKeys {
  apiKey: string;
  secretKey: string;
  userId: string;
  username: string;
  account: string | undefined;
  domainId: string | undefined;
  /** True when the user had no keys and registerUserKeys made them. */
  created: boolean;
}

/**
 * Username/password → API keys (the MCP server's login mode): logs in, finds the user, reads its keys with
 * getUserKeys (listUsers on CloudStack before 4.10), makes them with registerUserKeys when it has none,
 * and logs out. Existing keys are never regenerated.
 */
export async function obtainUserKeys(options: ClientOptions): Promise<UserKeys> {
  const username = nonEmpty(options.username);
  if (!username) throw new CloudStackInputError('username', 'is required to obtain API keys');
  if (!nonEmpty(options.password))
    throw new CloudStackInputError('password', 'is required to obtain API keys');
  const client = new CloudStackClient({ ...options, apiKey: undefined, secretKey: undefined });
  try {
    const info = (await client.login()) as LoginInfo;
    let userId = info.userId;
    let account = info.account;
    const domainId = info.domainId;
    let listed: Record<string, unknown> | undefined;
    const findUser = async () => {
      const users = await client.request<{ user?: Record<string, unknown>[] }>('listUsers', {
        ...(userId ? { id: userId } : { username }),
        ...(domainId ? { domainid: domainId } : {}),
      });
      return users.user?.find((user) => (userId ? user.id === userId : user.username === username));
    };
    if (!userId) {
      listed = await findUser();
      if (!listed || typeof listed.id !== 'string') {
        throw new CloudStackError(`listUsers does not show the logged-in user ${username}`, {
          command: 'listUsers',
        });
      }
      userId = listed.id;
      account ??= typeof listed.account === 'string' ? listed.account : undefined;
    }
    let keys = await readUserKeys(client, userId, async () => (listed ??= await findUser()));
    let created = false;
    if (!keys) {
      keys = pickKeys(await client.request('registerUserKeys', { id: userId }));
      created = true;
      if (!keys) {
        throw new CloudStackError(`registerUserKeys answered without keys for user ${username}`, {
          command: 'registerUserKeys',
        });
      }
    }
    return { ...keys, userId, username, account, domainId, created };
  } finally {
    await client.close();
  }
}
