// Accounts family (issue 15): roles as CloudStack enforces them, scoped lists, disabled and locked users,
// login by domain, whose keys a caller may read, and the account, user and domain life cycles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator, type TeamMember } from '../../src/simulator/index.js';
import { type Answer, call, inner, ok, type Params, runJob, Session } from './helpers.js';

function as(member: TeamMember) {
  return { apiKey: member.apiKey, secretKey: member.secretKey };
}

async function callAs(sim: RunningSimulator, member: TeamMember, command: string, params: Params = {}) {
  return call(sim, command, params, as(member));
}

async function okAs(sim: RunningSimulator, member: TeamMember, command: string, params: Params = {}) {
  const answer = await callAs(sim, member, command, params);
  if (answer.status !== 200)
    throw new Error(`${command} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return inner(answer, command);
}

function names(list: Record<string, unknown>, key: string): string[] {
  return ((list[key] as Array<{ name: string }> | undefined) ?? []).map((item) => item.name).sort();
}

function errorOf(answer: Answer, command: string): Record<string, unknown> {
  return inner(answer, command);
}

describe('simulator roles and accounts', () => {
  let sim: RunningSimulator;
  let user: TeamMember;
  let domainAdmin: TeamMember;
  beforeAll(async () => {
    sim = await startSimulator({ seedTeam: true, seedVms: 3, jobDurationMs: 10 });
    if (!sim.team) throw new Error('no team seeded');
    user = sim.team.user;
    domainAdmin = sim.team.domainAdmin;
  });
  afterAll(() => sim.close());

  it('is not seeded without seedTeam: the default world is unchanged', async () => {
    const plain = await startSimulator({});
    try {
      expect(plain.team).toBeUndefined();
      expect(names(await ok(plain, 'listDomains', { listall: 'true' }), 'domain')).toEqual(['ROOT']);
    } finally {
      await plain.close();
    }
  });

  it('refuses an admin API to a User key with 432 and the checker text, before looking at the signature', async () => {
    for (const signed of [true, false]) {
      const answer = await call(
        sim,
        'listHosts',
        {},
        signed ? as(user) : { apiKey: user.apiKey, signatureOverride: 'bm90IGEgc2lnbmF0dXJl' },
      );
      expect(answer.status).toBe(432);
      expect(errorOf(answer, 'listHosts')).toEqual({
        uuidList: [],
        errorcode: 432,
        cserrorcode: 9999,
        errortext: `The API [listHosts] does not exist or is not available for the account for user id [${user.userId}].`,
      });
    }
    // A domain-admin API too; the domain admin may call it.
    expect((await callAs(sim, user, 'createDomain', { name: 'nope' })).status).toBe(432);
    expect((await callAs(sim, domainAdmin, 'listDomainChildren')).status).toBe(200);
    expect((await callAs(sim, domainAdmin, 'listHosts')).status).toBe(432);
  });

  it('refuses the same way over a login session', async () => {
    const session = new Session(sim);
    expect((await session.login(user.username, user.password, user.domain)).status).toBe(200);
    const answer = await session.call('listPods');
    expect(answer.status).toBe(432);
    expect(answer.body).toMatchObject({ listpodsresponse: { errorcode: 432 } });
    expect((await session.call('listVirtualMachines')).status).toBe(200);
  });

  it('lists in listApis only what the role allows', async () => {
    const apiNames = async (member?: TeamMember) => {
      const list = member ? await okAs(sim, member, 'listApis') : await ok(sim, 'listApis');
      return new Set(((list.api as Array<{ name: string }>) ?? []).map((api) => api.name));
    };
    const [admin, da, plain] = [await apiNames(), await apiNames(domainAdmin), await apiNames(user)];
    expect(admin.has('listHosts') && admin.has('createDomain') && admin.has('listVirtualMachines')).toBe(
      true,
    );
    expect(da.has('listHosts')).toBe(false);
    expect(da.has('createDomain') && da.has('createAccount') && da.has('listVirtualMachines')).toBe(true);
    expect(plain.has('createDomain') || plain.has('listHosts') || plain.has('disableUser')).toBe(false);
    expect(plain.has('deployVirtualMachine') && plain.has('getUserKeys') && plain.has('updateUser')).toBe(
      true,
    );
    expect(plain.size).toBeLessThan(da.size);
    expect(da.size).toBeLessThan(admin.size);
    // name= for an API the role may not use finds nothing, as ApiDiscoveryServiceImpl does.
    const hidden = await callAs(sim, user, 'listApis', { name: 'listHosts' });
    expect(hidden.status).toBe(530);
    expect(errorOf(hidden, 'listApis').errortext).toBe(
      'Api Discovery plugin was unable to find an api by that name or process any apis',
    );
  });

  it("scopes lists: a user sees its account's VMs only, listall or not; admins see the subtree with listall", async () => {
    const vmsOf = async (member: TeamMember | undefined, params: Params) => {
      const list = member
        ? await okAs(sim, member, 'listVirtualMachines', params)
        : await ok(sim, 'listVirtualMachines', params);
      return names(list, 'virtualmachine');
    };
    expect(await vmsOf(user, {})).toEqual(['child-vm-1', 'child-vm-2']);
    expect(await vmsOf(user, { listall: 'true' })).toEqual(['child-vm-1', 'child-vm-2']);
    expect(await vmsOf(domainAdmin, {})).toEqual([]);
    expect(await vmsOf(domainAdmin, { listall: 'true' })).toEqual(['child-vm-1', 'child-vm-2']);
    expect(await vmsOf(undefined, {})).toEqual(['sim-vm-00001', 'sim-vm-00002', 'sim-vm-00003']);
    expect(await vmsOf(undefined, { listall: 'true' })).toHaveLength(5);
    expect(await vmsOf(undefined, { account: 'child-user', domainid: sim.team?.domainId ?? '' })).toEqual([
      'child-vm-1',
      'child-vm-2',
    ]);
    // A domain admin of child cannot look at ROOT.
    const outside = await callAs(sim, domainAdmin, 'listVirtualMachines', {
      domainid: sim.seeded.rootDomainId,
    });
    expect(outside.status).toBe(531);
    expect(errorOf(outside, 'listVirtualMachines').errortext).toMatch(
      /^Account \[\{"accountName":"child-admin",.*\}\] does not have permission to operate within domain id=/,
    );
    // A user naming another account is refused the same way (DomainChecker), not shown its own list.
    const other = await callAs(sim, user, 'listVirtualMachines', { account: 'child-admin' });
    expect(other.status).toBe(531);
    expect(errorOf(other, 'listVirtualMachines')).toMatchObject({ cserrorcode: 4365 });
    // Accounts: a user sees its own, the domain admin its domain's.
    expect(names(await okAs(sim, user, 'listAccounts', { listall: 'true' }), 'account')).toEqual([
      'child-user',
    ]);
    expect(names(await okAs(sim, domainAdmin, 'listAccounts', { listall: 'true' }), 'account')).toEqual([
      'child-admin',
      'child-user',
    ]);
  });

  it('logs in with the domain path or the domain uuid, and refuses a wrong domain', async () => {
    expect((await new Session(sim).login(user.username, user.password, '/child')).status).toBe(200);
    expect((await new Session(sim).login(user.username, user.password, 'ROOT/child/')).status).toBe(200);
    const wrong = await new Session(sim).login(user.username, user.password, '/');
    expect(wrong.status).toBe(531);
    const byId = await fetch(sim.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        command: 'login',
        response: 'json',
        username: user.username,
        password: user.password,
        domainId: sim.team?.domainId ?? '',
      }),
    });
    expect(byId.status).toBe(200);
  });

  it('lets a user read its own keys only; a domain admin its domain users but not the root admin', async () => {
    const own = await okAs(sim, user, 'getUserKeys', { id: user.userId });
    expect(own).toEqual({ userkeys: { apikey: user.apiKey, secretkey: user.secretKey } });
    const others = await callAs(sim, user, 'getUserKeys', { id: domainAdmin.userId });
    expect(others.status).toBe(531);
    expect(errorOf(others, 'getUserKeys')).toMatchObject({ errorcode: 531, cserrorcode: 4365 });
    expect(String(errorOf(others, 'getUserKeys').errortext)).toContain(
      'does not have permission to operate with resource',
    );
    expect((await callAs(sim, user, 'registerUserKeys', { id: sim.admin.userId })).status).toBe(531);
    expect((await okAs(sim, domainAdmin, 'getUserKeys', { id: user.userId })).userkeys).toMatchObject({
      apikey: user.apiKey,
    });
    const root = await callAs(sim, domainAdmin, 'getUserKeys', { id: sim.admin.userId });
    expect(root.status).toBe(531);
    // The admin reads anyone's.
    expect((await ok(sim, 'getUserKeys', { id: domainAdmin.userId })).userkeys).toMatchObject({
      apikey: domainAdmin.apiKey,
    });
  });
});

describe('simulator account and user life cycle', () => {
  let sim: RunningSimulator;
  let user: TeamMember;
  let domainAdmin: TeamMember;
  beforeAll(async () => {
    sim = await startSimulator({ seedTeam: true, jobDurationMs: 10 });
    if (!sim.team) throw new Error('no team seeded');
    user = sim.team.user;
    domainAdmin = sim.team.domainAdmin;
  });
  afterAll(() => sim.close());

  it('refuses a disabled user at login (531, CloudStack text) and on API-key calls (401); enableUser restores it', async () => {
    const job = await runJob(sim, 'disableUser', { id: user.userId });
    expect(job.jobstatus).toBe(1);
    expect((job.jobresult as { user: { state: string } }).user.state).toBe('disabled');
    const login = await new Session(sim).login(user.username, user.password, user.domain);
    expect(login.status).toBe(531);
    expect(login.body).toEqual({
      loginresponse: {
        uuidList: [],
        errorcode: 531,
        errortext:
          'User childuser (or their account) in domain child is disabled/locked. Please contact the administrator.',
      },
    });
    // A wrong password still gets the plain refusal: the state is only told to who knows the password.
    const wrong = await new Session(sim).login(user.username, 'wrong', user.domain);
    expect(String((wrong.body.loginresponse as { errortext: string }).errortext)).toMatch(
      /^Failed to authenticate/,
    );
    const keyed = await callAs(sim, user, 'listVirtualMachines');
    expect(keyed.status).toBe(401);
    expect(errorOf(keyed, 'listVirtualMachines').errortext).toBe(
      'unable to verify user credentials and/or request signature',
    );
    expect((await ok(sim, 'enableUser', { id: user.userId })).user).toMatchObject({ state: 'enabled' });
    expect((await callAs(sim, user, 'listVirtualMachines')).status).toBe(200);
  });

  it('ends a live session when the user is locked; lockUser refuses a disabled user', async () => {
    const session = new Session(sim);
    await session.login(user.username, user.password, user.domain);
    expect((await session.call('listVirtualMachines')).status).toBe(200);
    expect((await ok(sim, 'lockUser', { id: user.userId })).user).toMatchObject({ state: 'locked' });
    expect((await session.call('listVirtualMachines')).status).toBe(401);
    await ok(sim, 'enableUser', { id: user.userId });
    await runJob(sim, 'disableUser', { id: user.userId });
    const refused = await call(sim, 'lockUser', { id: user.userId });
    expect(refused.status).toBe(530);
    await ok(sim, 'enableUser', { id: user.userId });
  });

  it('disables an account (its VMs stop), locks one (they keep running), and enables it again', async () => {
    const disabled = await runJob(sim, 'disableAccount', { id: user.accountId, lock: 'false' });
    expect((disabled.jobresult as { account: { state: string } }).account.state).toBe('disabled');
    const vms = (await ok(sim, 'listVirtualMachines', {
      account: 'child-user',
      domainid: sim.team?.domainId ?? '',
    })) as {
      virtualmachine: Array<{ state: string }>;
    };
    expect(vms.virtualmachine.map((vm) => vm.state)).toEqual(['Stopped', 'Stopped']);
    expect((await new Session(sim).login(user.username, user.password, user.domain)).status).toBe(531);
    expect((await callAs(sim, user, 'listZones')).status).toBe(401);
    await ok(sim, 'enableAccount', { id: user.accountId });
    expect((await callAs(sim, user, 'listZones')).status).toBe(200);
    const locked = await ok(sim, 'lockAccount', {
      account: 'child-user',
      domainid: sim.team?.domainId ?? '',
    });
    expect((locked.account as { state: string }).state).toBe('locked');
    expect((await callAs(sim, user, 'listZones')).status).toBe(401);
    await ok(sim, 'enableAccount', { account: 'child-user', domainid: sim.team?.domainId ?? '' });
    // The system account cannot be disabled.
    const unknown = await call(sim, 'enableAccount', { account: 'nobody' });
    expect(errorOf(unknown, 'enableAccount').errortext).toBe(
      'Unable to find account by accountId: null OR by name: nobody in domain 1',
    );
  });

  it('lets a domain admin manage its domain but not ROOT', async () => {
    const created = await okAs(sim, domainAdmin, 'createAccount', {
      username: 'temp',
      password: 'pw',
      firstname: 't',
      lastname: 't',
      email: 't@example.com',
      accounttype: '0',
    });
    const account = created.account as { id: string; domain: string };
    expect(account.domain).toBe('child');
    const renamed = await okAs(sim, domainAdmin, 'updateAccount', { id: account.id, newname: 'temp2' });
    expect((renamed.account as { name: string }).name).toBe('temp2');
    const clash = await callAs(sim, domainAdmin, 'updateAccount', { id: account.id, newname: 'child-user' });
    expect(clash.status).toBe(431);
    const rootAccount = await callAs(sim, domainAdmin, 'disableAccount', {
      id: sim.seeded.adminAccountId,
      lock: 'true',
    });
    expect(rootAccount.status).toBe(531);
    expect(errorOf(rootAccount, 'disableAccount')).toMatchObject({ cserrorcode: 4365 });
    const job = await runJob(sim, 'deleteAccount', { id: account.id });
    expect(job.jobstatus).toBe(1);
    expect(names(await okAs(sim, domainAdmin, 'listAccounts', { listall: 'true' }), 'account')).toEqual([
      'child-admin',
      'child-user',
    ]);
    const builtIn = await call(sim, 'deleteAccount', { id: sim.seeded.adminAccountId });
    expect(errorOf(builtIn, 'deleteAccount').errortext).toBe("The account is default and can't be removed");
  });

  it('updates a user: a plain user needs its current password to change it', async () => {
    const noCurrent = await callAs(sim, user, 'updateUser', { id: user.userId, password: 'new' });
    expect(errorOf(noCurrent, 'updateUser').errortext).toBe(
      'To set a new password the current password must be provided.',
    );
    const wrong = await callAs(sim, user, 'updateUser', {
      id: user.userId,
      password: 'new',
      currentpassword: 'x',
    });
    expect(errorOf(wrong, 'updateUser').errortext).toBe('Current password is incorrect.');
    await okAs(sim, user, 'updateUser', {
      id: user.userId,
      password: 'new',
      currentpassword: user.password,
      firstname: 'Ann',
    });
    expect((await new Session(sim).login(user.username, 'new', user.domain)).status).toBe(200);
    // The domain admin resets it without the current one.
    await okAs(sim, domainAdmin, 'updateUser', { id: user.userId, password: user.password });
    expect((await new Session(sim).login(user.username, user.password, user.domain)).status).toBe(200);
    expect((await callAs(sim, user, 'updateUser', { id: domainAdmin.userId, firstname: 'x' })).status).toBe(
      531,
    );
  });

  it('manages domains: rename (paths follow), children, delete refused while busy, delete with cleanup', async () => {
    const parent = (await ok(sim, 'createDomain', { name: 'team' })).domain as { id: string };
    const child = (await ok(sim, 'createDomain', { name: 'sub', parentdomainid: parent.id })).domain as {
      id: string;
    };
    await ok(sim, 'createAccount', {
      username: 'subuser',
      password: 'pw',
      firstname: 's',
      lastname: 's',
      email: 's@example.com',
      accounttype: '0',
      domainid: child.id,
    });
    await ok(sim, 'updateDomain', { id: parent.id, name: 'squad' });
    const children = await ok(sim, 'listDomainChildren', { id: parent.id });
    expect(children.domain).toEqual([expect.objectContaining({ name: 'sub', path: 'ROOT/squad/sub' })]);
    const root = await call(sim, 'updateDomain', { id: sim.seeded.rootDomainId, name: 'x' });
    expect(errorOf(root, 'updateDomain').errortext).toBe('ROOT domain can not be edited with a new name');
    const busy = await runJob(sim, 'deleteDomain', { id: parent.id });
    expect(busy.jobstatus).toBe(2);
    expect(busy.jobresult).toEqual({
      errorcode: 530,
      errortext: expect.stringMatching(
        /^Delete failed on domain squad \(id: \d+\); Please make sure all users and sub domains have been removed/,
      ),
    });
    const done = await runJob(sim, 'deleteDomain', { id: parent.id, cleanup: 'true' });
    expect(done.jobstatus).toBe(1);
    expect(names(await ok(sim, 'listDomains', { listall: 'true' }), 'domain')).toEqual(['ROOT', 'child']);
    expect((await ok(sim, 'listUsers', { listall: 'true', username: 'subuser' })).user).toBeUndefined();
    const rootDelete = await call(sim, 'deleteDomain', { id: sim.seeded.rootDomainId });
    expect(errorOf(rootDelete, 'deleteDomain').errortext).toBe("Can't delete ROOT domain");
  });
});
