// Firewall (ingress and egress) and port forwarding rules. Grounded in api/.../command/user/firewall/
// (CreateFirewallRuleCmd, CreateEgressFirewallRuleCmd, CreatePortForwardingRuleCmd, their Delete and List
// twins) and server/.../network/firewall/FirewallManagerImpl.java (validateFirewallRule,
// detectRulesConflict) and network/rules/RulesManagerImpl.java (createPortForwardingRule).

import { idParam, ownerListParams, pagingParams, param } from '../catalog/params.js';
import type { ParamSpec } from '../catalog/types.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import type { NetRule, PublicIp } from '../state/model.js';
import type { Store } from '../state/store.js';
import { firewallRuleView, portForwardingRuleView } from '../views/rules.js';
import type { View } from '../views/view.js';
import { formatIp } from '../views/vm.js';
import { accessibleIp, ruleConflict, vpcTierFor } from './addresses.js';
import { canAccess, listOf, ownerScope } from './listing.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

/** What detectRulesConflict compares: firewall, port forwarding and load balancing rules alike. */
export interface RuleShape {
  id: string;
  internalId: number;
  purpose: 'Firewall' | 'PortForwarding' | 'LoadBalancing';
  protocol: string;
  startPort: number | undefined;
  endPort: number | undefined;
  cidrs: string[];
  destCidrs: string[];
  icmpType: number | undefined;
  icmpCode: number | undefined;
  state: string;
}

/** FirewallRuleVO.toString. */
function ruleName(rule: RuleShape): string {
  return `Rule[${rule.internalId}-${rule.purpose}-${rule.state}]`;
}

/** The rules already on an address (or, for egress rules, on the network), load balancers included. */
export function rulesOnIp(store: Store, ipId: string): RuleShape[] {
  const rules: RuleShape[] = [...store.netRules.values()].filter((r) => r.ipId === ipId);
  for (const lb of store.loadBalancers.values()) {
    if (lb.ipId !== ipId) continue;
    rules.push({
      id: lb.id,
      internalId: lb.internalId,
      purpose: 'LoadBalancing',
      protocol: lb.protocol,
      startPort: lb.publicPort,
      endPort: lb.publicPort,
      cidrs: lb.cidrs,
      destCidrs: [],
      icmpType: undefined,
      icmpCode: undefined,
      state: lb.state,
    });
  }
  return rules;
}

function sameCidrs(a: string[], b: string[]): boolean {
  if (a.length === 0 && b.length === 0) return true;
  return a.some((cidr) => b.includes(cidr));
}

/** FirewallManagerImpl.detectRulesConflict, for the purposes the simulator models. */
export function detectRulesConflict(existing: RuleShape[], rule: RuleShape): void {
  for (const other of existing) {
    if (other.id === rule.id) continue;
    const oneIsFirewall =
      (other.purpose === 'Firewall' || rule.purpose === 'Firewall') &&
      (other.purpose !== rule.purpose || other.protocol.toLowerCase() !== rule.protocol.toLowerCase());
    const bothFirewall = other.purpose === 'Firewall' && rule.purpose === 'Firewall';
    const bothPf = other.purpose === 'PortForwarding' && rule.purpose === 'PortForwarding';
    let duplicatedCidrs = false;
    if (bothFirewall) {
      duplicatedCidrs = sameCidrs(other.cidrs, rule.cidrs) && sameCidrs(other.destCidrs, rule.destCidrs);
    } else if (bothPf) {
      duplicatedCidrs = sameCidrs(other.cidrs, rule.cidrs);
    }
    const sameProtocol = other.protocol.toLowerCase() === rule.protocol.toLowerCase();
    if (rule.protocol.toLowerCase() === 'icmp' && sameProtocol) {
      if (other.icmpCode === rule.icmpCode && other.icmpType === rule.icmpType && duplicatedCidrs) {
        throw invalidParameter(`New rule conflicts with existing rule: ${ruleName(other)}`);
      }
    }
    const ports = [rule.startPort, rule.endPort, other.startPort, other.endPort];
    const noPorts = ports.every((p) => p === undefined);
    if (noPorts && duplicatedCidrs && sameProtocol && rule.protocol.toLowerCase() !== 'icmp') {
      throw ruleConflict(
        `There is already a firewall rule specified with protocol = ${rule.protocol} and no ports`,
      );
    }
    if (ports.some((p) => p === undefined)) continue;
    const [start, end, otherStart, otherEnd] = ports as [number, number, number, number];
    const overlapping =
      !oneIsFirewall &&
      !((bothFirewall || bothPf) && !duplicatedCidrs) &&
      start <= otherEnd &&
      otherStart <= end;
    const allowPf = bothPf && !sameProtocol;
    if (overlapping && !allowPf) {
      throw ruleConflict(
        `The range specified, ${start}-${end}, conflicts with rule ${ruleName(other)} which has ${otherStart}-${otherEnd}`,
      );
    }
  }
}

/** The protocols the VirtualRouter provider's capabilities list, by purpose (VirtualRouterElement). */
const SUPPORTED_PROTOCOLS = {
  Firewall: 'tcp,udp,icmp',
  Egress: 'tcp,udp,icmp,all',
  PortForwarding: 'tcp,udp',
  LoadBalancing: 'tcp, udp, tcp-proxy',
} as const;

/** FirewallManagerImpl.validateFirewallRule: ports, then the network's services and protocols. */
export function validateRule(
  store: Store,
  zoneId: string,
  kind: keyof typeof SUPPORTED_PROTOCOLS,
  protocol: string,
  start: number | undefined,
  end: number | undefined,
): void {
  const validPort = (p: number) => Number.isInteger(p) && p >= 1 && p <= 65535;
  if (start !== undefined && !validPort(start))
    throw invalidParameter(`publicPort is an invalid value: ${start}`);
  if (end !== undefined && !validPort(end))
    throw invalidParameter(`Public port range is an invalid value: ${end}`);
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidParameter("Start port can't be bigger than end port");
  }
  const proto = protocol.toLowerCase();
  if (!SUPPORTED_PROTOCOLS[kind].includes(proto)) {
    throw invalidParameter(
      `Protocol ${protocol} is not supported in zone ${store.zones.get(zoneId)?.internalId ?? 1}`,
    );
  }
  if (proto === 'icmp' && kind !== 'Firewall' && kind !== 'Egress') {
    throw invalidParameter(
      `Protocol ${protocol} is currently supported only for rules with purpose Firewall`,
    );
  }
}

function checkIcmp(protocol: string, ctx: CallContext, start: number | undefined): void {
  const icmp = protocol.toLowerCase() === 'icmp';
  if (!icmp && (ctx.params.has('icmpcode') || ctx.params.has('icmptype'))) {
    throw invalidParameter('Can specify icmpCode and icmpType for ICMP protocol only');
  }
  if (icmp && (start !== undefined || ctx.params.has('endport'))) {
    throw invalidParameter("Can't specify start/end port when protocol is ICMP");
  }
}

function hasService(store: Store, networkId: string, service: string): boolean {
  const network = store.networks.get(networkId);
  return (
    network !== undefined &&
    store.networkOfferings.get(network.offeringId)?.services.includes(service) === true
  );
}

/** NetworkModelImpl.checkIpForService. */
export function checkIpForService(store: Store, ip: PublicIp, service: string): void {
  if (!hasService(store, ip.networkId, service)) {
    const network = store.networks.get(ip.networkId);
    throw invalidParameter(`Service ${service} is not supported in the network id=${network?.internalId}`);
  }
}

export function newRule(
  store: Store,
  fields: Partial<NetRule> & Pick<NetRule, 'purpose' | 'networkId' | 'accountId' | 'protocol'>,
): NetRule {
  return {
    id: store.newId(),
    internalId: store.nextInternalId('firewall_rules', 1),
    trafficType: 'Ingress',
    ipId: undefined,
    startPort: undefined,
    endPort: undefined,
    icmpType: undefined,
    icmpCode: undefined,
    cidrs: [],
    destCidrs: [],
    vmId: undefined,
    vmGuestIp: undefined,
    privateStartPort: undefined,
    privateEndPort: undefined,
    state: 'Add',
    forDisplay: true,
    relatedId: undefined,
    ...fields,
  };
}

/** Runs an async create-style command's job: the rule goes Add -> Active; a failure removes it. */
function ruleJob(ctx: CallContext, rule: NetRule, key: string, view: View<NetRule>): Record<string, unknown> {
  const { store } = ctx;
  const related = () => [...store.netRules.values()].filter((r) => r.relatedId === rule.id);
  const job = ctx.startJob({
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    finish() {
      rule.state = 'Active';
      for (const r of related()) r.state = 'Active';
      store.touch(rule.id);
      return { [key]: view.render(rule, ctx.rc) };
    },
    rollback() {
      for (const r of [rule, ...related()]) removeRule(store, r);
    },
  });
  return jobStarted(job.id, rule.id);
}

export function removeRule(store: Store, rule: NetRule): void {
  store.forget(store.netRules, rule.purpose === 'Firewall' ? 'firewallrule' : 'portforwardingrule', rule.id);
}

function deleteJob(ctx: CallContext, rule: NetRule): Record<string, unknown> {
  const { store } = ctx;
  if (!canAccess(ctx, rule.accountId)) throw permissionDenied(`Caller cannot act on rule ${rule.id}`);
  const job = ctx.startJob({
    instanceType: 'FirewallRule',
    instanceId: rule.id,
    begin() {
      rule.state = 'Revoke';
      store.touch(rule.id);
    },
    finish() {
      for (const r of [...store.netRules.values()]) if (r.relatedId === rule.id) removeRule(store, r);
      removeRule(store, rule);
      return { success: true };
    },
    rollback() {
      rule.state = 'Active';
    },
  });
  return jobStarted(job.id);
}

function findRule(ctx: CallContext, purpose: NetRule['purpose'], traffic: NetRule['trafficType']): NetRule {
  const id = ctx.params.requiredId('id');
  const rule = ctx.store.netRules.get(id);
  if (!rule || rule.purpose !== purpose || rule.trafficType !== traffic) {
    throw invalidParameter(
      `Unable to find ${purpose === 'Firewall' ? 'firewall' : 'port forwarding'} rule by id ${id}`,
    );
  }
  return rule;
}

function listRules(
  ctx: CallContext,
  purpose: NetRule['purpose'],
  traffic: NetRule['trafficType'],
  key: string,
  view: View<NetRule>,
) {
  const { params, store } = ctx;
  const inScope = ownerScope(ctx);
  const id = params.id('id');
  const ipId = params.id('ipaddressid');
  const networkId = params.id('networkid');
  const forDisplay = params.bool('fordisplay');
  const tags = params.keyValuePairs('tags');
  if (ipId !== undefined) accessibleIp(ctx, ipId);
  const items = [...store.netRules.values()].filter(
    (r) =>
      r.purpose === purpose &&
      r.trafficType === traffic &&
      inScope(r.accountId) &&
      (id === undefined || r.id === id) &&
      (ipId === undefined || r.ipId === ipId) &&
      (networkId === undefined || r.networkId === networkId) &&
      (forDisplay === undefined || r.forDisplay === forDisplay) &&
      matchesTags(store, r.id, tags),
  );
  return listOf(ctx, key, items, view);
}

function ruleListParams(what: string, networkSince?: string): ParamSpec[] {
  return [
    idParam('id', purposeEntity(what), `only the ${what} with this ID`),
    idParam('ipaddressid', 'publicip', `only ${what}s of this public IP address`),
    idParam(
      'networkid',
      'network',
      `only ${what}s of this guest network`,
      networkSince ? { since: networkSince } : {},
    ),
    param('fordisplay', 'boolean', `only ${what}s shown (or hidden) to end users`, { since: '4.4' }),
    param('tags', 'map', `only ${what}s with these resource tags`),
    ...ownerListParams(`${what}s`),
    ...pagingParams,
  ];
}

function purposeEntity(what: string) {
  return what === 'port forwarding rule' ? ('portforwardingrule' as const) : ('firewallrule' as const);
}

const firewallCreateParams = (ipRequired: boolean): ParamSpec[] => [
  param('protocol', 'string', 'TCP, UDP or ICMP (and ALL for egress rules)', { required: true }),
  param('startport', 'integer', 'first port of the rule'),
  param('endport', 'integer', 'last port of the rule; startport when not given'),
  param(
    'cidrlist',
    'list',
    ipRequired
      ? 'source CIDRs allowed in; 0.0.0.0/0 when not given'
      : "source CIDRs allowed out; the network's CIDR when not given",
  ),
  param('icmptype', 'integer', 'ICMP type (-1 for all)'),
  param('icmpcode', 'integer', 'ICMP code (-1 for all)'),
  param('type', 'string', 'user (the default) or system'),
  param('fordisplay', 'boolean', 'whether end users see the rule', { since: '4.4' }),
];

function icmpValue(ctx: CallContext, name: string, protocol: string): number | undefined {
  const value = ctx.params.int(name);
  if (value !== undefined) return value;
  return protocol.toLowerCase() === 'icmp' ? -1 : undefined;
}

export const firewallApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.firewall.CreateFirewallRuleCmd',
    spec: {
      name: 'createFirewallRule',
      description: 'Opens ports of a public IP address to source CIDRs (an ingress firewall rule).',
      isAsync: true,
      related: ['listFirewallRules', 'deleteFirewallRule', 'createPortForwardingRule'],
      params: [
        idParam('ipaddressid', 'publicip', 'the public IP address to open', { required: true }),
        ...firewallCreateParams(true),
      ],
      response: firewallRuleView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const ip = accessibleIp(ctx, params.requiredId('ipaddressid'));
      const protocol = params.text('protocol') ?? '';
      const start = params.int('startport');
      const end = params.int('endport') ?? start;
      validateRule(store, ip.zoneId, 'Firewall', protocol, start, end);
      checkIpForService(store, ip, 'Firewall');
      checkIcmp(protocol, ctx, start);
      const rule = newRule(store, {
        purpose: 'Firewall',
        ipId: ip.id,
        networkId: ip.networkId,
        accountId: ip.accountId,
        protocol: protocol.toLowerCase(),
        startPort: start,
        endPort: end,
        icmpType: icmpValue(ctx, 'icmptype', protocol),
        icmpCode: icmpValue(ctx, 'icmpcode', protocol),
        cidrs: params.list('cidrlist') ?? ['0.0.0.0/0'],
        forDisplay: params.bool('fordisplay') ?? true,
      });
      detectRulesConflict(rulesOnIp(store, ip.id), rule);
      store.netRules.set(rule.id, rule);
      return ruleJob(ctx, rule, 'firewallrule', firewallRuleView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.firewall.DeleteFirewallRuleCmd',
    spec: {
      name: 'deleteFirewallRule',
      description: 'Deletes an ingress firewall rule.',
      isAsync: true,
      related: [],
      params: [idParam('id', 'firewallrule', 'ID of the firewall rule', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      return deleteJob(ctx, findRule(ctx, 'Firewall', 'Ingress'));
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listFirewallRules',
      description: 'Lists ingress firewall rules.',
      isAsync: false,
      related: ['createFirewallRule'],
      params: ruleListParams('firewall rule', '4.3'),
      response: firewallRuleView.fields,
    },
    handle(ctx) {
      return listRules(ctx, 'Firewall', 'Ingress', 'firewallrule', firewallRuleView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.firewall.CreateEgressFirewallRuleCmd',
    spec: {
      name: 'createEgressFirewallRule',
      description: 'Adds an egress firewall rule to an isolated network: traffic its VMs may send out.',
      isAsync: true,
      related: ['listEgressFirewallRules', 'deleteEgressFirewallRule'],
      params: [
        idParam('networkid', 'network', 'the guest network', { required: true }),
        param('destcidrlist', 'list', 'destination CIDRs the traffic may go to'),
        ...firewallCreateParams(false),
      ],
      response: firewallRuleView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const network = store.networks.get(params.requiredId('networkid'));
      if (!network) throw invalidParameter('Unable to find network by id');
      if (!canAccess(ctx, network.accountId))
        throw permissionDenied(`Caller cannot access network ${network.id}`);
      const protocol = params.text('protocol') ?? '';
      const start = params.int('startport');
      const end = params.int('endport') ?? start;
      validateRule(store, network.zoneId, 'Egress', protocol, start, end);
      if (!hasService(store, network.id, 'Firewall') || network.type !== 'Isolated') {
        throw invalidParameter(`Service Firewall is not supported in the network id=${network.internalId}`);
      }
      checkIcmp(protocol, ctx, start);
      const networkCidr =
        network.cidrBase === undefined ? [] : [`${formatIp(network.cidrBase)}/${network.cidrPrefix}`];
      const rule = newRule(store, {
        purpose: 'Firewall',
        trafficType: 'Egress',
        networkId: network.id,
        accountId: network.accountId,
        protocol: protocol.toLowerCase(),
        startPort: start,
        endPort: end,
        icmpType: icmpValue(ctx, 'icmptype', protocol),
        icmpCode: icmpValue(ctx, 'icmpcode', protocol),
        cidrs: params.list('cidrlist') ?? networkCidr,
        destCidrs: params.list('destcidrlist') ?? [],
        forDisplay: params.bool('fordisplay') ?? true,
      });
      const egress = [...store.netRules.values()].filter(
        (r) => r.networkId === network.id && r.trafficType === 'Egress',
      );
      detectRulesConflict(egress, rule);
      store.netRules.set(rule.id, rule);
      return ruleJob(ctx, rule, 'firewallrule', firewallRuleView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.firewall.DeleteEgressFirewallRuleCmd',
    spec: {
      name: 'deleteEgressFirewallRule',
      description: 'Deletes an egress firewall rule.',
      isAsync: true,
      related: [],
      params: [idParam('id', 'firewallrule', 'ID of the egress firewall rule', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      return deleteJob(ctx, findRule(ctx, 'Firewall', 'Egress'));
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listEgressFirewallRules',
      description: 'Lists egress firewall rules.',
      isAsync: false,
      related: ['createFirewallRule', 'listFirewallRules'],
      params: ruleListParams('firewall rule'),
      response: firewallRuleView.fields,
    },
    handle(ctx) {
      return listRules(ctx, 'Firewall', 'Egress', 'firewallrule', firewallRuleView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.firewall.CreatePortForwardingRuleCmd',
    spec: {
      name: 'createPortForwardingRule',
      description:
        "Forwards ports of a public IP address to a VM's ports; opens the firewall for them unless openfirewall=false.",
      isAsync: true,
      related: ['listPortForwardingRules', 'deletePortForwardingRule', 'associateIpAddress'],
      params: [
        idParam('ipaddressid', 'publicip', 'the public IP address', { required: true }),
        idParam('virtualmachineid', 'vm', 'the VM traffic is forwarded to', { required: true }),
        param('protocol', 'string', 'TCP or UDP', { required: true }),
        param('publicport', 'integer', 'first public port', { required: true }),
        param('publicendport', 'integer', 'last public port; publicport when not given'),
        param('privateport', 'integer', 'first port on the VM', { required: true }),
        param('privateendport', 'integer', 'last port on the VM; privateport when not given'),
        idParam('networkid', 'network', "the VM's network the rule is for"),
        param('vmguestip', 'string', "a secondary address of the VM's NIC to forward to"),
        param('cidrlist', 'list', 'source CIDRs allowed'),
        param(
          'openfirewall',
          'boolean',
          'whether to add a firewall rule for the public ports (default true)',
        ),
        param('fordisplay', 'boolean', 'whether end users see the rule', { since: '4.4' }),
      ],
      response: portForwardingRuleView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const ip = accessibleIp(ctx, params.requiredId('ipaddressid'));
      // A VPC address goes on the tier named by networkid, as RulesManagerImpl associates it.
      if (ip.networkId === '' && ip.vpcId !== undefined) {
        ip.networkId = vpcTierFor(ctx, ip, 'create port forwarding rule');
      }
      if (ip.staticNatVmId !== undefined) {
        throw invalidParameter(
          `Unable to create port forwarding rule; ip id=${ip.internalId} has static nat enabled`,
        );
      }
      const protocol = params.text('protocol') ?? '';
      const publicStart = params.int('publicport') as number;
      const publicEnd = params.int('publicendport') ?? publicStart;
      const privateStart = params.int('privateport') as number;
      const privateEnd = params.int('privateendport') ?? privateStart;
      checkIpForService(store, ip, 'PortForwarding');
      validateRule(store, ip.zoneId, 'PortForwarding', protocol, publicStart, publicEnd);
      if (privateStart > privateEnd) throw invalidParameter("Start port can't be bigger than end port");
      if (privateEnd - privateStart !== publicEnd - publicStart) {
        throw invalidParameter('Source port and destination port ranges should be of equal sizes.');
      }
      const vmId = params.requiredId('virtualmachineid');
      const vm = store.vms.get(vmId);
      if (!vm) {
        throw invalidParameter(
          `Unable to create port forwarding rule on address Ip[${ip.address}], invalid virtual machine id specified (${vmId}).`,
        );
      }
      if (vm.state === 'Destroyed' || vm.state === 'Expunging')
        throw invalidParameter(`Invalid user vm: ${vm.internalId}`);
      if (vm.accountId !== ip.accountId && !canAccess(ctx, vm.accountId)) {
        throw permissionDenied(`Caller cannot access virtual machine ${vm.id}`);
      }
      const nic = vm.nics.find((n) => n.networkId === ip.networkId);
      if (!nic?.ipAddress) throw invalidParameter("Vm doesn't belong to network associated with ipAddress");
      const guestIp = params.text('vmguestip');
      if (guestIp !== undefined && guestIp !== nic.ipAddress) {
        throw invalidParameter("IP Address is not in the VM nic's network ");
      }
      if ((publicStart !== publicEnd || privateStart !== privateEnd) && publicStart !== privateStart) {
        throw invalidParameter('Private port start should be equal to public port start');
      }
      if ((publicStart !== publicEnd || privateStart !== privateEnd) && publicEnd !== privateEnd) {
        throw invalidParameter('Private port end should be equal to public port end');
      }
      const cidrs = params.list('cidrlist') ?? [];
      const rule = newRule(store, {
        purpose: 'PortForwarding',
        ipId: ip.id,
        networkId: ip.networkId,
        accountId: ip.accountId,
        protocol: protocol.toLowerCase(),
        startPort: publicStart,
        endPort: publicEnd,
        privateStartPort: privateStart,
        privateEndPort: privateEnd,
        vmId: vm.id,
        vmGuestIp: nic.ipAddress,
        cidrs,
        forDisplay: params.bool('fordisplay') ?? true,
      });
      const existing = rulesOnIp(store, ip.id);
      const opened =
        params.bool('openfirewall') === false
          ? undefined
          : newRule(store, {
              purpose: 'Firewall',
              ipId: ip.id,
              networkId: ip.networkId,
              accountId: ip.accountId,
              protocol: rule.protocol,
              startPort: publicStart,
              endPort: publicEnd,
              cidrs: cidrs.length > 0 ? cidrs : ['0.0.0.0/0'],
              relatedId: rule.id,
            });
      // The firewall rule is persisted first and checked with the rest, as createRuleForAllCidrs does.
      if (opened) detectRulesConflict(existing, opened);
      detectRulesConflict(opened ? [...existing, opened] : existing, rule);
      store.netRules.set(rule.id, rule);
      if (opened) store.netRules.set(opened.id, opened);
      return ruleJob(ctx, rule, 'portforwardingrule', portForwardingRuleView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.firewall.DeletePortForwardingRuleCmd',
    spec: {
      name: 'deletePortForwardingRule',
      description: 'Deletes a port forwarding rule and the firewall rule opened for it.',
      isAsync: true,
      related: [],
      params: [idParam('id', 'portforwardingrule', 'ID of the port forwarding rule', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      return deleteJob(ctx, findRule(ctx, 'PortForwarding', 'Ingress'));
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listPortForwardingRules',
      description: 'Lists port forwarding rules.',
      isAsync: false,
      related: ['createPortForwardingRule'],
      params: ruleListParams('port forwarding rule', '4.3'),
      response: portForwardingRuleView.fields,
    },
    handle(ctx) {
      return listRules(ctx, 'PortForwarding', 'Ingress', 'portforwardingrule', portForwardingRuleView);
    },
  }),
];
