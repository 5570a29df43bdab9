// `fields` naming something the answer does not have: the answer says which matched nothing, the likely
// intended names and the ones there are, instead of silently leaving them out.
import { afterEach, describe, expect, it } from 'vitest';
import { call, connect, type Harness, itemsOf } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('fields that match nothing', () => {
  it('listVirtualMachines says ipaddress matched nothing and points at nic.ipaddress', async () => {
    harness = await connect();
    harness.cloud.addVms(3);
    const answer = await call(harness.client, 'listVirtualMachines', { fields: ['name', 'ipaddress'] });
    expect(answer.isError, answer.text).toBe(false);
    expect(itemsOf(answer.structured)).toEqual([{ name: 'vm-1' }, { name: 'vm-2' }, { name: 'vm-3' }]);
    const hint = String(answer.structured.hint);
    expect(hint).toContain('fields matched nothing: ipaddress (did you mean nic.ipaddress?)');
    expect(hint).toContain('Fields here: id, name, displayname');
    expect(hint).toContain('nic.networkname');
    expect(hint).not.toContain('fields matched nothing: name');

    // All matched: no hint.
    const fine = await call(harness.client, 'listVirtualMachines', { fields: ['name', 'nic.ipaddress'] });
    expect(fine.structured.hint).toBeUndefined();
  });

  it('callApi says so for lists and for single objects, within its output schema', async () => {
    harness = await connect();
    harness.cloud.addVms(2);
    const listed = await call(harness.client, 'callApi', {
      api: 'listVirtualMachines',
      fields: ['nmae', 'state'],
    });
    expect(listed.isError, listed.text).toBe(false);
    expect(String(listed.structured.hint)).toContain('fields matched nothing: nmae (did you mean name');

    const vmId = String(harness.cloud.vms[0]?.id);
    const started = await call(harness.client, 'callApi', {
      api: 'stopVirtualMachine',
      params: { id: vmId },
      fields: ['state', 'ipaddress'],
    });
    expect(started.isError, started.text).toBe(false);
    expect(started.structured.result).toEqual({ state: 'Stopped' });
    expect(String(started.structured.hint)).toContain('ipaddress (did you mean nic.ipaddress?)');
  });
});
