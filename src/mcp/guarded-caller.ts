// The CloudStack caller every tool gets (ToolContext.caller): the server's policy (read-only, --allow,
// --deny) checked on every call made on the agent's behalf, not only on the API an agent names. A name
// look-up (stopVM "payroll-db" → listVirtualMachines), a confirmation's target look-up, a job's status
// polls and every page of a list go through here, so no answer carries data from an API the policy refuses.
// Each call is classed by its parameters too (getRouterHealthCheckResults performfreshchecks=true is a
// write), and a call that is not a read is never repeated by the client's retries. A call that would change
// the credentials or access of the server's own user or account is refused outright (self-guard.ts).
import type { ApiCatalog } from '../catalog/catalog.js';
import { type ApiClass, changesAccess, classifyApi, classifyCall } from '../catalog/classify.js';
import type {
  ApiParams,
  AsyncJobResult,
  CallerIdentity,
  CallOptions,
  CloudStackCaller,
  ListAllOptions,
  ListAllResult,
  WaitOptions,
} from '../cloudstack/types.js';
import { ToolError } from './errors.js';
import { type Logger, silentLogger } from './logger.js';
import type { Policy, PolicyDecision } from './policy.js';
import { selfReference } from './self-guard.js';

/** The API CloudStack's async job status is read with (waitForJob polls it). */
export const JOB_STATUS_API = 'queryAsyncJobResult';
/** The API one status call for many waiting jobs is made with (src/cloudstack/job-watcher.ts). */
export const JOB_LIST_API = 'listAsyncJobs';

export class GuardedCaller implements CloudStackCaller {
  constructor(
    /** The unguarded client: only for the server's own calls (its identity), never for an agent's. */
    readonly inner: CloudStackCaller,
    private readonly policy: Policy,
    private readonly catalog: ApiCatalog,
    private readonly logger: Logger = silentLogger,
  ) {}

  /**
   * The server's own CloudStack user, or undefined when it cannot be found (the caller cannot tell, or
   * CloudStack would not say): then credential and access calls are only confirmed, not checked.
   */
  async ownIdentity(): Promise<CallerIdentity | undefined> {
    if (!this.inner.identity) return undefined;
    try {
      return await this.inner.identity();
    } catch (error) {
      this.logger.warn(
        "cannot find the server's own CloudStack user; credential and access APIs are only confirmed",
        {
          error: error instanceof Error ? error.message : String(error),
        },
      );
      return undefined;
    }
  }

  /**
   * Refuses (`not_allowed`) a credential or access API that would act on the server's own user, account
   * or role. Resolves to whether the server knew its own identity (false: it could not check).
   */
  async assertNotSelf(command: string, params: unknown): Promise<boolean> {
    if (!changesAccess(command)) return true;
    const identity = await this.ownIdentity();
    if (!identity) return false;
    const why = selfReference(identity, command, (params ?? {}) as Record<string, unknown>);
    if (why) {
      throw new ToolError(
        'not_allowed',
        `${command} changes credentials or access, and ${why}: the server refuses to change its own credentials or access (it could lock itself out for good). Do this as another user, outside this server.`,
        { api: command, class: 'destructive', reason: 'own_identity' },
      );
    }
    return true;
  }

  /** The class of this call: the catalog's class of the API, raised by a parameter that makes it act. */
  classOf(command: string, params?: unknown): ApiClass {
    const base = this.catalog.get(command)?.apiClass ?? classifyApi(command).apiClass;
    return classifyCall(command, params, base);
  }

  /** Whether the policy lets the server make this call. */
  check(command: string, params?: unknown): PolicyDecision {
    return this.policy.check(command, this.classOf(command, params));
  }

  /** Throws `not_allowed` when the policy refuses the call; `purpose` says what the call was for. */
  assert(command: string, params?: unknown, purpose?: string): ApiClass {
    const apiClass = this.classOf(command, params);
    const decision = this.policy.check(command, apiClass);
    if (!decision.allowed) {
      const why = purpose ? ` This needs ${command} ${purpose}.` : '';
      throw new ToolError('not_allowed', `${decision.reason}.${why}`, { api: command, class: apiClass });
    }
    return apiClass;
  }

  async request<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options: CallOptions = {},
  ): Promise<T> {
    const apiClass = this.assert(command, params);
    await this.assertNotSelf(command, params);
    return this.inner.request<T>(command, params, withRetryRule(options, apiClass));
  }

  async requestAsync<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options: CallOptions & WaitOptions = {},
  ): Promise<T> {
    const apiClass = this.assert(command, params);
    this.assert(JOB_STATUS_API, {}, "to follow the command's async job");
    await this.assertNotSelf(command, params);
    return this.inner.requestAsync<T>(command, params, this.sharing(withRetryRule(options, apiClass)));
  }

  async waitForJob<T = unknown>(jobId: string, options?: WaitOptions): Promise<AsyncJobResult<T>> {
    this.assert(JOB_STATUS_API, { jobid: jobId }, "to follow the command's async job");
    return this.inner.waitForJob<T>(jobId, this.sharing(options ?? {}));
  }

  /** Jobs share a listAsyncJobs only when the policy allows that call too. */
  private sharing<O extends WaitOptions>(options: O): O {
    return this.check(JOB_LIST_API).allowed ? options : { ...options, shareStatus: false };
  }

  async listAll<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options: ListAllOptions = {},
  ): Promise<ListAllResult<T>> {
    const apiClass = this.assert(command, params);
    return this.inner.listAll<T>(command, params, withRetryRule(options, apiClass));
  }
}

/** A call that acts is not repeated by the client, whatever its name says (the client goes by names). */
function withRetryRule<O extends CallOptions>(options: O, apiClass: ApiClass): O {
  return apiClass === 'read' || options.idempotent !== undefined
    ? options
    : { ...options, idempotent: false };
}
