// Storage family (issue 14): volume snapshots, VM snapshots, snapshot policies, storage pools, image stores.
// Field names follow CloudStack 4.18's SnapshotResponse, VMSnapshotResponse, SnapshotPolicyResponse,
// StoragePoolResponse and ImageStoreResponse (as listed by listApis).
import type { ImageStore, Snapshot, SnapshotPolicy, StoragePool, VmSnapshot } from '../state/model.js';
import type { Store } from '../state/store.js';
import { ownerFields, tagsField } from './common.js';
import { field, formatDate, jobFields, View } from './view.js';

/** CloudStack's DateUtil.IntervalType, whose ordinal snapshot policies report. */
export const INTERVAL_TYPES = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'] as const;

/** The pool a volume lives on: its own, or the first pool of its zone. */
export function poolOfVolume(
  store: Store,
  volume: { poolId?: string; zoneId: string },
): StoragePool | undefined {
  if (volume.poolId) return store.storagePools.get(volume.poolId);
  for (const pool of store.storagePools.values()) if (pool.zoneId === volume.zoneId) return pool;
  return undefined;
}

function osTypeOfVolume(store: Store, volumeId: string): string | undefined {
  const volume = store.volumes.get(volumeId);
  const vm = volume?.vmId ? store.vms.get(volume.vmId) : undefined;
  if (vm) return vm.osTypeId;
  const template = volume?.templateId ? store.templates.get(volume.templateId) : undefined;
  return template?.osTypeId;
}

export const snapshotView = new View<Snapshot>([
  field('id', 'string', 'ID of the snapshot', (s) => s.id),
  ...ownerFields<Snapshot>('snapshot'),
  field(
    'snapshottype',
    'string',
    'MANUAL, or the interval of the policy that took it',
    (s) => s.snapshotType,
  ),
  field('volumeid', 'string', 'ID of the volume the snapshot is of', (s) => s.volumeId),
  field('volumename', 'string', 'name of that volume', (s) => s.volumeName),
  field('volumetype', 'string', 'type of that volume: ROOT or DATADISK', (s) => s.volumeType),
  field('created', 'date', 'when the snapshot was taken', (s) => formatDate(s.created)),
  field('name', 'string', 'name of the snapshot', (s) => s.name),
  field('intervaltype', 'string', 'interval of the policy that took it, if any', (s) => s.intervalType),
  field('state', 'state', 'state: Creating, BackingUp, BackedUp, ...', (s) => s.state),
  field('physicalsize', 'long', 'bytes the snapshot takes on secondary storage', (s) => s.size),
  field('virtualsize', 'long', 'size in bytes of the volume when it was taken', (s) => s.size),
  field('zoneid', 'string', 'ID of the zone of the snapshot', (s) => s.zoneId),
  field('locationtype', 'string', 'where the snapshot is kept: PRIMARY or SECONDARY', () => undefined),
  field('revertable', 'boolean', 'whether the volume can be reverted to it', (s) => s.state === 'BackedUp'),
  field('ostypeid', 'string', 'ID of the OS type of the volume', (s, rc) =>
    osTypeOfVolume(rc.store, s.volumeId),
  ),
  field('osdisplayname', 'string', 'name of that OS type', (s, rc) => {
    const id = osTypeOfVolume(rc.store, s.volumeId);
    return id ? rc.store.osTypes.get(id)?.description : undefined;
  }),
  field('hasannotations', 'boolean', 'whether the snapshot has comments', () => false),
  tagsField<Snapshot>(),
  ...jobFields<Snapshot>(),
]);

export const vmSnapshotView = new View<VmSnapshot>([
  field('id', 'string', 'ID of the VM snapshot', (s) => s.id),
  field('name', 'string', 'name of the VM snapshot', (s) => s.name),
  field('state', 'state', 'state: Allocated, Creating, Ready, Reverting, Expunging, Error', (s) => s.state),
  field('description', 'string', 'description of the VM snapshot', (s) => s.description),
  field('displayname', 'string', 'display name of the VM snapshot', (s) => s.displayName),
  field('zoneid', 'string', 'ID of the zone of the VM', (s) => s.zoneId),
  field('zonename', 'string', 'name of that zone', (s, rc) => rc.store.zones.get(s.zoneId)?.name),
  field('virtualmachineid', 'string', 'ID of the VM', (s) => s.vmId),
  field('virtualmachinename', 'string', 'name of the VM', (s, rc) => rc.store.vms.get(s.vmId)?.name),
  field('parent', 'string', 'ID of the parent VM snapshot', (s) => s.parentId),
  field('parentName', 'string', 'name of the parent VM snapshot', (s, rc) =>
    s.parentId ? rc.store.vmSnapshots.get(s.parentId)?.displayName : undefined,
  ),
  field('current', 'boolean', 'whether it is the VM snapshot the VM runs from', (s) => s.current),
  field('type', 'string', 'Disk, or DiskAndMemory', (s) => s.type),
  field('created', 'date', 'when the VM snapshot was taken', (s) => formatDate(s.created)),
  field('hypervisor', 'hypervisortype', 'hypervisor of the VM', () => 'Simulator'),
  ...ownerFields<VmSnapshot>('VM snapshot'),
  field('hasannotations', 'boolean', 'whether the VM snapshot has comments', () => false),
  tagsField<VmSnapshot>(),
  ...jobFields<VmSnapshot>(),
]);

export const snapshotPolicyView = new View<SnapshotPolicy>([
  field('id', 'string', 'ID of the snapshot policy', (p) => p.id),
  field('volumeid', 'string', 'ID of the volume the policy snapshots', (p) => p.volumeId),
  field('schedule', 'string', 'when snapshots are taken (minute, or minute:hour, ...)', (p) => p.schedule),
  field('intervaltype', 'short', '0 hourly, 1 daily, 2 weekly, 3 monthly', (p) => p.intervalType),
  field('maxsnaps', 'int', 'how many snapshots the policy keeps', (p) => p.maxSnaps),
  field('timezone', 'string', 'time zone of the schedule', (p) => p.timezone),
  field('fordisplay', 'boolean', 'whether the end user sees the policy', (p) => p.forDisplay),
  field('hasannotations', 'boolean', 'whether the policy has comments', () => false),
  tagsField<SnapshotPolicy>(),
  ...jobFields<SnapshotPolicy>(),
]);

/** Bytes of the volumes a pool holds (never expunged ones). */
function usedBytes(store: Store, pool: StoragePool): number {
  let used = 0;
  for (const volume of store.volumes.values()) {
    if (volume.state === 'Allocated' || volume.state === 'UploadOp' || volume.state === 'Uploaded') continue;
    if (poolOfVolume(store, volume)?.id === pool.id) used += volume.size;
  }
  return used;
}

export const storagePoolView = new View<StoragePool>([
  field('id', 'string', 'ID of the storage pool', (p) => p.id),
  field('zoneid', 'string', 'ID of the zone of the pool', (p) => p.zoneId),
  field('zonename', 'string', 'name of that zone', (p, rc) => rc.store.zones.get(p.zoneId)?.name),
  field('podid', 'string', 'ID of the pod of a cluster-wide pool', (p) => p.podId),
  field('podname', 'string', 'name of that pod', (p, rc) =>
    p.podId ? rc.store.pods.get(p.podId)?.name : undefined,
  ),
  field('name', 'string', 'name of the storage pool', (p) => p.name),
  field('ipaddress', 'string', 'IP address of the storage server', (p) => p.ipAddress),
  field('path', 'string', 'path on the storage server', (p) => p.path),
  field('created', 'date', 'when the pool was added', (p) => formatDate(p.created)),
  field('type', 'string', 'pool type: NetworkFilesystem, ...', () => 'NetworkFilesystem'),
  field('clusterid', 'string', 'ID of the cluster of a cluster-wide pool', (p) => p.clusterId),
  field('clustername', 'string', 'name of that cluster', (p, rc) =>
    p.clusterId ? rc.store.clusters.get(p.clusterId)?.name : undefined,
  ),
  field('disksizetotal', 'long', 'capacity in bytes', (p) => p.capacity),
  field('disksizeallocated', 'long', 'bytes allocated to volumes', (p, rc) => usedBytes(rc.store, p)),
  field('disksizeused', 'long', 'bytes used', (p, rc) => usedBytes(rc.store, p)),
  field('state', 'storagepoolstatus', 'state: Up, Maintenance, ...', (p) => p.state ?? 'Up'),
  field('scope', 'string', 'CLUSTER or ZONE', (p) => p.scope),
  field('overprovisionfactor', 'string', 'storage over-provisioning factor', () => '2.0'),
  field('hypervisor', 'string', 'hypervisor of a zone-wide pool', (p) =>
    p.scope === 'ZONE' ? 'Simulator' : undefined,
  ),
  field('provider', 'string', 'storage provider', () => 'DefaultPrimary'),
  field('storagecapabilities', 'map', 'what the storage can do', () => ({
    VOLUME_SNAPSHOT_QUIESCEVM: 'false',
  })),
  field('hasannotations', 'boolean', 'whether the pool has comments', () => false),
  ...jobFields<StoragePool>(),
]);

export const imageStoreView = new View<ImageStore>([
  field('id', 'string', 'ID of the image store', (s) => s.id),
  field('zoneid', 'string', 'ID of the zone of the store', (s) => s.zoneId),
  field('zonename', 'string', 'name of that zone', (s, rc) => rc.store.zones.get(s.zoneId)?.name),
  field('name', 'string', 'name of the image store', (s) => s.name),
  field('url', 'string', 'URL of the store', (s) => s.url),
  field('protocol', 'string', 'protocol of the store: nfs, ...', (s) => s.protocol),
  field('providername', 'string', 'provider of the store: NFS, ...', (s) => s.providerName),
  field('scope', 'scopetype', 'ZONE or REGION', () => 'ZONE'),
  field('readonly', 'boolean', 'whether the store takes no new objects', () => false),
  field('disksizetotal', 'long', 'capacity in bytes', (s) => s.capacity),
  field('disksizeused', 'long', 'bytes used', () => 0),
  field('hasannotations', 'boolean', 'whether the store has comments', () => false),
  ...jobFields<ImageStore>(),
]);
