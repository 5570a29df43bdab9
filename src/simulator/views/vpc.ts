// The `vpc` and `vpcoffering` objects (ApiResponseHelper.createVpcResponse, createVpcOfferingResponse).
import type { Vpc, VpcOffering } from '../state/model.js';
import { ownerFields, tagsField } from './common.js';
import { networkView } from './network.js';
import { field, formatDate, jobFields, View } from './view.js';

const providerView = new View<string>([field('name', 'string', 'name of the provider', (p) => p)]);

const vpcServiceView = new View<string>([
  field('name', 'string', 'name of the service', (s) => s),
  field(
    'provider',
    'list',
    'providers of the service',
    (s) => (s === 'Lb' ? ['VpcVirtualRouter', 'InternalLbVm'] : ['VpcVirtualRouter']),
    providerView,
  ),
]);

export const vpcOfferingView = new View<VpcOffering>([
  field('id', 'string', 'ID of the VPC offering', (o) => o.id),
  field('name', 'string', 'name of the VPC offering', (o) => o.name),
  field('displaytext', 'string', 'description of the VPC offering', (o) => o.displayText),
  field('isdefault', 'boolean', 'whether it is the default offering', () => true),
  field('state', 'string', 'Enabled or Disabled', () => 'Enabled'),
  field('service', 'list', 'services the offering provides', (o) => o.services, vpcServiceView),
  field('distributedvpcrouter', 'boolean', 'whether the VPC router is distributed', () => false),
  field('supportsregionLevelvpc', 'boolean', 'whether region-level VPCs are supported', () => false),
  field('internetprotocol', 'string', 'IPv4 or DualStack', () => 'IPv4'),
  field('created', 'date', 'when the offering was created', (o) => formatDate(o.created)),
]);

export const vpcView = new View<Vpc>([
  field('id', 'string', 'ID of the VPC', (v) => v.id),
  field('name', 'string', 'name of the VPC', (v) => v.name),
  field('displaytext', 'string', 'description of the VPC', (v) => v.displayText),
  field('state', 'string', 'Enabled or Inactive', (v) => v.state),
  field('zoneid', 'string', 'ID of the zone', (v) => v.zoneId),
  field('zonename', 'string', 'name of the zone', (v, rc) => rc.store.zones.get(v.zoneId)?.name),
  field(
    'service',
    'list',
    'services of the VPC',
    (v, rc) => rc.store.vpcOfferings.get(v.offeringId)?.services ?? [],
    vpcServiceView,
  ),
  field('cidr', 'string', 'super CIDR of the VPC', (v) => v.cidr),
  field('vpcofferingid', 'string', 'ID of the VPC offering', (v) => v.offeringId),
  field(
    'vpcofferingname',
    'string',
    'name of the VPC offering',
    (v, rc) => rc.store.vpcOfferings.get(v.offeringId)?.name,
  ),
  field('created', 'date', 'when the VPC was created', (v) => formatDate(v.created)),
  ...ownerFields<Vpc>('VPC'),
  field('network', 'list', 'tiers of the VPC', (v, rc) =>
    [...rc.store.networks.values()].filter((n) => n.vpcId === v.id).map((n) => networkView.render(n, rc)),
  ),
  field('restartrequired', 'boolean', 'whether the VPC must be restarted', () => false),
  field('networkdomain', 'string', 'network domain of the VPC', (v) => v.networkDomain),
  tagsField<Vpc>('list'),
  field('fordisplay', 'boolean', 'whether end users see the VPC', (v) => v.forDisplay),
  field('distributedvpcrouter', 'boolean', 'whether the VPC router is distributed', () => false),
  field('regionlevelvpc', 'boolean', 'whether the VPC spans the region', () => false),
  field('redundantvpcrouter', 'boolean', 'whether the VPC has redundant routers', () => false),
  field('hasannotations', 'boolean', 'whether the VPC has comments', () => false),
  ...jobFields<Vpc>(),
]);
