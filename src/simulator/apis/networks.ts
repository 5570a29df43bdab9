// Guest networks: listNetworks, createNetwork, deleteNetwork.
import {
  idParam,
  ownerCreateParams,
  ownerListParams,
  pagingParams,
  param,
  showIconParam,
} from '../catalog/params.js';
import { ErrorCode, internalError, invalidParameter, permissionDenied, serverApiError } from '../errors.js';
import { parseIp } from '../state/factory.js';
import type { Network } from '../state/model.js';
import type { Store } from '../state/store.js';
import { networkView } from '../views/network.js';
import { releaseNetworkAddresses } from './addresses.js';
import { listOf, matchesKeyword, owned, ownerForCreate, ownerScope } from './listing.js';
import { checkTierCidr, defaultDenyAcl } from './network-acls.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

/** Networks shared with a whole domain are visible to every account in it. */
function sharedWithCaller(ctx: CallContext, network: Network): boolean {
  if (network.aclType !== 'Domain') return false;
  const owner = ctx.store.accounts.get(network.accountId);
  if (!owner) return false;
  return ctx.store.domainSubtree(owner.domainId, true).has(ctx.caller.account.domainId);
}

function visibleNetworks(ctx: CallContext): Network[] {
  const inScope = ownerScope(ctx);
  return [...ctx.store.networks.values()].filter((n) => inScope(n.accountId) || sharedWithCaller(ctx, n));
}

/** Whether the account may put VMs on the network. */
export function usableBy(store: Store, network: Network, accountId: string): boolean {
  if (network.accountId === accountId) return true;
  if (network.aclType !== 'Domain') return false;
  const owner = store.accounts.get(network.accountId);
  const account = store.accounts.get(accountId);
  return (
    owner !== undefined &&
    account !== undefined &&
    store.domainSubtree(owner.domainId, true).has(account.domainId)
  );
}

function prefixOfNetmask(netmask: string): number | undefined {
  const value = parseIp(netmask);
  if (value === undefined) return undefined;
  const bits = value.toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bits)) return undefined;
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}

/** The network named by `id`, for a caller allowed to `verb` it. */
function networkFor(ctx: CallContext, verb: string): Network {
  const id = ctx.params.requiredId('id');
  return owned(
    ctx,
    ctx.store.networks,
    id,
    'unable to find network with the given id',
    `Caller cannot ${verb} network ${id}`,
  );
}

export const networkApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listNetworks',
      description: "Lists guest networks: the caller's own, and shared networks of its domain.",
      isAsync: false,
      related: ['createNetwork', 'deployVirtualMachine'],
      params: [
        idParam('id', 'network', 'only the network with this ID'),
        idParam('zoneid', 'zone', 'only networks of this zone'),
        param('type', 'string', 'only networks of this type: Isolated, Shared, L2'),
        param('traffictype', 'string', 'only networks carrying this traffic type'),
        param('acltype', 'string', 'only networks with this ACL type: Account or Domain'),
        idParam('networkofferingid', 'networkoffering', 'only networks created from this offering'),
        idParam('physicalnetworkid', 'unmodelled', 'only networks on this physical network'),
        param('issystem', 'boolean', 'true for system networks (none are listed here)'),
        param('canusefordeploy', 'boolean', 'only networks VMs can (or cannot) be deployed into'),
        param('restartrequired', 'boolean', 'only networks that need (or do not need) a restart'),
        param('specifyipranges', 'boolean', 'only networks with (or without) given IP ranges'),
        param('supportedservices', 'list', 'only networks providing all these services'),
        param('forvpc', 'boolean', 'only VPC tiers (true) or only other networks (false)'),
        idParam('vpcid', 'vpc', 'only tiers of this VPC'),
        param('displaynetwork', 'boolean', 'only networks shown (or hidden) to end users', { since: '4.4' }),
        param('tags', 'map', 'only networks with these resource tags'),
        param('vlan', 'string', 'only networks on this VLAN', { since: '4.17.0' }),
        param('networkfilter', 'string', 'which networks: All, Account, Domain, Shared, ...', {
          since: '4.17.0',
        }),
        idParam('associatednetworkid', 'network', 'only networks associated with this one', {
          since: '4.17.0',
        }),
        showIconParam,
        ...ownerListParams('networks'),
        ...pagingParams,
      ],
      response: networkView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.id('id');
      const zoneId = params.id('zoneid');
      const type = params.text('type')?.toLowerCase();
      const aclType = params.text('acltype')?.toLowerCase();
      const offeringId = params.id('networkofferingid');
      const services = params.list('supportedservices')?.map((s) => s.toLowerCase());
      const vlan = params.text('vlan');
      const keyword = params.text('keyword');
      const tags = params.keyValuePairs('tags');
      const hidden = params.bool('issystem') === true;
      const forVpc = params.bool('forvpc');
      const vpcId = params.id('vpcid');
      const items = visibleNetworks(ctx).filter((n) => {
        const offered = store.networkOfferings.get(n.offeringId)?.services.map((s) => s.toLowerCase()) ?? [];
        return (
          !hidden &&
          (id === undefined || n.id === id) &&
          (zoneId === undefined || n.zoneId === zoneId) &&
          (type === undefined || n.type.toLowerCase() === type) &&
          (aclType === undefined || n.aclType.toLowerCase() === aclType) &&
          (offeringId === undefined || n.offeringId === offeringId) &&
          (services === undefined || services.every((s) => offered.includes(s))) &&
          (vlan === undefined || n.vlan === vlan) &&
          (forVpc === undefined || (n.vpcId !== undefined) === forVpc) &&
          (vpcId === undefined || n.vpcId === vpcId) &&
          matchesTags(store, n.id, tags) &&
          matchesKeyword(keyword, n.name, n.displayText)
        );
      });
      return listOf(ctx, 'network', items, networkView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'createNetwork',
      description: 'Creates a guest network from a network offering in an Advanced zone.',
      isAsync: false,
      related: ['listNetworks', 'deleteNetwork'],
      params: [
        param('name', 'string', 'name of the network', { required: true }),
        idParam('networkofferingid', 'networkoffering', 'offering to create the network from', {
          required: true,
        }),
        idParam('zoneid', 'zone', 'zone of the network', { required: true }),
        param('displaytext', 'string', 'description of the network; the name when not given'),
        param('gateway', 'string', "gateway of the network; the zone's guest range is used when not given"),
        param('netmask', 'string', 'netmask of the network, given with gateway'),
        param('startip', 'string', 'first address handed out (Shared networks)'),
        param('endip', 'string', 'last address handed out (Shared networks)'),
        param('vlan', 'string', 'VLAN of the network (admins)'),
        param('networkdomain', 'string', 'DNS domain of the network'),
        param('acltype', 'string', 'Account or Domain: who may use the network'),
        param('subdomainaccess', 'boolean', 'with acltype Domain: whether subdomains may use it'),
        param('displaynetwork', 'boolean', 'whether end users see the network'),
        idParam('physicalnetworkid', 'unmodelled', 'physical network to create it on'),
        idParam('vpcid', 'vpc', 'VPC the network is a tier of (give gateway and netmask within its CIDR)'),
        idParam('aclid', 'networkacl', 'network ACL list of a VPC tier (default_deny when not given)'),
        param('isolatedpvlan', 'string', 'secondary isolated private VLAN'),
        param('isolatedpvlantype', 'string', 'private VLAN type: community, isolated or promiscuous'),
        param('externalid', 'string', 'ID of the network in an external system'),
        param('bypassvlanoverlapcheck', 'boolean', 'skip the check that the VLAN is unused'),
        param('hideipaddressusage', 'boolean', 'hide the network from IP address usage reports'),
        param('ip6gateway', 'string', 'IPv6 gateway'),
        param('ip6cidr', 'string', 'IPv6 CIDR'),
        param('startipv6', 'string', 'first IPv6 address handed out'),
        param('endipv6', 'string', 'last IPv6 address handed out'),
        param('routerip', 'string', 'IPv4 address of the virtual router', { since: '4.16' }),
        param('routeripv6', 'string', 'IPv6 address of the virtual router', { since: '4.16' }),
        param('tungstenvirtualrouteruuid', 'string', 'Tungsten-Fabric virtual router'),
        idParam('associatednetworkid', 'network', 'network to associate an L2 network with', {
          since: '4.17.0',
        }),
        param('dns1', 'string', 'first IPv4 DNS server', { since: '4.18.0' }),
        param('dns2', 'string', 'second IPv4 DNS server', { since: '4.18.0' }),
        param('ip6dns1', 'string', 'first IPv6 DNS server', { since: '4.18.0' }),
        param('ip6dns2', 'string', 'second IPv6 DNS server', { since: '4.18.0' }),
        param('publicmtu', 'integer', 'MTU of the public interface of the router', { since: '4.18.0' }),
        param('privatemtu', 'integer', 'MTU of the private interface of the router', { since: '4.18.0' }),
        ...ownerCreateParams('network'),
      ],
      response: networkView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const zone = store.zone(params.requiredId('zoneid'));
      const offering = store.networkOfferings.get(params.requiredId('networkofferingid'));
      if (!offering) throw invalidParameter('Unable to find network offering');
      // NetworkServiceImpl.createGuestNetwork: offerings made by createNetworkOffering start Disabled.
      if ((offering.state ?? 'Enabled') !== 'Enabled') {
        throw invalidParameter('Network offering with specified id is not in Enabled state');
      }
      if (zone.networkType === 'Basic') {
        throw invalidParameter(
          `Network creation is not supported in zone ${zone.name} of network type Basic`,
        );
      }
      if (offering.guestIpType === 'Shared' && !ctx.caller.isRootAdmin && !ctx.caller.isDomainAdmin) {
        throw permissionDenied('Only admins can create Shared networks');
      }
      const accountId = ownerForCreate(ctx);
      const vpcId = params.id('vpcid');
      const vpc = vpcId === undefined ? undefined : store.vpcs.get(vpcId);
      // NetworkServiceImpl.createGuestNetwork: VPC offerings for VPC tiers only, and only those there.
      if (vpc !== undefined && offering.forVpc !== true) {
        throw invalidParameter("Network offering can't be used for VPC networks");
      }
      if (vpc === undefined && offering.forVpc === true) {
        throw invalidParameter('Network offering can be used for VPC networks only');
      }
      const gateway = params.text('gateway');
      const netmask = params.text('netmask');
      if (vpc !== undefined && (gateway === undefined || netmask === undefined)) {
        throw invalidParameter('Gateway/netmask are required when create network for VPC');
      }
      if ((gateway === undefined) !== (netmask === undefined)) {
        throw invalidParameter('gateway and netmask must be given together');
      }
      if (offering.guestIpType === 'Shared' && gateway === undefined) {
        throw invalidParameter('gateway and netmask are required for a Shared network');
      }
      let cidrBase: number | undefined;
      let cidrPrefix: number | undefined;
      let networkGateway: string | undefined;
      if (offering.guestIpType !== 'L2') {
        if (gateway !== undefined && netmask !== undefined) {
          const gatewayValue = parseIp(gateway);
          cidrPrefix = prefixOfNetmask(netmask);
          if (gatewayValue === undefined) throw invalidParameter(`Invalid gateway ${gateway}`);
          if (cidrPrefix === undefined || cidrPrefix > 30)
            throw invalidParameter(`Invalid netmask ${netmask}`);
          const mask = cidrPrefix === 0 ? 0 : (0xffffffff << (32 - cidrPrefix)) >>> 0;
          cidrBase = (gatewayValue & mask) >>> 0;
          networkGateway = gateway;
        } else {
          cidrBase = (10 << 24) + (1 << 16);
          cidrPrefix = 16;
          networkGateway = '10.1.0.1';
        }
      }
      if (vpc !== undefined && cidrBase !== undefined && cidrPrefix !== undefined) {
        checkTierCidr(ctx, vpc, cidrBase, cidrPrefix, params.id('aclid'));
      }
      const name = params.string('name') ?? '';
      const network: Network = {
        id: store.newId(),
        internalId: store.nextInternalId('networks', 200),
        name,
        displayText: params.text('displaytext') ?? name,
        zoneId: zone.id,
        offeringId: offering.id,
        accountId,
        type: offering.guestIpType,
        aclType:
          offering.guestIpType === 'Shared'
            ? 'Domain'
            : params.text('acltype') === 'Domain'
              ? 'Domain'
              : 'Account',
        state: offering.guestIpType === 'Shared' ? 'Implemented' : 'Allocated',
        cidrBase,
        cidrPrefix,
        gateway: networkGateway,
        networkDomain:
          params.text('networkdomain') ??
          vpc?.networkDomain ??
          `cs${store.account(accountId).internalId}cloud.internal`,
        vlan:
          params.text('vlan') ??
          (offering.guestIpType === 'L2' ? undefined : String(store.nextInternalId('vlan', 1100))),
        nextHost: 2,
        created: ctx.now,
      };
      if (vpc !== undefined) {
        network.vpcId = vpc.id;
        network.aclId = params.id('aclid') ?? defaultDenyAcl(store);
      }
      store.networks.set(network.id, network);
      return { network: networkView.render(network, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.DeleteNetworkCmd',
    spec: {
      name: 'deleteNetwork',
      description: 'Deletes a network; its virtual machines must be expunged first.',
      isAsync: true,
      related: ['createNetwork'],
      params: [
        idParam('id', 'network', 'ID of the network to delete', { required: true }),
        param('forced', 'boolean', 'delete even if cleaning up its resources fails'),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const network = networkFor(ctx, 'delete');
      const job = ctx.startJob({
        instanceType: 'Network',
        instanceId: network.id,
        begin() {
          for (const vm of store.vms.values()) {
            if (vm.nics.some((nic) => nic.networkId === network.id)) {
              throw internalError(
                `Can't delete the network, not all user vms are expunged. Vm ${vm.name} is in ${vm.state} state`,
              );
            }
          }
          if (!store.networks.has(network.id)) {
            throw serverApiError(ErrorCode.INTERNAL_ERROR, 'Failed to delete network');
          }
        },
        finish() {
          releaseNetworkAddresses(store, network.id);
          store.forget(store.networks, 'network', network.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  // --- Networking family (issue 14): updateNetwork, restartNetwork ---
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.UpdateNetworkCmd',
    spec: {
      name: 'updateNetwork',
      description: 'Renames a network, changes its description, DNS domain, DNS servers or network offering.',
      isAsync: true,
      related: ['createNetwork', 'listNetworks', 'restartNetwork'],
      params: [
        idParam('id', 'network', 'ID of the network', { required: true }),
        param('name', 'string', 'new name'),
        param('displaytext', 'string', 'new description'),
        param('networkdomain', 'string', 'new DNS domain'),
        idParam('networkofferingid', 'networkoffering', 'offering to move the network to (same guest type)'),
        param('displaynetwork', 'boolean', 'whether end users see the network'),
        param('guestvmcidr', 'string', 'CIDR for guest VMs within the network CIDR'),
        param('changecidr', 'boolean', 'force the update even if the CIDR type changes'),
        param('forced', 'boolean', 'force the update (admins)'),
        param('updateinsequence', 'boolean', 'update redundant routers one after the other'),
        param('hideipaddressusage', 'boolean', 'hide the network from IP address usage reports'),
        param('customid', 'string', 'custom id of the network (admins)', { since: '4.4' }),
        param('dns1', 'string', 'first IPv4 DNS server', { since: '4.18.0' }),
        param('dns2', 'string', 'second IPv4 DNS server', { since: '4.18.0' }),
        param('ip6dns1', 'string', 'first IPv6 DNS server', { since: '4.18.0' }),
        param('ip6dns2', 'string', 'second IPv6 DNS server', { since: '4.18.0' }),
        param('publicmtu', 'integer', 'MTU of the public interface of the router', { since: '4.18.0' }),
        param('privatemtu', 'integer', 'MTU of the private interface of the router', { since: '4.18.0' }),
      ],
      response: networkView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const network = networkFor(ctx, 'update');
      const offeringId = params.id('networkofferingid');
      const offering = offeringId === undefined ? undefined : store.networkOfferings.get(offeringId);
      // NetworkServiceImpl.updateGuestNetwork: an offering of the same guest type only.
      if (offering && offering.guestIpType !== network.type) {
        throw invalidParameter(
          `Can't upgrade from network offering ${store.networkOfferings.get(network.offeringId)?.name} to ${offering.name}; check logs for more information`,
        );
      }
      const job = ctx.startJob({
        instanceType: 'Network',
        instanceId: network.id,
        finish() {
          network.name = params.text('name') ?? network.name;
          network.displayText = params.text('displaytext') ?? network.displayText;
          network.networkDomain = params.text('networkdomain') ?? network.networkDomain;
          if (offering) network.offeringId = offering.id;
          store.touch(network.id);
          return { network: networkView.render(network, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.RestartNetworkCmd',
    spec: {
      name: 'restartNetwork',
      description: "Restarts a network's virtual router; cleanup=true replaces it.",
      isAsync: true,
      related: ['updateNetwork'],
      params: [
        idParam('id', 'network', 'ID of the network to restart', { required: true }),
        param('cleanup', 'boolean', 'replace the router instead of restarting it'),
        param('makeredundant', 'boolean', 'turn the network into one with redundant routers', {
          since: '4.11.1',
        }),
        param('livepatch', 'boolean', 'live-patch the router software instead of restarting it', {
          since: '4.17.0',
        }),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const network = networkFor(ctx, 'restart');
      // NetworkServiceImpl.restartNetwork: only Implemented or Setup networks restart.
      if (network.state !== 'Implemented') {
        throw invalidParameter(
          `Network is not in the right state to be restarted. Correct states are: Implemented, Setup`,
        );
      }
      const job = ctx.startJob({
        instanceType: 'Network',
        instanceId: network.id,
        finish() {
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  // --- end Networking family ---
];
