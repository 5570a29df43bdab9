// `cloudstack-mcp service-account check|ensure`: the account the MCP server runs as. With admin credentials
// (keys or username/password) `ensure` finds or creates the `mcp-service` account in the ROOT domain with
// its own role (a copy of Domain Admin's, so operators can trim it without touching admin), reads or makes
// its user's API keys, proves they sign a listZones, and prints them as env lines or writes them to a .env
// file with mode 0600. Rerunning changes nothing and keeps the keys. `check` says the same without changing
// anything and without showing secrets. Progress goes to stderr; stdout carries only the env lines.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { CloudStackCaller } from '../cloudstack/types.js';
import { type ApiKeys, pickKeys, readUserKeys } from '../cloudstack/user-keys.js';
import {
  type ConnectionConfig,
  type ConnectionFlags,
  lazyConnection,
  withConnectionOptions,
} from './config.js';
import { clientFrom } from './connect.js';
import { type CheckResult, CliError, printCheck, runCommand } from './output.js';

export const DEFAULT_ACCOUNT = 'mcp-service';
const BASE_ROLE = 'Domain Admin';
const ROLE_TYPE = 'DomainAdmin';

type Row = Record<string, unknown>;

interface Found {
  account: Row;
  user: Row;
  keys: ApiKeys | undefined;
}

export interface EnsureResult {
  accountId: string;
  userId: string;
  apiKey: string;
  secretKey: string;
  steps: CheckResult[];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function list(response: Row, key: string): Row[] {
  const items = response[key];
  return Array.isArray(items) ? (items as Row[]) : [];
}

/** An API key shown without giving it away: its first and last four characters. */
export function maskKey(key: string): string {
  return key.length <= 12 ? '****' : `${key.slice(0, 4)}…${key.slice(-4)}`;
}

/** The ROOT domain, or the caller's own top domain when it cannot see ROOT (a domain admin). */
async function targetDomain(caller: CloudStackCaller): Promise<Row> {
  const domains = list(await caller.request('listDomains', { listall: true }), 'domain');
  const root =
    domains.find((domain) => domain.path === 'ROOT' || domain.level === 0 || domain.level === '0') ??
    [...domains].sort((a, b) => Number(a.level ?? 0) - Number(b.level ?? 0))[0];
  if (!root) throw new CliError('listDomains shows no domain for these credentials');
  return root;
}

async function findAccount(
  caller: CloudStackCaller,
  name: string,
  domainId: string,
): Promise<Row | undefined> {
  const accounts = list(
    await caller.request('listAccounts', { name, domainid: domainId, listall: true }),
    'account',
  );
  return accounts.find((account) => account.name === name && str(account.domainid) === domainId);
}

async function findUser(caller: CloudStackCaller, account: Row): Promise<Row | undefined> {
  const embedded = list(account, 'user');
  const users =
    embedded.length > 0
      ? embedded
      : list(
          await caller.request('listUsers', {
            account: account.name as string,
            domainid: str(account.domainid),
          }),
          'user',
        );
  return users.find((user) => user.username === account.name) ?? users[0];
}

async function find(caller: CloudStackCaller, name: string, domainId: string): Promise<Found | undefined> {
  const account = await findAccount(caller, name, domainId);
  if (!account) return undefined;
  const user = await findUser(caller, account);
  if (!user) throw new CliError(`account ${name} exists but has no user`);
  // Before 4.10 (no getUserKeys) the keys are on the user row found above.
  return { account, user, keys: await readUserKeys(caller, str(user.id), async () => user) };
}

async function findRole(caller: CloudStackCaller, name: string): Promise<Row | undefined> {
  const roles = list(await caller.request('listRoles', { name }), 'role');
  return roles.find((role) => role.name === name);
}

/** Whether this CloudStack's createRole can copy another role (`roleid`, CloudStack 4.15 and later). */
async function canCloneRoles(caller: CloudStackCaller): Promise<boolean> {
  try {
    const apis = list(await caller.request('listApis', { name: 'createRole' }), 'api');
    return list(apis[0] ?? {}, 'params').some((param) => param.name === 'roleid');
  } catch {
    return false;
  }
}

/** The account's role: an existing one by name, or a new copy of Domain Admin, or Domain Admin itself. */
async function ensureRole(caller: CloudStackCaller, roleName: string, steps: CheckResult[]): Promise<Row> {
  const existing = await findRole(caller, roleName);
  if (existing) {
    steps.push({ ok: true, text: `role ${roleName} exists (${str(existing.type)})` });
    return existing;
  }
  const base = await findRole(caller, BASE_ROLE);
  if (!base) throw new CliError(`neither role ${roleName} nor the built-in ${BASE_ROLE} role exists`);
  if (!(await canCloneRoles(caller))) {
    steps.push({
      ok: true,
      text: `using the built-in ${BASE_ROLE} role (this CloudStack cannot copy roles)`,
    });
    return base;
  }
  const created = (
    await caller.request<Row>('createRole', {
      name: roleName,
      roleid: str(base.id),
      description: `cloudstack-mcp service account (a copy of ${BASE_ROLE}; trim its rules to limit the MCP server)`,
    })
  ).role as Row | undefined;
  if (!created?.id) throw new CliError('createRole answered without a role');
  steps.push({ ok: true, text: `created role ${roleName} (${ROLE_TYPE}, a copy of ${BASE_ROLE})` });
  return created;
}

/** Finds or creates the account, its user and its keys. Idempotent. */
export async function ensureServiceAccount(
  caller: CloudStackCaller,
  options: { account: string; role?: string },
): Promise<EnsureResult> {
  const steps: CheckResult[] = [];
  const domain = await targetDomain(caller);
  const domainId = str(domain.id);
  let found = await find(caller, options.account, domainId);
  if (found) {
    steps.push({
      ok: true,
      text: `account ${options.account} exists in domain ${str(domain.path ?? domain.name)} (role ${str(found.account.rolename) || str(found.account.roletype) || 'unknown'})`,
    });
  } else {
    const role = await ensureRole(caller, options.role ?? options.account, steps);
    await caller.request('createAccount', {
      account: options.account,
      username: options.account,
      // Nobody logs in with it: the server uses the API keys. It is random and never shown.
      password: randomBytes(24).toString('base64url'),
      email: `${options.account}@cloudstack-mcp.invalid`,
      firstname: 'MCP',
      lastname: 'Service',
      domainid: domainId,
      roleid: str(role.id),
    });
    found = await find(caller, options.account, domainId);
    if (!found)
      throw new CliError(`createAccount succeeded but listAccounts does not show ${options.account}`);
    steps.push({
      ok: true,
      text: `created account ${options.account} in domain ${str(domain.path ?? domain.name)} with role ${str(role.name)}`,
    });
  }
  for (const [what, row] of [
    ['account', found.account],
    ['user', found.user],
  ] as const) {
    const state = str(row.state).toLowerCase();
    if (state && state !== 'enabled') {
      throw new CliError(`the ${what} ${options.account} is ${state}`, {
        hint: `enable it (UI, or cloudstack-mcp call ${what === 'account' ? 'enableAccount' : 'enableUser'} id=${str(row.id)})`,
      });
    }
  }
  let keys = found.keys;
  if (keys) {
    steps.push({
      ok: true,
      text: `API keys of user ${options.account} exist (kept, apikey ${maskKey(keys.apiKey)})`,
    });
  } else {
    keys = pickKeys(await caller.request('registerUserKeys', { id: str(found.user.id) }));
    if (!keys) throw new CliError('registerUserKeys answered without keys');
    steps.push({
      ok: true,
      text: `registered API keys for user ${options.account} (apikey ${maskKey(keys.apiKey)})`,
    });
  }
  return { accountId: str(found.account.id), userId: str(found.user.id), ...keys, steps };
}

/** Proves a key pair works: a signed listZones. */
async function keysWork(config: ConnectionConfig, keys: ApiKeys): Promise<CheckResult> {
  const client = clientFrom(config, keys);
  try {
    const zones = list(await client.request('listZones', {}), 'zone');
    return {
      ok: true,
      text: `the keys sign listZones (${zones.length} zone${zones.length === 1 ? '' : 's'})`,
    };
  } finally {
    await client.close();
  }
}

export function envLines(apiUrl: string, keys: ApiKeys): Record<string, string> {
  return {
    CLOUDSTACK_API_URL: apiUrl,
    CLOUDSTACK_API_KEY: keys.apiKey,
    CLOUDSTACK_SECRET_KEY: keys.secretKey,
  };
}

/**
 * Sets these variables in a .env file, keeping its other lines, and leaves it with mode 0600. The new file
 * is written beside the old one and renamed over it, so a reader never sees half a file.
 */
export function writeEnvFile(file: string, values: Record<string, string>): void {
  const kept = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => {
          const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
          return !(name && name in values);
        })
    : [];
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  const lines = [...kept, ...Object.entries(values).map(([name, value]) => `${name}=${value}`)];
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

interface Args extends ConnectionFlags {
  action: 'check' | 'ensure';
  account: string;
  role?: string;
  'write-env'?: string;
}

async function check(config: ConnectionConfig, account: string): Promise<number> {
  const client = clientFrom(config);
  try {
    const domain = await targetDomain(client);
    const found = await find(client, account, str(domain.id));
    if (!found) {
      printCheck({
        ok: false,
        text: `no account ${account} in domain ${str(domain.path ?? domain.name)}`,
        hint: 'create it: cloudstack-mcp service-account ensure (task mcp:service-account:create)',
      });
      return 1;
    }
    const state = str(found.account.state).toLowerCase();
    printCheck({
      ok: state === '' || state === 'enabled',
      text: `account ${account} (id ${str(found.account.id)}, role ${str(found.account.rolename) || str(found.account.roletype) || 'unknown'}, ${state || 'state unknown'})`,
      hint: `enable it: cloudstack-mcp call enableAccount id=${str(found.account.id)}`,
    });
    if (!found.keys) {
      printCheck({
        ok: false,
        text: `user ${str(found.user.username)} has no API keys`,
        hint: 'cloudstack-mcp service-account ensure',
      });
      return 1;
    }
    printCheck({
      ok: true,
      text: `user ${str(found.user.username)} has API keys (apikey ${maskKey(found.keys.apiKey)})`,
    });
    const works = await keysWork(config, found.keys);
    printCheck(works);
    return state === '' || state === 'enabled' ? 0 : 1;
  } finally {
    await client.close();
  }
}

async function ensure(config: ConnectionConfig, args: Args): Promise<number> {
  const client = clientFrom(config);
  let result: EnsureResult;
  try {
    result = await ensureServiceAccount(client, {
      account: args.account,
      ...(args.role ? { role: args.role } : {}),
    });
  } finally {
    await client.close();
  }
  for (const step of result.steps) printCheck(step, process.stderr);
  printCheck(await keysWork(config, result), process.stderr);
  const values = envLines(config.apiUrl, result);
  const target = args['write-env'];
  if (target === undefined) {
    for (const [name, value] of Object.entries(values)) process.stdout.write(`${name}=${value}\n`);
  } else {
    const file = target === '' ? '.env' : target;
    writeEnvFile(file, values);
    process.stderr.write(`wrote ${Object.keys(values).join(', ')} to ${file} (mode 0600)\n`);
  }
  return 0;
}

export const serviceAccountCommand: CommandModule<object, Args> = {
  command: 'service-account <action>',
  describe: 'the mcp-service account the MCP server runs as: check it, or ensure it exists with API keys',
  builder: (yargs) =>
    withConnectionOptions(yargs as Argv)
      .positional('action', {
        choices: ['check', 'ensure'] as const,
        describe: 'check: report (no secrets shown); ensure: find or create the account and its keys',
        demandOption: true,
      })
      .option('account', { type: 'string', default: DEFAULT_ACCOUNT, describe: 'account and user name' })
      .option('role', {
        type: 'string',
        describe: 'role for a new account (default: a role named like the account, copied from Domain Admin)',
      })
      .option('write-env', {
        type: 'string',
        describe: 'ensure: write the keys to this .env file (default .env) instead of printing them',
      })
      .example('$0 service-account ensure --write-env', 'make mcp-service and its keys; write them to .env')
      .example(
        '$0 service-account check',
        'is the account there, with working keys?',
      ) as unknown as Argv<Args>,
  handler: (args) => {
    const connection = lazyConnection(args);
    return runCommand(
      `service-account ${args.action}`,
      () => (args.action === 'check' ? check(connection(), args.account) : ensure(connection(), args)),
      connection,
    );
  },
};
