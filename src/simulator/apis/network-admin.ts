// Network administration (issue 14): network offerings (create, update, delete) and public VLAN IP ranges
// (create, list, update, delete), root admins only. Grounded in server/.../configuration/
// ConfigurationManagerImpl.java (createNetworkOffering's type check, deleteNetworkOffering,
// deleteVlanAndPublicIpRange, checkAllocatedIpsAreWithinVlanRange, checkGatewayOverlap).
import { idParam, pagingParams, param } from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import { parseIp } from '../state/factory.js';
import type { NetworkOffering } from '../state/model.js';
import { addressesInUse, prefixOf, type VlanIpRange, vlanRangesOf } from '../state/vlan-ranges.js';
import { networkOfferingView } from '../views/offerings.js';
import { field, jobFields, View } from '../views/view.js';
import { formatIp } from '../views/vm.js';
import { listOf } from './listing.js';
import { defineApi, SUCCESS_FIELDS } from './types.js';

const vlanRangeView = new View<VlanIpRange>([
  field('id', 'string', 'the ID of the VLAN IP range', (r) => r.id),
  field(
    'forvirtualnetwork',
    'boolean',
    'whether the range is for virtual (public) networks',
    (r) => r.forVirtualNetwork,
  ),
  field('zoneid', 'string', 'the Zone ID of the VLAN IP range', (r) => r.zoneId),
  field('vlan', 'string', 'the ID or VID of the VLAN', (r) => r.vlan),
  field('gateway', 'string', 'the gateway of the VLAN IP range', (r) => r.gateway),
  field('netmask', 'string', 'the netmask of the VLAN IP range', (r) => r.netmask),
  field('cidr', 'string', 'the CIDR of the VLAN IP range', (r) => {
    const prefix = prefixOf(r.netmask) ?? 32;
    const base = prefix === 0 ? 0 : ((parseIp(r.gateway) ?? 0) & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0;
    return `${formatIp(base)}/${prefix}`;
  }),
  field('startip', 'string', 'the start ip of the VLAN IP range', (r) => formatIp(r.start)),
  field('endip', 'string', 'the end ip of the VLAN IP range', (r) => formatIp(r.end)),
  field('networkid', 'string', 'the network id of vlan range', (r) => r.networkId),
  field('physicalnetworkid', 'string', 'the physical network this belongs to', (r) => r.physicalNetworkId),
  field('podid', 'string', 'the Pod ID for the VLAN IP range', (r) => r.podId),
  field('podname', 'string', 'the Pod name for the VLAN IP range', (r, rc) =>
    r.podId === undefined ? undefined : rc.store.pods.get(r.podId)?.name,
  ),
  field('forsystemvms', 'boolean', 'whether the range is reserved for system VMs', (r) => r.forSystemVms),
  ...jobFields<VlanIpRange>(),
]);

const GUEST_TYPES: Record<string, NetworkOffering['guestIpType']> = {
  isolated: 'Isolated',
  shared: 'Shared',
  l2: 'L2',
};

const SERVICES = [
  'Vpn',
  'Dhcp',
  'Dns',
  'SourceNat',
  'PortForwarding',
  'Lb',
  'UserData',
  'StaticNat',
  'NetworkACL',
  'Firewall',
  'Gateway',
  'SecurityGroup',
  'Connectivity',
];

function requireOffering(ctx: { store: { networkOfferings: Map<string, NetworkOffering> } }, id: string) {
  const offering = ctx.store.networkOfferings.get(id);
  if (!offering) throw invalidParameter(`unable to find network offering ${id}`);
  return offering;
}

function ipParam(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = parseIp(text);
  if (value === undefined) throw invalidParameter(`Please specify a valid ${name}`);
  return value;
}

export const networkAdminApis = [
  defineApi({
    access: 'admin',
    spec: {
      name: 'createNetworkOffering',
      description: 'Creates a network offering (Disabled unless enable=true).',
      isAsync: false,
      since: '3.0.0',
      related: ['listNetworkOfferings'],
      params: [
        param('name', 'string', 'the name of the network offering', { required: true }),
        param('displaytext', 'string', 'the display text of the network offering', { required: true }),
        param('traffictype', 'string', 'the traffic type for the network offering: Guest', {
          required: true,
        }),
        param('guestiptype', 'string', 'guest type of the network offering: Shared, Isolated or L2', {
          required: true,
        }),
        param('supportedservices', 'list', 'services supported by the network offering', { items: 'string' }),
        param('serviceproviderlist', 'map', 'provider to service mapping'),
        param('servicecapabilitylist', 'map', 'desired service capabilities as part of network offering'),
        param('availability', 'string', 'the availability of network offering. Default value is Optional'),
        param('specifyvlan', 'boolean', 'true if network offering supports vlans'),
        param('specifyipranges', 'boolean', 'true if network offering supports specifying ip ranges'),
        param('conservemode', 'boolean', 'true if the network offering is IP conserve mode enabled'),
        param('egressdefaultpolicy', 'boolean', 'true if guest network default egress policy is allow'),
        param('ispersistent', 'boolean', 'true if network offering supports persistent networks'),
        param('forvpc', 'boolean', 'true if network offering is meant to be used for VPC'),
        param('networkrate', 'integer', 'data transfer rate in megabits per second allowed'),
        param('tags', 'string', 'the tags for the network offering.', { length: 4096 }),
        idParam(
          'serviceofferingid',
          'serviceoffering',
          'the service offering ID used by virtual router provider',
        ),
        param('enable', 'boolean', 'set to true if the offering is to be enabled during creation', {
          since: '4.16',
        }),
        param('details', 'map', 'network offering details in key/value pairs', { since: '4.2.0' }),
        param('maxconnections', 'integer', 'maximum number of concurrent connections (ignored)'),
        param('keepaliveenabled', 'boolean', 'whether load balancer keepalive is on (ignored)'),
        param('internetprotocol', 'string', 'ipv4 (dualstack is not modelled)', { since: '4.17.0' }),
        param('fortungsten', 'boolean', 'true for Tungsten-Fabric offerings (ignored)'),
        param('zoneid', 'list', 'the ID of the containing zone(s), null for public offerings (ignored)', {
          since: '4.13',
          items: 'uuid',
        }),
        param('domainid', 'list', 'the ID of the containing domain(s), null for public offerings (ignored)', {
          items: 'uuid',
        }),
      ],
      response: networkOfferingView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const trafficType = params.text('traffictype') ?? '';
      if (trafficType.toLowerCase() !== 'guest') {
        throw invalidParameter('Only guest traffic type is supported by the simulator for network offerings');
      }
      const guestIpType = GUEST_TYPES[(params.text('guestiptype') ?? '').toLowerCase()];
      if (!guestIpType) {
        throw invalidParameter('Invalid "type" parameter is given; can have Shared and Isolated values');
      }
      const availability = params.text('availability') ?? 'Optional';
      if (availability !== 'Optional' && availability !== 'Required') {
        throw invalidParameter(`Invalid value for Availability. Supported types: Required, Optional`);
      }
      const services = (params.list('supportedservices') ?? []).map((name) => {
        const known = SERVICES.find((s) => s.toLowerCase() === name.toLowerCase());
        if (!known) throw invalidParameter(`Invalid service ${name}`);
        return known;
      });
      const offering: NetworkOffering = {
        id: store.newId(),
        name: params.text('name') ?? '',
        displayText: params.text('displaytext') ?? '',
        guestIpType,
        availability,
        isDefault: false,
        specifyVlan: params.bool('specifyvlan') === true,
        specifyIpRanges: params.bool('specifyipranges') === true,
        services,
        created: ctx.now,
        forVpc: params.bool('forvpc') === true ? true : undefined,
        state: params.bool('enable') === true ? 'Enabled' : 'Disabled',
        tags: params.text('tags'),
        networkRate: params.int('networkrate'),
        conserveMode: params.bool('conservemode'),
        egressDefaultPolicy: params.bool('egressdefaultpolicy'),
        isPersistent: params.bool('ispersistent'),
        serviceOfferingId: params.id('serviceofferingid'),
      };
      store.networkOfferings.set(offering.id, offering);
      return { networkoffering: networkOfferingView.render(offering, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'updateNetworkOffering',
      description: 'Updates a network offering: name, text, availability, state (Enabled or Disabled), tags.',
      isAsync: false,
      related: ['listNetworkOfferings'],
      params: [
        idParam('id', 'networkoffering', 'the id of the network offering'),
        param('name', 'string', 'the name of the network offering'),
        param('displaytext', 'string', 'the display text of the network offering'),
        param('availability', 'string', 'the availability of network offering'),
        param('state', 'string', 'update state for the network offering'),
        param('tags', 'string', 'the tags for the network offering.', { length: 4096 }),
        param('sortkey', 'integer', 'sort key of the network offering, integer'),
        param('maxconnections', 'integer', 'maximum number of concurrent connections supported'),
        param('keepaliveenabled', 'boolean', 'if true keepalive will be turned on in the loadbalancer'),
        param(
          'domainid',
          'string',
          'the ID of the containing domain(s) as comma separated string, public for public offerings',
        ),
        param(
          'zoneid',
          'string',
          'the ID of the containing zone(s) as comma separated string, all for all zones',
          {
            length: 4096,
            since: '4.13',
          },
        ),
      ],
      response: networkOfferingView.fields,
    },
    handle(ctx) {
      const { params } = ctx;
      const id = params.id('id');
      if (id === undefined) throw invalidParameter('Please specify the id of the network offering');
      const offering = requireOffering(ctx, id);
      const state = params.text('state');
      if (state !== undefined && state.toLowerCase() !== 'enabled' && state.toLowerCase() !== 'disabled') {
        throw invalidParameter('Incorrect state value: ' + state);
      }
      const availability = params.text('availability');
      if (availability !== undefined && availability !== 'Optional' && availability !== 'Required') {
        throw invalidParameter(`Invalid value for Availability. Supported types: Required, Optional`);
      }
      const name = params.text('name');
      if (name) offering.name = name;
      const text = params.text('displaytext');
      if (text) offering.displayText = text;
      if (availability) offering.availability = availability;
      if (state) offering.state = state.toLowerCase() === 'enabled' ? 'Enabled' : 'Disabled';
      const tags = params.text('tags');
      if (tags !== undefined) offering.tags = tags === '' ? undefined : tags;
      ctx.store.touch(offering.id);
      return { networkoffering: networkOfferingView.render(offering, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'deleteNetworkOffering',
      description: 'Deletes a network offering no network uses; the built-in ones cannot be deleted.',
      isAsync: false,
      since: '3.0.0',
      related: ['listNetworkOfferings'],
      params: [idParam('id', 'networkoffering', 'the ID of the network offering', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const offering = requireOffering(ctx, params.requiredId('id'));
      if (offering.isDefault) throw invalidParameter("Default network offering can't be deleted");
      const used = [...store.networks.values()].filter(
        (n) => n.offeringId === offering.id && n.state !== 'Destroy',
      ).length;
      if (used > 0) {
        throw invalidParameter(
          `Can't delete network offering NetworkOffering [${offering.id}-Guest-${offering.name}] as its used by ${used} networks. To make the network offering unavailable, disable it`,
        );
      }
      store.forget(store.networkOfferings, 'networkoffering', offering.id);
      return { success: true };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'createVlanIpRange',
      description: 'Creates a VLAN IP range: public addresses of a zone that associateIpAddress hands out.',
      isAsync: false,
      related: ['listVlanIpRanges'],
      params: [
        idParam('zoneid', 'zone', 'the Zone ID of the VLAN IP range'),
        idParam('podid', 'pod', 'optional parameter. Have to be specified for Direct Untagged vlan only.'),
        idParam('networkid', 'network', 'the network id'),
        param('physicalnetworkid', 'uuid', 'the physical network id'),
        param('vlan', 'string', 'the ID or VID of the VLAN (untagged when not given)'),
        param('gateway', 'string', 'the gateway of the VLAN IP range'),
        param('netmask', 'string', 'the netmask of the VLAN IP range'),
        param('startip', 'string', 'the beginning IP address in the VLAN IP range'),
        param('endip', 'string', 'the ending IP address in the VLAN IP range'),
        param('forvirtualnetwork', 'boolean', 'true if VLAN is of Virtual type, false if Direct'),
        param('forsystemvms', 'boolean', 'true if IP range is set to system vms, false if not'),
        param('account', 'string', 'account who will own the VLAN'),
        idParam('domainid', 'domain', 'domain ID of the account owning a VLAN'),
        idParam('projectid', 'project', 'project who will own the VLAN'),
        param('ip6cidr', 'string', 'the CIDR of IPv6 network, must be at least /64'),
        param('ip6gateway', 'string', 'the gateway of the IPv6 network'),
        param('startipv6', 'string', 'the beginning IPv6 address in the IPv6 network range'),
        param('endipv6', 'string', 'the ending IPv6 address in the IPv6 network range'),
      ],
      response: vlanRangeView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const network =
        params.id('networkid') === undefined ? undefined : store.networks.get(params.id('networkid') ?? '');
      const zoneId = params.id('zoneid') ?? network?.zoneId;
      if (zoneId === undefined) throw invalidParameter('Please specify a valid zone.');
      const zone = store.zone(zoneId);
      const gatewayText = params.text('gateway');
      const netmask = params.text('netmask');
      const startText = params.text('startip');
      if (!gatewayText || !netmask || !startText) {
        throw invalidParameter('Gateway, netmask and start IP are required for an IPv4 range');
      }
      const gateway = ipParam(gatewayText, 'gateway') ?? 0;
      const prefix = prefixOf(netmask);
      if (prefix === undefined) throw invalidParameter('Please specify a valid netmask');
      const start = ipParam(startText, 'start IP') ?? 0;
      const end = ipParam(params.text('endip'), 'end IP') ?? start;
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      if (
        end < start ||
        (start & mask) >>> 0 !== (gateway & mask) >>> 0 ||
        (end & mask) >>> 0 !== (gateway & mask) >>> 0
      ) {
        throw invalidParameter('Please specify a valid IP range or valid netmask or valid gateway');
      }
      // ConfigurationManagerImpl.checkGatewayOverlap
      if (gateway >= start && gateway <= end) {
        throw invalidParameter("The gateway shouldn't overlap the new start/end ip addresses");
      }
      const ranges = vlanRangesOf(store);
      if ([...ranges.values()].some((r) => r.zoneId === zone.id && start <= r.end && end >= r.start)) {
        throw invalidParameter(
          'The IP range already has IPs that overlap with the new range. Please specify a different start IP/end IP.',
        );
      }
      const vlan = params.text('vlan');
      const range: VlanIpRange = {
        id: store.newId(),
        zoneId: zone.id,
        vlan:
          vlan === undefined || vlan === 'untagged'
            ? 'vlan://untagged'
            : vlan.startsWith('vlan://')
              ? vlan
              : `vlan://${vlan}`,
        gateway: gatewayText,
        netmask,
        start,
        end,
        forVirtualNetwork: params.bool('forvirtualnetwork') ?? network === undefined,
        forSystemVms: params.bool('forsystemvms') === true,
        networkId: network?.id ?? store.publicRanges.get(zone.id)?.networkId ?? store.newId(),
        physicalNetworkId: params.text('physicalnetworkid') ?? zone.physicalNetworkId,
        podId: params.id('podid'),
      };
      ranges.set(range.id, range);
      return { vlan: vlanRangeView.render(range, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listVlanIpRanges',
      description: 'Lists all VLAN IP ranges.',
      isAsync: false,
      related: ['createVlanIpRange'],
      params: [
        param('id', 'uuid', 'the ID of the VLAN IP range'),
        idParam('zoneid', 'zone', 'the Zone ID of the VLAN IP range'),
        idParam('podid', 'pod', 'the Pod ID of the VLAN IP range'),
        idParam('networkid', 'network', 'network id of the VLAN IP range'),
        param('physicalnetworkid', 'uuid', 'physical network id of the VLAN IP range'),
        param('vlan', 'string', 'the ID or VID of the VLAN'),
        param('forvirtualnetwork', 'boolean', 'true if VLAN is of Virtual type, false if Direct'),
        param('account', 'string', 'the account with which the VLAN IP range is associated'),
        idParam('domainid', 'domain', 'the domain ID with which the VLAN IP range is associated'),
        idParam('projectid', 'project', 'project who will own the VLAN'),
        ...pagingParams,
      ],
      response: vlanRangeView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const id = params.text('id');
      const zoneId = params.id('zoneid');
      const podId = params.id('podid');
      const networkId = params.id('networkid');
      const physical = params.text('physicalnetworkid');
      const vlan = params.text('vlan');
      const virtual = params.bool('forvirtualnetwork');
      const keyword = params.text('keyword');
      const items = [...vlanRangesOf(store).values()].filter(
        (r) =>
          (id === undefined || r.id === id) &&
          (zoneId === undefined || r.zoneId === zoneId) &&
          (podId === undefined || r.podId === podId) &&
          (networkId === undefined || r.networkId === networkId) &&
          (physical === undefined || r.physicalNetworkId === physical) &&
          (vlan === undefined || r.vlan === vlan || r.vlan === `vlan://${vlan}`) &&
          (virtual === undefined || r.forVirtualNetwork === virtual) &&
          (keyword === undefined || r.vlan.includes(keyword)),
      );
      return listOf(ctx, 'vlaniprange', items, vlanRangeView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'updateVlanIpRange',
      description: 'Updates a VLAN IP range.',
      isAsync: false,
      since: '4.16.0',
      related: ['listVlanIpRanges'],
      params: [
        param('id', 'uuid', 'the UUID of the VLAN IP range', { required: true }),
        param('gateway', 'string', 'the gateway of the VLAN IP range'),
        param('netmask', 'string', 'the netmask of the VLAN IP range'),
        param('startip', 'string', 'the beginning IP address in the VLAN IP range'),
        param('endip', 'string', 'the ending IP address in the VLAN IP range'),
        param('forsystemvms', 'boolean', 'true if IP range is set to system vms, false if not'),
        param('ip6cidr', 'string', 'the CIDR of IPv6 network, must be at least /64'),
        param('ip6gateway', 'string', 'the gateway of the IPv6 network'),
        param('startipv6', 'string', 'the beginning IPv6 address in the IPv6 network range'),
        param('endipv6', 'string', 'the ending IPv6 address in the IPv6 network range'),
      ],
      response: vlanRangeView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const range = vlanRangesOf(store).get(params.text('id') ?? '');
      if (!range) throw invalidParameter('Please specify a valid IP range id.');
      const start = ipParam(params.text('startip'), 'start IP') ?? range.start;
      const end = ipParam(params.text('endip'), 'end IP') ?? range.end;
      if (end < start)
        throw invalidParameter('Please specify a valid IP range or valid netmask or valid gateway');
      // ConfigurationManagerImpl.checkAllocatedIpsAreWithinVlanRange
      const used = addressesInUse(store, range);
      if (
        used.length > 0 &&
        used.some((a) => {
          const value = parseIp(a) ?? 0;
          return value < start || value > end;
        })
      ) {
        throw invalidParameter(
          `The start IP address must be less than or equal to ${used[0]} which is already in use. The end IP address must be greater than or equal to ${used[used.length - 1]} which is already in use. There are ${used.length} IPs already allocated in this range.`,
        );
      }
      const gatewayText = params.text('gateway') ?? range.gateway;
      const gateway = ipParam(gatewayText, 'gateway') ?? 0;
      if (gateway >= start && gateway <= end) {
        throw invalidParameter("The gateway shouldn't overlap the new start/end ip addresses");
      }
      range.start = start;
      range.end = end;
      range.gateway = gatewayText;
      range.netmask = params.text('netmask') ?? range.netmask;
      const forSystemVms = params.bool('forsystemvms');
      if (forSystemVms !== undefined) range.forSystemVms = forSystemVms;
      return { vlan: vlanRangeView.render(range, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'deleteVlanIpRange',
      description: 'Deletes a VLAN IP range none of whose addresses is acquired.',
      isAsync: false,
      related: ['listVlanIpRanges'],
      params: [param('id', 'uuid', 'the id of the VLAN IP range', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const ranges = vlanRangesOf(store);
      const range = ranges.get(params.text('id') ?? '');
      if (!range) throw invalidParameter('Please specify a valid IP range id.');
      // ConfigurationManagerImpl.deleteVlanAndPublicIpRange (the double space is CloudStack's)
      const used = addressesInUse(store, range).length;
      if (used > 0) throw invalidParameter(`${used}  Ips are in use. Cannot delete this vlan`);
      if (range.seeded) {
        throw invalidParameter("The zone's seeded public range cannot be deleted in the simulator");
      }
      ranges.delete(range.id);
      return { success: true };
    },
  }),
];
