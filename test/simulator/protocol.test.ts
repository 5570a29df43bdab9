import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, deployVm, inner, ok, queryString, runJob, sign } from './helpers.js';

describe('simulator protocol', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 10, seedVms: 12 });
  });
  afterAll(() => sim.close());

  it('answers JSON only and says so clearly', async () => {
    const params = { command: 'listZones', apiKey: sim.admin.apiKey };
    const response = await fetch(
      `${sim.url}?${queryString({ ...params, signature: sign(params, sim.admin.secretKey) })}`,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('add response=json');
  });

  it('answers 404 off the API path and 405 for other methods', async () => {
    expect((await fetch(sim.url.replace('/client/api', '/nope'))).status).toBe(404);
    expect((await fetch(sim.url, { method: 'DELETE' })).status).toBe(405);
  });

  it('answers 432 for an unknown command', async () => {
    const answer = await call(sim, 'listUnicorns');
    expect(answer.status).toBe(432);
    expect(answer.body).toEqual({
      errorresponse: {
        uuidList: [],
        errorcode: 432,
        cserrorcode: 9999,
        errortext: 'Unknown API command: listUnicorns',
      },
    });
  });

  it('answers 431 naming a missing required parameter', async () => {
    const answer = await call(sim, 'listTemplates');
    expect(answer.status).toBe(431);
    expect(answer.body).toEqual({
      listtemplatesresponse: {
        uuidList: [],
        errorcode: 431,
        cserrorcode: 9999,
        errortext: 'Unable to execute API command listtemplates due to missing parameter templatefilter',
      },
    });
  });

  it('answers 431 for malformed and unknown values', async () => {
    const badNumber = await call(sim, 'listZones', { page: 'two' });
    expect(badNumber.status).toBe(431);
    expect(inner(badNumber, 'listZones').errortext).toBe(
      'Unable to execute API command listzones due to invalid value two for parameter page',
    );
    const badUuid = await call(sim, 'listVirtualMachines', { zoneid: 'not-a-uuid' });
    expect(badUuid.status).toBe(431);
    expect(inner(badUuid, 'listVirtualMachines').errortext).toMatch(
      /Invalid parameter zoneid value=not-a-uuid/,
    );
    const unknownUuid = await call(sim, 'startVirtualMachine', {
      id: '11111111-2222-4333-8444-555555555555',
    });
    expect(unknownUuid.status).toBe(431);
    expect(inner(unknownUuid, 'startVirtualMachine').errortext).toMatch(
      /Invalid parameter id value=11111111-/,
    );
    const badLong = await call(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
      rootdisksize: '1.5',
    });
    expect(badLong.status).toBe(431);
    expect(inner(badLong, 'deployVirtualMachine').errortext).toMatch(
      /invalid value 1\.5 for parameter rootdisksize/,
    );
    const badDate = await call(sim, 'listAsyncJobs', { startdate: '2024-13-45' });
    expect(badDate.status).toBe(431);
    expect(inner(badDate, 'listAsyncJobs').errortext).toMatch(/Unable to parse date 2024-13-45/);
    const tooLong = await call(sim, 'createDomain', { name: 'x'.repeat(300) });
    expect(tooLong.status).toBe(431);
    expect(inner(tooLong, 'createDomain').errortext).toMatch(
      /greater than max allowed length 255 for param: name/,
    );
  });

  it('answers 430 for an indexed parameter it cannot decode', async () => {
    const answer = await call(sim, 'listZones', { 'tags[0][1].key': 'x' });
    expect(answer.status).toBe(430);
  });

  it('takes map parameters raw, percent-encoded (csclient) and by POST', async () => {
    const vm = await deployVm(sim, { name: 'tagged' });
    const id = String(vm.id);
    const encoded = await runJob(sim, 'createTags', {
      resourcetype: 'UserVm',
      resourceids: id,
      'tags[0].key': 'env',
      'tags[0].value': 'prod',
    });
    expect(encoded.jobstatus).toBe(1);
    const raw = await call(
      sim,
      'createTags',
      { resourcetype: 'uservm', resourceids: id, 'tags[0].key': 'team', 'tags[0].value': 'blue green' },
      { rawKeys: true },
    );
    expect(raw.status).toBe(200);
    const posted = await call(
      sim,
      'createTags',
      { resourcetype: 'UserVm', resourceids: id, 'tags[0].key': 'tier', 'tags[0].value': 'web' },
      { method: 'POST' },
    );
    expect(posted.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tags = (await ok(sim, 'listTags', { resourceid: id })) as {
      count: number;
      tag: Array<{ key: string; value: string }>;
    };
    expect(tags.tag.map((t) => `${t.key}=${t.value}`).sort()).toEqual([
      'env=prod',
      'team=blue green',
      'tier=web',
    ]);
    const listed = (await ok(sim, 'listVirtualMachines', {
      'tags[0].key': 'env',
      'tags[0].value': 'prod',
    })) as {
      virtualmachine: Array<{ id: string; tags: Array<{ key: string; resourcetype: string }> }>;
    };
    expect(listed.virtualmachine.map((v) => v.id)).toEqual([id]);
    expect(listed.virtualmachine[0]?.tags.map((t) => t.resourcetype)).toEqual(['UserVm', 'UserVm', 'UserVm']);
  });

  it('answers {} for an empty list', async () => {
    const answer = await call(sim, 'listSSHKeyPairs', { name: 'nothing-here' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ listsshkeypairsresponse: {} });
  });

  it('pages with CloudStack limits', async () => {
    const all = (await ok(sim, 'listVirtualMachines', { state: 'Running' })) as {
      count: number;
      virtualmachine: unknown[];
    };
    expect(all.virtualmachine.length).toBe(all.count);
    const page1 = (await ok(sim, 'listVirtualMachines', { page: '1', pagesize: '5' })) as {
      count: number;
      virtualmachine: Array<{ id: string }>;
    };
    const page2 = (await ok(sim, 'listVirtualMachines', { page: '2', pagesize: '5' })) as typeof page1;
    expect(page1.virtualmachine).toHaveLength(5);
    expect(page2.count).toBe(page1.count);
    expect(new Set([...page1.virtualmachine, ...page2.virtualmachine].map((v) => v.id)).size).toBe(10);
    const past = await ok(sim, 'listVirtualMachines', { page: '99', pagesize: '5' });
    expect(past).toEqual({ count: page1.count });
    const tooBig = await call(sim, 'listVirtualMachines', { pagesize: '501' });
    expect(tooBig.status).toBe(431);
    expect(inner(tooBig, 'listVirtualMachines').errortext).toBe(
      "Page size can't exceed max allowed page size value: 500",
    );
    const unlimited = (await ok(sim, 'listVirtualMachines', { pagesize: '-1' })) as typeof page1;
    expect(unlimited.virtualmachine).toHaveLength(unlimited.count);
  });

  it('filters lists by id, ids, name, keyword, zone and state', async () => {
    const all = (await ok(sim, 'listVirtualMachines')) as {
      virtualmachine: Array<{ id: string; name: string }>;
    };
    const [a, b] = all.virtualmachine;
    const byIds = (await ok(sim, 'listVirtualMachines', { ids: `${a?.id},${b?.id}` })) as { count: number };
    expect(byIds.count).toBe(2);
    const byId = (await ok(sim, 'listVirtualMachines', { id: a?.id ?? '' })) as {
      virtualmachine: Array<{ name: string }>;
    };
    expect(byId.virtualmachine[0]?.name).toBe(a?.name);
    const byKeyword = (await ok(sim, 'listVirtualMachines', { keyword: 'sim-vm-0001' })) as { count: number };
    expect(byKeyword.count).toBe(3);
    const basic = await ok(sim, 'listVirtualMachines', { zoneid: sim.seeded.basicZoneId });
    expect(basic).toEqual({});
    const stopped = (await ok(sim, 'listVirtualMachines', { state: 'stopped' })) as {
      virtualmachine: Array<{ state: string }>;
    };
    expect(stopped.virtualmachine.every((v) => v.state === 'Stopped')).toBe(true);
    const zones = (await ok(sim, 'listZones', { name: 'Sim-Basic' })) as {
      zone: Array<{ networktype: string }>;
    };
    expect(zones.zone.map((z) => z.networktype)).toEqual(['Basic']);
  });

  it('matches names whole (accounts and roles in any case) and keywords within the texts of each list', async () => {
    const count = async (command: string, params: Record<string, string>) =>
      Number((await ok(sim, command, params)).count ?? 0);
    expect(await count('listZones', { name: 'Sim-Advanced' })).toBe(1);
    expect(await count('listZones', { name: 'sim-advanced' })).toBe(0);
    expect(await count('listZones', { name: 'Sim' })).toBe(0);
    expect(await count('listZones', { keyword: 'basic' })).toBe(1);
    expect(await count('listZones', { id: sim.seeded.basicZoneId, keyword: 'advanced' })).toBe(0);
    expect(await count('listServiceOfferings', { name: 'small instance' })).toBe(0);
    expect(await count('listServiceOfferings', { keyword: 'instance' })).toBe(4);
    expect(await count('listAccounts', { name: 'ADMIN' })).toBe(1);
    expect(await count('listRoles', { name: 'root admin' })).toBe(1);
    expect(await count('listRoles', { keyword: 'admin' })).toBeGreaterThanOrEqual(3);
    expect(await count('listHosts', { name: 'nope', zoneid: sim.seeded.advancedZoneId })).toBe(0);
    expect(await count('listHosts', { zoneid: sim.seeded.advancedZoneId })).toBe(2);
    expect(await count('listPods', { keyword: 'pod0' })).toBe(2);
    // Jobs match on their command class, in any case.
    await deployVm(sim, { name: 'keyword-job-vm' });
    expect(await count('listAsyncJobs', { keyword: 'deployvmcmd' })).toBeGreaterThanOrEqual(1);
    expect(await count('listAsyncJobs', { keyword: 'NoSuchCmd' })).toBe(0);
  });

  it('shows other accounts only with listall', async () => {
    await ok(sim, 'createAccount', {
      username: 'bob',
      password: 'builder',
      firstname: 'Bob',
      lastname: 'Builder',
      email: 'bob@example.com',
      accounttype: '0',
    });
    await deployVm(sim, { name: 'bobs-vm', account: 'bob', domainid: sim.seeded.rootDomainId });
    const own = (await ok(sim, 'listVirtualMachines', { name: 'bobs-vm' })) as { count?: number };
    expect(own.count).toBeUndefined();
    const everything = (await ok(sim, 'listVirtualMachines', { name: 'bobs-vm', listall: 'true' })) as {
      virtualmachine: Array<{ account: string }>;
    };
    expect(everything.virtualmachine.map((v) => v.account)).toEqual(['bob']);
  });

  it('describes its APIs with listApis, filtered by name', async () => {
    const all = (await ok(sim, 'listApis')) as { count: number; api: Array<{ name: string }> };
    expect(all.count).toBe(sim.apiCount);
    expect(all.api.map((a) => a.name)).toEqual([...all.api.map((a) => a.name)].sort());
    const one = (await ok(sim, 'listApis', { name: 'deployVirtualMachine' })) as {
      api: Array<{ isasync: boolean; params: Array<{ name: string; required: boolean }> }>;
    };
    expect(one.api[0]?.isasync).toBe(true);
    expect(
      one.api[0]?.params
        .filter((p) => p.required)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['serviceofferingid', 'templateid', 'zoneid']);
    const unknown = await call(sim, 'listApis', { name: 'noSuchApi' });
    expect(unknown.status).toBe(530);
  });
});
