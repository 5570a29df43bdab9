// The client's public contract. Everything above src/cloudstack (generated bindings, catalog, MCP server,
// CLI) depends on these types only, so the client's internals can change freely.

/** A scalar CloudStack accepts: strings, numbers, booleans and dates (sent as ISO-8601). */
export type ParamScalar = string | number | boolean | Date;

/**
 * A parameter value. Lists are comma-joined on the wire; maps (a record, or an array of records)
 * are indexed: `tags[0].key=env&tags[0].value=prod`. `undefined` and `null` are left out.
 */
export type ParamValue =
  | ParamScalar
  | null
  | undefined
  | readonly ParamScalar[]
  | Readonly<Record<string, ParamScalar>>
  | readonly Readonly<Record<string, ParamScalar>>[];

export type ApiParams = Readonly<Record<string, ParamValue>>;

export interface CallOptions {
  /** Cancels the request (and any waiting for its async job). */
  signal?: AbortSignal;
  /** GET by default; POST form is used automatically for large or sensitive values. */
  method?: 'GET' | 'POST';
  /** Per-request timeout in milliseconds (default: the client's `timeoutMs`). */
  timeoutMs?: number;
  /**
   * Whether repeating the request is safe. Reads (`list*`, `get*`, `query*`) are retried by default;
   * anything else only when the connection failed before the request was sent.
   */
  idempotent?: boolean;
}

export interface JobProgress {
  jobId: string;
  /** Number of `queryAsyncJobResult` calls made so far. */
  polls: number;
  elapsedMs: number;
  /** `jobstatus`: 0 pending, 1 done, 2 failed. */
  status: number;
  /** `jobprocstatus` when CloudStack reports one. */
  procStatus?: number;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Total time to wait for the job, in milliseconds (default: the client's `jobTimeoutMs`). */
  timeoutMs?: number;
  onProgress?: (progress: JobProgress) => void;
  /** The command that started the job, named in errors (requestAsync sets it). */
  command?: string;
  /**
   * While other jobs are waited for too, let one listAsyncJobs answer for all of them (default true).
   * The MCP server passes whether its policy allows listAsyncJobs.
   */
  shareStatus?: boolean;
}

/** `queryAsyncJobResult`'s answer, unwrapped. */
export interface AsyncJobResult<T = unknown> {
  jobid: string;
  jobstatus: number;
  jobresultcode?: number;
  jobresulttype?: string;
  jobresult?: T;
  jobinstancetype?: string;
  jobinstanceid?: string;
  jobprocstatus?: number;
  cmd?: string;
  created?: string;
  completed?: string;
  [key: string]: unknown;
}

export interface ListAllOptions extends CallOptions {
  /** Page size to request (default 500). */
  pageSize?: number;
  /** How many pages may be in flight at once (default 4). */
  concurrency?: number;
  /** Stop after this many items. */
  maxItems?: number;
}

export interface ListAllResult<T = Record<string, unknown>> {
  /** CloudStack's `count` (the total the server reports). */
  count: number;
  items: T[];
  /** The key the items sat under, e.g. `virtualmachine`. */
  itemKey: string | undefined;
  pages: number;
}

/** Who a caller is in CloudStack: the user its API key or login belongs to. */
export interface CallerIdentity {
  userId: string;
  username?: string;
  accountId?: string;
  /** The account's name. */
  account?: string;
  domainId?: string;
  roleId?: string;
}

/**
 * What generated bindings and the MCP server need from a client. `CloudStackClient` implements it;
 * tests and benchmarks may pass any other implementation.
 */
export interface CloudStackCaller {
  /** Calls an API and returns the unwrapped `<command>response` object. */
  request<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options?: CallOptions,
  ): Promise<T>;
  /** Calls an async API and waits for its job; returns the job's `jobresult`. */
  requestAsync<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options?: CallOptions & WaitOptions,
  ): Promise<T>;
  /** Polls `queryAsyncJobResult` until the job ends; a failed job throws `AsyncJobFailedError`. */
  waitForJob<T = unknown>(jobId: string, options?: WaitOptions): Promise<AsyncJobResult<T>>;
  /** Fetches every page of a list API. */
  listAll<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options?: ListAllOptions,
  ): Promise<ListAllResult<T>>;
  /**
   * The CloudStack user this caller acts as, found on first use and kept (optional: a caller that cannot
   * tell leaves it out, and the MCP server then treats its own identity as unknown).
   */
  identity?(): Promise<CallerIdentity>;
}
