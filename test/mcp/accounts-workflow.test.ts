// Accounts family (issue 15), through the product: real MCP Clients against servers in process, one with the
// simulator's admin keys and one with a plain User's (domain child, seeded with seedTeam). The user's agent
// sees only its account's VMs and is refused admin APIs; the admin's agent sees both, runs a project, sets a
// limit the user then meets, and disables the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../../bench/lib/in-process.js';
import { pollScheduleFor } from '../../src/cloudstack/poll.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, errorOf, itemsOf } from './harness.js';

type Json = Record<string, unknown>;

describe('accounts, projects and limits an agent is asked for, against the embedded simulator', () => {
  let simulator: RunningSimulator;
  let admin: InProcess;
  let user: InProcess;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 15, jobDurationMs: 5, seedTeam: true, seedVms: 2 });
    const team = simulator.team;
    if (!team) throw new Error('no team seeded');
    const options = { clientOptions: { pollSchedule: pollScheduleFor(5) } };
    admin = await startInProcess(
      { url: simulator.url, apiKey: simulator.admin.apiKey, secretKey: simulator.admin.secretKey },
      options,
    );
    user = await startInProcess(
      { url: simulator.url, apiKey: team.user.apiKey, secretKey: team.user.secretKey },
      options,
    );
  });

  afterAll(async () => {
    await user?.close();
    await admin?.close();
    await simulator?.close();
  });

  const vmNames = async (server: InProcess, params: Json = {}) => {
    const listed = await call(server.client, 'callApi', {
      api: 'listVirtualMachines',
      params,
      fields: ['name'],
    });
    expect(listed.isError, listed.text).toBe(false);
    return itemsOf(listed.structured)
      .map((vm) => String(vm.name))
      .sort();
  };

  /** Runs an API the server asks to confirm (it changes access): ask, then call again with the token. */
  const confirmed = async (api: string, params: Json) => {
    const asked = await call(admin.client, 'callApi', { api, params });
    expect(asked.structured).toMatchObject({ status: 'confirmation_required' });
    const token = (asked.structured.confirmation as { confirmToken: string }).confirmToken;
    const done = await call(admin.client, 'callApi', { api, params, confirm: token });
    expect(done.isError, done.text).toBe(false);
    expect(done.structured).toMatchObject({ status: 'done' });
    return done.structured;
  };

  it("the user's agent sees its own VMs only and is refused an admin API; the admin's sees both", async () => {
    expect(await vmNames(user)).toEqual(['child-vm-1', 'child-vm-2']);
    expect(await vmNames(admin)).toEqual(['child-vm-1', 'child-vm-2', 'sim-vm-00001', 'sim-vm-00002']);
    const hosts = await call(user.client, 'callApi', { api: 'listHosts' });
    expect(hosts.isError).toBe(true);
    expect(hosts.text).toMatch(/listHosts/);
    const adminHosts = await call(admin.client, 'callApi', { api: 'listHosts', fields: ['name'] });
    expect(adminHosts.isError, adminHosts.text).toBe(false);
  });

  it('the admin runs a project for the user: its VM is listed by projectid, not with the account', async () => {
    const team = simulator.team;
    const created = await call(admin.client, 'callApi', {
      api: 'createProject',
      params: { name: 'shop', displaytext: 'Web shop', account: 'child-user', domainid: team?.domainId },
    });
    expect(created.isError, created.text).toBe(false);
    expect(created.structured).toMatchObject({ status: 'done' });
    const projects = await call(user.client, 'callApi', {
      api: 'listProjects',
      fields: ['id', 'name', 'state'],
    });
    const project = itemsOf(projects.structured)[0];
    expect(project).toMatchObject({ name: 'shop', state: 'Active' });
    const deployed = await call(user.client, 'callApi', {
      api: 'deployVirtualMachine',
      params: {
        zoneid: simulator.seeded.advancedZoneId,
        templateid: simulator.seeded.templateId,
        serviceofferingid: simulator.seeded.serviceOfferingId,
        projectid: String(project?.id),
        name: 'shop-web',
      },
    });
    expect(deployed.isError, deployed.text).toBe(false);
    expect(await vmNames(user, { projectid: String(project?.id) })).toEqual(['shop-web']);
    expect(await vmNames(user)).toEqual(['child-vm-1', 'child-vm-2']);
  });

  it("the admin sets a limit; the user meets it with CloudStack's words", async () => {
    const limited = await call(admin.client, 'callApi', {
      api: 'updateResourceLimit',
      params: { account: 'child-user', domainid: simulator.team?.domainId, resourcetype: 0, max: 2 },
    });
    expect(limited.isError, limited.text).toBe(false);
    const refused = await call(user.client, 'callApi', {
      api: 'deployVirtualMachine',
      params: {
        zoneid: simulator.seeded.advancedZoneId,
        templateid: simulator.seeded.templateId,
        serviceofferingid: simulator.seeded.serviceOfferingId,
        name: 'one-too-many',
      },
    });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(errorOf(refused))).toContain(
      "Maximum amount of resources of Type = 'user_vm' for Account Name = child-user",
    );
  });

  it("the admin disables the user: the user's agent is refused from then on", async () => {
    // Disabling a user changes access: the server asks first, then runs it with the token.
    const disabled = await confirmed('disableUser', { id: simulator.team?.user.userId });
    // The job's user, with its API key redacted by the server.
    expect(disabled.result).toMatchObject({ username: 'childuser', state: 'disabled', apikey: '[REDACTED]' });
    const refused = await call(user.client, 'callApi', { api: 'listVirtualMachines' });
    expect(refused.isError).toBe(true);
    expect(errorOf(refused)).toMatchObject({ kind: 'unauthorized', httpStatus: 401 });
    await confirmed('enableUser', { id: simulator.team?.user.userId });
    expect(await vmNames(user)).toEqual(['child-vm-1', 'child-vm-2']);
  });
});
