// The simulator's request pipeline, independent of HTTP: response format, login/logout, authentication
// (session or signed API key), command lookup, parameter processing, dispatch, and CloudStack's response
// and error envelopes.
import { accessLevelOf, levelAllows, unavailableApi } from './apis/access.js';
import { settleDownloads } from './apis/image-downloads.js';
import { simulatedApis } from './apis/index.js';
import { type ApiResult, type CallContext, type Caller, JsonText, type SimulatedApi } from './apis/types.js';
import { expungeNow } from './apis/vms.js';
import { Catalog } from './catalog/catalog.js';
import type { ListApisEntry } from './catalog/types.js';
import { ApiError, CsErrorCode, ErrorCode, errorBody, serverApiError, unauthorized } from './errors.js';
import { recordJobPhase, recordSyncEvent } from './events.js';
import { FaultInjector, type Faults } from './faults.js';
import type { RawParams } from './http/request-parsing.js';
import { signedRequestOf, verifySignature } from './http/signature.js';
import { SessionStore } from './sessions.js';
import { checkCapacityAlerts } from './state/capacity.js';
import { settleExpunges } from './state/expunge-delay.js';
import type { Domain, User } from './state/model.js';
import { type AdminKeys, type SeededWorld, seedWorld } from './state/seed.js';
import { type SeededTeam, seedTeam } from './state/seed-team.js';
import { Store } from './state/store.js';
import { Params, unpackParams, validateParams } from './validation.js';

export interface SimRequest {
  params: RawParams;
  cookies: ReadonlyMap<string, string>;
}

export interface SimResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  setCookies: string[];
}

export interface EngineOptions {
  seed: number;
  seedVms: number;
  /** Seeds the `child` domain with a Domain Admin and a User account (Accounts family, issue 15). */
  seedTeam?: boolean;
  sessionTimeoutMs: number;
  faults: Partial<Faults>;
  dump?: readonly ListApisEntry[];
  now?: () => number;
  /** The admin's API keys; drawn from the seed when not given. */
  adminKeys?: AdminKeys;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

function responseNameOf(command: string): string {
  return `${command.toLowerCase()}response`;
}

function isRootAdmin(caller: { roleType: string | undefined; type: number }): boolean {
  return caller.roleType === 'Admin' || caller.type === 1;
}

/** The id of the object a synchronous create answers (`{"serviceoffering": {"id": ...}}`). */
function subjectOf(result: ApiResult): string | undefined {
  if (result instanceof JsonText) return undefined;
  for (const value of Object.values(result)) {
    if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') return value.id;
  }
  return undefined;
}

export class SimulatorEngine {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly faults: FaultInjector;
  readonly sessions: SessionStore;
  readonly world: SeededWorld;
  readonly team: SeededTeam | undefined;
  private readonly clock: () => number;
  private requests = 0;
  private readonly requestsByCommand = new Map<string, number>();

  constructor(options: EngineOptions) {
    this.clock = options.now ?? Date.now;
    this.faults = new FaultInjector(options.seed, options.faults);
    this.store = new Store({
      seed: options.seed,
      jobDurationMs: () => this.faults.current.jobDurationMs,
      jobFailsAt: (index) => this.faults.jobFails(index),
    });
    this.world = seedWorld(this.store, options.seedVms, this.clock(), options.adminKeys);
    // Compute family (issue 14): events of every job, recorded from the job runner.
    this.store.onJobPhase = (job, phase, time) => {
      recordJobPhase(this.store, job, phase, time);
      // Only VM and address jobs change what the alerts watch (memory, CPU, public IPs).
      if (
        phase === 'completed' &&
        (job.instanceType === 'VirtualMachine' || job.instanceType === 'IpAddress')
      ) {
        checkCapacityAlerts(this.store, time);
      }
    };
    this.team = options.seedTeam ? seedTeam(this.store, this.clock()) : undefined;
    this.sessions = new SessionStore(this.store.secrets, options.sessionTimeoutMs);
    this.catalog = new Catalog(simulatedApis, options.dump);
  }

  get requestCount(): number {
    return this.requests;
  }

  /** Requests received for a command (case-insensitive), including dropped and failed ones. */
  requestCountOf(command: string): number {
    return this.requestsByCommand.get(command.toLowerCase()) ?? 0;
  }

  /** Numbers each request for fault decisions, and counts it under its command. */
  nextRequestIndex(command: string | undefined): number {
    const name = (command ?? '').toLowerCase();
    this.requestsByCommand.set(name, (this.requestsByCommand.get(name) ?? 0) + 1);
    return this.requests++;
  }

  now(): number {
    return this.clock();
  }

  handle(request: SimRequest): SimResponse {
    const now = this.clock();
    this.store.jobs.settle(now);
    settleDownloads(this.store, now); // Images family (issue 14)
    // Accounts family (issue 15): destroyed VMs past expunge.delay go.
    settleExpunges(this.store, now, (vmId) => {
      const vm = this.store.vms.get(vmId);
      if (vm) expungeNow(this.store, vm);
    });
    const { params } = request;
    const format = params.get('response');
    if (format === undefined || format.toLowerCase() !== 'json') {
      return {
        status: ErrorCode.BAD_REQUEST,
        contentType: 'text/xml; charset=UTF-8',
        body:
          '<?xml version="1.0" encoding="UTF-8"?><errorresponse><errorcode>400</errorcode><errortext>' +
          'The CloudStack simulator answers JSON only: add response=json to the request</errortext></errorresponse>',
        setCookies: [],
      };
    }
    const command = params.get('command');
    if (command === undefined || command === '') {
      return this.error('errorresponse', unauthorized());
    }
    const spec = this.catalog.spec(command);
    const responseName = spec ? responseNameOf(command) : 'errorresponse';
    try {
      if (command === 'login') return this.login(request, now);
      if (command === 'logout') return this.logout(request);
      const api = this.catalog.implementation(command);
      // As ApiServer.verifyRequest: the role check comes after the user's state and before the signature.
      const caller = this.authenticate(request, now, (who) => {
        if (spec && !levelAllows(accessLevelOf(who), api?.access)) throw unavailableApi(command, who);
      });
      if (!spec) throw serverApiError(ErrorCode.UNSUPPORTED_ACTION, `Unknown API command: ${command}`);
      const values = unpackParams(params);
      const commandName = command.toLowerCase();
      validateParams(spec, values, { store: this.store, commandName });
      const result = this.dispatch(api, command, commandName, caller, new Params(values), now);
      return this.ok(responseName, result);
    } catch (error) {
      if (error instanceof ApiError) return this.error(responseName, error);
      const message = error instanceof Error ? error.message : String(error);
      return this.error(
        responseName,
        new ApiError(ErrorCode.INTERNAL_ERROR, `Simulator internal error: ${message}`),
      );
    }
  }

  private dispatch(
    api: SimulatedApi | undefined,
    command: string,
    commandName: string,
    caller: Caller,
    params: Params,
    now: number,
  ): ApiResult {
    if (!api) {
      // Known to the loaded catalog but not modelled: lists are empty, anything else says so.
      if (command.startsWith('list')) return new JsonText('{}');
      throw serverApiError(
        ErrorCode.INTERNAL_ERROR,
        `${command} is not simulated: the CloudStack simulator knows this API from the loaded catalog but does not implement it`,
      );
    }
    const store = this.store;
    const ctx: CallContext = {
      store,
      caller,
      params,
      now,
      command,
      commandName,
      rc: { store, admin: caller.isRootAdmin },
      startJob: (work) =>
        store.jobs.submit(
          {
            command,
            cmd:
              (caller.isRootAdmin ? api.adminCmdClass : undefined) ??
              api.cmdClass ??
              `org.apache.cloudstack.api.command.user.${command}Cmd`,
            accountId: caller.account.id,
            userId: caller.user.id,
            work,
          },
          now,
        ),
      listApisJson: (name) => this.catalog.listApisJson(name, accessLevelOf(caller)),
    };
    const result = api.handle(ctx);
    if (!api.spec.isAsync) {
      recordSyncEvent(
        store,
        command,
        { accountId: caller.account.id, userId: caller.user.id },
        params.id('id') ?? subjectOf(result),
        now,
      );
    }
    return result;
  }

  private callerOf(user: User): Caller | undefined {
    const account = this.store.accounts.get(user.accountId);
    if (!account || user.state !== 'enabled' || account.state !== 'enabled') return undefined;
    const roleType = this.store.roles.get(account.roleId)?.type;
    const root = isRootAdmin({ roleType, type: account.type });
    return {
      user,
      account,
      isRootAdmin: root,
      isDomainAdmin: !root && (roleType === 'DomainAdmin' || account.type === 2),
    };
  }

  /** Session first (JSESSIONID cookie plus session key), then a signed API key, as CloudStack checks. */
  private authenticate(request: SimRequest, now: number, checkCommand: (caller: Caller) => void): Caller {
    const session = this.sessions.use(request.cookies.get('JSESSIONID'), now);
    if (session) {
      const fromParam = request.params.get('sessionkey');
      const fromCookie = request.cookies.get('sessionkey');
      // Like CloudStack: at least one of them must be sent, and every one sent must match.
      const proven =
        (fromParam !== undefined || fromCookie !== undefined) &&
        (fromParam === undefined || fromParam === session.sessionKey) &&
        (fromCookie === undefined || fromCookie === session.sessionKey);
      if (!proven) {
        this.sessions.remove(session.id);
        throw unauthorized('unable to verify user credentials');
      }
      const user = this.store.users.get(session.userId);
      const caller = user ? this.callerOf(user) : undefined;
      if (!caller) throw unauthorized('unable to verify user credentials');
      checkCommand(caller);
      return caller;
    }
    const signed = signedRequestOf(request.params);
    if (!signed) throw unauthorized();
    const user = this.store.userByApiKey(signed.apiKey);
    const caller = user ? this.callerOf(user) : undefined;
    if (!user?.secretKey || !caller) throw unauthorized();
    checkCommand(caller);
    if (!verifySignature(request.params, user.secretKey, new Date(now))) throw unauthorized();
    return caller;
  }

  private findLoginDomain(params: RawParams): Domain | undefined {
    const domainIdText = [...params].find(([key]) => key.toLowerCase() === 'domainid')?.[1];
    if (domainIdText !== undefined && domainIdText !== '') {
      // DefaultLoginAPIAuthenticatorCmd: the domain's uuid, else its internal number.
      return (
        this.store.domains.get(domainIdText) ??
        [...this.store.domains.values()].find((d) => String(d.internalId) === domainIdText)
      );
    }
    const raw = (params.get('domain') ?? '/').trim();
    const trimmed = raw.replace(/^\/+|\/+$/g, '');
    const path =
      trimmed === '' || trimmed.toUpperCase() === 'ROOT' ? 'ROOT' : trimmed.replace(/^ROOT\//i, '');
    const wanted = path === 'ROOT' ? 'ROOT' : `ROOT/${path}`;
    return [...this.store.domains.values()].find((d) => d.path.toLowerCase() === wanted.toLowerCase());
  }

  private login(request: SimRequest, now: number): SimResponse {
    const values = unpackParams(request.params);
    // DefaultLoginAPIAuthenticatorCmd reads domainId itself: a domain's uuid, else its number.
    for (const key of [...values.keys()]) {
      if (key.toLowerCase() !== 'domainid') continue;
      const value = values.get(key);
      const text = typeof value === 'string' ? value : '';
      if (!this.store.domains.has(text) && !/^\d+$/.test(text)) {
        throw new ApiError(
          ErrorCode.PARAM_ERROR,
          'Invalid domain id entered, please enter a valid one',
          null,
        );
      }
      values.delete(key);
    }
    const spec = this.catalog.spec('login');
    if (spec) validateParams(spec, values, { store: this.store, commandName: 'login' });
    const username = request.params.get('username') ?? '';
    const password = request.params.get('password') ?? '';
    const domain = this.findLoginDomain(request.params);
    if (!domain) {
      throw new ApiError(
        ErrorCode.ACCOUNT_ERROR,
        `Unable to find the domain from the path ${request.params.get('domain') ?? '/'}`,
        null,
      );
    }
    const user = [...this.store.users.values()].find(
      (u) => u.username === username && this.store.accounts.get(u.accountId)?.domainId === domain.id,
    );
    const authenticated = user !== undefined && user.password === password;
    const caller = authenticated ? this.callerOf(user) : undefined;
    if (authenticated && !caller) {
      // AccountManagerImpl.authenticateUser, after the password matched: a disabled or locked user or account.
      throw new ApiError(
        ErrorCode.ACCOUNT_ERROR,
        `User ${username} (or their account) in domain ${domain.name} is disabled/locked. Please contact the administrator.`,
        null,
      );
    }
    if (!user || !caller) {
      throw new ApiError(
        ErrorCode.ACCOUNT_ERROR,
        `Failed to authenticate user ${username} in domain ${domain.internalId}; please provide valid credentials`,
        null,
      );
    }
    const session = this.sessions.create(user.id, now);
    const body = {
      loginresponse: {
        username: user.username,
        userid: user.id,
        domainid: domain.id,
        timeout: Math.round(this.sessions.timeoutMs / 1000),
        account: caller.account.name,
        firstname: user.firstname,
        lastname: user.lastname,
        type: String(caller.account.type),
        timezone: user.timezone,
        timezoneoffset: user.timezone ? '0.0' : undefined,
        registered: 'false',
        sessionkey: session.sessionKey,
        is2faenabled: 'false',
        is2faverified: 'true',
        issuerfor2fa: 'CloudStack',
      },
    };
    return {
      status: 200,
      contentType: JSON_TYPE,
      body: JSON.stringify(body),
      setCookies: [
        `JSESSIONID=${session.id}; Path=/client; HttpOnly`,
        `sessionkey=${session.sessionKey}; Path=/client; HttpOnly`,
        `userid=${user.id}; Path=/client`,
        `domainid=${domain.id}; Path=/client`,
        `account=${encodeURIComponent(caller.account.name)}; Path=/client`,
      ],
    };
  }

  private logout(request: SimRequest): SimResponse {
    const id = request.cookies.get('JSESSIONID');
    if (id !== undefined) this.sessions.remove(id);
    return {
      status: 200,
      contentType: JSON_TYPE,
      body: JSON.stringify({ logoutresponse: { description: 'success' } }),
      setCookies: [
        'JSESSIONID=; Path=/client; Max-Age=0; HttpOnly',
        'sessionkey=; Path=/client; Max-Age=0; HttpOnly',
      ],
    };
  }

  private ok(responseName: string, result: ApiResult): SimResponse {
    const head = `{"${responseName}":`;
    if (!(result instanceof JsonText)) {
      return {
        status: 200,
        contentType: JSON_TYPE,
        body: `${head}${JSON.stringify(result)}}`,
        setCookies: [],
      };
    }
    return { status: 200, contentType: JSON_TYPE, body: result.wrapped(responseName), setCookies: [] };
  }

  error(responseName: string, error: ApiError): SimResponse {
    return {
      status: error.errorCode,
      contentType: JSON_TYPE,
      body: JSON.stringify(errorBody(responseName, error)),
      setCookies: [],
    };
  }

  /** The answer for a request the fault settings chose to fail. */
  injectedFailure(command: string | undefined, text: string): SimResponse {
    const spec = command ? this.catalog.spec(command) : undefined;
    const name = spec && command ? responseNameOf(command) : 'errorresponse';
    return this.error(name, new ApiError(ErrorCode.INTERNAL_ERROR, text, CsErrorCode.SERVER_API));
  }
}
