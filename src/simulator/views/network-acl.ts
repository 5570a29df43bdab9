// The `networkacllist` and `networkacl` objects (ApiResponseHelper.createNetworkACLResponse,
// createNetworkACLItemResponse): ports are strings, the CIDRs one comma-separated string.
import type { NetworkAclItem, NetworkAclList } from '../state/model.js';
import { tagsField } from './common.js';
import { field, jobFields, View } from './view.js';

export const networkAclListView = new View<NetworkAclList>([
  field('id', 'string', 'ID of the network ACL list', (a) => a.id),
  field('name', 'string', 'name of the network ACL list', (a) => a.name),
  field('description', 'string', 'description of the network ACL list', (a) => a.description),
  field('vpcid', 'string', 'ID of its VPC (none for the global default lists)', (a) => a.vpcId),
  field('vpcname', 'string', 'name of that VPC', (a, rc) =>
    a.vpcId === undefined ? undefined : rc.store.vpcs.get(a.vpcId)?.name,
  ),
  field('fordisplay', 'boolean', 'whether end users see the list', (a) => a.forDisplay),
  ...jobFields<NetworkAclList>(),
]);

export const networkAclItemView = new View<NetworkAclItem>([
  field('id', 'string', 'ID of the ACL rule', (r) => r.id),
  field('protocol', 'string', 'protocol: tcp, udp, icmp, all or a protocol number', (r) => r.protocol),
  field('startport', 'string', 'first port of the rule', (r) => r.startPort?.toString()),
  field('endport', 'string', 'last port of the rule', (r) => r.endPort?.toString()),
  field('traffictype', 'string', 'Ingress or Egress', (r) => r.trafficType),
  field('state', 'string', 'state of the rule', (r) => r.state),
  field('cidrlist', 'string', 'comma-separated CIDRs the rule applies to', (r) => r.cidrs.join(',')),
  field('icmptype', 'integer', 'ICMP type', (r) => r.icmpType),
  field('icmpcode', 'integer', 'ICMP code', (r) => r.icmpCode),
  field('aclid', 'string', 'ID of the ACL list of the rule', (r) => r.aclId),
  field('aclname', 'string', 'name of that list', (r, rc) => rc.store.networkAcls.get(r.aclId)?.name),
  field('number', 'integer', 'position of the rule in its list', (r) => r.number),
  field('action', 'string', 'Allow or Deny', (r) => r.action),
  field('fordisplay', 'boolean', 'whether end users see the rule', (r) => r.forDisplay),
  field('reason', 'string', 'why the rule is there', (r) => r.reason),
  tagsField<NetworkAclItem>('list'),
  ...jobFields<NetworkAclItem>(),
]);
