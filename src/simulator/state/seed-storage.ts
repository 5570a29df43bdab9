// Storage family (issue 14): the seeded world's primary storage pools, image stores, a few data volumes, a
// snapshot and a recurring snapshot policy. Seeded after everything else, so the ids of older seeded objects
// stay what they were; deterministic per seed like the rest.
import { createVolume } from './factory.js';
import type { Account } from './model.js';
import type { Store } from './store.js';

const GiB = 1024 ** 3;
const TiB = 1024 * GiB;

export const PRIMARY_STORAGE_NAME = 'SimPrimaryStorage';

export function seedStorage(store: Store, owner: Account, advancedZoneId: string, now: number): void {
  [...store.zones.values()].forEach((zone, z) => {
    const cluster = [...store.clusters.values()].find((c) => c.zoneId === zone.id);
    // Two cluster-wide pools per zone, so a volume can migrate within its zone.
    for (let p = 0; p < 2; p++) {
      const id = store.newId();
      store.storagePools.set(id, {
        id,
        name: `${PRIMARY_STORAGE_NAME}${z === 0 ? '' : `-${zone.name}`}${p === 0 ? '' : `-${p + 1}`}`,
        zoneId: zone.id,
        podId: cluster?.podId,
        clusterId: cluster?.id,
        scope: 'CLUSTER',
        ipAddress: `172.16.${15 + z}.${50 + p}`,
        path: `/export/primary${p + 1}`,
        capacity: 2 * TiB,
        created: now,
      });
    }
    const storeId = store.newId();
    store.imageStores.set(storeId, {
      id: storeId,
      name: `SimSecondaryStorage${z === 0 ? '' : `-${zone.name}`}`,
      zoneId: zone.id,
      url: `nfs://172.16.${15 + z}.60/export/secondary`,
      protocol: 'nfs',
      providerName: 'NFS',
      capacity: 4 * TiB,
    });
  });

  const medium = [...store.diskOfferings.values()].find((o) => o.name === 'Medium');
  const small = [...store.diskOfferings.values()].find((o) => o.name === 'Small');
  // A data disk that was used and detached (Ready), and one never attached (Allocated).
  const data = createVolume(store, {
    name: 'data-01',
    type: 'DATADISK',
    accountId: owner.id,
    zoneId: advancedZoneId,
    diskOfferingId: medium?.id,
    size: (medium?.diskSize ?? 20) * GiB,
    state: 'Ready',
    created: now,
  });
  createVolume(store, {
    name: 'data-02',
    type: 'DATADISK',
    accountId: owner.id,
    zoneId: advancedZoneId,
    diskOfferingId: small?.id,
    size: (small?.diskSize ?? 5) * GiB,
    state: 'Allocated',
    created: now,
  });
  const snapshotId = store.newId();
  store.snapshots.set(snapshotId, {
    id: snapshotId,
    internalId: store.nextInternalId('snapshots', 1),
    name: `${data.name}_snapshot_seeded`,
    volumeId: data.id,
    volumeName: data.name,
    volumeType: data.type,
    accountId: owner.id,
    zoneId: advancedZoneId,
    size: data.size,
    state: 'BackedUp',
    snapshotType: 'MANUAL',
    intervalType: undefined,
    created: now,
  });
  const policyId = store.newId();
  store.snapshotPolicies.set(policyId, {
    id: policyId,
    volumeId: data.id,
    intervalType: 1,
    schedule: '30:02',
    timezone: 'UTC',
    maxSnaps: 7,
    forDisplay: true,
  });
}
