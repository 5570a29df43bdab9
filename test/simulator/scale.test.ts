// Seeding many VMs for paging and load work (speed is measured in bench/, not asserted here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { deployVm, ok, runJob } from './helpers.js';

describe('simulator with 10,000 seeded VMs', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ seedVms: 10_000, jobDurationMs: 1 });
  });
  afterAll(() => sim.close());

  it('pages through all of them, 500 at a time', async () => {
    const seen = new Set<string>();
    for (let page = 1; page <= 20; page++) {
      const list = (await ok(sim, 'listVirtualMachines', { page: String(page), pagesize: '500' })) as {
        count: number;
        virtualmachine: Array<{ id: string }>;
      };
      expect(list.count).toBe(10_000);
      expect(list.virtualmachine).toHaveLength(500);
      for (const vm of list.virtualmachine) seen.add(vm.id);
    }
    expect(seen.size).toBe(10_000);
    expect(await ok(sim, 'listVirtualMachines', { page: '21', pagesize: '500' })).toEqual({ count: 10_000 });
  });

  it('keeps cached listings current when VMs change', async () => {
    const first = (await ok(sim, 'listVirtualMachines', { page: '1', pagesize: '1' })) as {
      virtualmachine: Array<{ id: string; state: string }>;
    };
    const id = first.virtualmachine[0]?.id ?? '';
    await runJob(sim, 'createTags', {
      resourcetype: 'UserVm',
      resourceids: id,
      'tags[0].key': 'k',
      'tags[0].value': 'v',
    });
    await runJob(sim, 'stopVirtualMachine', { id });
    const again = (await ok(sim, 'listVirtualMachines', { page: '1', pagesize: '1' })) as {
      virtualmachine: Array<{ state: string; tags: Array<{ key: string }> }>;
    };
    expect(again.virtualmachine[0]?.state).toBe('Stopped');
    expect(again.virtualmachine[0]?.tags.map((t) => t.key)).toEqual(['k']);
    const added = await deployVm(sim, { name: 'ten-thousand-and-one' });
    const byName = (await ok(sim, 'listVirtualMachines', { name: 'ten-thousand-and-one' })) as {
      virtualmachine: Array<{ id: string }>;
    };
    expect(byName.virtualmachine.map((v) => v.id)).toEqual([added.id]);
    const accounts = (await ok(sim, 'listAccounts', { name: 'admin' })) as {
      account: Array<{ vmtotal: number }>;
    };
    expect(accounts.account[0]?.vmtotal).toBe(10_001);
  });
});
