// The `network` object.
import type { Network } from '../state/model.js';
import { ownerFields, tagsField } from './common.js';
import { field, formatDate, jobFields, View } from './view.js';
import { formatIp, netmaskOf } from './vm.js';

const serviceView = new View<string>([
  field('name', 'string', 'name of the network service', (s) => s),
  field('capability', 'list', 'capabilities of the service', () => []),
  field('provider', 'list', 'providers of the service', () => [{ name: 'VirtualRouter' }]),
]);

function cidrOf(network: Network): string | undefined {
  if (network.cidrBase === undefined || network.cidrPrefix === undefined) return undefined;
  return `${formatIp(network.cidrBase)}/${network.cidrPrefix}`;
}

export const networkView = new View<Network>([
  field('id', 'string', 'ID of the network', (n) => n.id),
  field('name', 'string', 'name of the network', (n) => n.name),
  field('displaytext', 'string', 'description of the network', (n) => n.displayText),
  field('broadcastdomaintype', 'string', 'broadcast domain type', () => 'Vlan'),
  field('traffictype', 'string', 'traffic type of the network', () => 'Guest'),
  field('gateway', 'string', 'gateway of the network', (n) => n.gateway),
  field('netmask', 'string', 'netmask of the network', (n) =>
    n.cidrPrefix === undefined ? undefined : netmaskOf(n.cidrPrefix),
  ),
  field('cidr', 'string', 'CIDR of the network', (n) => cidrOf(n)),
  field('zoneid', 'string', 'ID of the zone of the network', (n) => n.zoneId),
  field('zonename', 'string', 'name of that zone', (n, rc) => rc.store.zones.get(n.zoneId)?.name),
  field('networkofferingid', 'string', 'ID of the network offering', (n) => n.offeringId),
  field(
    'networkofferingname',
    'string',
    'name of the network offering',
    (n, rc) => rc.store.networkOfferings.get(n.offeringId)?.name,
  ),
  field(
    'networkofferingdisplaytext',
    'string',
    'description of the network offering',
    (n, rc) => rc.store.networkOfferings.get(n.offeringId)?.displayText,
  ),
  field('networkofferingconservemode', 'boolean', 'whether the offering is in conserve mode', () => true),
  field(
    'networkofferingavailability',
    'string',
    'availability of the network offering',
    (n, rc) => rc.store.networkOfferings.get(n.offeringId)?.availability,
  ),
  field('issystem', 'boolean', 'whether it is a system network', () => false),
  field('state', 'string', 'state: Allocated, Implemented, ...', (n) => n.state),
  field('related', 'string', 'ID of the related network', (n) => n.id),
  field('dns1', 'string', 'first DNS server', (n, rc) => rc.store.zones.get(n.zoneId)?.dns1),
  field('dns2', 'string', 'second DNS server', (n, rc) => rc.store.zones.get(n.zoneId)?.dns2),
  field('type', 'string', 'Isolated, Shared or L2', (n) => n.type),
  field('vlan', 'string', 'VLAN of the network', (n) => n.vlan),
  field('broadcasturi', 'string', 'broadcast URI of the network', (n) =>
    n.vlan ? `vlan://${n.vlan}` : undefined,
  ),
  field('acltype', 'string', 'Account or Domain', (n) => n.aclType),
  field('vpcid', 'string', 'ID of the VPC the network is a tier of', (n) => n.vpcId),
  field('vpcname', 'string', 'name of that VPC', (n, rc) =>
    n.vpcId === undefined ? undefined : rc.store.vpcs.get(n.vpcId)?.name,
  ),
  field('aclid', 'string', 'ID of the network ACL list of the tier', (n) => n.aclId),
  field('aclname', 'string', 'name of that list', (n, rc) =>
    n.aclId === undefined ? undefined : rc.store.networkAcls.get(n.aclId)?.name,
  ),
  ...ownerFields<Network>('network'),
  field(
    'service',
    'list',
    'services of the network',
    (n, rc) => rc.store.networkOfferings.get(n.offeringId)?.services ?? [],
    serviceView,
  ),
  field('networkdomain', 'string', 'network domain of the network', (n) => n.networkDomain),
  field(
    'physicalnetworkid',
    'string',
    'ID of the physical network',
    (n, rc) => rc.store.zones.get(n.zoneId)?.physicalNetworkId,
  ),
  field('restartrequired', 'boolean', 'whether the network must be restarted', () => false),
  field('specifyipranges', 'boolean', 'whether IP ranges were given', () => false),
  field('canusefordeploy', 'boolean', 'whether VMs can be deployed in the network', () => true),
  field('ispersistent', 'boolean', 'whether the network is persistent', () => false),
  field('displaynetwork', 'boolean', 'whether the network is shown to end users', () => true),
  field('strechedl2subnet', 'boolean', 'whether the subnet is stretched across zones', () => false),
  field('redundantrouter', 'boolean', 'whether redundant routers are used', () => false),
  field('created', 'date', 'when the network was created', (n) => formatDate(n.created)),
  field('details', 'map', 'details of the network', () => ({})),
  field('receivedbytes', 'long', 'traffic received, in bytes', () => 0),
  field('sentbytes', 'long', 'traffic sent, in bytes', () => 0),
  field('hasannotations', 'boolean', 'whether the network has comments', () => false),
  tagsField<Network>('list'),
  ...jobFields<Network>(),
]);
