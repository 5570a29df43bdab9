// Zones, pods, clusters and hosts.
import type { Cluster, Host, Pod, Zone } from '../state/model.js';
import type { Store } from '../state/store.js';
import { tagsField } from './common.js';
import { field, formatDate, jobFields, View } from './view.js';

export const SIMULATOR_VERSION = '4.18.0.0';

export const zoneView = new View<Zone>([
  field('id', 'string', 'ID of the zone', (z) => z.id),
  field('name', 'string', 'name of the zone', (z) => z.name),
  field('description', 'string', 'description of the zone', (z) => z.description),
  field('dns1', 'string', 'first public DNS server', (z) => z.dns1),
  field('dns2', 'string', 'second public DNS server', (z) => z.dns2),
  field('internaldns1', 'string', 'first internal DNS server', (z) => z.internalDns1),
  field('guestcidraddress', 'string', 'guest CIDR of an Advanced zone', (z) => z.guestCidr),
  field('networktype', 'string', 'network type: Advanced or Basic', (z) => z.networkType),
  field(
    'securitygroupsenabled',
    'boolean',
    'whether security groups are used in the zone',
    (z) => z.securityGroupsEnabled,
  ),
  field('allocationstate', 'string', 'whether new resources may be placed in the zone', () => 'Enabled'),
  field('zonetoken', 'string', 'token of the zone', (z) => z.zoneToken),
  field('dhcpprovider', 'string', 'DHCP provider of the zone', () => 'VirtualRouter'),
  field('localstorageenabled', 'boolean', 'whether local storage can be used', () => false),
  field('domain', 'string', 'network domain of the zone', (z) => z.domain),
  field('type', 'string', 'zone type: Core or Edge', () => 'Core'),
  field('allowuserspecifyvrmtu', 'boolean', 'whether users may set the MTU of virtual routers', () => false),
  field('routerprivateinterfacemaxmtu', 'integer', 'largest MTU for private router interfaces', () => 1500),
  field('routerpublicinterfacemaxmtu', 'integer', 'largest MTU for public router interfaces', () => 1500),
  field('hasannotations', 'boolean', 'whether the zone has comments', () => false),
  tagsField<Zone>(),
  field('resourcedetails', 'map', 'details of the zone', () => ({})),
  ...jobFields<Zone>(),
]);

export const podView = new View<Pod>([
  field('id', 'string', 'ID of the pod', (p) => p.id),
  field('name', 'string', 'name of the pod', (p) => p.name),
  field('zoneid', 'string', 'ID of the zone of the pod', (p) => p.zoneId),
  field('zonename', 'string', 'name of that zone', (p, rc) => rc.store.zones.get(p.zoneId)?.name),
  field('gateway', 'string', 'gateway of the pod', (p) => p.gateway),
  field('netmask', 'string', 'netmask of the pod', (p) => p.netmask),
  field('startip', 'list', 'first addresses of the pod management IP ranges', (p) => [p.startIp]),
  field('endip', 'list', 'last addresses of the pod management IP ranges', (p) => [p.endIp]),
  field('forsystemvms', 'list', 'whether each range is reserved for system VMs', () => ['0']),
  field('vlanid', 'list', 'VLAN of each range', () => ['vlan://untagged']),
  field('allocationstate', 'string', 'whether new resources may be placed in the pod', () => 'Enabled'),
  field('hasannotations', 'boolean', 'whether the pod has comments', () => false),
  ...jobFields<Pod>(),
]);

function podName(store: Store, podId: string): string | undefined {
  return store.pods.get(podId)?.name;
}

export const clusterView = new View<Cluster>([
  field('id', 'string', 'ID of the cluster', (c) => c.id),
  field('name', 'string', 'name of the cluster', (c) => c.name),
  field('podid', 'string', 'ID of the pod of the cluster', (c) => c.podId),
  field('podname', 'string', 'name of that pod', (c, rc) => podName(rc.store, c.podId)),
  field('zoneid', 'string', 'ID of the zone of the cluster', (c) => c.zoneId),
  field('zonename', 'string', 'name of that zone', (c, rc) => rc.store.zones.get(c.zoneId)?.name),
  field('hypervisortype', 'string', 'hypervisor of the cluster', () => 'Simulator'),
  field('clustertype', 'string', 'CloudManaged or ExternalManaged', () => 'CloudManaged'),
  field(
    'allocationstate',
    'string',
    'whether new resources may be placed in the cluster',
    (c) => c.allocationState ?? 'Enabled',
  ),
  field(
    'managedstate',
    'string',
    'whether CloudStack manages the cluster',
    (c) => c.managedState ?? 'Managed',
  ),
  field('cpuovercommitratio', 'string', 'CPU overcommit ratio', () => '1.0'),
  field('memoryovercommitratio', 'string', 'memory overcommit ratio', () => '1.0'),
  field('resourcedetails', 'map', 'details of the cluster', (c) => ({
    cpuOvercommitRatio: '1.0',
    memoryOvercommitRatio: '1.0',
    ...(c.haEnabled === undefined ? {} : { resourceHAEnabled: String(c.haEnabled) }),
    ...(c.oobmEnabled === undefined ? {} : { outOfBandManagementEnabled: String(c.oobmEnabled) }),
  })),
  field('hasannotations', 'boolean', 'whether the cluster has comments', () => false),
  ...jobFields<Cluster>(),
]);

export function allocated(store: Store, host: Host): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const vm of store.vms.values()) {
    if (vm.hostId !== host.id) continue;
    cpu += vm.cpuNumber * vm.cpuSpeed;
    memory += vm.memory * 1024 * 1024;
  }
  return { cpu, memory };
}

export function percent(part: number, whole: number): string {
  return `${whole === 0 ? 0 : Math.round((part / whole) * 10000) / 100}%`;
}

export const hostView = new View<Host>([
  field('id', 'string', 'ID of the host', (h) => h.id),
  field('name', 'string', 'name of the host', (h) => h.name),
  field('state', 'string', 'connection state of the host', () => 'Up'),
  field('type', 'string', 'host type', () => 'Routing'),
  field('ipaddress', 'string', 'IP address of the host', (h) => h.ipAddress),
  field('zoneid', 'string', 'ID of the zone of the host', (h) => h.zoneId),
  field('zonename', 'string', 'name of that zone', (h, rc) => rc.store.zones.get(h.zoneId)?.name),
  field('podid', 'string', 'ID of the pod of the host', (h) => h.podId),
  field('podname', 'string', 'name of that pod', (h, rc) => podName(rc.store, h.podId)),
  field('clusterid', 'string', 'ID of the cluster of the host', (h) => h.clusterId),
  field('clustername', 'string', 'name of that cluster', (h, rc) => rc.store.clusters.get(h.clusterId)?.name),
  field('clustertype', 'string', 'type of that cluster', () => 'CloudManaged'),
  field('hypervisor', 'hypervisortype', 'hypervisor of the host', () => 'Simulator'),
  field('hypervisorversion', 'string', 'hypervisor version', () => SIMULATOR_VERSION),
  field('version', 'string', 'CloudStack agent version', () => SIMULATOR_VERSION),
  field('capabilities', 'string', 'CPU capabilities of the host', () => 'hvm'),
  field('cpunumber', 'integer', 'number of CPU cores', (h) => h.cpuNumber),
  field('cpuspeed', 'long', 'speed of each core in MHz', (h) => h.cpuSpeed),
  field('cpuallocated', 'string', 'share of CPU allocated to VMs', (h, rc) =>
    percent(allocated(rc.store, h).cpu, h.cpuNumber * h.cpuSpeed),
  ),
  field('cpuallocatedvalue', 'long', 'CPU allocated to VMs, in MHz', (h, rc) => allocated(rc.store, h).cpu),
  field('cpuallocatedpercentage', 'string', 'share of CPU allocated to VMs', (h, rc) =>
    percent(allocated(rc.store, h).cpu, h.cpuNumber * h.cpuSpeed),
  ),
  field(
    'cpuallocatedwithoverprovisioning',
    'string',
    'share of CPU allocated, overprovisioning included',
    (h, rc) => percent(allocated(rc.store, h).cpu, h.cpuNumber * h.cpuSpeed),
  ),
  field('cpuwithoverprovisioning', 'string', 'CPU capacity with overprovisioning, in MHz', (h) =>
    String(h.cpuNumber * h.cpuSpeed),
  ),
  field('cpuused', 'string', 'share of CPU in use', () => '0%'),
  field('memorytotal', 'long', 'memory of the host in bytes', (h) => h.memoryTotal),
  field('memorywithoverprovisioning', 'string', 'memory capacity with overprovisioning, in bytes', (h) =>
    String(h.memoryTotal),
  ),
  field(
    'memoryallocated',
    'long',
    'memory allocated to VMs, in bytes',
    (h, rc) => allocated(rc.store, h).memory,
  ),
  field(
    'memoryallocatedbytes',
    'long',
    'memory allocated to VMs, in bytes',
    (h, rc) => allocated(rc.store, h).memory,
  ),
  field('memoryallocatedpercentage', 'string', 'share of memory allocated to VMs', (h, rc) =>
    percent(allocated(rc.store, h).memory, h.memoryTotal),
  ),
  field('memoryused', 'long', 'memory in use, in bytes', () => 0),
  field('networkkbsread', 'long', 'network traffic received, in KiB', () => 0),
  field('networkkbswrite', 'long', 'network traffic sent, in KiB', () => 0),
  field('islocalstorageactive', 'boolean', 'whether local storage is in use', () => false),
  field('created', 'date', 'when the host was added', (h) => formatDate(h.created)),
  field('lastpinged', 'date', 'when the host last answered a ping', (h) => formatDate(h.created)),
  field(
    'managementserverid',
    'string',
    'ID of the management server that manages the host',
    (h) => h.managementServerId,
  ),
  field(
    'events',
    'string',
    'events the host can receive',
    () => 'AgentConnected; Ping; AgentDisconnected; HostDown',
  ),
  field(
    'resourcestate',
    'string',
    'resource state: Enabled, Disabled, Maintenance, ...',
    (h) => h.resourceState ?? 'Enabled',
  ),
  field('hahost', 'boolean', 'whether the host is reserved for HA', () => false),
  field('hosttags', 'string', 'tags of the host', (h) => h.hostTags),
  field('hasannotations', 'boolean', 'whether the host has comments', () => false),
  field('hostha', 'hostharesponse', 'HA settings of the host', (h) =>
    h.haEnabled
      ? { haenable: true, hastate: 'Available', haprovider: 'simulatorhaprovider' }
      : { haenable: false, hastate: 'Disabled' },
  ),
  field('outofbandmanagement', 'outofbandmanagementresponse', 'out-of-band management settings', (h) => ({
    enabled: h.oobmEnabled === true,
    powerstate: h.oobmEnabled ? 'Unknown' : 'Disabled',
  })),
  ...jobFields<Host>(),
]);
