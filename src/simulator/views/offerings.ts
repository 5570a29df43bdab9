// Service, disk and network offerings.
import type { DiskOffering, NetworkOffering, ServiceOffering } from '../state/model.js';
import { field, formatDate, jobFields, View } from './view.js';

export const serviceOfferingView = new View<ServiceOffering>([
  field('id', 'string', 'ID of the service offering', (o) => o.id),
  field('name', 'string', 'name of the service offering', (o) => o.name),
  field('displaytext', 'string', 'description of the service offering', (o) => o.displayText),
  field('cpunumber', 'integer', 'number of vCPUs (absent when customised)', (o) => o.cpuNumber),
  field('cpuspeed', 'integer', 'speed of each vCPU in MHz (absent when customised)', (o) => o.cpuSpeed),
  field('memory', 'integer', 'memory in MiB (absent when customised)', (o) => o.memory),
  field('created', 'date', 'when the offering was created', (o) => formatDate(o.created)),
  field('storagetype', 'string', 'shared or local storage for the root disk', () => 'shared'),
  field('provisioningtype', 'string', 'provisioning type of the root disk', () => 'thin'),
  field('offerha', 'boolean', 'whether VMs get high availability', (o) => o.offerHa),
  field('limitcpuuse', 'boolean', 'whether CPU use is capped to the offering', (o) => o.limitCpuUse),
  field('isvolatile', 'boolean', 'whether the root disk is replaced on every reboot', () => false),
  field('issystem', 'boolean', 'whether the offering is for system VMs', () => false),
  field('defaultuse', 'boolean', 'whether it is the default system offering', () => false),
  field(
    'iscustomized',
    'boolean',
    'whether CPU and memory are given at deploy time',
    (o) => o.cpuNumber === undefined,
  ),
  field('cacheMode', 'string', 'disk cache mode', () => 'none'),
  field('rootdisksize', 'long', 'root disk size in GiB (0: the template size)', () => 0),
  field('dynamicscalingenabled', 'boolean', 'whether VMs may scale while running', () => true),
  field('diskofferingstrictness', 'boolean', 'whether the root disk offering is fixed', () => false),
  field('encryptroot', 'boolean', 'whether root disks are encrypted', () => false),
  field('hasannotations', 'boolean', 'whether the offering has comments', () => false),
  ...jobFields<ServiceOffering>(),
]);

export const diskOfferingView = new View<DiskOffering>([
  field('id', 'string', 'ID of the disk offering', (o) => o.id),
  field('name', 'string', 'name of the disk offering', (o) => o.name),
  field('displaytext', 'string', 'description of the disk offering', (o) => o.displayText),
  field('disksize', 'long', 'size of the disk in GiB (0 when customised)', (o) => o.diskSize),
  field('created', 'date', 'when the offering was created', (o) => formatDate(o.created)),
  field(
    'iscustomized',
    'boolean',
    'whether the size is given when the disk is created',
    (o) => o.isCustomized,
  ),
  field('storagetype', 'string', 'shared or local storage', () => 'shared'),
  field(
    'provisioningtype',
    'string',
    'provisioning type: thin, sparse or fat',
    (o) => o.provisioningType ?? 'thin',
  ),
  field('cacheMode', 'string', 'disk cache mode', () => 'none'),
  field(
    'displayoffering',
    'boolean',
    'whether the offering is shown to end users',
    (o) => o.displayOffering ?? true,
  ),
  field('tags', 'string', 'storage tags a pool must carry', (o) => o.tags),
  field('encrypt', 'boolean', 'whether disks are encrypted', () => false),
  field('disksizestrictness', 'boolean', 'whether the size may not be changed', () => false),
  field('hasannotations', 'boolean', 'whether the offering has comments', () => false),
  ...jobFields<DiskOffering>(),
]);

const serviceView = new View<string>([
  field('name', 'string', 'name of the network service', (s) => s),
  field('provider', 'list', 'providers of the service', () => [{ name: 'VirtualRouter' }]),
]);

export const networkOfferingView = new View<NetworkOffering>([
  field('id', 'string', 'ID of the network offering', (o) => o.id),
  field('name', 'string', 'name of the network offering', (o) => o.name),
  field('displaytext', 'string', 'description of the network offering', (o) => o.displayText),
  field('traffictype', 'string', 'traffic type of networks from the offering', () => 'Guest'),
  field('isdefault', 'boolean', 'whether it is a built-in offering', (o) => o.isDefault),
  field('specifyvlan', 'boolean', 'whether a VLAN must be given', (o) => o.specifyVlan),
  field('conservemode', 'boolean', 'whether conserve mode is on', (o) => o.conserveMode ?? true),
  field('specifyipranges', 'boolean', 'whether IP ranges must be given', (o) => o.specifyIpRanges),
  field('availability', 'string', 'Required, Optional or Unavailable', (o) => o.availability),
  field('networkrate', 'integer', 'network rate in Mb/s', (o) => o.networkRate ?? 200),
  field('state', 'string', 'Enabled or Disabled', (o) => o.state ?? 'Enabled'),
  field('guestiptype', 'string', 'Isolated, Shared or L2', (o) => o.guestIpType),
  field('created', 'date', 'when the offering was created', (o) => formatDate(o.created)),
  field('service', 'list', 'services networks from the offering provide', (o) => o.services, serviceView),
  field('forvpc', 'boolean', 'whether the offering is for VPC tiers', (o) => o.forVpc === true),
  field(
    'ispersistent',
    'boolean',
    'whether networks are implemented at creation',
    (o) => o.isPersistent === true,
  ),
  field(
    'egressdefaultpolicy',
    'boolean',
    'whether egress traffic is allowed by default',
    (o) => o.egressDefaultPolicy ?? true,
  ),
  field('tags', 'string', 'tags of the offering', (o) => o.tags),
  field('serviceofferingid', 'string', 'service offering of the virtual router', (o) => o.serviceOfferingId),
  field('supportsstrechedl2subnet', 'boolean', 'whether stretched L2 subnets are supported', () => false),
  field('supportspublicaccess', 'boolean', 'whether public access is supported', () => false),
  field('internetprotocol', 'string', 'IPv4, or IPv4 and IPv6', () => 'IPv4'),
  field('hasannotations', 'boolean', 'whether the offering has comments', () => false),
  ...jobFields<NetworkOffering>(),
]);
