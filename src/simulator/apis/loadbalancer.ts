// Load balancer rules: create, delete, list, assign and remove VMs, list a rule's VMs. Grounded in
// api/.../command/user/loadbalancer/ (CreateLoadBalancerRuleCmd, DeleteLoadBalancerRuleCmd,
// ListLoadBalancerRulesCmd, AssignToLoadBalancerRuleCmd, RemoveFromLoadBalancerRuleCmd,
// ListLoadBalancerRuleInstancesCmd) and server/.../network/lb/LoadBalancingRulesManagerImpl.java
// (createPublicLoadBalancer, assignToLoadBalancer, removeFromLoadBalancerInternal).
import { idListParam, idParam, ownerListParams, pagingParams, param } from '../catalog/params.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import type { LoadBalancerRule } from '../state/model.js';
import type { Store } from '../state/store.js';
import { loadBalancerView } from '../views/rules.js';
import { vmJson } from '../views/vm.js';
import { accessibleIp } from './addresses.js';
import { detectRulesConflict, newRule, removeRule, rulesOnIp, validateRule } from './firewall.js';
import { canAccess, listJson, listOf, ownerForCreate, ownerScope, paginate } from './listing.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

const ALGORITHMS = ['roundrobin', 'leastconn', 'source'];

function findLb(ctx: CallContext): LoadBalancerRule {
  const id = ctx.params.requiredId('id');
  const lb = ctx.store.loadBalancers.get(id);
  if (!lb) throw invalidParameter(`Unable to find load balancer rule with id ${id}`);
  if (!canAccess(ctx, lb.accountId))
    throw permissionDenied(`Caller cannot act on load balancer rule ${lb.id}`);
  return lb;
}

function removeLb(store: Store, lb: LoadBalancerRule): void {
  for (const rule of [...store.netRules.values()]) if (rule.relatedId === lb.id) removeRule(store, rule);
  store.forget(store.loadBalancers, 'loadbalancer', lb.id);
}

/** The VMs named by `virtualmachineids` and `vmidipmap[i].vmid`. */
function vmIdsOf(ctx: CallContext): string[] {
  const ids = new Set(ctx.params.idList('virtualmachineids') ?? []);
  for (const entry of ctx.params.mapEntries('vmidipmap')) {
    const vmId = entry.get('vmid')?.toLowerCase();
    if (vmId) ids.add(vmId);
  }
  return [...ids];
}

const vmsParams = (verb: string) => [
  idParam('id', 'loadbalancer', 'ID of the load balancer rule', { required: true }),
  idListParam('virtualmachineids', 'vm', `VMs to ${verb}`),
  param(
    'vmidipmap',
    'map',
    `VM ID and guest IP pairs to ${verb}: vmidipmap[0].vmid=..., vmidipmap[0].vmip=...`,
    {
      since: '4.4',
    },
  ),
];

export const loadBalancerApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.loadbalancer.CreateLoadBalancerRuleCmd',
    spec: {
      name: 'createLoadBalancerRule',
      description:
        "Balances a public IP address's port over VMs of its network (assign them with assignToLoadBalancerRule).",
      isAsync: true,
      related: ['listLoadBalancerRules', 'assignToLoadBalancerRule', 'deleteLoadBalancerRule'],
      params: [
        param('name', 'string', 'name of the rule', { required: true }),
        param('algorithm', 'string', 'roundrobin, leastconn or source', { required: true }),
        param('publicport', 'integer', 'public port traffic arrives on', { required: true }),
        param('privateport', 'integer', 'port on the VMs traffic goes to', { required: true }),
        idParam('publicipid', 'publicip', 'the public IP address'),
        idParam('networkid', 'network', 'the guest network of the VMs'),
        idParam('zoneid', 'zone', 'zone of the rule (Basic zones)'),
        param('protocol', 'string', 'tcp (the default), udp or tcp-proxy'),
        param('description', 'string', 'description of the rule', { length: 4096 }),
        param('cidrlist', 'list', 'source CIDRs allowed; all others are blocked', { since: '4.18.0.0' }),
        param('openfirewall', 'boolean', 'whether to add a firewall rule for the public port (default true)'),
        param('account', 'string', 'account that will own the rule; give domainid with it'),
        idParam('domainid', 'domain', 'domain of that account'),
        param('fordisplay', 'boolean', 'whether end users see the rule', { since: '4.4' }),
      ],
      response: loadBalancerView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      ownerForCreate(ctx);
      const ipId = params.id('publicipid');
      if (ipId === undefined) {
        throw invalidParameter(
          'Unable to create load balancer rule; publicipid is required in an Advanced zone',
        );
      }
      const ip = accessibleIp(ctx, ipId);
      if (ip.staticNatVmId !== undefined) {
        throw invalidParameter(
          'Unable to create load balancer rule; specified sourceip id has static nat enabled',
        );
      }
      const networkId = params.id('networkid');
      if (networkId !== undefined && networkId !== ip.networkId) {
        throw invalidParameter('The IP address is not associated with the network specified');
      }
      const algorithm = params.text('algorithm') ?? '';
      if (!ALGORITHMS.includes(algorithm.toLowerCase()))
        throw invalidParameter(`Invalid algorithm: ${algorithm}`);
      const protocol = (params.text('protocol') ?? 'tcp').toLowerCase();
      const publicPort = params.int('publicport') as number;
      const privatePort = params.int('privateport') as number;
      validateRule(store, ip.zoneId, 'LoadBalancing', protocol, publicPort, publicPort);
      if (!(privatePort >= 1 && privatePort <= 65535)) {
        throw invalidParameter(`privatePort is an invalid value: ${privatePort}`);
      }
      const network = store.networks.get(ip.networkId);
      if (!network || !store.networkOfferings.get(network.offeringId)?.services.includes('Lb')) {
        throw invalidParameter(`Service Lb is not supported in the network id=${network?.internalId}`);
      }
      const cidrs = params.list('cidrlist') ?? [];
      const lb: LoadBalancerRule = {
        id: store.newId(),
        internalId: store.nextInternalId('firewall_rules', 1),
        name: params.text('name') ?? '',
        description: params.string('description'),
        ipId: ip.id,
        networkId: ip.networkId,
        accountId: ip.accountId,
        zoneId: ip.zoneId,
        algorithm: algorithm.toLowerCase(),
        protocol,
        publicPort,
        privatePort,
        cidrs,
        vmIds: [],
        state: 'Add',
        forDisplay: params.bool('fordisplay') ?? true,
      };
      const shape = {
        ...lb,
        purpose: 'LoadBalancing' as const,
        startPort: publicPort,
        endPort: publicPort,
        destCidrs: [],
        icmpType: undefined,
        icmpCode: undefined,
      };
      const existing = rulesOnIp(store, ip.id);
      const opened =
        params.bool('openfirewall') === false
          ? undefined
          : newRule(store, {
              purpose: 'Firewall',
              ipId: ip.id,
              networkId: ip.networkId,
              accountId: ip.accountId,
              protocol: protocol === 'tcp-proxy' ? 'tcp' : protocol,
              startPort: publicPort,
              endPort: publicPort,
              cidrs: cidrs.length > 0 ? cidrs : ['0.0.0.0/0'],
              relatedId: lb.id,
            });
      if (opened) detectRulesConflict(existing, opened);
      detectRulesConflict(opened ? [...existing, opened] : existing, shape);
      store.loadBalancers.set(lb.id, lb);
      if (opened) store.netRules.set(opened.id, opened);
      const job = ctx.startJob({
        instanceType: 'FirewallRule',
        instanceId: lb.id,
        finish() {
          lb.state = 'Active';
          if (opened) opened.state = 'Active';
          store.touch(lb.id);
          return { loadbalancer: loadBalancerView.render(lb, ctx.rc) };
        },
        rollback() {
          removeLb(store, lb);
        },
      });
      return jobStarted(job.id, lb.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.loadbalancer.DeleteLoadBalancerRuleCmd',
    spec: {
      name: 'deleteLoadBalancerRule',
      description: 'Deletes a load balancer rule and the firewall rule opened for it.',
      isAsync: true,
      related: [],
      params: [idParam('id', 'loadbalancer', 'ID of the load balancer rule', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const lb = findLb(ctx);
      const job = ctx.startJob({
        instanceType: 'FirewallRule',
        instanceId: lb.id,
        begin() {
          lb.state = 'Revoke';
        },
        finish() {
          removeLb(store, lb);
          return { success: true };
        },
        rollback() {
          lb.state = 'Active';
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listLoadBalancerRules',
      description: 'Lists load balancer rules.',
      isAsync: false,
      related: [],
      params: [
        idParam('id', 'loadbalancer', 'only the rule with this ID'),
        param('name', 'string', 'only rules with this name'),
        idParam('publicipid', 'publicip', 'only rules of this public IP address'),
        idParam('networkid', 'network', 'only rules of this guest network'),
        idParam('virtualmachineid', 'vm', 'only rules this VM is assigned to'),
        idParam('zoneid', 'zone', 'only rules of this zone'),
        param('fordisplay', 'boolean', 'only rules shown (or hidden) to end users', { since: '4.4' }),
        param('tags', 'map', 'only rules with these resource tags'),
        ...ownerListParams('load balancer rules'),
        ...pagingParams,
      ],
      response: loadBalancerView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const id = params.id('id');
      const name = params.text('name');
      const ipId = params.id('publicipid');
      const networkId = params.id('networkid');
      const vmId = params.id('virtualmachineid');
      const zoneId = params.id('zoneid');
      const forDisplay = params.bool('fordisplay');
      const keyword = params.text('keyword')?.toLowerCase();
      const tags = params.keyValuePairs('tags');
      const items = [...store.loadBalancers.values()].filter(
        (lb) =>
          inScope(lb.accountId) &&
          (id === undefined || lb.id === id) &&
          (name === undefined || lb.name === name) &&
          (ipId === undefined || lb.ipId === ipId) &&
          (networkId === undefined || lb.networkId === networkId) &&
          (vmId === undefined || lb.vmIds.includes(vmId)) &&
          (zoneId === undefined || lb.zoneId === zoneId) &&
          (forDisplay === undefined || lb.forDisplay === forDisplay) &&
          (keyword === undefined || lb.name.toLowerCase().includes(keyword)) &&
          matchesTags(store, lb.id, tags),
      );
      return listOf(ctx, 'loadbalancerrule', items, loadBalancerView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.loadbalancer.AssignToLoadBalancerRuleCmd',
    spec: {
      name: 'assignToLoadBalancerRule',
      description: "Adds VMs of the rule's network to a load balancer rule.",
      isAsync: true,
      related: [],
      params: vmsParams('add'),
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const lb = findLb(ctx);
      const vmIds = vmIdsOf(ctx);
      const job = ctx.startJob({
        instanceType: 'FirewallRule',
        instanceId: lb.id,
        begin() {
          // LoadBalancingRulesManagerImpl.assignToLoadBalancer, in the job as CloudStack runs it.
          for (const vmId of vmIds) {
            const vm = store.vms.get(vmId);
            if (!vm || vm.state === 'Destroyed' || vm.state === 'Expunging') {
              throw invalidParameter('Invalid instance id specified');
            }
            if (vm.accountId !== lb.accountId && !canAccess(ctx, vm.accountId)) {
              throw permissionDenied(`Caller cannot access virtual machine ${vm.id}`);
            }
            const nic = vm.nics.find((n) => n.networkId === lb.networkId);
            if (!nic) {
              throw invalidParameter(
                "VM with id specified cannot be added because it doesn't belong in the same network.",
              );
            }
            if (lb.vmIds.includes(vm.id)) {
              throw invalidParameter(
                `VM ${vm.internalId} with ${nic.ipAddress} is already mapped to load balancer.`,
              );
            }
          }
          lb.state = 'Add';
        },
        finish() {
          for (const vmId of vmIds) if (!lb.vmIds.includes(vmId)) lb.vmIds.push(vmId);
          lb.state = 'Active';
          store.touch(lb.id);
          return { success: true };
        },
        rollback() {
          lb.state = 'Active';
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.loadbalancer.RemoveFromLoadBalancerRuleCmd',
    spec: {
      name: 'removeFromLoadBalancerRule',
      description: 'Removes VMs from a load balancer rule.',
      isAsync: true,
      related: [],
      params: vmsParams('remove'),
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const lb = findLb(ctx);
      const vmIds = vmIdsOf(ctx);
      if (vmIds.length === 0) throw invalidParameter("Both instanceids and vmidipmap  can't be null");
      const job = ctx.startJob({
        instanceType: 'FirewallRule',
        instanceId: lb.id,
        begin() {
          const missing = vmIds.filter((id) => !lb.vmIds.includes(id));
          if (missing.length > 0) {
            throw invalidParameter(
              `Failed to remove specified load balancer rule id for vms ${missing.join(', ')}`,
            );
          }
        },
        finish() {
          lb.vmIds = lb.vmIds.filter((id) => !vmIds.includes(id));
          store.touch(lb.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listLoadBalancerRuleInstances',
      description: 'Lists the VMs assigned to a load balancer rule (applied=false: the VMs that could be).',
      isAsync: false,
      related: ['listLoadBalancerRuleInstances'],
      params: [
        idParam('id', 'loadbalancer', 'ID of the load balancer rule', { required: true }),
        param(
          'applied',
          'boolean',
          'true (the default) for the assigned VMs, false for the others of its network',
        ),
        param('lbvmips', 'boolean', "true to list each VM's load-balanced guest addresses too"),
        ...pagingParams,
      ],
      response: [
        // As CloudStack's listApis describes it; each listed item is a whole virtualmachine object.
        { name: 'loadbalancerruleinstance', type: 'uservmresponse', description: 'a VM of the rule' },
        {
          name: 'lbvmipaddresses',
          type: 'list',
          description: 'the guest addresses of each VM, with lbvmips=true',
        },
      ],
    },
    handle(ctx) {
      const { store, params } = ctx;
      const lb = findLb(ctx);
      const applied = params.bool('applied') ?? true;
      const vms = [...store.vms.values()].filter(
        (vm) =>
          vm.state !== 'Destroyed' &&
          vm.state !== 'Expunging' &&
          (applied
            ? lb.vmIds.includes(vm.id)
            : vm.accountId === lb.accountId &&
              !lb.vmIds.includes(vm.id) &&
              vm.nics.some((n) => n.networkId === lb.networkId)),
      );
      const page = paginate(vms, params);
      return listJson(
        'loadbalancerruleinstance',
        page.count,
        page.items.map((vm) => vmJson(store, vm, ctx.rc.admin)),
      );
    },
  }),
];
