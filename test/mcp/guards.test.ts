// The safety rules as an agent meets them through a real MCP client: the policy reaches every look-up a
// tool makes, credential and access APIs never act on the server's own user or account, and the VM tools
// answer by the VM's state.
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallerIdentity } from '../../src/cloudstack/types.js';
import { call, connect, errorOf, type Harness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(...args: Parameters<typeof connect>): Promise<Harness> {
  harness = await connect(...args);
  return harness;
}

const commandsCalled = (harness: Harness) => harness.cloud.calls.map((entry) => entry.command);

describe('--deny and --allow reach the tools’ own look-ups', () => {
  it('never lists VMs for a tool when listVirtualMachines is denied, and names no other VM', async () => {
    const h = await start({ deny: ['listVirtualMachines'] });
    h.cloud.addVms(2);
    const [payroll, other] = h.cloud.vms as [Record<string, unknown>, Record<string, unknown>];
    payroll.name = 'payroll-db';
    other.name = 'secret-project-vm';

    const stop = await call(h.client, 'stopVM', { vm: 'payroll-db' });
    expect(errorOf(stop)).toMatchObject({ kind: 'not_allowed', api: 'listVirtualMachines' });
    expect(errorOf(stop).message).toContain('give its id instead');
    const unknown = await call(h.client, 'startVM', { vm: 'nosuch' });
    expect(errorOf(unknown).kind).toBe('not_allowed');
    expect(unknown.text).not.toContain('secret-project-vm');
    expect(unknown.text).not.toContain('Available');
    expect(commandsCalled(h)).not.toContain('listVirtualMachines');

    // A tool that cannot work without the list is not offered at all.
    const names = (await h.client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('destroyVM');
    expect(names).not.toContain('getVMStatus');
    expect(names).toContain('stopVM');

    // By id the action needs no list: it runs, unchecked.
    const byId = await call(h.client, 'stopVM', { vm: String(payroll.id) });
    expect(byId.structured).toMatchObject({ status: 'done' });
    expect(commandsCalled(h)).not.toContain('listVirtualMachines');

    // A generic destroy's confirmation shows no target found with the denied list, and says the token
    // is bound to the parameters only.
    const destroy = await call(h.client, 'callApi', {
      api: 'destroyVirtualMachine',
      params: { id: String(other.id) },
    });
    const confirmation = destroy.structured.confirmation as Record<string, unknown>;
    expect(destroy.structured.status).toBe('confirmation_required');
    expect(confirmation.target).toBeUndefined();
    expect(confirmation.tokenBinding).toContain('parameters only');
    expect(destroy.text).not.toContain('secret-project-vm');
    expect(commandsCalled(h)).not.toContain('listVirtualMachines');
  });

  it('refuses a name look-up outside --allow, and a zone name with listZones denied', async () => {
    const h = await start({ allow: ['*VirtualMachine*', 'queryAsyncJobResult'] });
    const listed = await call(h.client, 'listVirtualMachines', { zone: 'zone-a' });
    expect(errorOf(listed)).toMatchObject({ kind: 'not_allowed', api: 'listZones' });
    expect(listed.text).not.toContain('zone-b');
    expect(commandsCalled(h)).toEqual([]);
  });

  it('does not start a job it may not follow: the status API denied, waiting is refused first', async () => {
    const h = await start({ deny: ['queryAsyncJobResult'] });
    h.cloud.addVms(1);
    const vm = h.cloud.vms[0] as Record<string, unknown>;
    vm.state = 'Stopped';
    const waited = await call(h.client, 'startVM', { vm: 'vm-1' });
    expect(errorOf(waited)).toMatchObject({ kind: 'not_allowed', api: 'queryAsyncJobResult' });
    expect(errorOf(waited).message).toContain('wait: false');
    expect(commandsCalled(h)).not.toContain('startVirtualMachine');
    const pending = await call(h.client, 'startVM', { vm: 'vm-1', wait: false });
    expect(pending.structured).toMatchObject({ status: 'pending' });
  });

  it('classes a read that acts by its parameters: read-only refuses performfreshchecks=true', async () => {
    const h = await start({ readOnly: true });
    const fresh = await call(h.client, 'callApi', {
      api: 'getRouterHealthCheckResults',
      params: { routerid: '6c1f2f6e-7d39-4bb5-8b87-2c1c1ad2a001', performfreshchecks: true },
    });
    expect(errorOf(fresh)).toMatchObject({ kind: 'not_allowed', class: 'write' });
    expect(errorOf(fresh).message).toContain('runs the health checks');
    const diagnostics = await call(h.client, 'callApi', {
      api: 'getDiagnosticsData',
      params: { targetid: '6c1f2f6e-7d39-4bb5-8b87-2c1c1ad2a001' },
    });
    expect(errorOf(diagnostics)).toMatchObject({ kind: 'not_allowed', class: 'write' });
    expect(commandsCalled(h)).toEqual([]);
  });
});

describe('credential and access APIs', () => {
  const own: CallerIdentity = {
    userId: '11111111-1111-4111-8111-111111111111',
    username: 'mcp-service',
    accountId: '22222222-2222-4222-8222-222222222222',
    account: 'mcp-service',
    domainId: '33333333-3333-4333-8333-333333333333',
    roleId: '44444444-4444-4444-8444-444444444444',
  };
  const other = '55555555-5555-4555-8555-555555555555';

  it("refuses outright any that would act on the server's own user, account or role", async () => {
    const h = await start();
    h.cloud.identity = async () => own;
    const refused: [string, Record<string, unknown>][] = [
      ['registerUserKeys', { id: own.userId }],
      ['updateUser', { id: own.userId, password: 'x' }],
      ['disableAccount', { id: own.accountId, lock: false }],
      ['disableAccount', { account: 'MCP-Service', domainid: own.domainId, lock: false }],
      ['lockAccount', { account: 'mcp-service', domainid: own.domainId }],
      ['setupUserTwoFactorAuthentication', { userid: own.userId }],
      ['createNetworkPermissions', { networkid: other, accountids: [other, own.accountId] }],
      ['createRolePermission', { roleid: own.roleId, rule: '*', permission: 'deny' }],
      ['moveUser', { id: own.userId, accountid: other }],
    ];
    for (const [api, params] of refused) {
      const answer = await call(h.client, 'callApi', { api, params, confirm: 'anything' });
      expect(errorOf(answer), api).toMatchObject({ kind: 'not_allowed', reason: 'own_identity' });
      expect(errorOf(answer).message).toContain("the server's own");
    }
    expect(commandsCalled(h)).toEqual([]);
  });

  it('asks for confirmation for anyone else, and fails closed when the server does not know itself', async () => {
    const h = await start();
    h.cloud.identity = async () => own;
    const rotate = await call(h.client, 'callApi', { api: 'registerUserKeys', params: { id: other } });
    expect(rotate.structured.status).toBe('confirmation_required');
    const confirmation = rotate.structured.confirmation as Record<string, unknown>;
    expect(confirmation.consequence).toContain('changes credentials or access');
    expect(confirmation.notes).toBeUndefined();
    const done = await call(h.client, 'callApi', {
      api: 'registerUserKeys',
      params: { id: other },
      confirm: confirmation.confirmToken,
    });
    expect(done.structured.status).toBe('done');
    // Another domain's account of the same name is not the server's.
    const elsewhere = await call(h.client, 'callApi', {
      api: 'disableAccount',
      params: { account: 'mcp-service', domainid: other, lock: false },
    });
    expect(elsewhere.structured.status).toBe('confirmation_required');
    // Using the server's role for another account is not changing it.
    const sameRole = await call(h.client, 'callApi', {
      api: 'updateAccount',
      params: { id: other, roleid: own.roleId },
    });
    expect(sameRole.structured.status).toBe('confirmation_required');

    // Identity unknown: still confirmation, and the confirmation says the server could not check.
    h.cloud.identity = async () => {
      throw new Error('getUser: 401');
    };
    const unknown = await call(h.client, 'callApi', { api: 'registerUserKeys', params: { id: own.userId } });
    expect(unknown.structured.status).toBe('confirmation_required');
    expect(JSON.stringify(unknown.structured.confirmation)).toContain(
      'could not find out which CloudStack user',
    );
  });
});

describe('confirmations', () => {
  it('take a destroyVM token once: replayed here or on a replica sharing the secret, it is refused', async () => {
    const h = await start({ secret: 'shared-secret' });
    const replica = await connect({ caller: h.cloud, secret: 'shared-secret' });
    try {
      h.cloud.addVms(1);
      const asked = await call(h.client, 'destroyVM', { vm: 'vm-1' });
      const token = (asked.structured.confirmation as { confirmToken: string }).confirmToken;
      const done = await call(h.client, 'destroyVM', { vm: 'vm-1', confirm: token });
      expect(done.structured).toMatchObject({ status: 'done', vm: { state: 'Destroyed' } });
      const destroys = () => commandsCalled(h).filter((command) => command === 'destroyVirtualMachine');
      expect(destroys()).toHaveLength(1);
      const here = await call(h.client, 'destroyVM', { vm: 'vm-1', confirm: token });
      expect(errorOf(here).kind).toBe('confirmation_invalid');
      const there = await call(replica.client, 'destroyVM', { vm: 'vm-1', confirm: token });
      expect(errorOf(there).message).toContain('has changed');
      expect(destroys()).toHaveLength(1);
    } finally {
      await replica.close();
    }
  });

  it('do not repeat a password given as a parameter', async () => {
    const h = await start();
    const answer = await call(h.client, 'callApi', {
      api: 'createUser',
      params: {
        account: 'someone',
        username: 'u',
        password: 'Pa55-word-never-shown',
        email: 'u@example.com',
        firstname: 'U',
        lastname: 'V',
      },
    });
    expect(answer.structured.status).toBe('confirmation_required');
    expect(answer.text).not.toContain('Pa55-word-never-shown');
  });
});

describe('VM tools answer by the VM’s state', () => {
  it('answers startVM on a running VM and stopVM on a stopped one as they are, without a job', async () => {
    const h = await start();
    h.cloud.addVms(2);
    (h.cloud.vms[1] as Record<string, unknown>).state = 'Stopped';
    const started = await call(h.client, 'startVM', { vm: 'vm-1' });
    expect(started.isError).toBe(false);
    expect(started.structured).toMatchObject({
      status: 'done',
      alreadyInState: true,
      vm: { state: 'Running' },
    });
    const stopped = await call(h.client, 'stopVM', {
      vm: String((h.cloud.vms[1] as Record<string, unknown>).id),
    });
    expect(stopped.structured).toMatchObject({
      status: 'done',
      alreadyInState: true,
      vm: { state: 'Stopped' },
    });
    expect(commandsCalled(h)).not.toContain('startVirtualMachine');
    expect(commandsCalled(h)).not.toContain('stopVirtualMachine');
  });

  it('says why rebootVM cannot reboot a stopped VM', async () => {
    const h = await start();
    h.cloud.addVms(1);
    (h.cloud.vms[0] as Record<string, unknown>).state = 'Stopped';
    const answer = await call(h.client, 'rebootVM', { vm: 'vm-1' });
    expect(errorOf(answer)).toMatchObject({ kind: 'invalid_state', needs: 'Running' });
    expect(errorOf(answer).message).toContain('is Stopped');
    expect(errorOf(answer).message).toContain('startVM');
    expect(commandsCalled(h)).not.toContain('rebootVirtualMachine');
  });

  it('says a destroy without expunge can be recovered, and an expunge cannot', async () => {
    const h = await start();
    h.cloud.addVms(1);
    const plain = await call(h.client, 'destroyVM', { vm: 'vm-1' });
    const plainText = JSON.stringify(plain.structured.confirmation);
    expect(plainText).toContain('recoverVirtualMachine');
    expect(plainText).not.toContain('cannot be undone');
    const expunge = await call(h.client, 'destroyVM', { vm: 'vm-1', expunge: true });
    expect(JSON.stringify(expunge.structured.confirmation)).toContain('cannot be recovered');
  });

  it('words the elicitation by what is true for the call', async () => {
    const h = await start({}, { elicitation: { form: {} } });
    h.cloud.addVms(1);
    const messages: string[] = [];
    h.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      messages.push(String(request.params.message));
      return { action: 'decline' };
    });
    await call(h.client, 'destroyVM', { vm: 'vm-1' });
    await call(h.client, 'callApi', { api: 'deleteVolume', params: { id: other } });
    expect(messages[0]).toContain('can be recovered with recoverVirtualMachine');
    expect(messages[0]).not.toContain('cannot be undone');
    expect(messages[1]).toContain('deleteVolume removes something');
  });
});

const other = '55555555-5555-4555-8555-555555555555';

describe('describeApi', () => {
  it('says when a class comes from credentials or from a parameter', async () => {
    const h = await start();
    const keys = await call(h.client, 'describeApi', { api: 'registerUserKeys' });
    expect(keys.structured).toMatchObject({ class: 'destructive' });
    expect(keys.structured.classNote).toContain('changes credentials or access');
    const health = await call(h.client, 'describeApi', { api: 'getRouterHealthCheckResults' });
    expect(health.structured).toMatchObject({ class: 'read' });
    expect(health.structured.classNote).toContain('a write call with performfreshchecks=true');
  });
});
