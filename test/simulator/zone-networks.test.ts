// Physical networks, guest VLAN dedication and VM usage history (issue 14).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, deployVm, ok, runJob } from './helpers.js';

type Json = Record<string, unknown>;

describe('simulator physical networks, guest VLAN dedication and VM usage history', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
  });
  afterAll(() => sim.close());

  it('a new physical network starts Disabled and is listed with the seeded ones', async () => {
    const job = await runJob(sim, 'createPhysicalNetwork', {
      name: 'phy-2',
      zoneid: sim.seeded.advancedZoneId,
    });
    expect(job.jobresult?.physicalnetwork).toMatchObject({ name: 'phy-2', state: 'Disabled' });
    const listed = (await ok(sim, 'listPhysicalNetworks', { zoneid: sim.seeded.advancedZoneId })) as {
      physicalnetwork: Json[];
    };
    expect(listed.physicalnetwork.map((p) => p.state)).toEqual(['Enabled', 'Disabled']);
  });

  it('a guest VLAN range is dedicated once, within the physical network range', async () => {
    const listed = (await ok(sim, 'listPhysicalNetworks', { zoneid: sim.seeded.advancedZoneId })) as {
      physicalnetwork: Json[];
    };
    const physicalnetworkid = String(listed.physicalnetwork[0]?.id);
    const first = (await ok(sim, 'dedicateGuestVlanRange', { vlanrange: '120-125', physicalnetworkid })) as {
      dedicatedguestvlanrange: Json;
    };
    expect(first.dedicatedguestvlanrange).toMatchObject({ guestvlanrange: '120-125', account: 'admin' });
    const overlap = await call(sim, 'dedicateGuestVlanRange', { vlanrange: '125-130', physicalnetworkid });
    expect(overlap.status).toBe(431);
    const outside = await call(sim, 'dedicateGuestVlanRange', { vlanrange: '900-910', physicalnetworkid });
    expect(outside.status).toBe(431);
  });

  it("usage history lists the caller's VMs with a stats sample each", async () => {
    const vm = await deployVm(sim, { name: 'stats-vm' });
    const history = (await ok(sim, 'listVirtualMachinesUsageHistory', { id: String(vm.id) })) as {
      virtualmachine: Json[];
    };
    expect(history.virtualmachine).toHaveLength(1);
    const stats = history.virtualmachine[0]?.stats as Json[];
    expect(stats[0]).toMatchObject({ memorykbs: 512 * 1024, cpuused: '0%' });
  });
});
