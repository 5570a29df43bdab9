// Virtual machines and their life cycle: deploy (Starting → Running), stop, start, reboot, destroy (with or
// without expunge), recover, expunge, update, list. Invalid transitions fail the way CloudStack does:
// inside the async job (jobstatus 2) for async APIs, as a 431 for recoverVirtualMachine.
import {
  idListParam,
  idParam,
  ownerCreateParams,
  ownerListParams,
  pagingParams,
  param,
} from '../catalog/params.js';
import { ErrorCode, internalError, invalidParameter, permissionDenied, serverApiError } from '../errors.js';
import { groupsOf, placementHosts, vmLabel } from '../state/affinity.js';
import { noteDestroyed } from '../state/expunge-delay.js'; // Accounts family (issue 15)
import { createVm, createVolume, parseIp, volumesOf } from '../state/factory.js';
import { checkResourceLimit } from '../state/limits.js'; // Accounts family (issue 15)
import type { Network, Template, Vm, VmState } from '../state/model.js';
import { ensureSourceNat, releaseVmRules } from '../state/public-ips.js';
import type { Store } from '../state/store.js';
import { vmJson, vmView } from '../views/vm.js';
import { affinityGroupsForDeploy } from './affinity-groups.js';
import {
  canAccess,
  everyAccount,
  listJson,
  matchesKeyword,
  ownerForCreate,
  ownerScope,
  paginate,
} from './listing.js';
import { usableBy } from './networks.js';
import { joinSecurityGroups, securityGroupsForDeploy } from './security-groups.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

const GiB = 1024 ** 3;
const VM_RELATED = [
  'listVirtualMachines',
  'deployVirtualMachine',
  'startVirtualMachine',
  'stopVirtualMachine',
  'rebootVirtualMachine',
  'destroyVirtualMachine',
  'recoverVirtualMachine',
  'updateVirtualMachine',
];

const HOSTNAME_PATTERN = /^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

export function vmResult(ctx: CallContext, vm: Vm): Record<string, unknown> {
  return { virtualmachine: vmView.render(vm, ctx.rc) };
}

/** The VM named by `id`, checked for access (CloudStack checks it while processing parameters). */
export function vmFor(ctx: CallContext, id: string): Vm {
  const vm = ctx.store.vms.get(id);
  if (!vm) throw invalidParameter(`unable to find a virtual machine with id ${id}`);
  if (!canAccess(ctx, vm.accountId)) {
    throw permissionDenied(
      `Account ${ctx.caller.account.name} does not have permission to operate with resource ${id}`,
    );
  }
  return vm;
}

export function setState(store: Store, vm: Vm, state: VmState): void {
  vm.state = state;
  store.touch(vm.id);
}

export interface VmStep {
  /** Checks the VM when the job begins (throwing fails the job); the transitional state to enter, if any. */
  begin(): VmState | undefined;
  /** Ends the step and gives the job's result; `moved` says whether `begin` entered a transitional state. */
  finish(moved: boolean): Record<string, unknown>;
}

/**
 * A life-cycle step (start, stop, reboot, destroy, expunge) as a job on the VM, answering the job id. An
 * injected job failure puts the VM back in the state it had before the step moved it.
 */
export function vmStep(ctx: CallContext, vm: Vm, step: VmStep): Record<string, unknown> {
  let previous: VmState = vm.state;
  let moved = false;
  const job = ctx.startJob({
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    begin() {
      previous = vm.state;
      const next = step.begin();
      moved = next !== undefined;
      if (next !== undefined) setState(ctx.store, vm, next);
    },
    finish: () => step.finish(moved),
    rollback() {
      if (moved) setState(ctx.store, vm, previous);
    },
  });
  return jobStarted(job.id);
}

export function pickHost(store: Store, vm: Vm, wanted?: string): string | undefined {
  if (wanted) return wanted;
  const hosts = placementHosts(store, vm); // Compute family (issue 14): affinity groups
  if (vm.lastHostId && hosts.includes(vm.lastHostId)) return vm.lastHostId;
  return hosts[vm.internalId % Math.max(hosts.length, 1)];
}

/** Compute family (issue 14): the planner's refusal when affinity groups leave no host for the VM. */
function checkPlacement(store: Store, vm: Vm, wanted: string | undefined): void {
  const hosts = placementHosts(store, vm);
  if (wanted === undefined ? hosts.length === 0 : !hosts.includes(wanted)) {
    throw serverApiError(
      ErrorCode.INSUFFICIENT_CAPACITY,
      `Unable to create a deployment for ${vmLabel(store, vm)}`,
    );
  }
}

function setVolumesState(store: Store, vm: Vm, state: 'Ready' | 'Destroy'): void {
  for (const volume of volumesOf(store, vm.id)) volume.state = state;
}

/** Removes an expunged VM and everything that belongs to it. */
export function expungeNow(store: Store, vm: Vm): void {
  for (const volume of volumesOf(store, vm.id)) {
    store.volumes.delete(volume.id);
    store.tags.delete(volume.id);
    store.markRemoved('volume', volume.id);
  }
  releaseVmRules(store, vm.id); // Networking family (issue 14)
  for (const group of groupsOf(store, vm.id)) group.vmIds = group.vmIds.filter((id) => id !== vm.id);
  store.vms.delete(vm.id);
  store.tags.delete(vm.id);
  store.markRemoved('vm', vm.id);
}

function networksForDeploy(ctx: CallContext, zoneId: string, ownerId: string): Network[] {
  const { store, params } = ctx;
  const zone = store.zone(zoneId);
  const ids = params.idList('networkids');
  if (ids && ids.length > 0) {
    return ids.map((id) => {
      const network = store.networks.get(id);
      if (!network) throw invalidParameter(`Unable to find network by id ${id}`);
      if (network.zoneId !== zoneId) {
        throw invalidParameter(`Network id=${network.id} doesn't belong to zone ${zone.name}`);
      }
      if (!usableBy(store, network, ownerId)) {
        throw permissionDenied(`Account ${store.account(ownerId).name} cannot use network ${network.id}`);
      }
      return network;
    });
  }
  const candidates = [...store.networks.values()].filter(
    (n) => n.zoneId === zoneId && usableBy(store, n, ownerId),
  );
  if (zone.networkType === 'Basic') {
    const shared = candidates.find((n) => n.type === 'Shared');
    if (!shared) throw invalidParameter(`Unable to find a default network in zone ${zone.name}`);
    return [shared];
  }
  const own = candidates.find((n) => n.accountId === ownerId && n.type === 'Isolated') ?? candidates[0];
  if (own) return [own];
  // CloudStack creates a default isolated network for an account that has none in the zone.
  const offering = [...store.networkOfferings.values()].find(
    (o) => o.guestIpType === 'Isolated' && o.availability === 'Required',
  );
  if (!offering) throw invalidParameter('Unable to find a network offering to create a default network');
  const account = store.account(ownerId);
  const network: Network = {
    id: store.newId(),
    internalId: store.nextInternalId('networks', 200),
    name: `${account.name}-network`,
    displayText: `Default network of account ${account.name}`,
    zoneId,
    offeringId: offering.id,
    accountId: ownerId,
    type: 'Isolated',
    aclType: 'Account',
    state: 'Allocated',
    cidrBase: (10 << 24) + (1 << 16),
    cidrPrefix: 16,
    gateway: '10.1.0.1',
    networkDomain: `cs${account.internalId}cloud.internal`,
    vlan: String(store.nextInternalId('vlan', 1100)),
    nextHost: 2,
    created: ctx.now,
  };
  store.networks.set(network.id, network);
  return [network];
}

export function findKeyPairs(ctx: CallContext, ownerId: string): string[] {
  const names = [...(ctx.params.list('keypairs') ?? [])];
  const single = ctx.params.text('keypair');
  if (single !== undefined && !names.includes(single)) names.unshift(single);
  const owner = ctx.store.account(ownerId);
  return names.map((name) => {
    const pair = [...ctx.store.sshKeyPairs.values()].find((k) => k.accountId === ownerId && k.name === name);
    if (!pair) {
      throw invalidParameter(
        `A key pair with name '${name}' was not found for account ${owner.name} in specified domain id: ${owner.domainId}`,
      );
    }
    return pair.name;
  });
}

function checkTemplate(ctx: CallContext, template: Template, zoneId: string, ownerId: string): void {
  if (!template.zoneIds.includes(zoneId)) {
    throw invalidParameter(
      `Template ${template.id} is not available in zone ${ctx.store.zone(zoneId).name}; copy it there first`,
    );
  }
  if (!template.isPublic && template.accountId !== ownerId && !ctx.caller.isRootAdmin) {
    throw permissionDenied(
      `Account ${ctx.store.account(ownerId).name} does not have permission to use template ${template.id}`,
    );
  }
  if (!template.isReady) throw invalidParameter(`Template ${template.id} is not ready yet`);
}

/** CPU and memory of the new VM: from the offering, or from details for a customised one. */
export function sizing(
  ctx: CallContext,
  offeringId: string,
): { cpuNumber: number; cpuSpeed: number; memory: number } {
  const offering = ctx.store.serviceOfferings.get(offeringId);
  if (!offering || offering.removed !== undefined) {
    throw invalidParameter(`Unable to find service offering ${offeringId}`);
  }
  if (offering.cpuNumber !== undefined && offering.cpuSpeed !== undefined && offering.memory !== undefined) {
    return { cpuNumber: offering.cpuNumber, cpuSpeed: offering.cpuSpeed, memory: offering.memory };
  }
  const details = ctx.params.flatMap('details');
  const value = (key: string) => {
    const entry = Object.entries(details).find(([k]) => k.toLowerCase() === key.toLowerCase());
    return entry ? Number(entry[1]) : undefined;
  };
  const cpuNumber = value('cpuNumber');
  const cpuSpeed = value('cpuSpeed');
  const memory = value('memory');
  if (cpuNumber === undefined || cpuSpeed === undefined || memory === undefined) {
    throw invalidParameter(
      'Need to specify custom parameter values cpu, cpu speed and memory when using custom offering',
    );
  }
  for (const [name, n] of [
    ['cpuNumber', cpuNumber],
    ['cpuSpeed', cpuSpeed],
    ['memory', memory],
  ] as const) {
    if (!Number.isInteger(n) || n < 1)
      throw invalidParameter(`Invalid ${name} value ${String(n)} in details`);
  }
  return { cpuNumber, cpuSpeed, memory };
}

function checkIpAddress(network: Network, ip: string | undefined, store: Store): void {
  if (ip === undefined) return;
  const value = parseIp(ip);
  if (value === undefined || network.cidrBase === undefined || network.cidrPrefix === undefined) {
    throw invalidParameter(`Invalid ipaddress ${ip} for network ${network.name}`);
  }
  const mask = network.cidrPrefix === 0 ? 0 : (0xffffffff << (32 - network.cidrPrefix)) >>> 0;
  if ((value & mask) >>> 0 !== network.cidrBase) {
    throw invalidParameter(`IP address ${ip} is not in the CIDR of network ${network.name}`);
  }
  for (const vm of store.vms.values()) {
    if (vm.nics.some((nic) => nic.networkId === network.id && nic.ipAddress === ip)) {
      throw serverApiError(
        ErrorCode.INSUFFICIENT_CAPACITY,
        `The IP address ${ip} is already in use in network ${network.name}`,
      );
    }
  }
}

const deployParams = [
  idParam('serviceofferingid', 'serviceoffering', 'service offering (CPU and memory) of the VM', {
    required: true,
  }),
  idParam('templateid', 'template', 'template or ISO to create the VM from', { required: true }),
  idParam('zoneid', 'zone', 'zone to deploy the VM in', { required: true }),
  param('name', 'string', "host name of the VM; letters, digits and '-', up to 63 characters"),
  param('displayname', 'string', 'name shown for the VM; the host name when not given'),
  idListParam('networkids', 'network', 'networks to plug the VM into; the first one is the default'),
  param('ipaddress', 'string', 'IPv4 address to give the VM in its default network'),
  param('ip6address', 'string', 'IPv6 address to give the VM in its default network'),
  param('macaddress', 'string', 'MAC address of the default NIC'),
  param('iptonetworklist', 'map', 'addresses per network: iptonetworklist[i].networkid / .ip'),
  param('nicnetworklist', 'map', 'VM NIC to network mapping for deploy-as-is templates', { since: '4.15' }),
  param('dhcpoptionsnetworklist', 'map', 'extra DHCP options per network'),
  idParam('diskofferingid', 'diskoffering', 'disk offering of a data disk (or of the root disk for ISOs)'),
  idParam(
    'overridediskofferingid',
    'diskoffering',
    'disk offering to use for the root disk instead of the service offering one',
    {
      since: '4.17',
    },
  ),
  param('size', 'long', 'size of the data disk in GiB, for a customised disk offering'),
  param('rootdisksize', 'long', 'size of the root disk in GiB, at least the template size', { since: '4.4' }),
  param('datadiskofferinglist', 'map', 'disk offerings of the data disks of a multi-disk template', {
    since: '4.11',
  }),
  param('details', 'map', 'VM settings, e.g. details[0].cpuNumber=2 for a customised offering', {
    since: '4.3',
  }),
  param('keypair', 'string', 'name of the SSH key pair to install'),
  param('keypairs', 'list', 'names of the SSH key pairs to install', { since: '4.17' }),
  param('userdata', 'string', 'base64 user data for the VM; send it by POST', { length: 1048576 }),
  idParam('userdataid', 'unmodelled', 'ID of a registered user data', { since: '4.18' }),
  param('userdatadetails', 'map', 'values for the variables of the user data', { since: '4.18' }),
  param('group', 'string', 'instance group to put the VM in'),
  param('startvm', 'boolean', 'false to create the VM without starting it; default true'),
  param('displayvm', 'boolean', 'whether the end user sees the VM', { since: '4.2' }),
  param('dynamicscalingenabled', 'boolean', 'whether the VM may change CPU and memory while running', {
    since: '4.16',
  }),
  param('hypervisor', 'string', 'hypervisor to deploy on (for ISOs)'),
  idParam('hostid', 'host', 'host to deploy on (root admins only)'),
  idParam('podid', 'pod', 'pod to deploy in (root admins only)', { since: '4.13' }),
  idParam('clusterid', 'cluster', 'cluster to deploy in (root admins only)', { since: '4.13' }),
  param('deploymentplanner', 'string', 'deployment planner to use (root admins only)', { since: '4.4' }),
  idListParam('affinitygroupids', 'affinitygroup', 'affinity groups to put the VM in'),
  param('affinitygroupnames', 'list', 'names of affinity groups to put the VM in'),
  idListParam('securitygroupids', 'securitygroup', 'security groups of the VM (Basic zone)'),
  param('securitygroupnames', 'list', 'names of security groups of the VM (Basic zone)'),
  param('keyboard', 'string', 'keyboard layout of the console, e.g. us, de, fr'),
  param('bootmode', 'string', 'boot mode with UEFI: Legacy or Secure', { since: '4.14.0.0' }),
  param('boottype', 'string', 'boot type: BIOS or UEFI', { since: '4.14.0.0' }),
  param('bootintosetup', 'boolean', 'boot into the firmware setup (VMware)', { since: '4.15.0.0' }),
  param('copyimagetags', 'boolean', 'copy the template tags to the VM', { since: '4.13' }),
  param('customid', 'string', 'ID of the VM in an external system'),
  param('extraconfig', 'string', 'extra hypervisor configuration, URL-encoded', {
    length: 5120,
    since: '4.12',
  }),
  param('properties', 'map', 'vApp properties (VMware)', { since: '4.15' }),
  param('iodriverpolicy', 'string', 'I/O driver policy (KVM)'),
  param('iothreadsenabled', 'boolean', 'whether I/O threads are used (KVM)'),
  ...ownerCreateParams('virtual machine'),
];

export const vmApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.DeployVMCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.vm.DeployVMCmdByAdmin',
    spec: {
      name: 'deployVirtualMachine',
      description:
        'Creates a virtual machine from a template or ISO and starts it (state Starting, then Running when the job ends).',
      isAsync: true,
      related: VM_RELATED,
      params: deployParams,
      response: vmView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const ownerId = ownerForCreate(ctx);
      const zone = store.zone(params.requiredId('zoneid'));
      const template = store.templates.get(params.requiredId('templateid'));
      if (!template) throw invalidParameter('Unable to find the template');
      checkTemplate(ctx, template, zone.id, ownerId);
      const size = sizing(ctx, params.requiredId('serviceofferingid'));
      const diskOfferingId = params.id('diskofferingid');
      const diskOffering = diskOfferingId ? store.diskOfferings.get(diskOfferingId) : undefined;
      if (template.isIso && !diskOffering) {
        throw invalidParameter(
          'Installing from ISO requires a disk offering to be specified for the root disk.',
        );
      }
      const dataSize = params.int('size');
      if (diskOffering?.isCustomized && dataSize === undefined) {
        throw invalidParameter(
          `Disk offering ${diskOffering.name} is customised: give the disk size in size (GiB)`,
        );
      }
      const name = params.text('name');
      if (name !== undefined && !HOSTNAME_PATTERN.test(name)) {
        throw invalidParameter(
          "Invalid name. Vm name can contain ASCII letters 'a' through 'z', the digits '0' through '9', and the hyphen ('-'), must be between 1 and 63 characters long, and can't start or end with \"-\" and can't start with digit",
        );
      }
      const userData = params.text('userdata');
      if (userData !== undefined && !BASE64_PATTERN.test(userData)) {
        throw invalidParameter('User data is not base64 encoded');
      }
      const hostId = params.id('hostid');
      if (hostId !== undefined) {
        if (!ctx.caller.isRootAdmin) throw permissionDenied('Only root admins can choose the host');
        if (store.hosts.get(hostId)?.zoneId !== zone.id)
          throw invalidParameter(`Host ${hostId} is not in zone ${zone.name}`);
      }
      const rootDiskSize = params.int('rootdisksize');
      if (rootDiskSize !== undefined && !template.isIso && rootDiskSize * GiB < template.size) {
        throw invalidParameter(
          `Root disk size ${rootDiskSize} GiB is smaller than the template size ${Math.ceil(template.size / GiB)} GiB`,
        );
      }
      const keypairs = findKeyPairs(ctx, ownerId);
      const networks = networksForDeploy(ctx, zone.id, ownerId);
      const [defaultNetwork] = networks;
      const ipAddress = params.text('ipaddress');
      if (defaultNetwork) checkIpAddress(defaultNetwork, ipAddress, store);
      if (name !== undefined) {
        for (const other of store.vms.values()) {
          if (other.name.toLowerCase() !== name.toLowerCase()) continue;
          const clash = networks.find((n) => other.nics.some((nic) => nic.networkId === n.id));
          if (clash) {
            throw invalidParameter(
              `The vm with hostName ${name} already exists in the network domain: ${clash.networkDomain}; network=${clash.name}`,
            );
          }
        }
      }

      // Accounts family (issue 15): UserVmManagerImpl.resourceLimitCheck, in the create phase (answered at once).
      for (const [type, amount] of [
        ['user_vm', 1],
        ['cpu', size.cpuNumber],
        ['memory', size.memory],
        ['volume', 1],
      ] as const) {
        checkResourceLimit(store, ownerId, type, amount);
      }
      const securityGroupIds = securityGroupsForDeploy(ctx, zone, ownerId); // Networking family (issue 14)
      const affinityGroups = affinityGroupsForDeploy(ctx, ownerId); // Compute family (issue 14)
      const vm = createVm(store, {
        name,
        displayName: params.text('displayname'),
        accountId: ownerId,
        userId:
          ctx.caller.account.id === ownerId
            ? ctx.caller.user.id
            : (store.defaultUserOf(ownerId)?.id ?? ctx.caller.user.id),
        zoneId: zone.id,
        templateId: template.id,
        serviceOfferingId: params.requiredId('serviceofferingid'),
        diskOfferingId: template.isIso ? undefined : diskOffering?.id,
        ...size,
        osTypeId: template.osTypeId,
        state: 'Stopped',
        networks,
        ipAddress,
        keypairs,
        group: params.text('group'),
        details: params.flatMap('details'),
        userData,
        displayVm: params.bool('displayvm') ?? true,
        dynamicallyScalable: params.bool('dynamicscalingenabled') ?? false,
        created: ctx.now,
      });
      if (securityGroupIds) joinSecurityGroups(store, vm.id, ownerId, securityGroupIds, ctx.now);
      for (const group of affinityGroups) group.vmIds.push(vm.id); // Compute family (issue 14)
      const rootSize = template.isIso
        ? (diskOffering?.diskSize || dataSize || 10) * GiB
        : rootDiskSize !== undefined
          ? rootDiskSize * GiB
          : template.size;
      createVolume(store, {
        name: `ROOT-${vm.internalId}`,
        type: 'ROOT',
        accountId: ownerId,
        zoneId: zone.id,
        vmId: vm.id,
        deviceId: 0,
        diskOfferingId: template.isIso ? diskOffering?.id : undefined,
        templateId: template.id,
        size: rootSize,
        state: 'Allocated',
        created: ctx.now,
      });
      if (diskOffering && !template.isIso) {
        createVolume(store, {
          name: `DATA-${vm.internalId}`,
          type: 'DATADISK',
          accountId: ownerId,
          zoneId: zone.id,
          vmId: vm.id,
          deviceId: 1,
          diskOfferingId: diskOffering.id,
          size: (diskOffering.isCustomized ? (dataSize ?? 0) : diskOffering.diskSize) * GiB,
          state: 'Allocated',
          created: ctx.now,
        });
      }
      const startVm = params.bool('startvm') ?? true;
      const job = ctx.startJob({
        instanceType: 'VirtualMachine',
        instanceId: vm.id,
        begin() {
          if (startVm) {
            // CloudStack's planner refuses in the job; the VM is left in Error.
            try {
              checkPlacement(store, vm, hostId);
            } catch (error) {
              setState(store, vm, 'Error');
              throw error;
            }
            setState(store, vm, 'Starting');
          }
        },
        finish() {
          for (const network of networks) {
            if (network.state === 'Allocated') network.state = 'Implemented';
            ensureSourceNat(store, network, ctx.now); // Networking family (issue 14)
          }
          setVolumesState(store, vm, 'Ready');
          if (startVm) {
            vm.hostId = pickHost(store, vm, hostId);
            vm.lastHostId = vm.hostId;
            setState(store, vm, 'Running');
          }
          if (template.passwordEnabled) vm.password = store.secrets.token(9).replace(/[-_]/g, 'x');
          const result = vmResult(ctx, vm);
          vm.password = undefined;
          return result;
        },
        rollback() {
          vm.hostId = undefined;
          setState(store, vm, 'Error');
        },
      });
      return jobStarted(job.id, vm.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listVirtualMachines',
      description: "Lists virtual machines: the caller's own, or with listall every one it may see.",
      isAsync: false,
      related: VM_RELATED,
      params: [
        idParam('id', 'vm', 'only the VM with this ID'),
        idListParam('ids', 'vm', 'only the VMs with these IDs', { since: '4.4' }),
        param('name', 'string', 'only VMs whose name contains this text'),
        param(
          'state',
          'string',
          'only VMs in this state (Running, Stopped, Destroyed, ...; "present" for not destroyed)',
        ),
        idParam('zoneid', 'zone', 'only VMs in this zone'),
        idParam('templateid', 'template', 'only VMs created from this template'),
        idParam('isoid', 'template', 'only VMs with this ISO attached'),
        idParam('serviceofferingid', 'serviceoffering', 'only VMs with this service offering', {
          since: '4.4',
        }),
        idParam('hostid', 'host', 'only VMs on this host'),
        idParam('podid', 'pod', 'only VMs in this pod'),
        idParam('clusterid', 'cluster', 'only VMs in this cluster', { since: '4.16.0' }),
        idParam('storageid', 'unmodelled', 'only VMs with volumes on this storage pool'),
        idParam('networkid', 'network', 'only VMs with a NIC in this network'),
        idParam('vpcid', 'unmodelled', 'only VMs in this VPC'),
        idParam('groupid', 'unmodelled', 'only VMs in this instance group'),
        idParam('affinitygroupid', 'affinitygroup', 'only VMs in this affinity group'),
        idParam('securitygroupid', 'securitygroup', 'only VMs in this security group', { since: '4.15' }),
        idParam('backupofferingid', 'unmodelled', 'only VMs with this backup offering', { since: '4.17' }),
        idParam('autoscalevmgroupid', 'unmodelled', 'only VMs of this autoscale group', { since: '4.18.0' }),
        idParam('userid', 'user', 'only VMs created by this user'),
        param('keypair', 'string', 'only VMs with this SSH key pair'),
        param('hypervisor', 'string', 'only VMs on this hypervisor'),
        param('haenable', 'boolean', 'only VMs with (or without) high availability', { since: '4.15' }),
        param('displayvm', 'boolean', 'only VMs shown (or hidden) to end users', { since: '4.4' }),
        param('forvirtualnetwork', 'boolean', 'only VMs in (or not in) isolated networks'),
        param('tags', 'map', 'only VMs with these resource tags: tags[i].key, tags[i].value'),
        param(
          'details',
          'list',
          'which details to include: all, group, nics, stats, secgrp, tmpl, servoff, diskoff, iso, volume, min, affgrp',
        ),
        param('accumulate', 'boolean', 'sum the statistics over time', { since: '4.17.0' }),
        param('userdata', 'boolean', 'whether to include the user data', { since: '4.18.0.0' }),
        param('showicon', 'boolean', 'whether to include the resource icon', { since: '4.16.0.0' }),
        ...ownerListParams('virtual machines'),
        ...pagingParams,
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const id = params.id('id');
      const ids = params.idList('ids');
      const name = params.text('name')?.toLowerCase();
      const state = params.text('state')?.toLowerCase();
      const zoneId = params.id('zoneid');
      const templateId = params.id('templateid');
      const isoId = params.id('isoid');
      const offeringId = params.id('serviceofferingid');
      const hostId = params.id('hostid');
      const podId = params.id('podid');
      const clusterId = params.id('clusterid');
      const networkId = params.id('networkid');
      const userId = params.id('userid');
      const keypair = params.text('keypair');
      const hypervisor = params.text('hypervisor');
      const haEnable = params.bool('haenable');
      const displayVm = params.bool('displayvm');
      const forVirtualNetwork = params.bool('forvirtualnetwork');
      const keyword = params.text('keyword');
      const tags = params.keyValuePairs('tags');
      const hostIn = (vm: Vm, key: 'podId' | 'clusterId', wanted: string) => {
        const host = vm.hostId ? store.hosts.get(vm.hostId) : undefined;
        return host !== undefined && host[key] === wanted;
      };
      // Only the filters given are checked, so listing everything is a plain copy of the VMs.
      const tests: Array<(vm: Vm) => boolean> = [];
      if (inScope !== everyAccount) tests.push((vm) => inScope(vm.accountId));
      if (id !== undefined) tests.push((vm) => vm.id === id);
      if (ids !== undefined) tests.push((vm) => ids.includes(vm.id));
      if (name !== undefined) tests.push((vm) => vm.name.toLowerCase().includes(name));
      if (state === 'present') tests.push((vm) => vm.state !== 'Destroyed' && vm.state !== 'Expunging');
      else if (state !== undefined) tests.push((vm) => vm.state.toLowerCase() === state);
      if (zoneId !== undefined) tests.push((vm) => vm.zoneId === zoneId);
      if (templateId !== undefined) tests.push((vm) => vm.templateId === templateId);
      if (isoId !== undefined) tests.push(() => false);
      if (offeringId !== undefined) tests.push((vm) => vm.serviceOfferingId === offeringId);
      if (hostId !== undefined) tests.push((vm) => vm.hostId === hostId);
      if (podId !== undefined) tests.push((vm) => hostIn(vm, 'podId', podId));
      if (clusterId !== undefined) tests.push((vm) => hostIn(vm, 'clusterId', clusterId));
      if (networkId !== undefined) tests.push((vm) => vm.nics.some((nic) => nic.networkId === networkId));
      // Compute family (issue 14)
      const affinityGroupId = params.id('affinitygroupid');
      if (affinityGroupId !== undefined) {
        const members = store.affinityGroups.get(affinityGroupId)?.vmIds ?? [];
        tests.push((vm) => members.includes(vm.id));
      }
      // Networking family (issue 14)
      const securityGroupId = params.id('securitygroupid');
      if (securityGroupId !== undefined) {
        const members = store.securityGroups.get(securityGroupId)?.vmIds ?? [];
        tests.push((vm) => members.includes(vm.id));
      }
      if (userId !== undefined) tests.push((vm) => vm.userId === userId);
      if (keypair !== undefined) tests.push((vm) => vm.keypairs.includes(keypair));
      if (hypervisor !== undefined && hypervisor.toLowerCase() !== 'simulator') tests.push(() => false);
      if (haEnable !== undefined) tests.push((vm) => vm.haEnable === haEnable);
      if (displayVm !== undefined) tests.push((vm) => vm.displayVm === displayVm);
      if (forVirtualNetwork !== undefined) {
        tests.push(
          (vm) =>
            vm.nics.some((nic) => store.networks.get(nic.networkId)?.type === 'Isolated') ===
            forVirtualNetwork,
        );
      }
      if (keyword !== undefined) {
        tests.push(
          (vm) =>
            matchesKeyword(keyword, vm.name, vm.displayName) ||
            vm.state.toLowerCase() === keyword.toLowerCase(),
        );
      }
      if (tags.length > 0) tests.push((vm) => matchesTags(store, vm.id, tags));
      const all = [...store.vms.values()];
      const items = tests.length === 0 ? all : all.filter((vm) => tests.every((test) => test(vm)));
      const page = paginate(items, params);
      return listJson(
        'virtualmachine',
        page.count,
        page.items.map((vm) => vmJson(store, vm, ctx.rc.admin)),
      );
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.StartVMCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.vm.StartVMCmdByAdmin',
    spec: {
      name: 'startVirtualMachine',
      description: 'Starts a stopped virtual machine (Starting, then Running).',
      isAsync: true,
      related: VM_RELATED,
      params: [
        idParam('id', 'vm', 'ID of the VM to start', { required: true }),
        idParam('hostid', 'host', 'host to start it on (root admins only)', { since: '3.0.1' }),
        idParam('podid', 'pod', 'pod to start it in (root admins only)'),
        idParam('clusterid', 'cluster', 'cluster to start it in (root admins only)'),
        param('considerlasthost', 'boolean', 'try the last host first; default true', { since: '4.18.0' }),
        param('deploymentplanner', 'string', 'deployment planner to use (root admins only)', {
          since: '4.4',
        }),
        param('bootintosetup', 'boolean', 'boot into the firmware setup (VMware)', { since: '4.15.0.0' }),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      const hostId = ctx.params.id('hostid');
      if (hostId !== undefined && !ctx.caller.isRootAdmin)
        throw permissionDenied('Only root admins can choose the host');
      return vmStep(ctx, vm, {
        begin() {
          if (vm.state === 'Running') {
            throw invalidParameter(`The virtual machine ${vm.id} (${vm.displayName}) is already running`);
          }
          if (vm.state !== 'Stopped') {
            throw internalError(`Unable to start VM ${vm.name}: it is in state ${vm.state}`);
          }
          if (hostId !== undefined && store.hosts.get(hostId)?.zoneId !== vm.zoneId) {
            throw invalidParameter(`Host ${hostId} is not in the zone of the VM`);
          }
          checkPlacement(store, vm, hostId); // Compute family (issue 14)
          return 'Starting';
        },
        finish() {
          vm.hostId = pickHost(store, vm, hostId);
          vm.lastHostId = vm.hostId;
          setState(store, vm, 'Running');
          return vmResult(ctx, vm);
        },
      });
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.StopVMCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.vm.StopVMCmdByAdmin',
    spec: {
      name: 'stopVirtualMachine',
      description:
        'Stops a running virtual machine (Stopping, then Stopped); stopping a stopped VM does nothing.',
      isAsync: true,
      related: VM_RELATED,
      params: [
        idParam('id', 'vm', 'ID of the VM to stop', { required: true }),
        param('forced', 'boolean', 'power the VM off instead of shutting it down; default false'),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      return vmStep(ctx, vm, {
        begin: () => (vm.state === 'Running' ? 'Stopping' : undefined),
        finish(stopping) {
          if (stopping) {
            vm.hostId = undefined;
            setState(store, vm, 'Stopped');
          }
          return vmResult(ctx, vm);
        },
      });
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.RebootVMCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.vm.RebootVMCmdByAdmin',
    spec: {
      name: 'rebootVirtualMachine',
      description: 'Reboots a running virtual machine.',
      isAsync: true,
      related: VM_RELATED,
      params: [
        idParam('id', 'vm', 'ID of the VM to reboot', { required: true }),
        param('forced', 'boolean', 'power-cycle the VM instead of a clean reboot', { since: '4.16.0' }),
        param('bootintosetup', 'boolean', 'boot into the firmware setup (VMware)', { since: '4.15.0.0' }),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      return vmStep(ctx, vm, {
        begin() {
          if (vm.state !== 'Running')
            throw serverApiError(ErrorCode.INTERNAL_ERROR, 'Failed to reboot vm instance');
          return undefined;
        },
        finish: () => vmResult(ctx, vm),
      });
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.DestroyVMCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.vm.DestroyVMCmdByAdmin',
    spec: {
      name: 'destroyVirtualMachine',
      description:
        'Destroys a virtual machine: it becomes Destroyed and can be recovered, or with expunge=true it is removed for good.',
      isAsync: true,
      related: VM_RELATED,
      params: [
        idParam('id', 'vm', 'ID of the VM to destroy', { required: true }),
        param('expunge', 'boolean', 'remove the VM at once instead of keeping it recoverable', {
          since: '4.2.1',
        }),
        idListParam('volumeids', 'volume', 'data volumes of the VM to destroy with it', { since: '4.12.0' }),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      const expunge = ctx.params.bool('expunge') ?? false;
      const volumeIds = ctx.params.idList('volumeids') ?? [];
      for (const volumeId of volumeIds) {
        const volume = store.volumes.get(volumeId);
        if (!volume || volume.vmId !== vm.id || volume.type !== 'DATADISK') {
          throw invalidParameter(`Volume ${volumeId} is not a data volume attached to VM ${vm.id}`);
        }
      }
      return vmStep(ctx, vm, {
        begin() {
          if ((vm.state === 'Destroyed' && !expunge) || vm.state === 'Expunging') return undefined;
          return expunge ? 'Expunging' : vm.state === 'Running' ? 'Stopping' : vm.state;
        },
        finish(acting) {
          if (!acting) return vmResult(ctx, vm);
          vm.hostId = undefined;
          if (expunge) {
            setState(store, vm, 'Expunging');
            const result = vmResult(ctx, vm);
            expungeNow(store, vm);
            return result;
          }
          setState(store, vm, 'Destroyed');
          noteDestroyed(store, vm.id, ctx.now); // Accounts family (issue 15): expunge.delay
          for (const volume of volumesOf(store, vm.id)) {
            if (volume.type === 'ROOT' || volumeIds.includes(volume.id)) volume.state = 'Destroy';
          }
          return vmResult(ctx, vm);
        },
      });
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'recoverVirtualMachine',
      description: 'Brings a destroyed (not yet expunged) virtual machine back, in state Stopped.',
      isAsync: false,
      related: VM_RELATED,
      params: [idParam('id', 'vm', 'ID of the VM to recover', { required: true })],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      if (vm.state !== 'Destroyed' || store.jobs.pendingJobFor(vm.id) !== undefined) {
        throw invalidParameter(`Vm with id ${vm.internalId} is not in the right state`);
      }
      setVolumesState(store, vm, 'Ready');
      setState(store, vm, 'Stopped');
      return vmResult(ctx, vm);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.admin.vm.ExpungeVMCmd',
    spec: {
      name: 'expungeVirtualMachine',
      description: 'Removes a destroyed virtual machine for good.',
      isAsync: true,
      related: VM_RELATED,
      params: [idParam('id', 'vm', 'ID of the VM to expunge', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      return vmStep(ctx, vm, {
        begin() {
          if (!store.vms.has(vm.id)) return undefined;
          if (vm.state !== 'Destroyed' && vm.state !== 'Expunging' && vm.state !== 'Error') {
            throw invalidParameter(`Please destroy vm with id ${vm.internalId} before expunging`);
          }
          return 'Expunging';
        },
        finish() {
          if (store.vms.has(vm.id)) expungeNow(store, vm);
          return { success: true };
        },
      });
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'updateVirtualMachine',
      description:
        'Changes properties of a virtual machine: display name, name (when stopped), group, HA, details, ...',
      isAsync: false,
      related: VM_RELATED,
      params: [
        idParam('id', 'vm', 'ID of the VM to update', { required: true }),
        param('displayname', 'string', 'new display name'),
        param('name', 'string', 'new host name; the VM must be stopped', { since: '4.4' }),
        param('group', 'string', 'instance group to move the VM to'),
        param('haenable', 'boolean', 'turn high availability on or off'),
        param('displayvm', 'boolean', 'whether the end user sees the VM'),
        param('isdynamicallyscalable', 'boolean', 'whether CPU and memory may change while running'),
        idParam('ostypeid', 'ostype', 'new OS type'),
        param('details', 'map', 'settings to set: details[0].key=value'),
        param('cleanupdetails', 'boolean', 'remove all settings'),
        param('userdata', 'string', 'new base64 user data; send it by POST', {
          length: 1048576,
          since: '4.16.0',
        }),
        idParam('userdataid', 'unmodelled', 'ID of a registered user data', { since: '4.18' }),
        param('userdatadetails', 'map', 'values for the variables of the user data', { since: '4.18' }),
        param('customid', 'string', 'ID of the VM in an external system', { since: '4.4' }),
        param('instancename', 'string', 'internal instance name (VMware import)', { since: '4.4' }),
        param('extraconfig', 'string', 'extra hypervisor configuration, URL-encoded', {
          length: 5120,
          since: '4.12',
        }),
        param('dhcpoptionsnetworklist', 'map', 'extra DHCP options per network'),
        idListParam('securitygroupids', 'unmodelled', 'new security groups'),
        param('securitygroupnames', 'list', 'names of new security groups'),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      const name = params.text('name');
      if (name !== undefined && name !== vm.name) {
        if (!HOSTNAME_PATTERN.test(name))
          throw invalidParameter(`Invalid name ${name}: it must be a valid host name`);
        if (vm.state !== 'Stopped')
          throw invalidParameter(`The VM must be stopped to change its name; it is ${vm.state}`);
        vm.name = name;
      }
      const userData = params.text('userdata');
      if (userData !== undefined && !BASE64_PATTERN.test(userData)) {
        throw invalidParameter('User data is not base64 encoded');
      }
      vm.displayName = params.text('displayname') ?? vm.displayName;
      if (params.has('group')) vm.group = params.text('group');
      vm.haEnable = params.bool('haenable') ?? vm.haEnable;
      vm.displayVm = params.bool('displayvm') ?? vm.displayVm;
      vm.dynamicallyScalable = params.bool('isdynamicallyscalable') ?? vm.dynamicallyScalable;
      vm.osTypeId = params.id('ostypeid') ?? vm.osTypeId;
      if (userData !== undefined) vm.userData = userData;
      if (params.bool('cleanupdetails')) vm.details = {};
      const details = params.flatMap('details');
      if (Object.keys(details).length > 0) vm.details = { ...vm.details, ...details };
      store.touch(vm.id);
      return vmResult(ctx, vm);
    },
  }),
];
