// Public IP addresses: associateIpAddress, disassociateIpAddress, listPublicIpAddresses, enableStaticNat,
// disableStaticNat. Grounded in api/.../command/user/address/AssociateIPAddrCmd.java,
// DisassociateIPAddrCmd.java, ListPublicIpAddressesCmd.java, user/nat/EnableStaticNatCmd.java,
// DisableStaticNatCmd.java; the state rules in IpAddressManagerImpl (associateIPToGuestNetwork),
// NetworkServiceImpl (releaseIpAddressInternal) and RulesManagerImpl (enableStaticNat, disableStaticNat).

import { idParam, ownerListParams, pagingParams, param } from '../catalog/params.js';
import { invalidParameter, permissionDenied, serverApiError } from '../errors.js';
import { checkResourceLimit } from '../state/limits.js'; // Accounts family (issue 15)
import type { Network, PublicIp } from '../state/model.js';
import { acquirePublicIp, acquireVpcIp, releasePublicIp } from '../state/public-ips.js';
import type { Store } from '../state/store.js';
import { publicIpView } from '../views/rules.js';
import { canAccess, listOf, matchesKeyword, owned, ownerForCreate, ownerScope } from './listing.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

/** The address, or CloudStack's answer when the caller may not act on it. */
export function accessibleIp(ctx: CallContext, id: string): PublicIp {
  return owned(
    ctx,
    ctx.store.publicIps,
    id,
    `Unable to find ip address by id ${id}`,
    `Caller ${ctx.caller.account.name} does not have permission to access ip address ${id}`,
  );
}

/** IPAddressVO.toString: `Ip[<address>-<zone internal id>]`. */
export function ipName(store: Store, ip: PublicIp): string {
  return `Ip[${ip.address}-${store.zones.get(ip.zoneId)?.internalId ?? 1}]`;
}

/** CloudStack's NetworkRuleConflictException, answered as NETWORK_RULE_CONFLICT_ERROR (537). */
export function ruleConflict(message: string) {
  return serverApiError(537, message);
}

/** AssociateIPAddrCmd.getNetworkId: without networkid, the caller's only isolated network in the zone. */
function networkForAssociate(ctx: CallContext, accountId: string): Network {
  const { params, store } = ctx;
  const networkId = params.id('networkid');
  if (networkId !== undefined) {
    const network = store.networks.get(networkId);
    if (!network) throw invalidParameter(`Unable to find network by id ${networkId}`);
    return network;
  }
  const zoneId = params.id('zoneid');
  if (zoneId === undefined) {
    throw invalidParameter(
      'Unable to figure out zone to assign IP to. Please specify either zoneId, or networkId, or vpcId in the call',
    );
  }
  const zone = store.zone(zoneId);
  const account = store.account(accountId);
  const networks = [...store.networks.values()].filter(
    (n) => n.zoneId === zone.id && n.accountId === accountId && n.type === 'Isolated',
  );
  if (networks.length === 0) {
    throw invalidParameter(
      `Account name=${account.name} domain id=${store.domain(account.domainId).internalId} doesn't have virtual networks in zone=${zone.name}`,
    );
  }
  if (networks.length > 1) throw invalidParameter('Account has more than one Isolated network in the zone');
  return networks[0] as Network;
}

function hasService(store: Store, network: Network, service: string): boolean {
  return store.networkOfferings.get(network.offeringId)?.services.includes(service) === true;
}

/** associateIpAddress with vpcid: the address belongs to the VPC, on no tier yet. */
function associateToVpc(ctx: CallContext, vpcId: string): Record<string, unknown> {
  const { store, params } = ctx;
  const vpc = store.vpcs.get(vpcId);
  if (!vpc) throw invalidParameter('Unable to find VPC by the given id');
  if (!canAccess(ctx, vpc.accountId)) {
    throw permissionDenied(`Account ${ctx.caller.account.name} does not have access to VPC ${vpc.id}`);
  }
  const ip = acquireVpcIp(store, vpc, ctx.now, params.text('ipaddress'));
  ip.state = 'Allocating';
  if (params.bool('fordisplay') === false) ip.forDisplay = false;
  const job = ctx.startJob({
    instanceType: 'IpAddress',
    instanceId: ip.id,
    finish() {
      ip.state = 'Allocated';
      store.touch(ip.id);
      return { ipaddress: publicIpView.render(ip, ctx.rc) };
    },
    rollback() {
      releasePublicIp(store, ip);
    },
  });
  return jobStarted(job.id, ip.id);
}

/**
 * EnableStaticNatCmd / CreatePortForwardingRuleCmd.getNetworkId for an address on no network yet: networkid,
 * a tier of the address's VPC. `what`: "enable static NAT", "create port forwarding rule".
 */
export function vpcTierFor(ctx: CallContext, ip: PublicIp, what: string): string {
  const networkId = ctx.params.id('networkid');
  if (networkId === undefined) {
    throw invalidParameter(
      `Unable to ${what} for the ipAddress id=${ip.internalId} as ip is not associated with any network and no networkId is passed in`,
    );
  }
  const tier = ctx.store.networks.get(networkId);
  if (!tier || tier.vpcId !== ip.vpcId) {
    throw invalidParameter(`Network ${networkId} is not a tier of the VPC of ip address ${ip.address}`);
  }
  return networkId;
}

export const addressApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.address.AssociateIPAddrCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.address.AssociateIPAddrCmdByAdmin',
    spec: {
      name: 'associateIpAddress',
      description:
        'Acquires a public IP address for a guest network (its first one becomes the source NAT address).',
      isAsync: true,
      related: ['listPublicIpAddresses', 'disassociateIpAddress', 'createPortForwardingRule'],
      params: [
        idParam('networkid', 'network', 'guest network to associate the address with'),
        idParam('zoneid', 'zone', "zone to acquire the address in; the caller's only isolated network there"),
        param('ipaddress', 'string', 'the exact public address wanted'),
        param('account', 'string', 'account that will own the address; give domainid with it'),
        idParam('domainid', 'domain', 'domain of that account'),
        idParam('projectid', 'project', 'project that will own the address'),
        idParam('vpcid', 'vpc', 'VPC to associate the address with'),
        param('isportable', 'boolean', 'true for a portable address that can move between zones'),
        param('regionid', 'integer', 'region of a portable address'),
        param('fordisplay', 'boolean', 'whether end users see the address', { since: '4.4' }),
      ],
      response: publicIpView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const vpcId = params.id('vpcid');
      if (vpcId !== undefined) return associateToVpc(ctx, vpcId);
      const accountId = ownerForCreate(ctx);
      const network = networkForAssociate(ctx, accountId);
      if (!canAccess(ctx, network.accountId)) {
        throw permissionDenied(
          `Account ${ctx.caller.account.name} does not have access to network ${network.id}`,
        );
      }
      checkResourceLimit(store, accountId, 'public_ip', 1); // Accounts family (issue 15): IpAddressManagerImpl.allocateIp
      const ip = acquirePublicIp(store, network, accountId, ctx.now, params.text('ipaddress'));
      ip.state = 'Allocating';
      if (params.bool('fordisplay') === false) ip.forDisplay = false;
      const zone = store.zone(network.zoneId);
      const job = ctx.startJob({
        instanceType: 'IpAddress',
        instanceId: ip.id,
        begin() {
          // IpAddressManagerImpl.associateIPToGuestNetwork, then the address is released again.
          if (
            zone.networkType === 'Advanced' &&
            network.type === 'Isolated' &&
            !hasService(store, network, 'SourceNat')
          ) {
            releasePublicIp(store, ip);
            throw invalidParameter(
              'In zone of type Advanced ip address can be associated only to the network of guest type Isolated with the SourceNat enabled',
            );
          }
          if (zone.networkType === 'Basic' || network.type !== 'Isolated') {
            releasePublicIp(store, ip);
            throw invalidParameter(
              `Network ${network.name} does not support public IP addresses: only Isolated networks with SourceNat in an Advanced zone do`,
            );
          }
        },
        finish() {
          ip.state = 'Allocated';
          store.touch(ip.id);
          return { ipaddress: publicIpView.render(ip, ctx.rc) };
        },
        rollback() {
          releasePublicIp(store, ip);
        },
      });
      return jobStarted(job.id, ip.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.address.DisassociateIPAddrCmd',
    spec: {
      name: 'disassociateIpAddress',
      description: 'Releases a public IP address, with the rules and load balancers on it.',
      isAsync: true,
      related: [],
      params: [idParam('id', 'publicip', 'ID of the public IP address to release', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const ip = accessibleIp(ctx, ctx.params.requiredId('id'));
      const job = ctx.startJob({
        instanceType: 'IpAddress',
        instanceId: ip.id,
        begin() {
          const network = store.networks.get(ip.networkId);
          // NetworkServiceImpl.releaseIpAddressInternal (IllegalArgumentException, so 530 in the job).
          const vpcSourceNat = ip.isSourceNat && ip.vpcId !== undefined;
          if (vpcSourceNat || (ip.isSourceNat && network !== undefined && network.state !== 'Allocated')) {
            throw invalidParameter(
              'ip address is used for source nat purposes and can not be disassociated.',
            );
          }
          ip.state = 'Releasing';
        },
        finish() {
          releasePublicIp(store, ip);
          return { success: true };
        },
        rollback() {
          ip.state = 'Allocated';
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listPublicIpAddresses',
      description: 'Lists the public IP addresses the caller has acquired.',
      isAsync: false,
      related: ['associateIpAddress', 'listPublicIpAddresses'],
      params: [
        idParam('id', 'publicip', 'only the address with this ID'),
        param('ipaddress', 'string', 'only this address'),
        idParam('zoneid', 'zone', 'only addresses of this zone'),
        idParam('associatednetworkid', 'network', 'only addresses associated with this guest network'),
        idParam('networkid', 'network', 'only addresses of this guest network', { since: '4.13.0' }),
        idParam('physicalnetworkid', 'unmodelled', 'only addresses of this physical network'),
        idParam('vlanid', 'unmodelled', 'only addresses of this VLAN range'),
        idParam('vpcid', 'vpc', 'only addresses of this VPC'),
        param(
          'allocatedonly',
          'boolean',
          'only acquired addresses (the default; free ones are not modelled)',
        ),
        param('forvirtualnetwork', 'boolean', 'only addresses for virtual networks'),
        param('forloadbalancing', 'boolean', 'only addresses used by load balancer rules'),
        param('issourcenat', 'boolean', 'only source NAT addresses (or only others)'),
        param('isstaticnat', 'boolean', 'only static NAT addresses (or only others)'),
        param('state', 'string', 'only addresses in this state: Allocating, Allocated, Releasing'),
        param('fordisplay', 'boolean', 'only addresses shown (or hidden) to end users', { since: '4.4' }),
        param('tags', 'map', 'only addresses with these resource tags'),
        ...ownerListParams('addresses'),
        ...pagingParams,
      ],
      response: publicIpView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const id = params.id('id');
      const address = params.text('ipaddress');
      const zoneId = params.id('zoneid');
      const networkId = params.id('associatednetworkid') ?? params.id('networkid');
      const sourceNat = params.bool('issourcenat');
      const staticNat = params.bool('isstaticnat');
      const forLb = params.bool('forloadbalancing');
      const state = params.text('state')?.toLowerCase();
      const forDisplay = params.bool('fordisplay');
      const tags = params.keyValuePairs('tags');
      const keyword = params.text('keyword');
      const vpcId = params.id('vpcid');
      const hidden = params.has('vlanid') || params.bool('forvirtualnetwork') === false;
      const usedByLb = new Set([...store.loadBalancers.values()].map((lb) => lb.ipId));
      const items = [...store.publicIps.values()].filter(
        (ip) =>
          !hidden &&
          inScope(ip.accountId) &&
          (id === undefined || ip.id === id) &&
          (address === undefined || ip.address === address) &&
          (zoneId === undefined || ip.zoneId === zoneId) &&
          (networkId === undefined || ip.networkId === networkId) &&
          (vpcId === undefined || ip.vpcId === vpcId) &&
          (sourceNat === undefined || ip.isSourceNat === sourceNat) &&
          (staticNat === undefined || (ip.staticNatVmId !== undefined) === staticNat) &&
          (forLb === undefined || usedByLb.has(ip.id) === forLb) &&
          (state === undefined || ip.state.toLowerCase() === state) &&
          (forDisplay === undefined || ip.forDisplay === forDisplay) &&
          matchesTags(store, ip.id, tags) &&
          matchesKeyword(keyword, ip.address),
      );
      return listOf(ctx, 'publicipaddress', items, publicIpView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'enableStaticNat',
      description: "Enables static (one-to-one) NAT from a public IP address to a VM's guest address.",
      isAsync: false,
      related: [],
      params: [
        idParam('ipaddressid', 'publicip', 'the public IP address', { required: true }),
        idParam('virtualmachineid', 'vm', 'the VM to NAT the address to', { required: true }),
        idParam('networkid', 'network', "the VM's network (for VPC tiers)"),
        param('vmguestip', 'string', "a secondary address of the VM's NIC to NAT to"),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const ip = accessibleIp(ctx, params.requiredId('ipaddressid'));
      const vmId = params.requiredId('virtualmachineid');
      const vm = store.vms.get(vmId);
      if (!vm || vm.state === 'Destroyed' || vm.state === 'Expunging') {
        throw invalidParameter(
          `Can't enable static nat for the address id=${ip.internalId}, invalid virtual machine id specified (${vmId}).`,
        );
      }
      if (!canAccess(ctx, vm.accountId))
        throw permissionDenied(`Caller cannot access virtual machine ${vm.id}`);
      // A VPC address goes on the tier named by networkid (EnableStaticNatCmd.getNetworkId).
      const tierId = ip.networkId === '' ? vpcTierFor(ctx, ip, 'enable static NAT') : undefined;
      const networkId = tierId ?? ip.networkId;
      // RulesManagerImpl.enableStaticNat, then checkIpAndUserVm and isIpReadyForStaticNat, in their order.
      if (!vm.nics.some((nic) => nic.networkId === networkId)) {
        throw invalidParameter("Vm doesn't belong to the network with specified id");
      }
      const network = store.networks.get(networkId);
      if (network && !hasService(store, network, 'StaticNat')) {
        throw invalidParameter(
          'Unable to create static nat rule; StaticNat service is not supported in network with specified id',
        );
      }
      const named = ipName(store, ip);
      if (ip.isSourceNat) {
        throw invalidParameter(`Can't enable static, ip address ${named} is a sourceNat ip address`);
      }
      if (ip.staticNatVmId === undefined) {
        for (const [purpose, present] of [
          [
            'PortForwarding',
            [...store.netRules.values()].some((r) => r.ipId === ip.id && r.purpose === 'PortForwarding'),
          ],
          ['LoadBalancing', [...store.loadBalancers.values()].some((lb) => lb.ipId === ip.id)],
        ] as const) {
          if (present) {
            throw ruleConflict(
              `Failed to enable static nat for the ip address ${named} as it already has ${purpose} rules assigned`,
            );
          }
        }
      } else if (ip.staticNatVmId !== vm.id) {
        throw ruleConflict(
          `Failed to enable static for the ip address ${named} and vm id=${vm.internalId} as it's already assigned to antoher vm`,
        );
      }
      const other = [...store.publicIps.values()].find((o) => o.id !== ip.id && o.staticNatVmId === vm.id);
      if (other) {
        throw invalidParameter(
          `Failed to enable static nat for the ip address id=${ip.internalId} as vm id=${vm.internalId} is already associated with ip id=${other.internalId}`,
        );
      }
      ip.staticNatVmId = vm.id;
      ip.networkId = networkId;
      store.touch(ip.id);
      return { success: true };
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.nat.DisableStaticNatCmd',
    spec: {
      name: 'disableStaticNat',
      description: 'Disables static NAT on a public IP address.',
      isAsync: true,
      related: [],
      params: [idParam('ipaddressid', 'publicip', 'the public IP address', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const ip = accessibleIp(ctx, ctx.params.requiredId('ipaddressid'));
      if (ip.staticNatVmId === undefined) {
        throw invalidParameter('Specified IP address id is not associated with any vm Id');
      }
      const job = ctx.startJob({
        instanceType: 'IpAddress',
        instanceId: ip.id,
        finish() {
          ip.staticNatVmId = undefined;
          store.touch(ip.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.address.UpdateIPAddrCmd',
    spec: {
      name: 'updateIpAddress',
      description: 'Shows or hides a public IP address to end users.',
      isAsync: true,
      related: ['listPublicIpAddresses'],
      params: [
        idParam('id', 'publicip', 'ID of the public IP address', { required: true }),
        param('customid', 'string', 'a custom id for the address (root admins)', { since: '4.4' }),
        param('fordisplay', 'boolean', 'whether end users see the address', { since: '4.4' }),
      ],
      response: publicIpView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const ip = accessibleIp(ctx, params.requiredId('id'));
      const forDisplay = params.bool('fordisplay');
      const job = ctx.startJob({
        instanceType: 'IpAddress',
        instanceId: ip.id,
        finish() {
          if (forDisplay !== undefined) ip.forDisplay = forDisplay;
          store.touch(ip.id);
          return { ipaddress: publicIpView.render(ip, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
];

/** Releases a network's addresses when the network goes (NetworkOrchestrator.shutdownNetworkElementsAndResources). */
export function releaseNetworkAddresses(store: Store, networkId: string): void {
  for (const ip of [...store.publicIps.values()]) {
    if (ip.networkId !== networkId) continue;
    if (ip.vpcId === undefined) {
      releasePublicIp(store, ip);
    } else {
      // A VPC's address outlives its tier: it only leaves the tier (with its static NAT).
      ip.networkId = '';
      ip.staticNatVmId = undefined;
      store.touch(ip.id);
    }
  }
  for (const rule of [...store.netRules.values()]) {
    if (rule.networkId === networkId) {
      store.forget(store.netRules, 'firewallrule', rule.id);
    }
  }
}
