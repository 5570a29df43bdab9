// Issue 14, compute family: the refusals and effects of changing a VM's offering, password, SSH keys and host,
// affinity groups and their placement, service offerings, events, alerts and capacity, with CloudStack's codes
// and texts (UserVmManagerImpl, AffinityGroupServiceImpl, ConfigurationManagerImpl, ActionEventInterceptor).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, deployVm, ok, runJob } from './helpers.js';

type Json = Record<string, unknown>;

let sim: RunningSimulator;
const offerings: Record<string, string> = {};

beforeAll(async () => {
  sim = await startSimulator({ jobDurationMs: 5 });
  const list = (await ok(sim, 'listServiceOfferings')) as { serviceoffering: Json[] };
  for (const o of list.serviceoffering) offerings[String(o.name)] = String(o.id);
});
afterAll(() => sim.close());

async function stopped(name: string, params: Record<string, string> = {}): Promise<Json> {
  const vm = await deployVm(sim, { name, ...params });
  await runJob(sim, 'stopVirtualMachine', { id: String(vm.id) });
  return vm;
}

describe('changing the offering of a VM', () => {
  it('changeServiceForVirtualMachine refuses a running VM and changes a stopped one', async () => {
    const vm = await deployVm(sim, { name: 'change-1' });
    const refused = await call(sim, 'changeServiceForVirtualMachine', {
      id: String(vm.id),
      serviceofferingid: offerings['Medium Instance'] ?? '',
    });
    expect(refused.status).toBe(431);
    expect(JSON.stringify(refused.body)).toMatch(
      /Unable to upgrade virtual machine VM\[User\|i-\d+-\d+-VM\] {2}in state Running; make sure the virtual machine is stopped/,
    );
    await runJob(sim, 'stopVirtualMachine', { id: String(vm.id) });
    const changed = (await ok(sim, 'changeServiceForVirtualMachine', {
      id: String(vm.id),
      serviceofferingid: offerings['Medium Instance'] ?? '',
    })) as { virtualmachine: Json };
    expect(changed.virtualmachine).toMatchObject({ serviceofferingname: 'Medium Instance', memory: 1024 });
    const again = await call(sim, 'changeServiceForVirtualMachine', {
      id: String(vm.id),
      serviceofferingid: offerings['Medium Instance'] ?? '',
    });
    expect(JSON.stringify(again.body)).toContain('since it already has the requested service offering');
  });

  it('scaleVirtualMachine scales a running, dynamically scalable VM up only', async () => {
    const fixed = await deployVm(sim, { name: 'scale-fixed' });
    const notScalable = await runJob(sim, 'scaleVirtualMachine', {
      id: String(fixed.id),
      serviceofferingid: offerings['Medium Instance'] ?? '',
    });
    expect(notScalable.jobstatus).toBe(2);
    expect(notScalable.jobresult?.errortext).toBe(
      `Unable to Scale the vm: ${fixed.id} as vm does not have tools to support dynamic scaling`,
    );
    const vm = await deployVm(sim, {
      name: 'scale-up',
      serviceofferingid: offerings['Medium Instance'] ?? '',
      dynamicscalingenabled: 'true',
    });
    const down = await runJob(sim, 'scaleVirtualMachine', {
      id: String(vm.id),
      serviceofferingid: offerings['Small Instance'] ?? '',
    });
    expect(down.jobresult?.errortext).toMatch(
      /^Only scaling up the vm is supported, new service offering\(speed=500,cpu=1,memory=,512\)/,
    );
    const up = await runJob(sim, 'scaleVirtualMachine', {
      id: String(vm.id),
      serviceofferingid: offerings['Large Instance'] ?? '',
    });
    expect(up.jobstatus).toBe(1);
    expect(up.jobresult?.virtualmachine).toMatchObject({
      state: 'Running',
      serviceofferingname: 'Large Instance',
      cpunumber: 2,
      memory: 4096,
    });
  });
});

describe('passwords and SSH keys', () => {
  it('resetPasswordForVirtualMachine needs a password-enabled template and a stopped VM; the job carries the password', async () => {
    const centos = await stopped('pw-centos');
    const refused = await call(sim, 'resetPasswordForVirtualMachine', { id: String(centos.id) });
    expect(refused.status).toBe(431);
    expect(JSON.stringify(refused.body)).toContain(
      'Fail to reset password for the virtual machine, the template is not password enabled',
    );
    const templates = (await ok(sim, 'listTemplates', {
      templatefilter: 'featured',
      name: 'Ubuntu 22.04 LTS (Simulator)',
    })) as { template: Json[] };
    const ubuntu = String(templates.template[0]?.id);
    const running = await deployVm(sim, { name: 'pw-running', templateid: ubuntu });
    const whileRunning = await runJob(sim, 'resetPasswordForVirtualMachine', { id: String(running.id) });
    expect(whileRunning.jobstatus).toBe(2);
    expect(whileRunning.jobresult?.errortext).toMatch(
      /^Vm VM\[User\|i-\d+-\d+-VM\] should be stopped to do password reset$/,
    );
    await runJob(sim, 'stopVirtualMachine', { id: String(running.id) });
    const reset = await runJob(sim, 'resetPasswordForVirtualMachine', { id: String(running.id) });
    const password = (reset.jobresult?.virtualmachine as Json | undefined)?.password;
    expect(password).toEqual(expect.stringMatching(/^\w{8,}$/));
    // Shown once: the VM does not carry it afterwards.
    const listed = (await ok(sim, 'listVirtualMachines', { id: String(running.id) })) as {
      virtualmachine: Json[];
    };
    expect(listed.virtualmachine[0]?.password).toBeUndefined();
  });

  it('resetSSHKeyForVirtualMachine replaces the keys of a stopped VM', async () => {
    await ok(sim, 'createSSHKeyPair', { name: 'reset-key' });
    const vm = await deployVm(sim, { name: 'ssh-reset' });
    const missing = await call(sim, 'resetSSHKeyForVirtualMachine', { id: String(vm.id) });
    expect(JSON.stringify(missing.body)).toContain("'keypair' or 'keyparis' must be specified");
    const whileRunning = await runJob(sim, 'resetSSHKeyForVirtualMachine', {
      id: String(vm.id),
      keypair: 'reset-key',
    });
    expect(whileRunning.jobresult?.errortext).toMatch(/should be stopped to do SSH Key reset$/);
    await runJob(sim, 'stopVirtualMachine', { id: String(vm.id) });
    const reset = await runJob(sim, 'resetSSHKeyForVirtualMachine', {
      id: String(vm.id),
      keypair: 'reset-key',
    });
    expect(reset.jobresult?.virtualmachine).toMatchObject({ keypairs: 'reset-key' });
  });
});

describe('migration between simulated hosts', () => {
  it('moves a running VM to the other host of its zone; refuses stopped VMs and the same host', async () => {
    const vm = await deployVm(sim, { name: 'migrate-me' });
    const found = (await ok(sim, 'findHostsForMigration', { virtualmachineid: String(vm.id) })) as {
      host: Json[];
    };
    expect(found.host).toHaveLength(1);
    expect(found.host[0]).toMatchObject({ suitableformigration: true, requiresStorageMotion: false });
    const target = String(found.host[0]?.id);
    const same = await call(sim, 'migrateVirtualMachine', {
      virtualmachineid: String(vm.id),
      hostid: String(vm.hostid),
    });
    expect(JSON.stringify(same.body)).toContain('Cannot migrate VM, VM is already present on this host');
    const moved = await runJob(sim, 'migrateVirtualMachine', {
      virtualmachineid: String(vm.id),
      hostid: target,
    });
    expect(moved.jobresult?.virtualmachine).toMatchObject({ hostid: target, state: 'Running' });
    await runJob(sim, 'stopVirtualMachine', { id: String(vm.id) });
    const whileStopped = await call(sim, 'migrateVirtualMachine', { virtualmachineid: String(vm.id) });
    expect(whileStopped.status).toBe(431);
    expect(JSON.stringify(whileStopped.body)).toContain('VM is not Running, unable to migrate the vm');
  });
});

describe('affinity groups', () => {
  it('host anti-affinity places VMs on different hosts and refuses a third (533); VMs list their groups', async () => {
    expect(await ok(sim, 'listAffinityGroupTypes')).toMatchObject({
      affinityGroupType: [{ type: 'host anti-affinity' }, { type: 'host affinity' }],
    });
    const bad = await call(sim, 'createAffinityGroup', { name: 'x', type: 'rack anti-affinity' });
    expect(bad.status).toBe(431);
    const created = await runJob(sim, 'createAffinityGroup', { name: 'spread', type: 'host anti-affinity' });
    const group = created.jobresult?.affinitygroup as Json;
    expect(group).toMatchObject({ name: 'spread', type: 'host anti-affinity', account: 'admin' });
    const duplicate = await call(sim, 'createAffinityGroup', { name: 'spread', type: 'host anti-affinity' });
    expect(JSON.stringify(duplicate.body)).toContain('a group with name spread already exists');

    const a = await deployVm(sim, { name: 'spread-a', affinitygroupids: String(group.id) });
    const b = await deployVm(sim, { name: 'spread-b', affinitygroupnames: 'spread' });
    expect(a.hostid).not.toBe(b.hostid);
    expect(a.affinitygroup).toEqual([expect.objectContaining({ id: group.id, name: 'spread' })]);
    const third = await runJob(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
      name: 'spread-c',
      affinitygroupids: String(group.id),
    });
    expect(third.jobstatus).toBe(2);
    expect(third.jobresult).toMatchObject({ errorcode: 533 });
    expect(third.jobresult?.errortext).toMatch(
      /^Unable to create a deployment for VM\[User\|i-\d+-\d+-VM\]$/,
    );
    const listed = (await ok(sim, 'listAffinityGroups', { id: String(group.id) })) as {
      affinitygroup: Json[];
    };
    expect(listed.affinitygroup[0]?.virtualmachineIds).toEqual(expect.arrayContaining([a.id, b.id]));
    const members = (await ok(sim, 'listVirtualMachines', {
      affinitygroupid: String(group.id),
      state: 'Running',
    })) as {
      count: number;
    };
    expect(members.count).toBe(2);

    // updateVMAffinityGroup wants the VM stopped.
    const whileRunning = await runJob(sim, 'updateVMAffinityGroup', {
      id: String(a.id),
      affinitygroupids: '',
    });
    expect(whileRunning.jobresult?.errortext).toMatch(
      /^Unable to update affinity groups of the virtual machine .* in state Running/,
    );
    await runJob(sim, 'stopVirtualMachine', { id: String(a.id) });
    const left = await runJob(sim, 'updateVMAffinityGroup', { id: String(a.id), affinitygroupnames: '' });
    expect(left.jobstatus).toBe(1);
    expect((left.jobresult?.virtualmachine as Json | undefined)?.affinitygroup).toEqual([]);
    const deleted = await runJob(sim, 'deleteAffinityGroup', { name: 'spread' });
    expect(deleted.jobresult).toEqual({ success: true });
    const afterDelete = (await ok(sim, 'listVirtualMachines', { id: String(b.id) })) as {
      virtualmachine: Json[];
    };
    expect(afterDelete.virtualmachine[0]?.affinitygroup).toEqual([]);
  });
});

describe('migration within affinity rules', () => {
  it('a VM of a host anti-affinity group may not move onto its peer host: flagged unsuitable, refused (533)', async () => {
    const own = await startSimulator({ jobDurationMs: 5 });
    try {
      const group = (await runJob(own, 'createAffinityGroup', { name: 'apart', type: 'host anti-affinity' }))
        .jobresult?.affinitygroup as Json;
      const a = await deployVm(own, { name: 'apart-a', affinitygroupids: String(group.id) });
      const b = await deployVm(own, { name: 'apart-b', affinitygroupids: String(group.id) });
      const found = (await ok(own, 'findHostsForMigration', { virtualmachineid: String(a.id) })) as {
        host: Json[];
      };
      expect(found.host).toEqual([expect.objectContaining({ id: b.hostid, suitableformigration: false })]);
      const refused = await runJob(own, 'migrateVirtualMachine', {
        virtualmachineid: String(a.id),
        hostid: String(b.hostid),
      });
      expect(refused.jobstatus).toBe(2);
      expect(refused.jobresult).toMatchObject({ errorcode: 533 });
      expect(refused.jobresult?.errortext).toMatch(
        /^Unable to find a host to migrate VM\[User\|i-\d+-\d+-VM\]$/,
      );
      const still = (await ok(own, 'listVirtualMachines', { id: String(a.id) })) as {
        virtualmachine: Json[];
      };
      expect(still.virtualmachine[0]).toMatchObject({ hostid: a.hostid, state: 'Running' });
    } finally {
      await own.close();
    }
  });
});

describe('service offerings', () => {
  it('are created, used, renamed and deleted by root admins, with CloudStack checks', async () => {
    const tooSmall = await call(sim, 'createServiceOffering', {
      name: 'tiny',
      displaytext: 'tiny',
      cpunumber: '1',
      cpuspeed: '500',
      memory: '16',
    });
    expect(tooSmall.status).toBe(431);
    expect(JSON.stringify(tooSmall.body)).toContain(
      'Failed to create service offering tiny: specify the memory value between 32 and 2147483647 MB',
    );
    const created = (await ok(sim, 'createServiceOffering', {
      name: 'xl',
      displaytext: 'Extra large',
      cpunumber: '4',
      cpuspeed: '2000',
      memory: '8192',
    })) as { serviceoffering: Json };
    const id = String(created.serviceoffering.id);
    expect(created.serviceoffering).toMatchObject({ cpunumber: 4, memory: 8192, iscustomized: false });
    const vm = await deployVm(sim, { name: 'xl-vm', serviceofferingid: id });
    expect(vm).toMatchObject({ serviceofferingname: 'xl', cpunumber: 4 });
    const renamed = (await ok(sim, 'updateServiceOffering', { id, name: 'xl-2' })) as {
      serviceoffering: Json;
    };
    expect(renamed.serviceoffering.name).toBe('xl-2');
    expect(await ok(sim, 'deleteServiceOffering', { id })).toEqual({ success: true });
    expect(await ok(sim, 'listServiceOfferings', { id })).toEqual({});
    const deploy = await call(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: id,
    });
    expect(deploy.status).toBe(431);
    const kept = (await ok(sim, 'listVirtualMachines', { id: String(vm.id) })) as { virtualmachine: Json[] };
    expect(kept.virtualmachine[0]?.serviceofferingname).toBe('xl-2');
  });
});

describe('events, alerts and capacity', () => {
  it('a deploy records VM.CREATE Scheduled, Started and Completed; a failed start records ERROR', async () => {
    const vm = await deployVm(sim, { name: 'evented' });
    const events = (await ok(sim, 'listEvents', { resourceid: String(vm.id), type: 'VM.CREATE' })) as {
      event: Json[];
    };
    expect(events.event.map((e) => [e.state, e.level])).toEqual([
      ['Completed', 'INFO'],
      ['Started', 'INFO'],
      ['Scheduled', 'INFO'],
    ]);
    const [completed, started, scheduled] = events.event;
    expect(scheduled).toMatchObject({
      description: `starting Vm. Vm Id: ${vm.id}`,
      account: 'admin',
      username: 'admin',
      domain: 'ROOT',
      resourcetype: 'VirtualMachine',
    });
    expect(started?.parentid).toBe(scheduled?.id);
    expect(completed).toMatchObject({
      description: `Successfully completed starting Vm. Vm Id: ${vm.id}`,
      parentid: scheduled?.id,
    });
    const failed = await runJob(sim, 'startVirtualMachine', { id: String(vm.id) });
    expect(failed.jobstatus).toBe(2);
    const errors = (await ok(sim, 'listEvents', { resourceid: String(vm.id), level: 'ERROR' })) as {
      event: Json[];
    };
    expect(errors.event).toEqual([
      expect.objectContaining({
        type: 'VM.START',
        state: 'Completed',
        description: `Error while starting user vm: ${vm.id}`,
      }),
    ]);
    const types = (await ok(sim, 'listEventTypes')) as { eventtype: Json[] };
    expect(types.eventtype.map((t) => t.name)).toEqual(
      expect.arrayContaining(['VM.CREATE', 'VM.START', 'VOLUME.CREATE', 'SNAPSHOT.CREATE', 'NET.IPASSIGN']),
    );
  });

  it('events name their resource (resourcename), even once it is gone (EventJoinDaoImpl finds removed rows)', async () => {
    const vm = await deployVm(sim, { name: 'named-event', displayname: 'Named Event VM' });
    const named = async () =>
      (
        (await ok(sim, 'listEvents', { resourceid: String(vm.id), type: 'VM.CREATE' })) as {
          event: Json[];
        }
      ).event.map((e) => e.resourcename);
    // The display name first, as getResourceName tries getDisplayName before getName.
    expect(await named()).toEqual(['Named Event VM', 'Named Event VM', 'Named Event VM']);
    await runJob(sim, 'destroyVirtualMachine', { id: String(vm.id), expunge: 'true' });
    expect(await ok(sim, 'listVirtualMachines', { id: String(vm.id) })).toEqual({});
    expect(await named()).toEqual(['Named Event VM', 'Named Event VM', 'Named Event VM']);
  });

  it('archiveEvents hides events, deleteEvents removes them; both need a selection', async () => {
    const none = await call(sim, 'archiveEvents', {});
    expect(none.status).toBe(431);
    const all = (await ok(sim, 'listEvents', { type: 'VM.STOP', pagesize: '1', page: '1' })) as {
      event: Json[];
    };
    const id = String(all.event[0]?.id);
    expect(await ok(sim, 'archiveEvents', { ids: id })).toEqual({ success: true });
    expect(await ok(sim, 'listEvents', { id })).toEqual({});
    expect(await ok(sim, 'deleteEvents', { ids: id })).toEqual({ success: true });
    const gone = await call(sim, 'listEvents', { id });
    expect(gone.status).toBe(200);
  });

  it('listCapacity follows the VMs placed; allocating 75% of a zone memory raises ALERT.MEMORY', async () => {
    const own = await startSimulator({ jobDurationMs: 5 });
    try {
      const memory = async () =>
        (
          (await ok(own, 'listCapacity', {
            zoneid: own.seeded.advancedZoneId,
            type: '0',
            fetchlatest: 'true',
          })) as {
            capacity: Json[];
          }
        ).capacity[0];
      expect(await memory()).toMatchObject({
        name: 'MEMORY',
        capacitytotal: 128 * 1024 ** 3,
        capacityused: 0,
      });
      const big = (await ok(own, 'createServiceOffering', {
        name: 'huge',
        displaytext: 'huge',
        cpunumber: '2',
        cpuspeed: '1000',
        memory: String(48 * 1024),
      })) as { serviceoffering: Json };
      const offering = String(big.serviceoffering.id);
      await deployVm(own, { name: 'huge-1', serviceofferingid: offering });
      expect(await memory()).toMatchObject({ capacityused: 48 * 1024 ** 3, percentused: '37.5' });
      expect(await ok(own, 'listAlerts')).toEqual({});
      await deployVm(own, { name: 'huge-2', serviceofferingid: offering });
      const alerts = (await ok(own, 'listAlerts')) as { alert: Json[] };
      expect(alerts.alert).toEqual([
        expect.objectContaining({
          type: 0,
          name: 'ALERT.MEMORY',
          description: expect.stringContaining(
            'System Alert: Low Available Memory in availability zone Sim-Advanced',
          ),
        }),
      ]);
      const sorted = (await ok(own, 'listCapacity', { sortby: 'usage' })) as { capacity: Json[] };
      expect(sorted.capacity[0]).toMatchObject({ name: 'MEMORY', percentused: '75' });
    } finally {
      await own.close();
    }
  });
});
