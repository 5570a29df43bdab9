// The client's error hierarchy. Every error the client throws is a CloudStackError; the subclasses tell
// apart what a caller reacts to differently: CloudStack said no (CloudStackApiError), nobody answered
// (CloudStackConnectionError), the answer took too long (CloudStackTimeoutError), something that is not
// CloudStack answered (CloudStackResponseFormatError), an async job failed or outlived its wait, the caller
// cancelled (CloudStackAbortError, whose `name` is 'AbortError' like the platform's), or the caller passed
// something unusable (CloudStackInputError).
//
// Messages are one line and carry CloudStack's errortext. No error holds a secret: the client scrubs
// messages and snippets of every secret it knows, never keeps request URLs or configs, and `cause` is
// only ever a fresh, bare Error (never the axios error, which embeds the signed request).

export interface CloudStackErrorOptions {
  command?: string;
  cause?: unknown;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export class CloudStackError extends Error {
  /** The API command the error belongs to, when there is one. */
  readonly command: string | undefined;
  /** Set when the error happened while waiting for (or polling) this async job. */
  jobId: string | undefined;

  constructor(message: string, options: CloudStackErrorOptions = {}) {
    super(oneLine(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.command = options.command;
    this.jobId = undefined;
  }

  /** A plain, secret-free object for logs and tool output: name, message and the typed fields. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value !== undefined && key !== 'cause') out[key] = value;
    }
    return out;
  }
}

/** Bad input from the caller (a parameter or an option), named in `parameter`. */
export class CloudStackInputError extends CloudStackError {
  readonly parameter: string;
  constructor(parameter: string, problem: string, options: CloudStackErrorOptions = {}) {
    super(`${options.command ? `${options.command}: ` : ''}parameter "${parameter}" ${problem}`, options);
    this.parameter = parameter;
  }
}

export interface ApiErrorDetails {
  command: string;
  httpStatus: number;
  errorCode: number | undefined;
  csErrorCode: number | undefined;
  errorText: string;
  uuidList: string[];
}

/** CloudStack answered with an error: `errorcode` (equal to the HTTP status), `cserrorcode`, `errortext`. */
export class CloudStackApiError extends CloudStackError {
  readonly httpStatus: number;
  readonly errorCode: number | undefined;
  readonly csErrorCode: number | undefined;
  readonly errorText: string;
  readonly uuidList: string[];

  constructor(details: ApiErrorDetails) {
    const code = details.errorCode ?? details.httpStatus;
    const cs = details.csErrorCode === undefined ? '' : ` (cserrorcode ${details.csErrorCode})`;
    super(`CloudStack error ${code}${cs} in ${details.command}: ${details.errorText}`, {
      command: details.command,
    });
    this.httpStatus = details.httpStatus;
    this.errorCode = details.errorCode;
    this.csErrorCode = details.csErrorCode;
    this.errorText = oneLine(details.errorText);
    this.uuidList = details.uuidList;
  }
}

/**
 * CloudStack said 401: the credentials (or the request's signature, or an expired session that a new login
 * could not replace) were not accepted. Worded once for people (the CLI) and agents (the MCP server).
 */
export function isCredentialsRejected(error: unknown): error is CloudStackApiError {
  return error instanceof CloudStackApiError && error.httpStatus === 401;
}

export function credentialsRejectedMessage(error: CloudStackApiError): string {
  return `CloudStack rejected the credentials (401: ${error.errorText})`;
}

/** Which settings to check, for the way the client authenticates (both when unknown). */
export function credentialsHint(authMode: 'apikey' | 'session' | undefined): string {
  const keys = 'CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY';
  const login = 'CLOUDSTACK_USERNAME, CLOUDSTACK_PASSWORD and CLOUDSTACK_DOMAIN';
  if (authMode === 'apikey') return `check ${keys}`;
  if (authMode === 'session') return `check ${login}`;
  return `check ${keys}, or ${login}`;
}

/** No answer: refused, unknown host, network unreachable, connection reset, TLS failure. */
export class CloudStackConnectionError extends CloudStackError {
  /** The system error code, e.g. ECONNREFUSED, ENOTFOUND, ECONNRESET. */
  readonly code: string | undefined;
  /** Where the client tried to connect: origin and path, never the query. */
  readonly endpoint: string;
  /**
   * Whether the request may have reached the server. `false` means it certainly did not (refused,
   * unknown host, a reused keep-alive socket the server had closed), so repeating it is always safe.
   */
  readonly requestSent: boolean;

  constructor(options: {
    command: string;
    code: string | undefined;
    endpoint: string;
    requestSent: boolean;
    detail: string;
    cause?: unknown;
  }) {
    const sent = options.requestSent ? 'the request may have reached the server' : 'the request was not sent';
    super(
      `cannot reach CloudStack at ${options.endpoint} for ${options.command}: ${options.detail} (${sent})`,
      options,
    );
    this.code = options.code;
    this.endpoint = options.endpoint;
    this.requestSent = options.requestSent;
  }
}

/** The request got no complete answer within `timeoutMs` (CLOUDSTACK_TIMEOUT). */
export class CloudStackTimeoutError extends CloudStackError {
  readonly timeoutMs: number;
  readonly endpoint: string;
  constructor(options: { command: string; timeoutMs: number; endpoint: string }) {
    super(
      `CloudStack at ${options.endpoint} did not answer ${options.command} within ${options.timeoutMs} ms`,
      options,
    );
    this.timeoutMs = options.timeoutMs;
    this.endpoint = options.endpoint;
  }
}

/** Something answered that is not CloudStack's JSON: an HTML login page, a proxy error, a redirect. */
export class CloudStackResponseFormatError extends CloudStackError {
  readonly httpStatus: number;
  readonly contentType: string | undefined;
  /** The start of the body (or the HTML title), whitespace collapsed and secrets masked. */
  readonly snippet: string;
  constructor(options: {
    command: string;
    httpStatus: number;
    contentType: string | undefined;
    snippet: string;
    problem: string;
  }) {
    const type = options.contentType ? ` ${options.contentType}` : '';
    const shown = options.snippet ? `: ${options.snippet}` : '';
    super(`${options.command}: ${options.problem} (HTTP ${options.httpStatus}${type})${shown}`, options);
    this.httpStatus = options.httpStatus;
    this.contentType = options.contentType;
    this.snippet = options.snippet;
  }
}

/** An async job ended with `jobstatus` 2. */
export class AsyncJobFailedError extends CloudStackError {
  readonly errorCode: number | undefined;
  readonly csErrorCode: number | undefined;
  readonly errorText: string;
  readonly jobResultCode: number | undefined;
  /** The job's `jobresult` as CloudStack sent it (errorcode, errortext, ...). */
  readonly jobResult: unknown;

  constructor(options: {
    jobId: string;
    command: string | undefined;
    errorCode: number | undefined;
    csErrorCode: number | undefined;
    errorText: string;
    jobResultCode: number | undefined;
    jobResult: unknown;
  }) {
    const what = options.command ? ` (${options.command})` : '';
    const code = options.errorCode === undefined ? '' : ` with error ${options.errorCode}`;
    super(`async job ${options.jobId}${what} failed${code}: ${options.errorText}`, options);
    this.jobId = options.jobId;
    this.errorCode = options.errorCode;
    this.csErrorCode = options.csErrorCode;
    this.errorText = oneLine(options.errorText);
    this.jobResultCode = options.jobResultCode;
    this.jobResult = options.jobResult;
  }
}

/** The job was still pending when the wait's total timeout ran out. The job itself keeps running. */
export class AsyncJobTimeoutError extends CloudStackError {
  readonly waitedMs: number;
  readonly polls: number;
  /** The last `jobstatus` seen (0 = pending). */
  readonly lastStatus: number | undefined;
  constructor(options: { jobId: string; waitedMs: number; polls: number; lastStatus: number | undefined }) {
    super(
      `async job ${options.jobId} still running after ${options.waitedMs} ms (${options.polls} polls); ` +
        'it keeps running in CloudStack: check it later with queryAsyncJobResult',
    );
    this.jobId = options.jobId;
    this.waitedMs = options.waitedMs;
    this.polls = options.polls;
    this.lastStatus = options.lastStatus;
  }
}

/**
 * The job was accepted, but its state could not be read: queryAsyncJobResult kept failing (5xx, timeout,
 * dropped connection) through the poll's retries. The job may be pending, done or failed; it was never
 * reported failed, so repeating the command could do the work twice. `cause` is the last poll's error
 * (a CloudStackError, itself free of secrets).
 */
export class AsyncJobStatusUnknownError extends CloudStackError {
  /** Status polls that failed in a row before giving up. */
  readonly failedPolls: number;
  constructor(options: { jobId: string; command: string | undefined; failedPolls: number; cause: unknown }) {
    const what = options.command ? ` (${options.command})` : '';
    const why = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `async job ${options.jobId}${what} was accepted, but its state is unknown: the status could not be read ` +
        `in ${options.failedPolls} tries (last error: ${why}); the job may still be running or may ` +
        'have ended: check it with queryAsyncJobResult before repeating the command',
      { command: options.command, cause: options.cause },
    );
    this.jobId = options.jobId;
    this.failedPolls = options.failedPolls;
  }
}

/**
 * The caller's AbortSignal fired. `name` is 'AbortError' (as for the platform's DOMException), so both
 * `err instanceof CloudStackAbortError` and `err.name === 'AbortError'` work; `cause` is the signal's reason.
 */
export class CloudStackAbortError extends CloudStackError {
  constructor(options: { command?: string; jobId?: string; reason?: unknown } = {}) {
    const where = options.jobId
      ? `while waiting for async job ${options.jobId} (the job keeps running in CloudStack)`
      : options.command
        ? `(${options.command})`
        : '';
    super(`request aborted ${where}`, { command: options.command, cause: options.reason });
    this.name = 'AbortError';
    this.jobId = options.jobId;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
