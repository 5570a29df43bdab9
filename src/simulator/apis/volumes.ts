// Volumes: listed; created, attached, detached, resized, migrated within their zone, uploaded from a URL and
// deleted (storage family, issue 14). State rules and texts follow CloudStack 4.18's VolumeApiServiceImpl
// (attachVolumeToVM, detachVolumeFromVM, resizeVolume, migrateVolume, deleteVolume, allocVolume).

import {
  idListParam,
  idParam,
  ownerCreateParams,
  ownerListParams,
  pagingParams,
  param,
} from '../catalog/params.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import { createVolume, volumesOf } from '../state/factory.js';
import { checkResourceLimit } from '../state/limits.js'; // Accounts family (issue 15)
import type { Volume } from '../state/model.js';
import { poolOfVolume } from '../views/storage.js';
import { volumeView } from '../views/volume.js';
import { canAccess, idNameKeyword, listOf, owned, ownerForCreate, ownerScope } from './listing.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

const GiB = 1024 ** 3;
const VOLUME_RELATED = [
  'listVolumes',
  'createVolume',
  'attachVolume',
  'detachVolume',
  'resizeVolume',
  'migrateVolume',
  'uploadVolume',
];
/** The formats UploadVolumeCmd accepts (ImageFormat names). */
const UPLOAD_FORMATS = ['RAW', 'VHD', 'VHDX', 'OVA', 'QCOW2', 'VMDK', 'TAR', 'ISO'];

function volumeResult(ctx: CallContext, volume: Volume): Record<string, unknown> {
  return { volume: volumeView.render(volume, ctx.rc) };
}

/** The volume named by an id parameter, checked for access (CloudStack's checkAccess). */
export function volumeFor(ctx: CallContext, id: string): Volume {
  return owned(
    ctx,
    ctx.store.volumes,
    id,
    `Unable to find volume with ID: ${id}`,
    `Account ${ctx.caller.account.name} does not have permission to operate with resource ${id}`,
  );
}

function touchVolume(ctx: CallContext, volume: Volume): void {
  ctx.store.touch(volume.id);
  if (volume.vmId) ctx.store.touch(volume.vmId);
}

/** A job acting on the volume: `begin` checks (throwing fails the job), `finish` changes and answers. */
function volumeJob(
  ctx: CallContext,
  volume: Volume,
  begin: () => void,
  finish: () => Record<string, unknown>,
  objectId?: string,
): Record<string, unknown> {
  const job = ctx.startJob({ instanceType: 'Volume', instanceId: volume.id, begin, finish });
  return jobStarted(job.id, objectId);
}

/** CloudStack's device ids for data disks: 1, 2, then 4 onwards (3 is the CD-ROM). */
function nextDeviceId(ctx: CallContext, vmId: string): number {
  const used = new Set(volumesOf(ctx.store, vmId).map((v) => v.deviceId));
  for (let id = 1; ; id++) if (id !== 3 && !used.has(id)) return id;
}

/** The checks of VolumeApiServiceImpl.attachVolumeToVM, run when the job begins. */
function checkAttach(ctx: CallContext, volume: Volume, vmId: string, deviceId: number | undefined): void {
  const vm = ctx.store.vms.get(vmId);
  if (!vm) throw invalidParameter('Please specify a valid User VM.');
  if (volume.vmId !== undefined) {
    throw invalidParameter('Please specify a volume that is not attached to any VM.');
  }
  if (volume.state === 'Destroy' || volume.state === 'Expunged') {
    throw invalidParameter('Please specify a volume that is not destroyed.');
  }
  if (volume.state === 'UploadOp') {
    throw invalidParameter(`Volume ${volume.name} is not ready yet: its upload has not finished`);
  }
  if (vm.state !== 'Running' && vm.state !== 'Stopped') {
    throw invalidParameter('Please specify a VM that is either running or stopped.');
  }
  if (vm.zoneId !== volume.zoneId) {
    throw invalidParameter('Please specify a VM that is in the same zone as the volume.');
  }
  if (deviceId === 0) throw invalidParameter("deviceId can't be 0, which is used by Root device");
  if (deviceId !== undefined && volumesOf(ctx.store, vmId).some((v) => v.deviceId === deviceId)) {
    throw invalidParameter(`deviceId ${deviceId} is used by VM ${vm.name}`);
  }
}

export const volumeApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listVolumes',
      description: "Lists volumes: the caller's own, or with listall every one it may see.",
      isAsync: false,
      related: ['listVirtualMachines'],
      params: [
        idParam('id', 'volume', 'only the volume with this ID'),
        idListParam('ids', 'volume', 'only the volumes with these IDs', { since: '4.9' }),
        param('name', 'string', 'only volumes with this name'),
        param('type', 'string', 'only volumes of this type: ROOT or DATADISK'),
        param('state', 'string', 'only volumes in this state: Allocated, Ready, Destroy, ...'),
        idParam('virtualmachineid', 'vm', 'only volumes of this virtual machine'),
        idParam('zoneid', 'zone', 'only volumes in this zone'),
        idParam('podid', 'pod', 'only volumes in this pod'),
        idParam('clusterid', 'cluster', 'only volumes in this cluster'),
        idParam('hostid', 'host', 'only volumes of VMs on this host'),
        idParam('diskofferingid', 'diskoffering', 'only volumes with this disk offering', { since: '4.4' }),
        param('storageid', 'string', 'only volumes on this storage pool', { since: '4.3' }),
        param('displayvolume', 'boolean', 'only volumes shown (or hidden) to end users', { since: '4.4' }),
        param('listsystemvms', 'boolean', 'include volumes of system VMs (root admins)', { since: '4.18' }),
        param('tags', 'map', 'only volumes with these resource tags'),
        ...ownerListParams('volumes'),
        ...pagingParams,
      ],
      response: volumeView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const matches = idNameKeyword<Volume>(params);
      const ids = params.idList('ids');
      const type = params.text('type')?.toLowerCase();
      const state = params.text('state')?.toLowerCase();
      const vmId = params.id('virtualmachineid');
      const zoneId = params.id('zoneid');
      const podId = params.id('podid');
      const clusterId = params.id('clusterid');
      const hostId = params.id('hostid');
      const diskOfferingId = params.id('diskofferingid');
      const storageId = params.text('storageid');
      const displayVolume = params.bool('displayvolume');
      const tags = params.keyValuePairs('tags');
      const hostOf = (vmIdOfVolume: string | undefined) => {
        const vm = vmIdOfVolume ? store.vms.get(vmIdOfVolume) : undefined;
        return vm?.hostId ? store.hosts.get(vm.hostId) : undefined;
      };
      const items = [...store.volumes.values()].filter(
        (v) =>
          inScope(v.accountId) &&
          matches(v) &&
          (ids === undefined || ids.includes(v.id)) &&
          (type === undefined || v.type.toLowerCase() === type) &&
          (state === undefined || v.state.toLowerCase() === state) &&
          (vmId === undefined || v.vmId === vmId) &&
          (zoneId === undefined || v.zoneId === zoneId) &&
          (podId === undefined || hostOf(v.vmId)?.podId === podId) &&
          (clusterId === undefined || hostOf(v.vmId)?.clusterId === clusterId) &&
          (hostId === undefined || hostOf(v.vmId)?.id === hostId) &&
          (diskOfferingId === undefined || v.diskOfferingId === diskOfferingId) &&
          (storageId === undefined || poolOfVolume(store, v)?.id === storageId) &&
          displayVolume !== false &&
          matchesTags(store, v.id, tags),
      );
      return listOf(ctx, 'volume', items, volumeView);
    },
  }),
  // --- Storage family (issue 14) ---
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.volume.CreateVolumeCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.volume.CreateVolumeCmdByAdmin',
    spec: {
      name: 'createVolume',
      description:
        'Creates a data disk from a disk offering (or a snapshot); with virtualmachineid it is attached at once.',
      isAsync: true,
      related: VOLUME_RELATED,
      params: [
        param('name', 'string', 'name of the volume'),
        idParam('diskofferingid', 'diskoffering', 'disk offering: its size, or give size for a custom one'),
        param('size', 'long', 'size in GiB, for a customised disk offering'),
        idParam('zoneid', 'zone', 'zone to create the volume in'),
        idParam('snapshotid', 'snapshot', 'snapshot to create the volume from'),
        idParam('virtualmachineid', 'vm', 'VM to attach the new volume to'),
        param('displayvolume', 'boolean', 'whether the end user sees the volume'),
        param('customid', 'string', 'ID of the volume in an external system'),
        param('miniops', 'long', 'minimum IOPS'),
        param('maxiops', 'long', 'maximum IOPS'),
        ...ownerCreateParams('volume'),
      ],
      response: volumeView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const ownerId = ownerForCreate(ctx);
      const offeringId = params.id('diskofferingid');
      const snapshotId = params.id('snapshotid');
      const vmId = params.id('virtualmachineid');
      if (offeringId === undefined && snapshotId === undefined) {
        throw invalidParameter(
          'At least one of disk Offering ID or snapshot ID must be passed whilst creating volume',
        );
      }
      const snapshot = snapshotId ? store.snapshots.get(snapshotId) : undefined;
      if (snapshot && snapshot.state !== 'BackedUp') {
        throw invalidParameter(
          `Snapshot id=${snapshot.id} is not in BackedUp state yet and can't be used for volume creation`,
        );
      }
      const vm = vmId ? store.vms.get(vmId) : undefined;
      if (vm) {
        if (!canAccess(ctx, vm.accountId)) {
          throw permissionDenied(
            `Account ${ctx.caller.account.name} does not have permission to operate with resource ${vm.id}`,
          );
        }
        if (vm.state !== 'Running' && vm.state !== 'Stopped') {
          throw invalidParameter('Please specify a VM that is either running or stopped.');
        }
      }
      const zoneId = params.id('zoneid') ?? snapshot?.zoneId ?? vm?.zoneId;
      if (zoneId === undefined) throw invalidParameter('Please specify zoneid');
      const offering = offeringId ? store.diskOfferings.get(offeringId) : undefined;
      const sizeGiB = params.int('size');
      let size = snapshot?.size ?? 0;
      if (offering) {
        if (offering.isCustomized) {
          if (sizeGiB === undefined && !snapshot) {
            throw invalidParameter('This disk offering requires a custom size specified');
          }
          if (sizeGiB !== undefined) {
            if (sizeGiB < 1 || sizeGiB > 1024) {
              throw invalidParameter(
                `Invalid size for custom volume creation: ${sizeGiB}, max volume size is: 1024 GB`,
              );
            }
            size = sizeGiB * GiB;
          }
        } else {
          if (sizeGiB !== undefined && sizeGiB * GiB !== offering.diskSize * GiB) {
            throw invalidParameter('This disk offering does not allow custom size');
          }
          size = offering.diskSize * GiB;
        }
      }
      // Accounts family (issue 15): VolumeApiServiceImpl.allocVolume checks the limits in the create phase.
      checkResourceLimit(store, ownerId, 'volume', 1);
      checkResourceLimit(store, ownerId, 'primary_storage', Math.ceil(size / GiB));
      const volume = createVolume(store, {
        name: params.text('name') ?? `DATA-${store.newId().slice(0, 8)}`,
        type: 'DATADISK',
        accountId: ownerId,
        zoneId,
        diskOfferingId: offering?.id,
        size,
        state: snapshot ? 'Ready' : 'Allocated',
        created: ctx.now,
      });
      volume.snapshotId = snapshot?.id;
      return volumeJob(
        ctx,
        volume,
        () => {
          if (vm) checkAttach(ctx, volume, vm.id, undefined);
        },
        () => {
          if (vm) attach(ctx, volume, vm.id, undefined);
          return volumeResult(ctx, volume);
        },
        volume.id,
      );
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.volume.AttachVolumeCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.volume.AttachVolumeCmdByAdmin',
    spec: {
      name: 'attachVolume',
      description: 'Attaches a data disk to a running or stopped virtual machine (adds a disk to a VM).',
      isAsync: true,
      related: VOLUME_RELATED,
      params: [
        idParam('id', 'volume', 'ID of the volume to attach', { required: true }),
        idParam('virtualmachineid', 'vm', 'ID of the VM to attach it to', { required: true }),
        param('deviceid', 'long', 'device number to attach it as; default: the next free one'),
      ],
      response: volumeView.fields,
    },
    handle(ctx) {
      const volume = volumeFor(ctx, ctx.params.requiredId('id'));
      const vmId = ctx.params.requiredId('virtualmachineid');
      const vm = ctx.store.vms.get(vmId);
      if (vm && !canAccess(ctx, vm.accountId)) {
        throw permissionDenied(
          `Account ${ctx.caller.account.name} does not have permission to operate with resource ${vm.id}`,
        );
      }
      const deviceId = ctx.params.int('deviceid');
      return volumeJob(
        ctx,
        volume,
        () => checkAttach(ctx, volume, vmId, deviceId),
        () => {
          attach(ctx, volume, vmId, deviceId);
          return volumeResult(ctx, volume);
        },
      );
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.volume.DetachVolumeCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.volume.DetachVolumeCmdByAdmin',
    spec: {
      name: 'detachVolume',
      description:
        'Detaches a disk from its virtual machine; name it by id, or by virtualmachineid and deviceid.',
      isAsync: true,
      related: VOLUME_RELATED,
      params: [
        idParam('id', 'volume', 'ID of the volume to detach'),
        param('deviceid', 'long', 'device number of the volume (with virtualmachineid)'),
        idParam('virtualmachineid', 'vm', 'ID of the VM (with deviceid)'),
      ],
      response: volumeView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.id('id');
      const vmId = params.id('virtualmachineid');
      const deviceId = params.int('deviceid');
      if ((id === undefined) === (vmId === undefined || deviceId === undefined)) {
        throw invalidParameter('Please provide either a volume id, or a tuple(device id, instance id)');
      }
      const found = id ?? volumesOf(store, vmId ?? '').find((v) => v.deviceId === deviceId)?.id;
      if (found === undefined) {
        throw invalidParameter(`Unable to find volume with ID: ${deviceId} on VM ${vmId}`);
      }
      const volume = volumeFor(ctx, found);
      return volumeJob(
        ctx,
        volume,
        () => {
          const vm = volume.vmId ? store.vms.get(volume.vmId) : undefined;
          if (!vm) throw invalidParameter('The specified volume is not attached to a VM.');
          if (vm.state !== 'Running' && vm.state !== 'Stopped' && vm.state !== 'Destroyed') {
            throw invalidParameter('Please specify a VM that is either running or stopped.');
          }
          if (volume.type === 'ROOT' && vm.state !== 'Stopped') {
            throw invalidParameter('Root volume detach can happen only when vm is in states: Stopped');
          }
        },
        () => {
          const vmIdBefore = volume.vmId;
          volume.vmId = undefined;
          volume.deviceId = undefined;
          volume.attached = undefined;
          touchVolume(ctx, volume);
          if (vmIdBefore) store.touch(vmIdBefore);
          return volumeResult(ctx, volume);
        },
      );
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.volume.ResizeVolumeCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.volume.ResizeVolumeCmdByAdmin',
    spec: {
      name: 'resizeVolume',
      description:
        'Resizes a volume: give size (GiB) for a customised offering or a ROOT volume, or a new disk offering.',
      isAsync: true,
      related: VOLUME_RELATED,
      params: [
        idParam('id', 'volume', 'ID of the volume to resize', { required: true }),
        param('size', 'long', 'new size in GiB'),
        idParam('diskofferingid', 'diskoffering', 'new disk offering'),
        param('shrinkok', 'boolean', 'allow the volume to shrink; default false'),
        param('miniops', 'long', 'new minimum IOPS'),
        param('maxiops', 'long', 'new maximum IOPS'),
      ],
      response: volumeView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const volume = volumeFor(ctx, params.requiredId('id'));
      const sizeGiB = params.int('size');
      const offeringId = params.id('diskofferingid');
      const shrinkOk = params.bool('shrinkok') ?? false;
      let newSize = volume.size;
      return volumeJob(
        ctx,
        volume,
        () => {
          if (volume.state !== 'Ready' && volume.state !== 'Allocated') {
            throw invalidParameter(
              `Volume should be in ready or allocated state before attempting a resize. Volume ${volume.id} is in state ${volume.state}.`,
            );
          }
          const current = volume.diskOfferingId ? store.diskOfferings.get(volume.diskOfferingId) : undefined;
          const next = offeringId ? store.diskOfferings.get(offeringId) : undefined;
          if (next && next.id !== current?.id) {
            if (!next.isCustomized) newSize = next.diskSize * GiB;
            else if (sizeGiB === undefined) {
              throw invalidParameter('This disk offering requires a custom size specified');
            } else newSize = sizeGiB * GiB;
          } else {
            if (volume.type !== 'ROOT' && current !== undefined && !current.isCustomized) {
              throw invalidParameter(
                "To change a volume's size without providing a new disk offering, its current disk offering must be customizable or it must be a root volume (if providing a disk offering, make sure it is different from the current disk offering).",
              );
            }
            if (sizeGiB === undefined) throw invalidParameter('No new size given: pass size in GiB');
            newSize = sizeGiB * GiB;
          }
          if (newSize < volume.size && !shrinkOk) {
            throw invalidParameter(
              `Going from existing size of ${volume.size} to size of ${newSize} would shrink the volume.Need to sign off by supplying the shrinkok parameter with value of true.`,
            );
          }
        },
        () => {
          volume.size = newSize;
          if (offeringId) volume.diskOfferingId = offeringId;
          touchVolume(ctx, volume);
          return volumeResult(ctx, volume);
        },
      );
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.volume.MigrateVolumeCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.volume.MigrateVolumeCmdByAdmin',
    spec: {
      name: 'migrateVolume',
      description:
        'Moves a volume to another primary storage pool of its zone (livemigrate for a disk of a running VM).',
      isAsync: true,
      since: '3.0.0',
      related: VOLUME_RELATED,
      params: [
        idParam('volumeid', 'volume', 'ID of the volume to move', { required: true }),
        idParam('storageid', 'storagepool', 'ID of the storage pool to move it to', { required: true }),
        param('livemigrate', 'boolean', 'move the disk of a running VM while it runs', {}),
        idParam('newdiskofferingid', 'diskoffering', 'disk offering to switch to while moving'),
      ],
      response: volumeView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const volume = volumeFor(ctx, params.requiredId('volumeid'));
      const poolId = params.requiredId('storageid');
      const live = params.bool('livemigrate') ?? false;
      const offeringId = params.id('newdiskofferingid');
      return volumeJob(
        ctx,
        volume,
        () => {
          if (volume.state !== 'Ready') throw invalidParameter('Volume must be in ready state');
          const pool = store.storagePools.get(poolId);
          if (!pool) throw invalidParameter(`Failed to find the destination storage pool: ${poolId}`);
          if (pool.zoneId !== volume.zoneId) {
            throw invalidParameter(
              `Destination pool ${pool.name} is not in the zone of the volume: migrating between zones is not supported`,
            );
          }
          if ((pool.state ?? 'Up') !== 'Up') {
            throw invalidParameter(`Destination pool ${pool.name} is not Up: it is in state ${pool.state}`);
          }
          if (poolOfVolume(store, volume)?.id === pool.id) {
            throw invalidParameter(`Volume ${volume.name} is already on the storage pool ${pool.name}`);
          }
          const vm = volume.vmId ? store.vms.get(volume.vmId) : undefined;
          if (vm?.state === 'Running' && !live) {
            throw invalidParameter(
              'Volume needs to be detached from VM, or the VM stopped, or livemigrate=true given',
            );
          }
        },
        () => {
          volume.poolId = poolId;
          if (offeringId) volume.diskOfferingId = offeringId;
          touchVolume(ctx, volume);
          return volumeResult(ctx, volume);
        },
      );
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'deleteVolume',
      description: 'Deletes a detached volume (its snapshots stay).',
      isAsync: false,
      related: VOLUME_RELATED,
      params: [idParam('id', 'volume', 'ID of the volume to delete', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const volume = volumeFor(ctx, ctx.params.requiredId('id'));
      for (const snapshot of store.snapshots.values()) {
        if (snapshot.volumeId === volume.id && snapshot.state !== 'BackedUp') {
          throw invalidParameter(
            'There are snapshot operations in progress on the volume, unable to delete it',
          );
        }
      }
      if (volume.vmId !== undefined && store.vms.has(volume.vmId)) {
        throw invalidParameter('Please specify a volume that is not attached to any VM.');
      }
      if (volume.state === 'UploadOp')
        throw invalidParameter('Please specify a volume that is not uploading');
      store.volumes.delete(volume.id);
      store.tags.delete(volume.id);
      for (const [id, policy] of store.snapshotPolicies) {
        if (policy.volumeId === volume.id) store.snapshotPolicies.delete(id);
      }
      store.markRemoved('volume', volume.id);
      return { success: true };
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.volume.UploadVolumeCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.volume.UploadVolumeCmdByAdmin',
    spec: {
      name: 'uploadVolume',
      description:
        'Creates a volume from a disk image at a URL; it is Uploaded (attachable) when the job ends.',
      isAsync: true,
      related: VOLUME_RELATED,
      params: [
        param('name', 'string', 'name of the volume', { required: true }),
        param('url', 'string', 'http(s) URL of the disk image', { required: true, length: 2048 }),
        param('format', 'string', 'format of the image: QCOW2, RAW, VHD, VHDX, OVA, VMDK', {
          required: true,
        }),
        idParam('zoneid', 'zone', 'zone to create the volume in', { required: true }),
        idParam('diskofferingid', 'diskoffering', 'disk offering to give the volume'),
        param('checksum', 'string', 'checksum of the image, {algorithm}hash'),
        param('imagestoreuuid', 'string', 'image store to upload through'),
        ...ownerCreateParams('volume'),
      ],
      response: volumeView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const ownerId = ownerForCreate(ctx);
      const url = params.text('url') ?? '';
      const format = (params.text('format') ?? '').toUpperCase();
      if (!UPLOAD_FORMATS.includes(format)) {
        throw invalidParameter(
          `Image format: ${params.text('format')} is invalid. Valid formats are: ${UPLOAD_FORMATS.join(', ')}`,
        );
      }
      let scheme: string;
      try {
        scheme = new URL(url).protocol.replace(':', '').toLowerCase();
      } catch {
        throw invalidParameter(`Invalid url: ${url}`);
      }
      if (scheme !== 'http' && scheme !== 'https') {
        throw invalidParameter(`Unsupported scheme for url: ${url}`);
      }
      const offeringId = params.id('diskofferingid');
      const offering = offeringId ? store.diskOfferings.get(offeringId) : undefined;
      const volume = createVolume(store, {
        name: params.text('name') ?? '',
        type: 'DATADISK',
        accountId: ownerId,
        zoneId: params.requiredId('zoneid'),
        diskOfferingId: offering?.id,
        // The simulator does not download: an uploaded image is taken to be 10 GiB (or the offering's size).
        size: (offering && offering.diskSize > 0 ? offering.diskSize : 10) * GiB,
        state: 'UploadOp',
        created: ctx.now,
      });
      volume.url = url;
      volume.format = format;
      return volumeJob(
        ctx,
        volume,
        () => undefined,
        () => {
          volume.state = 'Uploaded';
          touchVolume(ctx, volume);
          return volumeResult(ctx, volume);
        },
        volume.id,
      );
    },
  }),
  // --- end Storage family ---
];

function attach(ctx: CallContext, volume: Volume, vmId: string, deviceId: number | undefined): void {
  volume.vmId = vmId;
  volume.deviceId = deviceId ?? nextDeviceId(ctx, vmId);
  volume.attached = ctx.now;
  if (volume.state === 'Allocated' || volume.state === 'Uploaded') volume.state = 'Ready';
  touchVolume(ctx, volume);
}
