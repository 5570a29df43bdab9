// Issue 14, storage family, through the product: a real MCP Client against the server in process, whose
// CloudStack is the embedded simulator (its catalog as `serve --simulator` loads it). An agent finds the
// APIs by the words people use, reads createVolume's description, then adds a 20 GB disk to a VM and
// snapshots it.
import { describe, expect, it } from 'vitest';
import { call, itemsOf } from './harness.js';
import { simulatorWorld } from './simulator-world.js';

type Json = Record<string, unknown>;
const GiB = 1024 ** 3;

function apiNames(structured: Json): string[] {
  return (structured.apis as Array<{ name: string }>).map((api) => api.name);
}

describe('storage workflows an agent is asked for, against the embedded simulator', () => {
  const world = simulatorWorld({ seed: 14, jobDurationMs: 5 });

  it('searchApis finds the storage APIs by everyday words; describeApi shows createVolume', async () => {
    const snapshot = await call(world.server.client, 'searchApis', { query: 'snapshot' });
    expect(snapshot.isError, snapshot.text).toBe(false);
    expect(apiNames(snapshot.structured)).toEqual(
      expect.arrayContaining(['createSnapshot', 'listSnapshots']),
    );
    const attach = await call(world.server.client, 'searchApis', { query: 'attach disk' });
    expect(apiNames(attach.structured).slice(0, 3)).toContain('attachVolume');
    const described = await call(world.server.client, 'describeApi', { api: 'createVolume' });
    expect(described.isError, described.text).toBe(false);
    const params = (described.structured.params as Array<{ name: string }>).map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['diskofferingid', 'size', 'zoneid', 'virtualmachineid']));
  });

  it('adds a 20 GB disk to a VM and snapshots it', async () => {
    const deployed = await call(world.server.client, 'deployVM', {
      zone: 'advanced',
      template: 'centos',
      serviceOffering: 'small',
      name: 'db-1',
    });
    expect(deployed.isError, deployed.text).toBe(false);
    const vmId = String((deployed.structured.vm as Json).id);

    const offerings = await call(world.server.client, 'callApi', {
      api: 'listDiskOfferings',
      params: { name: 'Custom' },
      fields: ['id', 'iscustomized'],
    });
    const custom = itemsOf(offerings.structured)[0];
    expect(custom).toMatchObject({ iscustomized: true });

    const created = await call(world.server.client, 'callApi', {
      api: 'createVolume',
      params: {
        name: 'db-1-data',
        zoneid: world.simulator.seeded.advancedZoneId,
        diskofferingid: String(custom?.id),
        size: 20,
        virtualmachineid: vmId,
      },
    });
    expect(created.isError, created.text).toBe(false);
    expect(created.structured).toMatchObject({ status: 'done' });
    const volumes = await call(world.server.client, 'callApi', {
      api: 'listVolumes',
      params: { virtualmachineid: vmId, type: 'DATADISK' },
      fields: ['id', 'name', 'size', 'state', 'virtualmachineid'],
    });
    const disk = itemsOf(volumes.structured)[0];
    expect(disk).toMatchObject({ name: 'db-1-data', size: 20 * GiB, state: 'Ready', virtualmachineid: vmId });

    const snapshot = await call(world.server.client, 'callApi', {
      api: 'createSnapshot',
      params: { volumeid: String(disk?.id) },
    });
    expect(snapshot.isError, snapshot.text).toBe(false);
    expect(snapshot.structured).toMatchObject({ status: 'done' });
    const listed = await call(world.server.client, 'callApi', {
      api: 'listSnapshots',
      params: { volumeid: String(disk?.id) },
      fields: ['id', 'volumeid', 'volumename', 'state'],
    });
    expect(itemsOf(listed.structured)).toEqual([
      expect.objectContaining({ volumeid: disk?.id, state: 'BackedUp', volumename: 'db-1-data' }),
    ]);
  });
});
