// Storage family (issue 14): volume snapshots (create, list, revert, delete), recurring snapshot policies,
// and VM snapshots (create, list, revert, delete). State rules and texts follow CloudStack 4.18's
// SnapshotManagerImpl (revertSnapshot, createSnapshotPolicy), VolumeApiServiceImpl.takeSnapshot and
// VMSnapshotManagerImpl (allocVMSnapshot, revertToSnapshot, deleteVMSnapshot).
import { idListParam, idParam, ownerListParams, pagingParams, param } from '../catalog/params.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import type { Snapshot, SnapshotPolicy, Vm, VmSnapshot } from '../state/model.js';
import { INTERVAL_TYPES, snapshotPolicyView, snapshotView, vmSnapshotView } from '../views/storage.js';
import { vmView } from '../views/vm.js';
import { canAccess, idNameKeyword, listOf, owned, ownerScope } from './listing.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';
import { volumeFor } from './volumes.js';

const SNAPSHOT_RELATED = ['listSnapshots', 'createSnapshot', 'revertSnapshot', 'deleteSnapshot'];
const VM_SNAPSHOT_RELATED = ['listVMSnapshot', 'createVMSnapshot', 'revertToVMSnapshot', 'deleteVMSnapshot'];

function deniedText(ctx: CallContext, id: string): string {
  return `Account ${ctx.caller.account.name} does not have permission to operate with resource ${id}`;
}

function denied(ctx: CallContext, id: string): never {
  throw permissionDenied(deniedText(ctx, id));
}

function snapshotFor(ctx: CallContext, id: string): Snapshot {
  return owned(ctx, ctx.store.snapshots, id, `Unable to find snapshot with id ${id}`, deniedText(ctx, id));
}

function vmSnapshotFor(ctx: CallContext, id: string): VmSnapshot {
  return owned(
    ctx,
    ctx.store.vmSnapshots,
    id,
    `unable to find the vm snapshot with id ${id}`,
    deniedText(ctx, id),
  );
}

function vmFor(ctx: CallContext, id: string): Vm {
  const vm = ctx.store.vms.get(id);
  if (!vm)
    throw invalidParameter(`Creating VM snapshot failed due to VM:${id} is a system VM or does not exist`);
  if (!canAccess(ctx, vm.accountId)) denied(ctx, id);
  return vm;
}

function timestamp(now: number): string {
  // CloudStack names snapshots <vm or volume name>_<yyyyMMddHHmmss>.
  return new Date(now).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export const snapshotApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.snapshot.CreateSnapshotCmd',
    spec: {
      name: 'createSnapshot',
      description: 'Takes a snapshot of a volume (kept on secondary storage, BackedUp when the job ends).',
      isAsync: true,
      related: SNAPSHOT_RELATED,
      params: [
        idParam('volumeid', 'volume', 'ID of the volume to snapshot', { required: true }),
        param('name', 'string', 'name of the snapshot'),
        idParam('policyid', 'snapshotpolicy', 'policy the snapshot is taken for'),
        param('quiescevm', 'boolean', 'quiesce the VM before the snapshot'),
        param('asyncbackup', 'boolean', 'back the snapshot up to secondary storage asynchronously'),
        param('locationtype', 'string', 'PRIMARY or SECONDARY (managed storage only)'),
        param('tags', 'map', 'resource tags for the snapshot'),
        param('account', 'string', 'account that owns the snapshot'),
        idParam('domainid', 'domain', 'domain of that account'),
      ],
      response: snapshotView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const volume = volumeFor(ctx, params.requiredId('volumeid'));
      if (volume.state !== 'Ready') {
        throw invalidParameter(
          `VolumeId: ${volume.id} is not in Ready state but ${volume.state}. Cannot take snapshot.`,
        );
      }
      const vm = volume.vmId ? store.vms.get(volume.vmId) : undefined;
      const policy = params.id('policyid')
        ? store.snapshotPolicies.get(params.id('policyid') ?? '')
        : undefined;
      const interval = policy ? INTERVAL_TYPES[policy.intervalType] : undefined;
      const snapshot: Snapshot = {
        id: store.newId(),
        internalId: store.nextInternalId('snapshots', 1),
        name: params.text('name') ?? `${vm ? `${vm.name}_` : ''}${volume.name}_${timestamp(ctx.now)}`,
        volumeId: volume.id,
        volumeName: volume.name,
        volumeType: volume.type,
        accountId: volume.accountId,
        zoneId: volume.zoneId,
        size: volume.size,
        state: 'Allocated',
        snapshotType: interval ?? 'MANUAL',
        intervalType: interval,
        created: ctx.now,
      };
      store.snapshots.set(snapshot.id, snapshot);
      const job = ctx.startJob({
        instanceType: 'Snapshot',
        instanceId: snapshot.id,
        begin() {
          snapshot.state = 'BackingUp';
          store.touch(snapshot.id);
        },
        finish() {
          snapshot.state = 'BackedUp';
          store.touch(snapshot.id);
          return { snapshot: snapshotView.render(snapshot, ctx.rc) };
        },
        rollback() {
          store.snapshots.delete(snapshot.id);
        },
      });
      return jobStarted(job.id, snapshot.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listSnapshots',
      description: "Lists volume snapshots: the caller's own, or with listall every one it may see.",
      isAsync: false,
      related: SNAPSHOT_RELATED,
      params: [
        idParam('id', 'snapshot', 'only the snapshot with this ID'),
        idListParam('ids', 'snapshot', 'only the snapshots with these IDs', { since: '4.9' }),
        param('name', 'string', 'only snapshots with this name'),
        idParam('volumeid', 'volume', 'only snapshots of this volume'),
        idParam('zoneid', 'zone', 'only snapshots in this zone'),
        param('snapshottype', 'string', 'only snapshots of this type: MANUAL, RECURRING, ...'),
        param('intervaltype', 'string', 'only snapshots of this interval: HOURLY, DAILY, WEEKLY, MONTHLY'),
        param('tags', 'map', 'only snapshots with these resource tags'),
        ...ownerListParams('snapshots'),
        ...pagingParams,
      ],
      response: snapshotView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const matches = idNameKeyword<Snapshot>(params);
      const ids = params.idList('ids');
      const volumeId = params.id('volumeid');
      const zoneId = params.id('zoneid');
      const type = params.text('snapshottype')?.toUpperCase();
      const interval = params.text('intervaltype')?.toUpperCase();
      const tags = params.keyValuePairs('tags');
      const items = [...store.snapshots.values()].filter(
        (s) =>
          inScope(s.accountId) &&
          matches(s) &&
          (ids === undefined || ids.includes(s.id)) &&
          (volumeId === undefined || s.volumeId === volumeId) &&
          (zoneId === undefined || s.zoneId === zoneId) &&
          (type === undefined ||
            s.snapshotType === type ||
            (type === 'RECURRING' && s.intervalType !== undefined)) &&
          (interval === undefined || s.intervalType === interval) &&
          matchesTags(store, s.id, tags),
      );
      return listOf(ctx, 'snapshot', items, snapshotView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.snapshot.RevertSnapshotCmd',
    spec: {
      name: 'revertSnapshot',
      description:
        'Reverts a volume to one of its snapshots; a volume attached to a VM needs the VM stopped.',
      isAsync: true,
      related: SNAPSHOT_RELATED,
      params: [idParam('id', 'snapshot', 'ID of the snapshot to revert to', { required: true })],
      response: snapshotView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const snapshot = snapshotFor(ctx, ctx.params.requiredId('id'));
      const job = ctx.startJob({
        instanceType: 'Snapshot',
        instanceId: snapshot.id,
        begin() {
          const volume = store.volumes.get(snapshot.volumeId);
          if (!volume)
            throw invalidParameter(
              'Creating snapshot failed due to volume:' + snapshot.volumeId + " doesn't exist",
            );
          if (volume.state !== 'Ready') throw invalidParameter('The volume is not in Ready state.');
          if (volume.vmId !== undefined) {
            const vm = store.vms.get(volume.vmId);
            if (vm && vm.state !== 'Stopped') {
              throw invalidParameter(
                'The VM the specified disk is attached to is not in the shutdown state.',
              );
            }
            if ([...store.vmSnapshots.values()].some((s) => s.vmId === volume.vmId)) {
              throw invalidParameter(
                'Unable to revert snapshot for VM, please remove VM snapshots before reverting VM from snapshot',
              );
            }
          }
        },
        finish() {
          const volume = store.volumes.get(snapshot.volumeId);
          if (volume) {
            volume.size = snapshot.size;
            store.touch(volume.id);
          }
          return { snapshot: snapshotView.render(snapshot, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.snapshot.DeleteSnapshotCmd',
    spec: {
      name: 'deleteSnapshot',
      description: 'Deletes a volume snapshot.',
      isAsync: true,
      related: SNAPSHOT_RELATED,
      params: [idParam('id', 'snapshot', 'ID of the snapshot to delete', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const snapshot = snapshotFor(ctx, ctx.params.requiredId('id'));
      const job = ctx.startJob({
        instanceType: 'Snapshot',
        instanceId: snapshot.id,
        begin() {
          if (snapshot.state !== 'BackedUp' && snapshot.state !== 'Destroyed') {
            throw invalidParameter(
              `Can't delete snapshotshot ${snapshot.id} due to it is in ${snapshot.state} Status`,
            );
          }
        },
        finish() {
          store.forget(store.snapshots, 'snapshot', snapshot.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'createSnapshotPolicy',
      description:
        'Schedules recurring snapshots of a volume: HOURLY (schedule "MM"), DAILY ("MM:HH"), WEEKLY ("MM:HH:D"), MONTHLY ("MM:HH:DD").',
      isAsync: false,
      related: ['listSnapshotPolicies', 'deleteSnapshotPolicies'],
      params: [
        idParam('volumeid', 'volume', 'ID of the volume', { required: true }),
        param('intervaltype', 'string', 'HOURLY, DAILY, WEEKLY or MONTHLY', { required: true }),
        param('schedule', 'string', 'when: "MM", "MM:HH", "MM:HH:D" (1-7) or "MM:HH:DD" (1-28)', {
          required: true,
        }),
        param('timezone', 'string', 'time zone of the schedule, e.g. UTC or Europe/Paris', {
          required: true,
        }),
        param('maxsnaps', 'integer', 'how many snapshots to keep', { required: true }),
        param('fordisplay', 'boolean', 'whether the end user sees the policy', { since: '4.4' }),
        param('tags', 'map', 'resource tags for the policy'),
      ],
      response: snapshotPolicyView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const volume = volumeFor(ctx, params.requiredId('volumeid'));
      const intervalName = (params.text('intervaltype') ?? '').toUpperCase();
      const interval = INTERVAL_TYPES.indexOf(intervalName as (typeof INTERVAL_TYPES)[number]);
      if (interval < 0) throw invalidParameter(`Unsupported interval type ${params.text('intervaltype')}`);
      const schedule = params.text('schedule') ?? '';
      const parts = schedule.split(':');
      const limits: Array<[number, number]> = [[0, 59], [0, 23], interval === 2 ? [1, 7] : [1, 28]];
      const valid =
        parts.length === interval + 1 ||
        (interval === 3 && parts.length === 3) ||
        (interval === 0 && parts.length === 1);
      const inRange = parts.every((part, i) => {
        const n = Number(part);
        const [min, max] = limits[Math.min(i, 2)] ?? [0, 59];
        return /^\d+$/.test(part) && n >= min && n <= max;
      });
      if (!valid || !inRange || (interval === 3 && parts.length !== 3)) {
        throw invalidParameter(`Invalid schedule: ${schedule} for interval type: ${intervalName}`);
      }
      const maxSnaps = params.int('maxsnaps') ?? 0;
      if (!Number.isInteger(maxSnaps) || maxSnaps <= 0) {
        throw invalidParameter(`maxSnaps should be greater than 0, got ${params.text('maxsnaps')}`);
      }
      if (volume.state !== 'Ready' && volume.state !== 'Allocated') {
        throw invalidParameter(`VolumeId: ${volume.id} is not in Ready state but ${volume.state}.`);
      }
      // CloudStack keeps one policy per volume and interval: a second one updates it.
      let policy = [...store.snapshotPolicies.values()].find(
        (p) => p.volumeId === volume.id && p.intervalType === interval,
      );
      if (!policy) {
        policy = {
          id: store.newId(),
          volumeId: volume.id,
          intervalType: interval,
          schedule,
          timezone: '',
          maxSnaps,
          forDisplay: true,
        } satisfies SnapshotPolicy;
        store.snapshotPolicies.set(policy.id, policy);
      }
      policy.schedule = schedule;
      policy.timezone = params.text('timezone') ?? 'UTC';
      policy.maxSnaps = maxSnaps;
      policy.forDisplay = params.bool('fordisplay') ?? policy.forDisplay;
      store.touch(policy.id);
      return { snapshotpolicy: snapshotPolicyView.render(policy, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listSnapshotPolicies',
      description: 'Lists the recurring snapshot policies of a volume (or one policy by id).',
      isAsync: false,
      related: ['createSnapshotPolicy', 'deleteSnapshotPolicies'],
      params: [
        idParam('volumeid', 'volume', 'only policies of this volume'),
        idParam('id', 'snapshotpolicy', 'only the policy with this ID'),
        param('fordisplay', 'boolean', 'only policies shown (or hidden) to end users', { since: '4.4' }),
        ...pagingParams,
      ],
      response: snapshotPolicyView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const volumeId = params.id('volumeid');
      const id = params.id('id');
      if (volumeId !== undefined) volumeFor(ctx, volumeId);
      const forDisplay = params.bool('fordisplay');
      const items = [...store.snapshotPolicies.values()].filter((p) => {
        const volume = store.volumes.get(p.volumeId);
        return (
          volume !== undefined &&
          canAccess(ctx, volume.accountId) &&
          (volumeId === undefined || p.volumeId === volumeId) &&
          (id === undefined || p.id === id) &&
          (forDisplay === undefined || p.forDisplay === forDisplay)
        );
      });
      return listOf(ctx, 'snapshotpolicy', items, snapshotPolicyView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'deleteSnapshotPolicies',
      description: 'Deletes recurring snapshot policies, by id or ids.',
      isAsync: false,
      related: ['createSnapshotPolicy', 'listSnapshotPolicies'],
      params: [
        idParam('id', 'snapshotpolicy', 'ID of the policy to delete'),
        idListParam('ids', 'snapshotpolicy', 'IDs of the policies to delete'),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const ids = [...(params.idList('ids') ?? [])];
      const id = params.id('id');
      if (id !== undefined) ids.push(id);
      if (ids.length === 0) throw invalidParameter('Either polciy id or policy ids must be specified');
      for (const policyId of ids) {
        const policy = store.snapshotPolicies.get(policyId);
        const volume = policy ? store.volumes.get(policy.volumeId) : undefined;
        if (!policy) throw invalidParameter(`Policy id given: ${policyId} does not exist`);
        if (volume && !canAccess(ctx, volume.accountId)) denied(ctx, policyId);
      }
      for (const policyId of ids) {
        store.forget(store.snapshotPolicies, 'snapshotpolicy', policyId);
      }
      return { success: true };
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vmsnapshot.CreateVMSnapshotCmd',
    spec: {
      name: 'createVMSnapshot',
      description:
        'Takes a snapshot of a whole virtual machine (all its disks; with snapshotmemory its memory too).',
      isAsync: true,
      since: '4.2.0',
      related: VM_SNAPSHOT_RELATED,
      params: [
        idParam('virtualmachineid', 'vm', 'ID of the VM to snapshot', { required: true }),
        param('name', 'string', 'display name of the VM snapshot'),
        param('description', 'string', 'description of the VM snapshot'),
        param('snapshotmemory', 'boolean', 'include the memory (the VM must be running); default false'),
        param('quiescevm', 'boolean', 'quiesce the VM before the snapshot'),
      ],
      response: vmSnapshotView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const vm = vmFor(ctx, params.requiredId('virtualmachineid'));
      const memory = params.bool('snapshotmemory') ?? false;
      if (vm.state !== 'Running' && vm.state !== 'Stopped') {
        throw invalidParameter(
          `Creating vm snapshot failed due to VM:${vm.internalId} is not in the running or Stopped state`,
        );
      }
      if (memory && vm.state === 'Stopped') {
        throw invalidParameter(`Can not snapshot memory when VM is not in Running state`);
      }
      const name = `i-${vm.internalId}-VM_VS_${timestamp(ctx.now)}`;
      const parent = [...store.vmSnapshots.values()].find((s) => s.vmId === vm.id && s.current);
      const snapshot: VmSnapshot = {
        id: store.newId(),
        name,
        displayName: params.text('name') ?? name,
        description: params.text('description'),
        vmId: vm.id,
        accountId: vm.accountId,
        zoneId: vm.zoneId,
        type: memory ? 'DiskAndMemory' : 'Disk',
        state: 'Allocated',
        current: false,
        parentId: parent?.id,
        created: ctx.now,
      };
      store.vmSnapshots.set(snapshot.id, snapshot);
      const job = ctx.startJob({
        instanceType: 'VmSnapshot',
        instanceId: snapshot.id,
        begin() {
          snapshot.state = 'Creating';
          store.touch(snapshot.id);
        },
        finish() {
          for (const other of store.vmSnapshots.values()) {
            if (other.vmId === vm.id && other.current) {
              other.current = false;
              store.touch(other.id);
            }
          }
          snapshot.state = 'Ready';
          snapshot.current = true;
          store.touch(snapshot.id);
          return { vmsnapshot: vmSnapshotView.render(snapshot, ctx.rc) };
        },
        rollback() {
          store.vmSnapshots.delete(snapshot.id);
        },
      });
      return jobStarted(job.id, snapshot.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listVMSnapshot',
      description: "Lists VM snapshots: the caller's own, or with listall every one it may see.",
      isAsync: false,
      since: '4.2.0',
      related: VM_SNAPSHOT_RELATED,
      params: [
        idParam('vmsnapshotid', 'vmsnapshot', 'only the VM snapshot with this ID'),
        idListParam('vmsnapshotids', 'vmsnapshot', 'only the VM snapshots with these IDs', { since: '4.9' }),
        idParam('virtualmachineid', 'vm', 'only VM snapshots of this VM'),
        param('name', 'string', 'only VM snapshots with this name'),
        param('state', 'string', 'only VM snapshots in this state: Ready, Creating, ...'),
        param('tags', 'map', 'only VM snapshots with these resource tags'),
        ...ownerListParams('VM snapshots'),
        ...pagingParams,
      ],
      response: vmSnapshotView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const id = params.id('vmsnapshotid');
      const ids = params.idList('vmsnapshotids');
      const vmId = params.id('virtualmachineid');
      const name = params.text('name');
      const state = params.text('state')?.toLowerCase();
      const keyword = params.text('keyword')?.toLowerCase();
      const tags = params.keyValuePairs('tags');
      const items = [...store.vmSnapshots.values()].filter(
        (s) =>
          inScope(s.accountId) &&
          (id === undefined || s.id === id) &&
          (ids === undefined || ids.includes(s.id)) &&
          (vmId === undefined || s.vmId === vmId) &&
          (name === undefined || s.name === name || s.displayName === name) &&
          (state === undefined || s.state.toLowerCase() === state) &&
          (keyword === undefined || s.displayName.toLowerCase().includes(keyword)) &&
          matchesTags(store, s.id, tags),
      );
      return listOf(ctx, 'vmSnapshot', items, vmSnapshotView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vmsnapshot.RevertToVMSnapshotCmd',
    spec: {
      name: 'revertToVMSnapshot',
      description: 'Reverts a virtual machine to a VM snapshot; a running VM only to a snapshot with memory.',
      isAsync: true,
      since: '4.2.0',
      related: VM_SNAPSHOT_RELATED,
      params: [idParam('vmsnapshotid', 'vmsnapshot', 'ID of the VM snapshot', { required: true })],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const snapshot = vmSnapshotFor(ctx, ctx.params.requiredId('vmsnapshotid'));
      const vm = store.vms.get(snapshot.vmId);
      if (!vm)
        throw invalidParameter(
          `Revert vm to snapshot: ${snapshot.id} failed due to vm: ${snapshot.vmId} is not found`,
        );
      const job = ctx.startJob({
        instanceType: 'VirtualMachine',
        instanceId: vm.id,
        begin() {
          if (snapshot.state !== 'Ready') {
            throw invalidParameter(
              'VM Snapshot reverting failed due to vm snapshot is not in the state of Created.',
            );
          }
          if (vm.state !== 'Running' && vm.state !== 'Stopped') {
            throw invalidParameter(
              `VM Snapshot reverting failed due to vm is not in the state of Running or Stopped.`,
            );
          }
          if (snapshot.type === 'Disk' && vm.state === 'Running') {
            throw invalidParameter(
              'VM Snapshot revert not allowed. This will result in VM state change. You can revert running VM to disk and memory type snapshot only',
            );
          }
        },
        finish() {
          for (const other of store.vmSnapshots.values()) {
            if (other.vmId === vm.id) {
              other.current = other.id === snapshot.id;
              store.touch(other.id);
            }
          }
          store.touch(vm.id);
          // The job answers the VM (revertToVMSnapshot's response is a UserVmResponse).
          return { virtualmachine: vmView.render(vm, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vmsnapshot.DeleteVMSnapshotCmd',
    spec: {
      name: 'deleteVMSnapshot',
      description: 'Deletes a VM snapshot.',
      isAsync: true,
      since: '4.2.0',
      related: VM_SNAPSHOT_RELATED,
      params: [idParam('vmsnapshotid', 'vmsnapshot', 'ID of the VM snapshot to delete', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const snapshot = vmSnapshotFor(ctx, ctx.params.requiredId('vmsnapshotid'));
      const job = ctx.startJob({
        instanceType: 'VmSnapshot',
        instanceId: snapshot.id,
        begin() {
          if (snapshot.state !== 'Ready' && snapshot.state !== 'Error' && snapshot.state !== 'Expunging') {
            throw invalidParameter(
              `Can't delete the vm snapshot ${snapshot.id} due to it is not in Created or Error, or Expunging State`,
            );
          }
          snapshot.state = 'Expunging';
        },
        finish() {
          for (const child of store.vmSnapshots.values()) {
            if (child.parentId === snapshot.id) child.parentId = snapshot.parentId;
          }
          store.forget(store.vmSnapshots, 'vmsnapshot', snapshot.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
];
