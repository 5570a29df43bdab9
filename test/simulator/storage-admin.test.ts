// Issue 14: storage pools and image stores added and removed by root admins, with StorageManagerImpl's
// refusals (a pool with volumes on it, a cluster-scoped pool without its cluster, a zone's last image store).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, inner, ok } from './helpers.js';

type Json = Record<string, unknown>;

describe('storage administration', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
  });
  afterAll(() => sim.close());

  it('adds a zone-wide pool from its URL, lists it, and removes it', async () => {
    const created = inner(
      await call(sim, 'createStoragePool', {
        name: 'zone-pool',
        url: 'nfs://10.9.9.9/export/zone',
        zoneid: sim.seeded.advancedZoneId,
        scope: 'zone',
        hypervisor: 'Simulator',
      }),
      'createStoragePool',
    ).storagepool as Json;
    expect(created).toMatchObject({
      name: 'zone-pool',
      scope: 'ZONE',
      ipaddress: '10.9.9.9',
      path: '/export/zone',
    });
    expect(created).not.toHaveProperty('clusterid');
    const listed = (await ok(sim, 'listStoragePools', { name: 'zone-pool' })) as { storagepool: Json[] };
    expect(listed.storagepool.map((p) => p.id)).toEqual([created.id]);
    expect(await ok(sim, 'deleteStoragePool', { id: String(created.id) })).toEqual({ success: true });
    expect(await ok(sim, 'listStoragePools', { name: 'zone-pool' })).toEqual({});
  });

  it('refuses a cluster pool without its cluster, and deleting a pool that holds volumes', async () => {
    const noCluster = await call(sim, 'createStoragePool', {
      name: 'x',
      url: 'nfs://10.9.9.9/x',
      zoneid: sim.seeded.advancedZoneId,
      scope: 'cluster',
    });
    expect(inner(noCluster, 'createStoragePool')).toMatchObject({
      errorcode: 431,
      errortext: "cluster id can't be null, if scope is cluster",
    });
    const pools = (await ok(sim, 'listStoragePools', { name: 'SimPrimaryStorage' })) as {
      storagepool: Json[];
    };
    const busy = await call(sim, 'deleteStoragePool', { id: String(pools.storagepool[0]?.id) });
    expect(inner(busy, 'deleteStoragePool')).toMatchObject({
      errorcode: 431,
      errortext:
        'Cannot delete pool SimPrimaryStorage as there are associated non-destroyed vols for this pool',
    });
  });

  it("adds an image store; the zone's last store is kept while the zone has templates", async () => {
    const seeded = (await ok(sim, 'listImageStores', { zoneid: sim.seeded.advancedZoneId })) as {
      imagestore: Json[];
    };
    const added = inner(
      await call(sim, 'addImageStore', {
        provider: 'nfs',
        name: 'second',
        url: 'nfs://10.9.9.10/export/secondary',
        zoneid: sim.seeded.advancedZoneId,
      }),
      'addImageStore',
    ).imagestore as Json;
    expect(added).toMatchObject({ name: 'second', providername: 'NFS', protocol: 'nfs', scope: 'ZONE' });
    const badProvider = await call(sim, 'addImageStore', { provider: 'ftp', url: 'ftp://x/y' });
    expect(inner(badProvider, 'addImageStore')).toMatchObject({
      errortext: 'Cannot find image store provider by name: ftp',
    });
    // With two stores one may go; then the last one holds the zone's templates.
    expect(await ok(sim, 'deleteImageStore', { id: String(seeded.imagestore[0]?.id) })).toEqual({
      success: true,
    });
    const last = await call(sim, 'deleteImageStore', { id: String(added.id) });
    expect(inner(last, 'deleteImageStore')).toMatchObject({
      errorcode: 431,
      errortext: 'Cannot delete image store with active templates backup!',
    });
  });
});
