// `cloudstack-mcp serve`: the MCP server over stdio (default) or Streamable HTTP at /mcp, against
// CLOUDSTACK_API_URL or the embedded simulator (--simulator). Flags win over environment variables.
// In stdio mode stdout carries only the protocol: every log line goes to stderr.
import { randomBytes } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import { loadCatalog } from '../catalog/load.js';
import { type CloudStackClient, createClient, obtainUserKeys } from '../cloudstack/client.js';
import { type PollSchedule, pollScheduleFor } from '../cloudstack/poll.js';
import type { OAuthPrincipal } from '../mcp/auth/oauth.js';
import { MIN_TOKEN_KEY_LENGTH } from '../mcp/auth/seal.js';
import { DEFAULT_MAX_ANSWER_BYTES, MIN_MAX_ANSWER_BYTES } from '../mcp/budget.js';
import { createLogger, type Logger, type LogLevel } from '../mcp/logger.js';
import { splitPatterns } from '../mcp/policy.js';
import { createServer } from '../mcp/server.js';
import { TokenSigner } from '../mcp/signed-token.js';
import { DEFAULT_MAX_SESSIONS, exposureProblem } from '../mcp/transports/exposure.js';
import { type ConnectionFlags, resolveConnection, withConnectionOptions } from './config.js';
import { addressInUse, CliError, requireCredentials, runCommand } from './output.js';
import {
  envBoolean,
  envChoice,
  MILLISECONDS,
  type NumberSpec,
  numberOption,
  parseNumber,
  SettingError,
} from './settings.js';

const DEFAULT_MCP_ADDR = '127.0.0.1:8250';
/** When no client has been answered by then, the work waiting for `initialize` starts anyway. */
const STARTUP_GRACE_MS = 1_000;

/** An API key or secret key as long as CloudStack's (64 random bytes, base64url). */
function randomKey(): string {
  return randomBytes(64).toString('base64url');
}

interface ServeArgs extends ConnectionFlags {
  transport: 'stdio' | 'http';
  auth?: AuthMode;
  'public-url'?: string;
  addr?: string;
  simulator: boolean;
  'simulator-job-ms'?: number;
  'seed-team'?: boolean;
  'read-only'?: boolean;
  allow?: string[];
  deny?: string[];
  stateless?: boolean;
  'allowed-hosts'?: string[];
  'allowed-origins'?: string[];
  'live-apis': boolean;
  'log-level'?: LogLevel;
  'max-answer-bytes'?: number;
  'max-sessions'?: number;
  'unsafe-no-auth'?: boolean;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
type AuthMode = 'token' | 'cloudstack';
const AUTH_MODES: readonly AuthMode[] = ['token', 'cloudstack'];
const ANSWER_BYTES: NumberSpec = { integer: true, min: MIN_MAX_ANSWER_BYTES, unit: 'of bytes' };
const SESSIONS: NumberSpec = { integer: true, min: 1 };

/** `host:port`, `:port` or `[::1]:port`; `name` is where it came from (--addr or MCP_ADDR). */
function parseAddr(addr: string, name: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr.trim());
  const port = match ? Number(match[3]) : Number.NaN;
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`${name} must be host:port with a port from 0 to 65535, got "${addr}"`, {
      hint: `e.g. ${DEFAULT_MCP_ADDR}`,
    });
  }
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}

/** The answer byte budget: the flag, else MCP_MAX_ANSWER_BYTES, else the default; a whole number >= 4 KiB. */
export function maxAnswerBytes(flag: number | undefined, env: string | undefined): number {
  if (flag !== undefined) return parseNumber('--max-answer-bytes', String(flag), ANSWER_BYTES);
  if (env === undefined || env.trim() === '') return DEFAULT_MAX_ANSWER_BYTES;
  return parseNumber('MCP_MAX_ANSWER_BYTES', env, ANSWER_BYTES);
}

/** The HTTP session cap: the flag, else MCP_MAX_SESSIONS, else the default; a whole number >= 1. */
export function maxSessions(flag: number | undefined, env: string | undefined): number {
  if (flag !== undefined) return parseNumber('--max-sessions', String(flag), SESSIONS);
  if (env === undefined || env.trim() === '') return DEFAULT_MAX_SESSIONS;
  return parseNumber('MCP_MAX_SESSIONS', env, SESSIONS);
}

/**
 * The OAuth mode's settings (--auth cloudstack): HTTP only, MCP_TOKEN_KEY required (it seals every token,
 * and the person's CloudStack keys inside), never with MCP_AUTH_TOKEN, and the public URL (the issuer) as
 * an http(s) origin. Undefined in the other modes.
 */
export function oauthSettings(
  mode: AuthMode,
  transport: 'stdio' | 'http',
  env: NodeJS.ProcessEnv,
  publicUrlFlag: string | undefined,
): { tokenKey: string; publicUrl: string | undefined } | undefined {
  if (mode !== 'cloudstack') return undefined;
  if (transport !== 'http') {
    throw new CliError(
      '--auth cloudstack needs --transport http: over stdio the client is the person at the keyboard',
      {
        hint: 'serve --transport http --auth cloudstack',
      },
    );
  }
  const tokenKey = env.MCP_TOKEN_KEY ?? '';
  if (tokenKey.trim().length < MIN_TOKEN_KEY_LENGTH) {
    throw new CliError(
      `--auth cloudstack needs MCP_TOKEN_KEY of at least ${MIN_TOKEN_KEY_LENGTH} characters (${tokenKey.trim() === '' ? 'unset' : `got ${tokenKey.trim().length}`})`,
      { hint: 'e.g. MCP_TOKEN_KEY=$(openssl rand -base64 32), the same on every replica' },
    );
  }
  if (env.MCP_AUTH_TOKEN) {
    throw new CliError(
      'MCP_AUTH_TOKEN and --auth cloudstack exclude each other: each person signs in instead',
      {
        hint: 'unset MCP_AUTH_TOKEN',
      },
    );
  }
  const text = publicUrlFlag ?? (env.MCP_PUBLIC_URL?.trim() || undefined);
  if (text === undefined) return { tokenKey: tokenKey.trim(), publicUrl: undefined };
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  // No path: the endpoints (/mcp, /oauth/*, /.well-known/*) sit at the root of the origin.
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new SettingError(
      publicUrlFlag !== undefined ? '--public-url' : 'MCP_PUBLIC_URL',
      'an http(s) origin such as https://mcp.example.com (no path)',
      text,
    );
  }
  return { tokenKey: tokenKey.trim(), publicUrl: url.href.replace(/\/+$/, '') };
}

function patterns(flag: string[] | undefined, env: string | undefined): string[] {
  return splitPatterns(flag && flag.length > 0 ? flag : env);
}

async function serve(args: ServeArgs): Promise<number> {
  // Everything opened so far, closed in reverse order on the way out, whether serving ended or failed.
  const closers: (() => Promise<unknown>)[] = [];
  const shutdown = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  };
  try {
    return await serveUntilDone(args, closers, shutdown);
  } finally {
    await shutdown();
  }
}

/** The one line a person running `serve` by hand in a terminal sees: it waits for a client on stdin. */
function terminalHint(stdinIsTerminal: boolean | undefined): string | undefined {
  if (!stdinIsTerminal) return undefined;
  return (
    'waiting for an MCP client on stdin (one JSON-RPC message per line; Ctrl-D ends). To try it: ' +
    `npx -y @modelcontextprotocol/inspector --cli ${process.execPath} ${process.argv[1] ?? 'dist/src/cli/index.js'} serve --simulator --method tools/list`
  );
}

async function serveUntilDone(
  args: ServeArgs,
  closers: (() => Promise<unknown>)[],
  shutdown: () => Promise<void>,
): Promise<number> {
  const env = process.env;
  // Every switch is read before anything starts, so a misspelt one stops the server instead of leaving
  // it writable (settings.ts).
  const level = args['log-level'] ?? envChoice(env, 'MCP_LOG_LEVEL', LOG_LEVELS) ?? 'info';
  const readOnly = args['read-only'] ?? envBoolean(env, 'MCP_READ_ONLY') ?? false;
  const stateless = args.stateless ?? envBoolean(env, 'MCP_STATELESS') ?? false;
  const answerBytes = maxAnswerBytes(args['max-answer-bytes'], env.MCP_MAX_ANSWER_BYTES);
  const { host, port } =
    args.addr !== undefined
      ? parseAddr(args.addr, '--addr')
      : parseAddr(env.MCP_ADDR?.trim() || DEFAULT_MCP_ADDR, 'MCP_ADDR');
  let connection = resolveConnection(args, env);
  const authMode = args.auth ?? envChoice(env, 'MCP_AUTH', AUTH_MODES) ?? 'token';
  const oauth = oauthSettings(authMode, args.transport, env, args['public-url']);
  const authToken = env.MCP_AUTH_TOKEN || undefined;
  const confirmSecret = env.MCP_CONFIRM_SECRET || undefined;

  // HTTP settings are checked before anything starts, so a refusal is the only line printed.
  const httpSettings =
    args.transport === 'http'
      ? {
          host,
          port,
          allowedHosts: patterns(args['allowed-hosts'], env.MCP_ALLOWED_HOSTS),
          unsafeNoAuth: args['unsafe-no-auth'] ?? envBoolean(env, 'MCP_UNSAFE_NO_AUTH') ?? false,
          maxSessions: maxSessions(args['max-sessions'], env.MCP_MAX_SESSIONS),
        }
      : undefined;
  const exposure = httpSettings && exposureProblem({ ...httpSettings, authToken, auth: oauth });
  if (exposure) throw new CliError(exposure);

  if (args['seed-team'] && !args.simulator)
    throw new CliError('--seed-team seeds the embedded simulator: add --simulator');
  // Work that can wait until the client has its `initialize` answer (the simulator's engine, the first read
  // of listApis) waits for this: a client's start-up then waits only for what answering needs. Opened by the
  // stdio transport's first answer, by HTTP once listening, and in any case after STARTUP_GRACE_MS.
  let openGate!: () => void;
  const afterInitialize = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  const grace = setTimeout(() => openGate(), STARTUP_GRACE_MS);
  grace.unref();
  // The embedded simulator's jobs take a known time: poll for them then, not on CloudStack's 1.75 s grid.
  let pollSchedule: PollSchedule | undefined;
  let startSimulatorEngine: ((logger: Logger) => void) | undefined;
  if (args.simulator) {
    // Its socket now, so the client can be pointed at it; its engine (most of its code) after `initialize`.
    // Requests that come before wait for it (simulator/http/front.ts). Imported here, like the transports
    // below: what a run does not use is not loaded at start-up.
    const [{ openFront }, { DEFAULT_FAULTS }] = await Promise.all([
      import('../simulator/http/front.js'),
      import('../simulator/faults.js'),
    ]);
    const front = await openFront('127.0.0.1', 0);
    closers.push(() => front.close());
    // Random keys, known before the engine exists (the seed's would be the same on every run).
    const adminKeys = { apiKey: randomKey(), secretKey: randomKey() };
    const jobDurationMs = args['simulator-job-ms'];
    startSimulatorEngine = (logger) => {
      void afterInitialize
        .then(async () => {
          const { startSimulator } = await import('../simulator/index.js');
          const simulator = await startSimulator({
            front,
            adminKeys,
            ...(jobDurationMs !== undefined ? { jobDurationMs } : {}),
            seedTeam: args['seed-team'] === true,
          });
          if (simulator.team) {
            // Who else can sign in (--auth cloudstack); their password is in the README, never in a log.
            const { domainAdmin, user } = simulator.team;
            logger.info(
              `simulator: domain ${domainAdmin.domain} seeded with ${domainAdmin.username} (Domain Admin) and ${user.username} (User)`,
            );
          }
        })
        .catch((error: unknown) => {
          front.fail(error);
          logger.error(
            `simulator: could not start: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
    };
    pollSchedule = pollScheduleFor(jobDurationMs ?? DEFAULT_FAULTS.jobDurationMs);
    connection = {
      ...connection,
      apiUrl: front.url,
      apiKey: adminKeys.apiKey,
      secretKey: adminKeys.secretKey,
      username: undefined,
      password: undefined,
    };
  }
  if (oauth) {
    const secrets = [oauth.tokenKey, confirmSecret];
    const logger = createLogger({ level, secrets });
    startSimulatorEngine?.(logger);
    // No one initialize to wait for: people come and go over HTTP.
    openGate();
    return serveOAuth({
      args,
      oauth,
      connection,
      pollSchedule,
      logger,
      level,
      secrets,
      readOnly,
      stateless,
      answerBytes,
      confirmSecret,
      httpSettings,
      closers,
    });
  }
  requireCredentials(connection);
  const secrets = [connection.apiKey, connection.secretKey, connection.password, authToken, confirmSecret];
  const logger = createLogger({ level, secrets });
  startSimulatorEngine?.(logger);

  let apiKey = connection.apiKey;
  let secretKey = connection.secretKey;
  if (!(apiKey && secretKey)) {
    // Username/password: log in once and use that user's API keys, so every request is signed.
    const keys = await obtainUserKeys({
      apiUrl: connection.apiUrl,
      username: connection.username,
      password: connection.password,
      domain: connection.domain,
      timeoutMs: connection.timeout * 1000,
    });
    apiKey = keys.apiKey;
    secretKey = keys.secretKey;
    secrets.push(apiKey, secretKey);
    logger.info(`logged in as ${keys.username}${keys.created ? ' (API keys created)' : ''}`);
  }
  const client: CloudStackClient = createClient({
    apiUrl: connection.apiUrl,
    apiKey,
    secretKey,
    timeoutMs: connection.timeout * 1000,
    userAgent: 'cloudstack-mcp-server',
    ...(pollSchedule ? { pollSchedule } : {}),
  });
  closers.push(() => client.close());

  // listApis is read while the client connects, not before initialize is answered: a look-up of a name
  // the bindings lack, or a search, waits for that read (catalog/load.ts).
  let firstFailed = false;
  const { catalog, bindings, refresher, reading } = await loadCatalog({
    caller: client,
    live: args['live-apis'],
    wait: false,
    startAfter: afterInitialize,
    // CloudStack may come up after the server (a client starts it at launch): keep trying listApis.
    keepTrying: true,
    refresh: {
      timeoutMs: Math.min(connection.timeout * 1000, 15_000),
      onLoaded: (added) => {
        logger.info(`catalog: listApis read${firstFailed ? ' at last' : ''}: ${added} more APIs from it`);
      },
    },
  });
  if (refresher) closers.push(async () => refresher.close());
  void reading?.then(() => {
    if (refresher && !refresher.complete && !refresher.isClosed) {
      firstFailed = true;
      logger.warn(
        `listApis failed, serving the bindings only until it answers (retrying): ${refresher.lastError ?? 'interrupted'}`,
      );
    }
  });
  // Without bindings there is nothing to serve but what listApis gives: wait for it.
  if (catalog.size === 0) {
    openGate();
    await reading;
  }
  if (catalog.size === 0) {
    throw new CliError('no API catalog: generated/ is empty and listApis gave nothing', {
      hint: 'run `cloudstack-mcp codegen` or check the connection',
    });
  }

  const allow = patterns(args.allow, env.MCP_ALLOW);
  const deny = patterns(args.deny, env.MCP_DENY);
  const signer = new TokenSigner(confirmSecret);
  if (!confirmSecret)
    logger.debug('MCP_CONFIRM_SECRET unset: confirmation tokens and cursors work on this process only');
  const build = () =>
    createServer({
      caller: client,
      catalog,
      readOnly,
      allow,
      deny,
      signer,
      logger,
      secrets,
      maxAnswerBytes: answerBytes,
    });
  const offered = build();
  closers.push(() => offered.close());
  logger.info(
    `catalog: ${bindings} APIs from the bindings${reading ? ', listApis being read' : ''}; tools: ${offered.tools.length}` +
      `${readOnly ? ' (read-only)' : ''}${allow.length ? `; allow ${allow.join(',')}` : ''}${deny.length ? `; deny ${deny.join(',')}` : ''}`,
  );

  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', {
      reason: reason instanceof Error ? reason.message : String(reason),
    });
  });

  if (args.transport === 'stdio') {
    process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));
    process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
    logger.info(`serving MCP over stdio against ${connection.apiUrl}`);
    const hint = terminalHint(process.stdin.isTTY);
    if (hint) logger.info(hint);
    const { runStdioTransport } = await import('../mcp/transports/stdio.js');
    await runStdioTransport(offered, { logger, onFirstAnswer: openGate });
    return 0;
  }

  await offered.close();
  if (!httpSettings) throw new Error('HTTP settings are missing with --transport http');
  const { startHttpTransport } = await import('../mcp/transports/http.js');
  const http = await startHttpTransport({
    ...httpSettings,
    createMcpServer: build,
    authToken,
    allowedOrigins: patterns(args['allowed-origins'], env.MCP_ALLOWED_ORIGINS),
    stateless,
    logger,
  }).catch((error: unknown) => {
    throw addressInUse(error, `--addr ${host.includes(':') ? `[${host}]` : host}:0`) ?? error;
  });
  closers.push(() => http.close());
  openGate();
  logger.info(
    `serving MCP at ${http.url} (${stateless ? 'stateless' : 'sessions'}${authToken ? ', bearer token required' : ''}) against ${connection.apiUrl}`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down');
  return 0;
}

/**
 * The OAuth mode: no service account; each person signs in with CloudStack (src/mcp/auth/) and every MCP
 * server acts with that person's keys, catalog (their listApis) and token bindings.
 */
async function serveOAuth(setup: {
  args: ServeArgs;
  oauth: { tokenKey: string; publicUrl: string | undefined };
  connection: ReturnType<typeof resolveConnection>;
  pollSchedule: PollSchedule | undefined;
  logger: Logger;
  level: LogLevel;
  secrets: (string | undefined)[];
  readOnly: boolean;
  stateless: boolean;
  answerBytes: number;
  confirmSecret: string | undefined;
  httpSettings:
    | { host: string; port: number; allowedHosts: string[]; unsafeNoAuth: boolean; maxSessions: number }
    | undefined;
  closers: (() => Promise<unknown>)[];
}): Promise<number> {
  const { args, oauth, connection, logger, closers, httpSettings } = setup;
  if (!httpSettings) throw new Error('HTTP settings are missing with --auth cloudstack');
  const env = process.env;
  const timeoutMs = connection.timeout * 1000;
  const [{ loadBindings }, { OAuthServer }, { People }, { signIn }, { startHttpTransport }] =
    await Promise.all([
      import('../catalog/load.js'),
      import('../mcp/auth/oauth.js'),
      import('../mcp/auth/people.js'),
      import('../mcp/auth/person.js'),
      import('../mcp/transports/http.js'),
    ]);
  const people = new People({
    apiUrl: connection.apiUrl,
    timeoutMs,
    pollSchedule: setup.pollSchedule,
    bindings: await loadBindings(),
    liveApis: args['live-apis'],
    logLevel: setup.level,
    secrets: setup.secrets,
    // A refused call (user disabled, keys changed) makes the person's next request re-check with CloudStack.
    onRefused: (person) => server.recheck(person),
  });
  closers.push(() => people.close());
  const server = new OAuthServer({
    tokenKey: oauth.tokenKey,
    publicUrl: oauth.publicUrl,
    logger,
    signIn: (form) => signIn({ apiUrl: connection.apiUrl, timeoutMs }, form),
    checkPerson: (person) => people.check(person),
  });
  const allow = patterns(args.allow, env.MCP_ALLOW);
  const deny = patterns(args.deny, env.MCP_DENY);
  const signer = new TokenSigner(setup.confirmSecret);
  const http = await startHttpTransport({
    ...httpSettings,
    auth: server,
    createMcpServer: (principal) => {
      if (!principal) throw new Error('--auth cloudstack: a request reached MCP without a person');
      const { person } = principal as OAuthPrincipal;
      return createServer({
        caller: people.client(person),
        catalog: people.catalog(person),
        readOnly: setup.readOnly,
        allow,
        deny,
        signer: signer.forSubject(principal.subject),
        logger: people.logger(person),
        secrets: [...setup.secrets, person.k, person.s],
        maxAnswerBytes: setup.answerBytes,
      });
    },
    allowedOrigins: patterns(args['allowed-origins'], env.MCP_ALLOWED_ORIGINS),
    stateless: setup.stateless,
    logger,
  }).catch((error: unknown) => {
    throw (
      addressInUse(
        error,
        `--addr ${httpSettings.host.includes(':') ? `[${httpSettings.host}]` : httpSettings.host}:0`,
      ) ?? error
    );
  });
  closers.push(() => http.close());
  logger.info(
    `serving MCP at ${http.url} (${setup.stateless ? 'stateless' : 'sessions'}, OAuth: each person signs in with CloudStack` +
      `${oauth.publicUrl ? `, issuer ${oauth.publicUrl}` : ''}) against ${connection.apiUrl}`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down');
  return 0;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'the MCP server (stdio, or Streamable HTTP at /mcp)',
  builder: (yargs) =>
    withConnectionOptions(yargs as Argv<object>)
      .option('transport', {
        choices: ['stdio', 'http'] as const,
        default: 'stdio' as const,
        describe: 'stdio for a local client, http for Streamable HTTP at /mcp',
      })
      .option('auth', {
        choices: AUTH_MODES,
        describe:
          'HTTP authentication: token (MCP_AUTH_TOKEN, one service account) or cloudstack (OAuth: each person signs in with CloudStack and acts as themselves; needs MCP_TOKEN_KEY) [MCP_AUTH, default token]',
      })
      .option('public-url', {
        type: 'string',
        describe:
          'with --auth cloudstack: the URL clients reach the server at, e.g. https://mcp.example.com (the OAuth issuer) [MCP_PUBLIC_URL, default http://<Host>]',
      })
      .option('addr', {
        type: 'string',
        describe: `HTTP listen address [MCP_ADDR, default ${DEFAULT_MCP_ADDR}]`,
      })
      .option('simulator', {
        type: 'boolean',
        default: false,
        describe: 'run against the embedded simulator',
      })
      .option(
        'simulator-job-ms',
        numberOption('simulator-job-ms', MILLISECONDS, {
          describe: 'with --simulator: how long its async jobs take, in ms (default 100)',
        }),
      )
      .option('seed-team', {
        type: 'boolean',
        describe:
          'with --simulator: also seed domain /child with a Domain Admin (childadmin) and a User (childuser), to sign in as with --auth cloudstack',
      })
      .option('read-only', { type: 'boolean', describe: 'only read APIs; no mutating tools [MCP_READ_ONLY]' })
      .option('allow', {
        type: 'string',
        array: true,
        describe: 'API name globs callApi may call [MCP_ALLOW]',
      })
      .option('deny', {
        type: 'string',
        array: true,
        describe: 'API name globs refused; deny wins [MCP_DENY]',
      })
      .option('stateless', {
        type: 'boolean',
        describe: 'HTTP without sessions: any replica answers any request [MCP_STATELESS]',
      })
      .option('allowed-hosts', {
        type: 'string',
        array: true,
        describe: 'Host names accepted [MCP_ALLOWED_HOSTS]',
      })
      .option(
        'max-sessions',
        numberOption('max-sessions', SESSIONS, {
          describe: `HTTP sessions held at once; at the cap the least recently seen unused one is closed, else 503 [MCP_MAX_SESSIONS, default ${DEFAULT_MAX_SESSIONS}]`,
        }),
      )
      .option('unsafe-no-auth', {
        type: 'boolean',
        describe:
          'serve HTTP beyond loopback with neither MCP_AUTH_TOKEN nor --allowed-hosts: anyone who reaches the port uses it [MCP_UNSAFE_NO_AUTH]',
      })
      .option('allowed-origins', {
        type: 'string',
        array: true,
        describe: 'Origins accepted [MCP_ALLOWED_ORIGINS]',
      })
      .option('live-apis', {
        type: 'boolean',
        default: true,
        describe: 'add APIs only the server knows, from its listApis (--no-live-apis to skip)',
      })
      .option(
        'max-answer-bytes',
        numberOption('max-answer-bytes', ANSWER_BYTES, {
          describe: `largest tool answer in bytes; longer lists are cut with a cursor [MCP_MAX_ANSWER_BYTES, default ${DEFAULT_MAX_ANSWER_BYTES}]`,
        }),
      )
      .option('log-level', {
        choices: ['debug', 'info', 'warn', 'error', 'silent'] as const,
        describe: 'stderr log level [MCP_LOG_LEVEL, default info]',
      }) as unknown as Argv<ServeArgs>,
  handler: (args) =>
    runCommand(
      'serve',
      () => serve(args),
      () => resolveConnection(args),
    ),
};
