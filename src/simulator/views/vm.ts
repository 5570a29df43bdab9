// The `virtualmachine` object and its `nic` entries, with CloudStack's field names.

import { groupsOf } from '../state/affinity.js';
import type { Network, Nic, Vm } from '../state/model.js';
import type { Store } from '../state/store.js';
import { ownerFields, tagsField } from './common.js';
import { vmAffinityGroupView } from './compute.js';
import { field, formatDate, jobFields, View } from './view.js';

export function formatIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

export function netmaskOf(prefix: number): string {
  return formatIp(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

export interface NicSource {
  nic: Nic;
  vmId: string;
}

function networkOf(store: Store, nic: Nic): Network | undefined {
  return store.networks.get(nic.networkId);
}

export const nicView = new View<NicSource>([
  field('id', 'string', 'ID of the NIC', (s) => s.nic.id),
  field('networkid', 'string', 'ID of the network the NIC is plugged into', (s) => s.nic.networkId),
  field('networkname', 'string', 'name of that network', (s, rc) => networkOf(rc.store, s.nic)?.name),
  field('netmask', 'string', 'netmask of the NIC', (s, rc) => {
    const network = networkOf(rc.store, s.nic);
    return network?.cidrPrefix === undefined ? undefined : netmaskOf(network.cidrPrefix);
  }),
  field('gateway', 'string', 'gateway of the NIC', (s, rc) => networkOf(rc.store, s.nic)?.gateway),
  field('ipaddress', 'string', 'IPv4 address of the NIC', (s) => s.nic.ipAddress),
  field('isolationuri', 'string', 'isolation URI of the NIC', (s, rc) => {
    const vlan = networkOf(rc.store, s.nic)?.vlan;
    return vlan ? `vlan://${vlan}` : undefined;
  }),
  field('broadcasturi', 'string', 'broadcast URI of the NIC', (s, rc) => {
    const vlan = networkOf(rc.store, s.nic)?.vlan;
    return vlan ? `vlan://${vlan}` : undefined;
  }),
  field('traffictype', 'string', 'traffic type of the NIC', () => 'Guest'),
  field(
    'type',
    'string',
    'type of the network (Isolated, Shared, L2)',
    (s, rc) => networkOf(rc.store, s.nic)?.type,
  ),
  field('isdefault', 'boolean', 'true for the VM default NIC', (s) => s.nic.isDefault),
  field('macaddress', 'string', 'MAC address of the NIC', (s) => s.nic.macAddress),
  field('deviceid', 'string', 'device number of the NIC in the VM', (s) => String(s.nic.deviceId)),
  field('virtualmachineid', 'string', 'ID of the VM the NIC belongs to', (s) => s.vmId),
  field('secondaryip', 'list', 'secondary IP addresses of the NIC', () => []),
  field('extradhcpoption', 'list', 'extra DHCP options set on the NIC', () => []),
]);

function statsWhenRunning(vm: Vm, value: number | string): number | string {
  return vm.state === 'Running' ? value : typeof value === 'string' ? '0%' : 0;
}

export const vmView = new View<Vm>([
  field('id', 'string', 'ID of the virtual machine', (v) => v.id),
  field('name', 'string', 'host name of the virtual machine', (v) => v.name),
  field('displayname', 'string', 'name shown for the virtual machine', (v) => v.displayName),
  ...ownerFields<Vm>('virtual machine').slice(0, 1),
  field('userid', 'string', 'ID of the user who created the virtual machine', (v) => v.userId),
  field(
    'username',
    'string',
    'name of the user who created the virtual machine',
    (v, rc) => rc.store.users.get(v.userId)?.username,
  ),
  ...ownerFields<Vm>('virtual machine').slice(1),
  field('created', 'date', 'when the virtual machine was created', (v) => formatDate(v.created)),
  field(
    'state',
    'string',
    'state: Starting, Running, Stopping, Stopped, Destroyed, Expunging or Error',
    (v) => v.state,
  ),
  field('haenable', 'boolean', 'whether high availability is enabled', (v) => v.haEnable),
  field('group', 'string', 'instance group name, if any', (v) => v.group),
  field('zoneid', 'string', 'ID of the zone of the virtual machine', (v) => v.zoneId),
  field('zonename', 'string', 'name of that zone', (v, rc) => rc.store.zones.get(v.zoneId)?.name),
  field('hostid', 'string', 'ID of the host running the virtual machine (root admins only)', (v, rc) =>
    rc.admin ? v.hostId : undefined,
  ),
  field('hostname', 'string', 'name of that host (root admins only)', (v, rc) =>
    rc.admin && v.hostId ? rc.store.hosts.get(v.hostId)?.name : undefined,
  ),
  field(
    'templateid',
    'string',
    'ID of the template (or ISO) the virtual machine was created from',
    (v) => v.templateId,
  ),
  field(
    'templatename',
    'string',
    'name of that template',
    (v, rc) => rc.store.templates.get(v.templateId)?.name,
  ),
  field(
    'templatedisplaytext',
    'string',
    'description of that template',
    (v, rc) => rc.store.templates.get(v.templateId)?.displayText,
  ),
  // --- Images family (issue 14) ---
  field('isoid', 'string', 'ID of the ISO attached to the virtual machine', (v) => v.isoId),
  field('isoname', 'string', 'name of that ISO', (v, rc) =>
    v.isoId ? rc.store.templates.get(v.isoId)?.name : undefined,
  ),
  field('isodisplaytext', 'string', 'description of that ISO', (v, rc) =>
    v.isoId ? rc.store.templates.get(v.isoId)?.displayText : undefined,
  ),
  // --- end Images family ---
  field(
    'passwordenabled',
    'boolean',
    'whether the template supports password reset',
    (v, rc) => rc.store.templates.get(v.templateId)?.passwordEnabled ?? false,
  ),
  field('serviceofferingid', 'string', 'ID of the service offering', (v) => v.serviceOfferingId),
  field(
    'serviceofferingname',
    'string',
    'name of the service offering',
    (v, rc) => rc.store.serviceOfferings.get(v.serviceOfferingId)?.name,
  ),
  field(
    'diskofferingid',
    'string',
    'ID of the disk offering of the data disk, if any',
    (v) => v.diskOfferingId,
  ),
  field('diskofferingname', 'string', 'name of that disk offering', (v, rc) =>
    v.diskOfferingId ? rc.store.diskOfferings.get(v.diskOfferingId)?.name : undefined,
  ),
  field('cpunumber', 'integer', 'number of vCPUs', (v) => v.cpuNumber),
  field('cpuspeed', 'integer', 'speed of each vCPU in MHz', (v) => v.cpuSpeed),
  field('memory', 'integer', 'memory in MiB', (v) => v.memory),
  field('cpuused', 'string', 'share of CPU in use', (v) => statsWhenRunning(v, '10%')),
  field('networkkbsread', 'long', 'network traffic received, in KiB', (v) => statsWhenRunning(v, 1024)),
  field('networkkbswrite', 'long', 'network traffic sent, in KiB', (v) => statsWhenRunning(v, 512)),
  // --- Compute family (issue 14): fields of CloudStack 4.18's answers the scale/reset samples carry ---
  field('receivedbytes', 'long', 'network traffic received, in bytes', (v) =>
    statsWhenRunning(v, 1024 * 1024),
  ),
  field('sentbytes', 'long', 'network traffic sent, in bytes', (v) => statsWhenRunning(v, 512 * 1024)),
  field('pooltype', 'string', 'type of the storage pool of the root volume', () => 'NetworkFilesystem'),
  field('hasannotations', 'boolean', 'whether the virtual machine has comments', () => false),
  // --- end Compute family ---
  field('diskkbsread', 'long', 'data read from disk, in KiB', () => 0),
  field('diskkbswrite', 'long', 'data written to disk, in KiB', () => 0),
  field('memorykbs', 'long', 'memory used, in KiB', () => 0),
  field('memoryintfreekbs', 'long', 'free memory inside the guest, in KiB', () => 0),
  field('memorytargetkbs', 'long', 'memory target of the balloon driver, in KiB', () => 0),
  field('diskioread', 'long', 'read operations on disk', () => 0),
  field('diskiowrite', 'long', 'write operations on disk', () => 0),
  field('guestosid', 'string', 'ID of the guest OS type', (v) => v.osTypeId),
  field('rootdeviceid', 'long', 'device number of the root volume', () => 0),
  field('rootdevicetype', 'string', 'type of the root volume', () => 'ROOT'),
  field('securitygroup', 'set', 'security groups of the virtual machine', (vm, rc) =>
    [...rc.store.securityGroups.values()]
      .filter((g) => g.vmIds.includes(vm.id))
      .map((g) => ({ id: g.id, name: g.name, description: g.description })),
  ),
  field(
    'password',
    'string',
    'the generated password, shown once after deploy when the template allows it',
    (v) => v.password,
  ),
  field(
    'nic',
    'set',
    'network interfaces of the virtual machine',
    (v) => v.nics.map((nic) => ({ nic, vmId: v.id })),
    nicView,
  ),
  field('hypervisor', 'string', 'hypervisor the virtual machine runs on', () => 'Simulator'),
  field('instancename', 'string', 'internal instance name (root admins only)', (v, rc) =>
    rc.admin ? instanceName(rc.store, v) : undefined,
  ),
  field('details', 'map', 'virtual machine details (settings)', (v) => v.details),
  field('keypairs', 'string', 'names of the SSH key pairs given at deploy, comma-separated', (v) =>
    v.keypairs.length > 0 ? v.keypairs.join(',') : undefined,
  ),
  field(
    'affinitygroup',
    'set',
    'affinity groups of the virtual machine',
    (v, rc) => groupsOf(rc.store, v.id),
    vmAffinityGroupView,
  ),
  field('displayvm', 'boolean', 'whether the virtual machine is shown to the end user', (v) => v.displayVm),
  field(
    'isdynamicallyscalable',
    'boolean',
    'whether CPU and memory can change while running',
    (v) => v.dynamicallyScalable,
  ),
  field('ostypeid', 'string', 'ID of the OS type', (v) => v.osTypeId),
  field(
    'osdisplayname',
    'string',
    'name of the OS type',
    (v, rc) => rc.store.osTypes.get(v.osTypeId)?.description,
  ),
  field('bootmode', 'string', 'boot mode (legacy or secure)', () => 'legacy'),
  field('boottype', 'string', 'boot type (Bios or UEFI)', () => 'Bios'),
  tagsField<Vm>(),
  ...jobFields<Vm>(),
]);

function instanceName(store: Store, vm: Vm): string {
  const owner = store.accounts.get(vm.accountId);
  return `i-${owner?.internalId ?? 0}-${vm.internalId}-VM`;
}

/** A VM's JSON as UTF-8 bytes, cached until it (or its tags, or a job on it) changes. */
export function vmJson(store: Store, vm: Vm, admin: boolean): Buffer {
  return store.cachedJson(vm.id, admin ? 'full' : 'restricted', () =>
    JSON.stringify(vmView.render(vm, { store, admin })),
  );
}
