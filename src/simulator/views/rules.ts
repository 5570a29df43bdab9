// The `ipaddress`, `firewallrule`, `portforwardingrule` and `loadbalancer` objects (ApiResponseHelper:
// createIPAddressResponse, createFirewallResponse, createPortForwardingRuleResponse,
// createLoadBalancerResponse), with the keys real CloudStack answers carry.
import type { LoadBalancerRule, NetRule, PublicIp } from '../state/model.js';
import type { Store } from '../state/store.js';
import { ownerFields, tagsField } from './common.js';
import { field, formatDate, jobFields, View } from './view.js';

function vmOf(store: Store, vmId: string | undefined) {
  return vmId === undefined ? undefined : store.vms.get(vmId);
}

function addressOf(store: Store, ipId: string | undefined): string | undefined {
  return ipId === undefined ? undefined : store.publicIps.get(ipId)?.address;
}

export const publicIpView = new View<PublicIp>([
  field('id', 'string', 'ID of the public IP address', (ip) => ip.id),
  field('ipaddress', 'string', 'the public IP address', (ip) => ip.address),
  field('allocated', 'date', 'when the address was acquired', (ip) => formatDate(ip.allocated)),
  field('zoneid', 'string', 'ID of the zone of the address', (ip) => ip.zoneId),
  field('zonename', 'string', 'name of that zone', (ip, rc) => rc.store.zones.get(ip.zoneId)?.name),
  field(
    'issourcenat',
    'boolean',
    'whether it is the source NAT address of its network',
    (ip) => ip.isSourceNat,
  ),
  ...ownerFields<PublicIp>('address'),
  field('forvirtualnetwork', 'boolean', 'whether the address is for a virtual network', () => true),
  field(
    'vlanid',
    'string',
    'ID of the VLAN range the address comes from',
    (ip, rc) => rc.store.publicRanges.get(ip.zoneId)?.vlanId,
  ),
  field('vlanname', 'string', 'that VLAN', () => 'vlan://untagged'),
  field(
    'isstaticnat',
    'boolean',
    'whether static NAT is enabled on the address',
    (ip) => ip.staticNatVmId !== undefined,
  ),
  field('issystem', 'boolean', 'whether it is a system address', () => false),
  field(
    'virtualmachineid',
    'string',
    'ID of the VM the address is statically NATed to',
    (ip) => ip.staticNatVmId,
  ),
  field(
    'virtualmachinename',
    'string',
    'name of that VM',
    (ip, rc) => vmOf(rc.store, ip.staticNatVmId)?.name,
  ),
  field(
    'virtualmachinedisplayname',
    'string',
    'display name of that VM',
    (ip, rc) => vmOf(rc.store, ip.staticNatVmId)?.displayName,
  ),
  field('vmipaddress', 'string', 'guest address of that VM', (ip, rc) => {
    const vm = vmOf(rc.store, ip.staticNatVmId);
    return vm?.nics.find((nic) => nic.networkId === ip.networkId)?.ipAddress;
  }),
  field(
    'associatednetworkid',
    'string',
    'ID of the guest network the address is associated with',
    (ip) => ip.networkId || undefined,
  ),
  field(
    'associatednetworkname',
    'string',
    'name of that network',
    (ip, rc) => rc.store.networks.get(ip.networkId)?.name,
  ),
  field(
    'networkid',
    'string',
    'ID of the public network the address belongs to',
    (ip, rc) => rc.store.publicRanges.get(ip.zoneId)?.networkId,
  ),
  field('vpcid', 'string', 'ID of the VPC the address was acquired for', (ip) => ip.vpcId),
  field('vpcname', 'string', 'name of that VPC', (ip, rc) =>
    ip.vpcId === undefined ? undefined : rc.store.vpcs.get(ip.vpcId)?.name,
  ),
  field('state', 'string', 'Allocating, Allocated or Releasing', (ip) => ip.state),
  field(
    'physicalnetworkid',
    'string',
    'ID of the physical network',
    (ip, rc) => rc.store.zones.get(ip.zoneId)?.physicalNetworkId,
  ),
  tagsField<PublicIp>('list'),
  field('isportable', 'boolean', 'whether the address can move between zones', () => false),
  field('fordisplay', 'boolean', 'whether end users see the address', (ip) => ip.forDisplay),
  field('hasannotations', 'boolean', 'whether the address has comments', () => false),
  ...jobFields<PublicIp>(),
]);

function cidrList(cidrs: string[]): string {
  return cidrs.join(',');
}

export const firewallRuleView = new View<NetRule>([
  field('id', 'string', 'ID of the rule', (r) => r.id),
  field('protocol', 'string', 'protocol of the rule', (r) => r.protocol),
  field('startport', 'integer', 'first port of the rule', (r) => r.startPort),
  field('endport', 'integer', 'last port of the rule', (r) => r.endPort),
  field('ipaddressid', 'string', 'ID of the public IP address of an ingress rule', (r) => r.ipId),
  field('networkid', 'string', 'ID of the guest network of the rule', (r) => r.networkId),
  field('ipaddress', 'string', 'the public IP address of an ingress rule', (r, rc) =>
    addressOf(rc.store, r.ipId),
  ),
  field('state', 'string', 'Add, Active or Revoke', (r) => r.state),
  field('cidrlist', 'string', 'source CIDRs, comma-separated', (r) => cidrList(r.cidrs)),
  field('icmptype', 'integer', 'ICMP type', (r) => r.icmpType),
  field('icmpcode', 'integer', 'ICMP code', (r) => r.icmpCode),
  tagsField<NetRule>('list'),
  field('fordisplay', 'boolean', 'whether end users see the rule', (r) => r.forDisplay),
  field('destcidrlist', 'string', 'destination CIDRs of an egress rule, comma-separated', (r) =>
    r.trafficType === 'Egress' ? cidrList(r.destCidrs) : undefined,
  ),
  ...jobFields<NetRule>(),
]);

export const portForwardingRuleView = new View<NetRule>([
  field('id', 'string', 'ID of the rule', (r) => r.id),
  field('privateport', 'string', 'first private port', (r) => String(r.privateStartPort)),
  field('privateendport', 'string', 'last private port', (r) => String(r.privateEndPort)),
  field('protocol', 'string', 'protocol of the rule', (r) => r.protocol),
  field('publicport', 'string', 'first public port', (r) => String(r.startPort)),
  field('publicendport', 'string', 'last public port', (r) => String(r.endPort)),
  field('virtualmachineid', 'string', 'ID of the VM traffic is forwarded to', (r) => r.vmId),
  field('virtualmachinename', 'string', 'name of that VM', (r, rc) => vmOf(rc.store, r.vmId)?.name),
  field(
    'virtualmachinedisplayname',
    'string',
    'display name of that VM',
    (r, rc) => vmOf(rc.store, r.vmId)?.displayName,
  ),
  field('vmguestip', 'string', 'guest address of that VM traffic goes to', (r) => r.vmGuestIp),
  field('ipaddressid', 'string', 'ID of the public IP address', (r) => r.ipId),
  field('ipaddress', 'string', 'the public IP address', (r, rc) => addressOf(rc.store, r.ipId)),
  field('state', 'string', 'Add, Active or Revoke', (r) => r.state),
  field('cidrlist', 'string', 'source CIDRs, comma-separated', (r) => cidrList(r.cidrs)),
  tagsField<NetRule>('list'),
  field('networkid', 'string', 'ID of the guest network of the rule', (r) => r.networkId),
  field('fordisplay', 'boolean', 'whether end users see the rule', (r) => r.forDisplay),
  ...jobFields<NetRule>(),
]);

export const loadBalancerView = new View<LoadBalancerRule>([
  field('id', 'string', 'ID of the load balancer rule', (lb) => lb.id),
  field('name', 'string', 'name of the rule', (lb) => lb.name),
  field('description', 'string', 'description of the rule', (lb) => lb.description),
  field('publicipid', 'string', 'ID of the public IP address', (lb) => lb.ipId),
  field('publicip', 'string', 'the public IP address', (lb, rc) => addressOf(rc.store, lb.ipId)),
  field('publicport', 'string', 'public port', (lb) => String(lb.publicPort)),
  field('privateport', 'string', 'private port', (lb) => String(lb.privatePort)),
  field('algorithm', 'string', 'roundrobin, leastconn or source', (lb) => lb.algorithm),
  field('networkid', 'string', 'ID of the guest network of the rule', (lb) => lb.networkId),
  field('cidrlist', 'string', 'source CIDRs allowed, comma-separated', (lb) => cidrList(lb.cidrs)),
  ...ownerFields<LoadBalancerRule>('rule'),
  field('state', 'string', 'Add, Active or Revoke', (lb) => lb.state),
  field('zoneid', 'string', 'ID of the zone', (lb) => lb.zoneId),
  field('zonename', 'string', 'name of the zone', (lb, rc) => rc.store.zones.get(lb.zoneId)?.name),
  field('protocol', 'string', 'protocol of the rule', (lb) => lb.protocol),
  tagsField<LoadBalancerRule>('list'),
  field('fordisplay', 'boolean', 'whether end users see the rule', (lb) => lb.forDisplay),
  ...jobFields<LoadBalancerRule>(),
]);
