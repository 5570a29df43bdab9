// Accounts family (issue 15): projects own their resources, resource limits refuse what exceeds them, and
// settings (listConfigurations/updateConfiguration) change behaviour: expunge.delay, allow.user.create.projects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator, type TeamMember } from '../../src/simulator/index.js';
import { call, deployVm, inner, ok, type Params, runJob, waitForJob } from './helpers.js';

const as = (member: TeamMember) => ({ apiKey: member.apiKey, secretKey: member.secretKey });

async function okAs(sim: RunningSimulator, member: TeamMember, command: string, params: Params = {}) {
  const answer = await call(sim, command, params, as(member));
  if (answer.status !== 200)
    throw new Error(`${command} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return inner(answer, command);
}

function names(list: Record<string, unknown>, key: string): string[] {
  return ((list[key] as Array<{ name: string }> | undefined) ?? []).map((item) => item.name).sort();
}

describe('simulator projects', () => {
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

  it('creates a project whose VMs are listed by projectid only, and refuses outsiders', async () => {
    const started = await okAs(sim, user, 'createProject', { name: 'web', displaytext: 'Web shop' });
    expect(started).toEqual({ id: expect.any(String), jobid: expect.any(String) });
    expect((await waitForJob(sim, String(started.jobid))).jobstatus).toBe(1);
    const projectId = String(started.id);
    const listed = await okAs(sim, user, 'listProjects');
    expect(listed.project).toEqual([
      expect.objectContaining({
        id: projectId,
        name: 'web',
        state: 'Active',
        owner: [{ account: 'child-user' }],
      }),
    ]);
    const deploy = await okAs(sim, user, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
      projectid: projectId,
      name: 'project-vm',
    });
    expect(deploy.id).toEqual(expect.any(String));
    expect(
      names(await okAs(sim, user, 'listVirtualMachines', { projectid: projectId }), 'virtualmachine'),
    ).toEqual(['project-vm']);
    // Not in the account's own list, nor in an admin's listall.
    expect(
      names(await okAs(sim, user, 'listVirtualMachines', { listall: 'true' }), 'virtualmachine'),
    ).toEqual(['child-vm-1', 'child-vm-2']);
    expect(names(await ok(sim, 'listVirtualMachines', { listall: 'true' }), 'virtualmachine')).not.toContain(
      'project-vm',
    );
    expect(names(await ok(sim, 'listVirtualMachines', { projectid: projectId }), 'virtualmachine')).toEqual([
      'project-vm',
    ]);
    // The project account is not an account anyone lists.
    expect(names(await ok(sim, 'listAccounts', { listall: 'true' }), 'account')).toEqual([
      'admin',
      'child-admin',
      'child-user',
    ]);
    // A user who is not a member may neither list nor deploy in it.
    await ok(sim, 'createAccount', {
      username: 'outsider',
      password: 'pw',
      firstname: 'o',
      lastname: 'o',
      email: 'o@example.com',
      accounttype: '0',
      domainid: sim.team?.domainId ?? '',
    });
    const outsiderUser = (await ok(sim, 'listUsers', { username: 'outsider', listall: 'true' })) as {
      user: Array<{ id: string }>;
    };
    const keys = (await ok(sim, 'registerUserKeys', { id: outsiderUser.user[0]?.id ?? '' })).userkeys as {
      apikey: string;
      secretkey: string;
    };
    const outsider = { apiKey: keys.apikey, secretKey: keys.secretkey };
    const refused = await call(sim, 'listVirtualMachines', { projectid: projectId }, outsider);
    expect(refused.status).toBe(531);
    expect(inner(refused, 'listVirtualMachines').errortext).toMatch(
      /^Account outsider can't access project id=\d+$/,
    );
    // The domain admin above it may.
    expect(
      names(await okAs(sim, domainAdmin, 'listVirtualMachines', { projectid: projectId }), 'virtualmachine'),
    ).toEqual(['project-vm']);
  });

  it('suspends a project (its VMs stop, nothing new may be added), activates it, deletes it with cleanup', async () => {
    const project = ((await okAs(sim, user, 'listProjects')).project as Array<{ id: string }>)[0];
    const projectId = project?.id ?? '';
    await new Promise((resolve) => setTimeout(resolve, 30)); // let the deploy job end
    const suspended = await runJob(sim, 'suspendProject', { id: projectId });
    expect((suspended.jobresult as { project: { state: string } }).project.state).toBe('Suspended');
    const vms = (await ok(sim, 'listVirtualMachines', { projectid: projectId })) as {
      virtualmachine: Array<{ state: string }>;
    };
    expect(vms.virtualmachine.map((vm) => vm.state)).toEqual(['Stopped']);
    const refused = await call(sim, 'createVolume', {
      name: 'x',
      zoneid: sim.seeded.advancedZoneId,
      diskofferingid: String(
        ((await ok(sim, 'listDiskOfferings', { name: 'Small' })).diskoffering as Array<{ id: string }>)[0]
          ?.id,
      ),
      projectid: projectId,
    });
    expect(refused.status).toBe(531);
    expect(inner(refused, 'createVolume').errortext).toMatch(
      /^Can't add resources to the project id=\d+ in state=Suspended as it's no longer active$/,
    );
    await runJob(sim, 'activateProject', { id: projectId });
    // The account that manages it cannot be deleted meanwhile.
    const owner = await call(sim, 'deleteAccount', { id: user.accountId });
    expect(inner(owner, 'deleteAccount').errortext).toMatch(
      /^The account id=\d+ manages project\(s\) with ids \d+ and can't be removed$/,
    );
    const busy = await runJob(sim, 'deleteProject', { id: projectId });
    expect(busy.jobstatus).toBe(2);
    const done = await runJob(sim, 'deleteProject', { id: projectId, cleanup: 'true' });
    expect(done.jobstatus).toBe(1);
    expect(await okAs(sim, user, 'listProjects')).toEqual({});
  });
});

describe('simulator resource limits and settings', () => {
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

  const deployAsUser = (name: string) =>
    call(
      sim,
      'deployVirtualMachine',
      {
        zoneid: sim.seeded.advancedZoneId,
        templateid: sim.seeded.templateId,
        serviceofferingid: sim.seeded.serviceOfferingId,
        name,
      },
      as(user),
    );

  it("lists an account's limits (max.account.* defaults) and counts; the root admin is unlimited", async () => {
    const limits = (await okAs(sim, user, 'listResourceLimits')) as {
      count: number;
      resourcelimit: Array<{ resourcetype: string; resourcetypename: string; max: number; account: string }>;
    };
    expect(limits.count).toBe(12);
    expect(limits.resourcelimit[0]).toEqual({
      account: 'child-user',
      domainid: sim.team?.domainId,
      domain: 'child',
      resourcetype: '0',
      resourcetypename: 'user_vm',
      max: 20,
    });
    const admin = (await ok(sim, 'listResourceLimits', { resourcetype: '0' })) as {
      resourcelimit: Array<{ max: number }>;
    };
    expect(admin.resourcelimit[0]?.max).toBe(-1);
    const counts = (await okAs(sim, domainAdmin, 'updateResourceCount', {
      domainid: sim.team?.domainId ?? '',
      account: 'child-user',
      resourcetype: '0',
    })) as { resourcecount: Array<{ resourcecount: number }> };
    expect(counts.resourcecount[0]?.resourcecount).toBe(2);
  });

  it('refuses a deploy over the account limit with 535 and CloudStack text; a higher limit lets it through', async () => {
    const updated = await okAs(sim, domainAdmin, 'updateResourceLimit', {
      account: 'child-user',
      domainid: sim.team?.domainId ?? '',
      resourcetype: '0',
      max: '2',
    });
    expect(updated.resourcelimit).toMatchObject({ account: 'child-user', resourcetype: '0', max: 2 });
    const refused = await deployAsUser('third');
    expect(refused.status).toBe(535);
    expect(inner(refused, 'deployVirtualMachine')).toEqual({
      uuidList: [],
      errorcode: 535,
      cserrorcode: 9999,
      errortext: `Maximum amount of resources of Type = 'user_vm' for Account Name = child-user in Domain Id = 2 is exceeded: Account Resource Limit = 2, Current Account Resource Amount = 2, Requested Resource Amount = 1.`,
    });
    // A domain admin may not raise its own account's limits, nor its own domain's.
    const own = await call(
      sim,
      'updateResourceLimit',
      { account: 'child-admin', domainid: sim.team?.domainId ?? '', resourcetype: '0', max: '50' },
      as(domainAdmin),
    );
    expect(own.status).toBe(531);
    await ok(sim, 'updateResourceLimit', {
      account: 'child-user',
      domainid: sim.team?.domainId ?? '',
      resourcetype: '0',
      max: '3',
    });
    expect((await deployAsUser('third')).status).toBe(200);
    // The domain's own limit counts every account below it.
    await ok(sim, 'updateResourceLimit', {
      account: 'child-user',
      domainid: sim.team?.domainId ?? '',
      resourcetype: '0',
      max: '10',
    });
    await ok(sim, 'updateResourceLimit', { domainid: sim.team?.domainId ?? '', resourcetype: '8', max: '3' });
    const cpu = await deployAsUser('fourth');
    expect(cpu.status).toBe(535);
    expect(inner(cpu, 'deployVirtualMachine').errortext).toBe(
      "Maximum amount of resources of Type = 'cpu' for Domain Id = 2 is exceeded: Domain Resource Limit = 3, Current Domain Resource Amount = 3, Requested Resource Amount = 1.",
    );
  });

  it('limits public IPs and volumes the same way', async () => {
    await ok(sim, 'updateResourceLimit', {
      account: 'child-user',
      domainid: sim.team?.domainId ?? '',
      resourcetype: '1',
      max: '0',
    });
    const ip = await call(sim, 'associateIpAddress', { zoneid: sim.seeded.advancedZoneId }, as(user));
    expect(ip.status).toBe(535);
    expect(inner(ip, 'associateIpAddress').errortext).toMatch(
      /^Maximum amount of resources of Type = 'public_ip'/,
    );
    await ok(sim, 'updateResourceLimit', {
      account: 'child-user',
      domainid: sim.team?.domainId ?? '',
      resourcetype: '2',
      max: '3',
    });
    const offering = (
      (await ok(sim, 'listDiskOfferings', { name: 'Small' })).diskoffering as Array<{ id: string }>
    )[0];
    const volume = await call(
      sim,
      'createVolume',
      { name: 'v', zoneid: sim.seeded.advancedZoneId, diskofferingid: offering?.id ?? '' },
      as(user),
    );
    expect(volume.status).toBe(535);
    expect(inner(volume, 'createVolume').errortext).toMatch(
      /^Maximum amount of resources of Type = 'volume'/,
    );
  });

  it('lists and updates settings; allow.user.create.projects=false stops users making projects', async () => {
    const listed = (await ok(sim, 'listConfigurations', { name: 'expunge.delay' })) as {
      configuration: Array<Record<string, unknown>>;
    };
    expect(listed.configuration[0]).toMatchObject({
      name: 'expunge.delay',
      category: 'Advanced',
      value: '86400',
      isdynamic: false,
      description: expect.stringContaining('expunging destroyed vm'),
    });
    expect((await call(sim, 'listConfigurations', {}, as(domainAdmin))).status).toBe(432);
    const bad = await call(sim, 'updateConfiguration', { name: 'expunge.delay', value: 'soon' });
    expect(inner(bad, 'updateConfiguration').errortext).toBe(
      'There was an error trying to parse the integer value for:expunge.delay',
    );
    const unknown = await call(sim, 'updateConfiguration', { name: 'no.such.setting', value: '1' });
    expect(inner(unknown, 'updateConfiguration').errortext).toBe(
      "Config parameter with name no.such.setting doesn't exist",
    );
    await ok(sim, 'updateConfiguration', { name: 'allow.user.create.projects', value: 'false' });
    const refused = await call(sim, 'createProject', { name: 'p', displaytext: 'p' }, as(user));
    expect(refused.status).toBe(531);
    expect(inner(refused, 'createProject').errortext).toBe(
      'Regular user is not permitted to create a project',
    );
    expect((await okAs(sim, domainAdmin, 'createProject', { name: 'p', displaytext: 'p' })).id).toEqual(
      expect.any(String),
    );
  });

  it('expunges destroyed VMs once expunge.delay has passed (0: at the next request)', async () => {
    const kept = await deployVm(sim, { name: 'kept' });
    await runJob(sim, 'destroyVirtualMachine', { id: String(kept.id) });
    await ok(sim, 'listZones');
    expect(names(await ok(sim, 'listVirtualMachines', { name: 'kept' }), 'virtualmachine')).toEqual(['kept']);
    await ok(sim, 'updateConfiguration', { name: 'expunge.delay', value: '0' });
    const gone = await deployVm(sim, { name: 'gone' });
    await runJob(sim, 'destroyVirtualMachine', { id: String(gone.id) });
    await ok(sim, 'listZones');
    expect(await ok(sim, 'listVirtualMachines', { name: 'gone' })).toEqual({});
    expect(await ok(sim, 'listVirtualMachines', { name: 'kept' })).toEqual({});
  });
});
