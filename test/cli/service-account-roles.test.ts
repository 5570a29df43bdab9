// ensureServiceAccount's role handling against a CloudStack that can copy roles (createRole roleid=, 4.15+),
// which the embedded simulator does not implement: an in-memory double answering like CloudStack.
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/output.js';
import { ensureServiceAccount } from '../../src/cli/service-account.js';
import { CloudStackApiError } from '../../src/cloudstack/errors.js';
import type { ApiParams, CloudStackCaller } from '../../src/cloudstack/types.js';

type Row = Record<string, unknown>;

function fakeCloudStack(options: { canClone: boolean; noGetUserKeys?: boolean }) {
  const calls: { command: string; params: ApiParams }[] = [];
  const roles: Row[] = [
    { id: 'r-admin', name: 'Admin', type: 'Admin' },
    { id: 'r-domain-admin', name: 'Domain Admin', type: 'DomainAdmin' },
  ];
  const accounts: Row[] = [];
  const keys = new Map<string, Row>();
  let next = 1;
  const caller: CloudStackCaller = {
    async request<T>(command: string, params: ApiParams = {}) {
      calls.push({ command, params });
      const p = params as Record<string, string>;
      const answer = ((): Row => {
        switch (command) {
          case 'listDomains':
            return { count: 1, domain: [{ id: 'd-root', name: 'ROOT', path: 'ROOT', level: 0 }] };
          case 'listRoles':
            return { role: roles.filter((role) => !p.name || role.name === p.name) };
          case 'listApis':
            return {
              api: [
                {
                  name: 'createRole',
                  params: [{ name: 'name' }, ...(options.canClone ? [{ name: 'roleid' }] : [])],
                },
              ],
            };
          case 'createRole': {
            const base = roles.find((role) => role.id === p.roleid);
            const role = { id: `r-${next++}`, name: p.name, type: base?.type ?? p.type };
            roles.push(role);
            return { role };
          }
          case 'createAccount': {
            const role = roles.find((r) => r.id === p.roleid);
            const account = {
              id: `a-${next++}`,
              name: p.account,
              domainid: p.domainid,
              rolename: role?.name,
              roletype: role?.type,
              state: 'enabled',
              user: [{ id: `u-${next++}`, username: p.username, state: 'enabled' }],
            };
            accounts.push(account);
            return { account };
          }
          case 'listAccounts':
            return { account: accounts.filter((a) => a.name === p.name && a.domainid === p.domainid) };
          case 'getUserKeys':
            if (options.noGetUserKeys) {
              // CloudStack before 4.10: no such API (432); listUsers shows the keys instead.
              throw new CloudStackApiError({
                command,
                httpStatus: 432,
                errorCode: 432,
                csErrorCode: undefined,
                errorText: 'The given command does not exist or it is not available for user',
                uuidList: [],
              });
            }
            return { userkeys: keys.get(p.id as string) ?? {} };
          case 'registerUserKeys': {
            const made = { apikey: `api-${p.id}-0123456789`, secretkey: `secret-${p.id}-0123456789` };
            keys.set(p.id as string, made);
            return { userkeys: made };
          }
          default:
            throw new Error(`unexpected ${command}`);
        }
      })();
      return answer as T;
    },
    requestAsync: () => Promise.reject(new Error('not used')),
    waitForJob: () => Promise.reject(new Error('not used')),
    listAll: () => Promise.reject(new Error('not used')),
  };
  return { caller, calls, accounts, roles };
}

describe('ensureServiceAccount roles', () => {
  it('copies Domain Admin into a role of its own, once', async () => {
    const cs = fakeCloudStack({ canClone: true });
    const first = await ensureServiceAccount(cs.caller, { account: 'mcp-service' });
    const createRole = cs.calls.find((call) => call.command === 'createRole');
    expect(createRole?.params).toMatchObject({ name: 'mcp-service', roleid: 'r-domain-admin' });
    expect(cs.accounts[0]).toMatchObject({
      name: 'mcp-service',
      rolename: 'mcp-service',
      roletype: 'DomainAdmin',
    });
    expect(first.steps.map((step) => step.text)).toEqual([
      'created role mcp-service (DomainAdmin, a copy of Domain Admin)',
      'created account mcp-service in domain ROOT with role mcp-service',
      'registered API keys for user mcp-service (apikey api-…6789)',
    ]);

    const before = cs.calls.length;
    const second = await ensureServiceAccount(cs.caller, { account: 'mcp-service' });
    const writes = cs.calls.slice(before).filter((call) => /^(create|register)/.test(call.command));
    expect(writes).toEqual([]);
    expect(second.apiKey).toBe(first.apiKey);
    expect(second.secretKey).toBe(first.secretKey);
    expect(cs.roles.filter((role) => role.name === 'mcp-service')).toHaveLength(1);
  });

  it('uses Domain Admin itself where roles cannot be copied, and a named role when asked', async () => {
    const old = fakeCloudStack({ canClone: false });
    await ensureServiceAccount(old.caller, { account: 'mcp-service' });
    expect(old.calls.some((call) => call.command === 'createRole')).toBe(false);
    expect(old.accounts[0]?.rolename).toBe('Domain Admin');

    const named = fakeCloudStack({ canClone: true });
    named.roles.push({ id: 'r-ro', name: 'Read-Only Admin - Default', type: 'Admin' });
    await ensureServiceAccount(named.caller, { account: 'mcp-ro', role: 'Read-Only Admin - Default' });
    expect(named.accounts[0]?.rolename).toBe('Read-Only Admin - Default');
    expect(named.calls.some((call) => call.command === 'createRole')).toBe(false);
  });

  it('reads the keys from the user row where getUserKeys does not exist (before 4.10), keeping them', async () => {
    const cs = fakeCloudStack({ canClone: true, noGetUserKeys: true });
    await ensureServiceAccount(cs.caller, { account: 'mcp-service' });
    const [user] = (cs.accounts[0] as Row).user as Row[];
    Object.assign(user as Row, { apikey: 'old-api-key-0123456789', secretkey: 'old-secret-key-0123456789' });
    const before = cs.calls.length;
    const again = await ensureServiceAccount(cs.caller, { account: 'mcp-service' });
    expect(again.apiKey).toBe('old-api-key-0123456789');
    expect(again.secretKey).toBe('old-secret-key-0123456789');
    expect(cs.calls.slice(before).map((call) => call.command)).not.toContain('registerUserKeys');
  });

  it('refuses a disabled account with a hint rather than handing out its keys', async () => {
    const cs = fakeCloudStack({ canClone: true });
    await ensureServiceAccount(cs.caller, { account: 'mcp-service' });
    (cs.accounts[0] as Row).state = 'disabled';
    const failure = ensureServiceAccount(cs.caller, { account: 'mcp-service' });
    await expect(failure).rejects.toBeInstanceOf(CliError);
    await expect(failure).rejects.toThrow('the account mcp-service is disabled');
  });
});
