// The `securitygroup` object and its `ingressrule` / `egressrule` entries
// (ApiResponseHelper.createSecurityGroupResponse).
import type { SecurityGroup, SecurityGroupRule } from '../state/model.js';
import { ownerFields, tagsField } from './common.js';
import { field, jobFields, View } from './view.js';

export const securityGroupRuleView = new View<SecurityGroupRule>([
  field('ruleid', 'string', 'ID of the rule', (r) => r.id),
  field('protocol', 'string', 'tcp, udp, icmp or all', (r) => r.protocol),
  field('startport', 'integer', 'first port', (r) => r.startPort),
  field('endport', 'integer', 'last port', (r) => r.endPort),
  field('icmptype', 'integer', 'ICMP type', (r) => r.icmpType),
  field('icmpcode', 'integer', 'ICMP code', (r) => r.icmpCode),
  field('cidr', 'string', 'the CIDR the rule allows', (r) => r.cidr),
  field('securitygroupname', 'string', 'the group the rule allows, for group rules', (r) => r.groupName),
  field('account', 'string', "that group's account", (r) => r.groupAccount),
  field('tags', 'set', 'resource tags of the rule', () => []),
]);

export const securityGroupView = new View<SecurityGroup>([
  field('id', 'string', 'ID of the security group', (g) => g.id),
  field('name', 'string', 'name of the security group', (g) => g.name),
  field('description', 'string', 'description of the security group', (g) => g.description),
  ...ownerFields<SecurityGroup>('security group'),
  field('ingressrule', 'set', 'the ingress rules', (g) => g.ingress, securityGroupRuleView),
  field('egressrule', 'set', 'the egress rules', (g) => g.egress, securityGroupRuleView),
  tagsField<SecurityGroup>(),
  field('virtualmachinecount', 'integer', 'how many VMs are in the group', (g) => g.vmIds.length),
  field('virtualmachineids', 'set', 'IDs of the VMs in the group', (g) => g.vmIds),
  ...jobFields<SecurityGroup>(),
]);
