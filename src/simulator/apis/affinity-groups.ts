// Compute family (issue 14): affinity groups (CloudStack's AffinityGroupServiceImpl). A VM joins groups at
// deploy (affinitygroupids / affinitygroupnames) or, stopped, with updateVMAffinityGroup; placement follows
// them (state/affinity.ts): host anti-affinity puts the group's VMs on different hosts and refuses (533)
// when no host is left, host affinity keeps them on one host.
import { idParam, ownerCreateParams, ownerListParams, pagingParams, param } from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import type { AffinityGroup, AffinityGroupType } from '../state/model.js';
import type { Store } from '../state/store.js';
import { affinityGroupTypeView, affinityGroupView } from '../views/compute.js';
import { vmView } from '../views/vm.js';
import { idNameKeyword, listOf, ownerForCreate, ownerScope } from './listing.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';
import { setState, vmFor, vmResult } from './vms.js';

export const AFFINITY_GROUP_TYPES: readonly AffinityGroupType[] = ['host anti-affinity', 'host affinity'];
const RELATED = ['listAffinityGroups', 'createAffinityGroup', 'deleteAffinityGroup', 'updateVMAffinityGroup'];

function touchMembers(store: Store, group: AffinityGroup): void {
  for (const vmId of group.vmIds) store.touch(vmId);
}

/** The groups `affinitygroupids` or `affinitygroupnames` name (not both), owned by the VM's owner. */
function namedGroups(ctx: CallContext, ownerId: string): AffinityGroup[] | undefined {
  const { params, store } = ctx;
  const ids = params.list('affinitygroupids');
  const names = params.list('affinitygroupnames');
  if (ids && names) {
    throw invalidParameter(
      'affinitygroupids parameter is mutually exclusive with affinitygroupnames parameter',
    );
  }
  if (ids) {
    return ids.map((id) => {
      const group = store.affinityGroups.get(id.toLowerCase());
      if (!group) throw invalidParameter(`Unable to find affinity group by id ${id}`);
      if (group.accountId !== ownerId) {
        throw invalidParameter(`Affinity group ${group.name} does not belong to the VM's account`);
      }
      return group;
    });
  }
  if (names) {
    return names.map((name) => {
      const group = [...store.affinityGroups.values()].find(
        (g) => g.accountId === ownerId && g.name === name,
      );
      if (!group) throw invalidParameter(`Unable to find affinity group by name ${name}`);
      return group;
    });
  }
  return undefined;
}

export function affinityGroupsForDeploy(ctx: CallContext, ownerId: string): AffinityGroup[] {
  return namedGroups(ctx, ownerId) ?? [];
}

export const affinityGroupApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listAffinityGroupTypes',
      description: 'Lists the affinity group types: host anti-affinity, host affinity.',
      isAsync: false,
      related: RELATED,
      params: pagingParams,
      response: affinityGroupTypeView.fields,
    },
    handle(ctx) {
      return listOf(ctx, 'affinityGroupType', [...AFFINITY_GROUP_TYPES], affinityGroupTypeView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.affinitygroup.CreateAffinityGroupCmd',
    spec: {
      name: 'createAffinityGroup',
      description:
        'Creates an affinity group: "host anti-affinity" puts its VMs on different hosts, "host affinity" on one.',
      isAsync: true,
      related: RELATED,
      params: [
        param('name', 'string', 'name of the affinity group', { required: true }),
        param(
          'type',
          'string',
          'Type of the affinity group from the available affinity/anti-affinity group types',
          { required: true },
        ),
        param('description', 'string', 'optional description of the affinity group'),
        ...ownerCreateParams('affinity group'),
      ],
      response: affinityGroupView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const ownerId = ownerForCreate(ctx);
      const name = params.text('name') ?? '';
      const type = params.text('type') ?? '';
      const known = AFFINITY_GROUP_TYPES.find((t) => t === type);
      if (!known) {
        throw invalidParameter(`Unable to create affinity group, invalid affinity group type${type}`);
      }
      if ([...store.affinityGroups.values()].some((g) => g.accountId === ownerId && g.name === name)) {
        throw invalidParameter(`Unable to create affinity group, a group with name ${name} already exists.`);
      }
      const group: AffinityGroup = {
        id: store.newId(),
        internalId: store.nextInternalId('affinity_group'),
        name,
        description: params.text('description'),
        type: known,
        accountId: ownerId,
        vmIds: [],
        created: ctx.now,
      };
      // The group exists once the job ends, as CloudStack's create job makes it.
      const job = ctx.startJob({
        instanceType: 'AffinityGroup',
        instanceId: group.id,
        finish() {
          store.affinityGroups.set(group.id, group);
          return { affinitygroup: affinityGroupView.render(group, ctx.rc) };
        },
      });
      return jobStarted(job.id, group.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.affinitygroup.DeleteAffinityGroupCmd',
    spec: {
      name: 'deleteAffinityGroup',
      description: 'Deletes an affinity group by id or name; its VMs leave it.',
      isAsync: true,
      related: RELATED,
      params: [
        idParam(
          'id',
          'affinitygroup',
          'The ID of the affinity group. Mutually exclusive with name parameter',
        ),
        param('name', 'string', 'The name of the affinity group. Mutually exclusive with ID parameter'),
        ...ownerCreateParams('affinity group'),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.id('id');
      const name = params.text('name');
      if (id === undefined && name === undefined) {
        throw invalidParameter('Either the affinity group Id or name must be specified');
      }
      if (id !== undefined && name !== undefined) {
        throw invalidParameter('Either the affinity group Id or name must be specified, but not both');
      }
      const ownerId = ownerForCreate(ctx);
      const group =
        id !== undefined
          ? store.affinityGroups.get(id)
          : [...store.affinityGroups.values()].find((g) => g.accountId === ownerId && g.name === name);
      if (!group) {
        throw invalidParameter(`Unable to find affinity group ${id ?? name}`);
      }
      const job = ctx.startJob({
        instanceType: 'AffinityGroup',
        instanceId: group.id,
        finish() {
          touchMembers(store, group);
          store.affinityGroups.delete(group.id);
          store.markRemoved('affinitygroup', group.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listAffinityGroups',
      description: "Lists affinity groups with their VMs' IDs.",
      isAsync: false,
      related: RELATED,
      params: [
        idParam('id', 'affinitygroup', 'list the affinity group by the ID provided'),
        param('name', 'string', 'lists affinity groups by name'),
        param('type', 'string', 'lists affinity groups by type'),
        idParam('virtualmachineid', 'vm', 'lists affinity groups by virtual machine ID'),
        ...ownerListParams('affinity groups'),
        ...pagingParams,
      ],
      response: affinityGroupView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const matches = idNameKeyword<AffinityGroup>(params, (g) => [g.name, g.description]);
      const type = params.text('type');
      const vmId = params.id('virtualmachineid');
      const items = [...store.affinityGroups.values()].filter(
        (g) =>
          inScope(g.accountId) &&
          matches(g) &&
          (type === undefined || g.type === type) &&
          (vmId === undefined || g.vmIds.includes(vmId)),
      );
      return listOf(ctx, 'affinitygroup', items, affinityGroupView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.affinitygroup.UpdateVMAffinityGroupCmd',
    spec: {
      name: 'updateVMAffinityGroup',
      description: 'Replaces the affinity groups of a stopped virtual machine; they apply when it starts.',
      isAsync: true,
      related: RELATED,
      params: [
        idParam('id', 'vm', 'The ID of the virtual machine', { required: true }),
        param(
          'affinitygroupids',
          'list',
          'comma separated list of affinity groups id that are going to be applied to the virtual machine',
          { items: 'uuid', entity: 'affinitygroup' },
        ),
        param(
          'affinitygroupnames',
          'list',
          'comma separated list of affinity groups names that are going to be applied to the virtual machine',
        ),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      const groups = namedGroups(ctx, vm.accountId) ?? [];
      const job = ctx.startJob({
        instanceType: 'VirtualMachine',
        instanceId: vm.id,
        begin() {
          // AffinityGroupServiceImpl.updateVMAffinityGroups
          if (vm.state !== 'Stopped') {
            throw invalidParameter(
              `Unable to update affinity groups of the virtual machine ${vm.name}  in state ${vm.state}; make sure the virtual machine is stopped and not in an error state before updating.`,
            );
          }
        },
        finish() {
          for (const group of store.affinityGroups.values()) {
            group.vmIds = group.vmIds.filter((id) => id !== vm.id);
          }
          for (const group of groups) group.vmIds.push(vm.id);
          setState(store, vm, vm.state);
          return vmResult(ctx, vm);
        },
      });
      return jobStarted(job.id);
    },
  }),
];
