// Issue 14, compute family, through the product: a real MCP Client against the server in process, whose
// CloudStack is the embedded simulator. An agent moves a VM to a larger offering (stop, change, start; then
// scales a running one), finds out what happened to a VM from its events, and resets a password without the
// password reaching the tool output.
import { beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../simulator/helpers.js';
import { call, itemsOf } from './harness.js';
import { simulatorWorld } from './simulator-world.js';

type Json = Record<string, unknown>;

function apiNames(structured: Json): string[] {
  return (structured.apis as Array<{ name: string }>).map((api) => api.name);
}

describe('compute workflows an agent is asked for, against the embedded simulator', () => {
  const world = simulatorWorld({ seed: 14, jobDurationMs: 5 });
  const offerings: Record<string, string> = {};

  beforeAll(async () => {
    const list = (await ok(world.simulator, 'listServiceOfferings')) as { serviceoffering: Json[] };
    for (const o of list.serviceoffering) offerings[String(o.name)] = String(o.id);
  });

  async function api(name: string, params: Json, fields?: string[]) {
    const answer = await call(world.server.client, 'callApi', {
      api: name,
      params,
      ...(fields ? { fields } : {}),
    });
    expect(answer.isError, answer.text).toBe(false);
    return answer;
  }

  it('searchApis finds the compute APIs by everyday words', async () => {
    const scale = await call(world.server.client, 'searchApis', { query: 'change vm service offering' });
    expect(apiNames(scale.structured)).toEqual(expect.arrayContaining(['changeServiceForVirtualMachine']));
    const events = await call(world.server.client, 'searchApis', { query: 'events' });
    expect(apiNames(events.structured)).toContain('listEvents');
    const affinity = await call(world.server.client, 'searchApis', { query: 'affinity group' });
    expect(apiNames(affinity.structured)).toContain('createAffinityGroup');
  });

  it('moves a VM to a larger offering: stop, change the offering, start; then scales a running VM', async () => {
    const deployed = await call(world.server.client, 'deployVM', {
      zone: 'advanced',
      template: 'centos',
      serviceOffering: 'small',
      name: 'app-1',
    });
    expect(deployed.isError, deployed.text).toBe(false);
    const vmId = String((deployed.structured.vm as Json).id);

    // A running VM is refused, as CloudStack does.
    const refused = await call(world.server.client, 'callApi', {
      api: 'changeServiceForVirtualMachine',
      params: { id: vmId, serviceofferingid: offerings['Medium Instance'] },
    });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('make sure the virtual machine is stopped');

    expect((await call(world.server.client, 'stopVM', { vm: vmId })).isError).toBe(false);
    await api('changeServiceForVirtualMachine', {
      id: vmId,
      serviceofferingid: offerings['Medium Instance'],
    });
    expect((await call(world.server.client, 'startVM', { vm: vmId })).isError).toBe(false);
    const listed = await api('listVirtualMachines', { id: vmId }, ['state', 'serviceofferingname', 'memory']);
    expect(itemsOf(listed.structured)).toEqual([
      { state: 'Running', serviceofferingname: 'Medium Instance', memory: 1024 },
    ]);

    // A dynamically scalable VM grows while it runs.
    const scalable = await api('deployVirtualMachine', {
      zoneid: world.simulator.seeded.advancedZoneId,
      templateid: world.simulator.seeded.templateId,
      serviceofferingid: offerings['Medium Instance'],
      name: 'app-2',
      dynamicscalingenabled: true,
    });
    expect(scalable.structured).toMatchObject({ status: 'done' });
    const scalableId = String(
      ((scalable.structured.result as Json).virtualmachine as Json | undefined)?.id ??
        (scalable.structured.result as Json).id,
    );
    const scaled = await api('scaleVirtualMachine', {
      id: scalableId,
      serviceofferingid: offerings['Large Instance'],
    });
    expect(scaled.structured).toMatchObject({ status: 'done' });
    const after = await api('listVirtualMachines', { id: scalableId }, [
      'state',
      'serviceofferingname',
      'cpunumber',
    ]);
    expect(itemsOf(after.structured)).toEqual([
      { state: 'Running', serviceofferingname: 'Large Instance', cpunumber: 2 },
    ]);
  });

  it('what happened to my VM: its events after a deploy', async () => {
    const deployed = await call(world.server.client, 'deployVM', {
      zone: 'advanced',
      template: 'centos',
      serviceOffering: 'small',
      name: 'web-7',
    });
    expect(deployed.isError, deployed.text).toBe(false);
    const vmId = String((deployed.structured.vm as Json).id);
    expect((await call(world.server.client, 'stopVM', { vm: vmId })).isError).toBe(false);
    const events = await api('listEvents', { resourceid: vmId }, ['type', 'state', 'level', 'description']);
    expect(itemsOf(events.structured)).toEqual([
      {
        type: 'VM.STOP',
        state: 'Completed',
        level: 'INFO',
        description: `Successfully completed stopping user vm: ${vmId}`,
      },
      { type: 'VM.STOP', state: 'Started', level: 'INFO', description: `stopping user vm: ${vmId}` },
      { type: 'VM.STOP', state: 'Scheduled', level: 'INFO', description: `stopping user vm: ${vmId}` },
      {
        type: 'VM.CREATE',
        state: 'Completed',
        level: 'INFO',
        description: `Successfully completed starting Vm. Vm Id: ${vmId}`,
      },
      { type: 'VM.CREATE', state: 'Started', level: 'INFO', description: `starting Vm. Vm Id: ${vmId}` },
      { type: 'VM.CREATE', state: 'Scheduled', level: 'INFO', description: `starting Vm. Vm Id: ${vmId}` },
    ]);
  });

  it('resetPasswordForVirtualMachine: the job carries the password, the tool output masks it', async () => {
    const templates = (await ok(world.simulator, 'listTemplates', {
      templatefilter: 'featured',
      name: 'Ubuntu 22.04 LTS (Simulator)',
    })) as { template: Json[] };
    const deployed = await api('deployVirtualMachine', {
      zoneid: world.simulator.seeded.advancedZoneId,
      templateid: String(templates.template[0]?.id),
      serviceofferingid: offerings['Small Instance'],
      name: 'pw-1',
      startvm: false,
    });
    const vmId = String(
      ((deployed.structured.result as Json).virtualmachine as Json | undefined)?.id ??
        (deployed.structured.result as Json).id,
    );
    // Resetting a password is destructive: the user confirms it first.
    const asked = await call(world.server.client, 'callApi', {
      api: 'resetPasswordForVirtualMachine',
      params: { id: vmId },
    });
    expect(asked.structured.status).toBe('confirmation_required');
    const token = (asked.structured.confirmation as { confirmToken: string }).confirmToken;
    // Asked for by name (fields), the password comes back masked; by default the concise answer omits it.
    const reset = await call(world.server.client, 'callApi', {
      api: 'resetPasswordForVirtualMachine',
      params: { id: vmId },
      fields: ['id', 'name', 'password', 'passwordenabled'],
      confirm: token,
    });
    expect(reset.isError, reset.text).toBe(false);
    expect(reset.structured).toMatchObject({
      status: 'done',
      result: { id: vmId, name: 'pw-1', password: '[REDACTED]', passwordenabled: true },
    });
    const jobId = String(reset.structured.jobId);
    // The simulator's own answer has the password, as CloudStack's job result does.
    const job = (await ok(world.simulator, 'queryAsyncJobResult', { jobid: jobId })) as {
      jobresult: { virtualmachine: Json };
    };
    const password = String(job.jobresult.virtualmachine.password);
    expect(password.length).toBeGreaterThan(6);
    expect(reset.text).not.toContain(password);
    expect(JSON.stringify(reset.structured)).not.toContain(password);
  });
});
