// Service, disk and network offerings (read-only: the simulator ships a fixed set).
import { idAndNameParams, idParam, pagingParams, param } from '../catalog/params.js';
import type { DiskOffering, NetworkOffering, ServiceOffering } from '../state/model.js';
import { diskOfferingView, networkOfferingView, serviceOfferingView } from '../views/offerings.js';
import { idNameKeyword, listOf } from './listing.js';
import { defineApi } from './types.js';

export const offeringApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listServiceOfferings',
      description:
        'Lists the service offerings (CPU and memory sizes) virtual machines can be deployed with.',
      isAsync: false,
      related: ['deployVirtualMachine'],
      params: [
        ...idAndNameParams('serviceoffering', 'offering'),
        idParam('domainid', 'domain', 'only offerings available to this domain'),
        param('isrecursive', 'boolean', 'include offerings of the domains above the given one'),
        param('listall', 'boolean', 'true for every offering the caller may see'),
        param('issystem', 'boolean', 'true for offerings of system VMs (there are none here)'),
        param('systemvmtype', 'string', 'only system offerings of this system VM type'),
        idParam('virtualmachineid', 'vm', 'only offerings this virtual machine can be changed to'),
        idParam('zoneid', 'zone', 'only offerings available in this zone', { since: '4.13' }),
        param('cpunumber', 'integer', 'only offerings with at least this many vCPUs', { since: '4.15' }),
        param('cpuspeed', 'integer', 'only offerings with at least this CPU speed in MHz', { since: '4.15' }),
        param('memory', 'integer', 'only offerings with at least this much memory in MiB', { since: '4.15' }),
        param('encryptroot', 'boolean', 'only offerings that do (or do not) encrypt root disks', {
          since: '4.18',
        }),
        ...pagingParams,
      ],
      response: serviceOfferingView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword(params, (o: ServiceOffering) => [o.name, o.displayText]);
      const cpuNumber = params.int('cpunumber');
      const cpuSpeed = params.int('cpuspeed');
      const memory = params.int('memory');
      const vmId = params.id('virtualmachineid');
      const system = params.bool('issystem') ?? false;
      const current = vmId === undefined ? undefined : store.vms.get(vmId)?.serviceOfferingId;
      const atLeast = (value: number | undefined, wanted: number | undefined) =>
        wanted === undefined || value === undefined || value >= wanted;
      const items = [...store.serviceOfferings.values()].filter(
        (o) =>
          !system &&
          o.removed === undefined && // Compute family (issue 14): deleted offerings
          matches(o) &&
          (current === undefined || o.id !== current) &&
          atLeast(o.cpuNumber, cpuNumber) &&
          atLeast(o.cpuSpeed, cpuSpeed) &&
          atLeast(o.memory, memory) &&
          params.bool('encryptroot') !== true,
      );
      return listOf(ctx, 'serviceoffering', items, serviceOfferingView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listDiskOfferings',
      description: 'Lists the disk offerings (sizes of data disks).',
      isAsync: false,
      related: ['deployVirtualMachine'],
      params: [
        ...idAndNameParams('diskoffering', 'offering'),
        idParam('domainid', 'domain', 'only offerings available to this domain'),
        param('isrecursive', 'boolean', 'include offerings of the domains above the given one'),
        param('listall', 'boolean', 'true for every offering the caller may see'),
        idParam('zoneid', 'zone', 'only offerings available in this zone', { since: '4.13' }),
        idParam('volumeid', 'volume', 'only offerings this volume can be changed to', { since: '4.17' }),
        idParam('storageid', 'unmodelled', 'only offerings suitable for this storage pool', {
          since: '4.17',
        }),
        param('encrypt', 'boolean', 'only offerings that do (or do not) encrypt', { since: '4.18' }),
        ...pagingParams,
      ],
      response: diskOfferingView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword(params, (o: DiskOffering) => [o.name, o.displayText]);
      const items = [...store.diskOfferings.values()].filter(
        (o) => matches(o) && params.bool('encrypt') !== true,
      );
      return listOf(ctx, 'diskoffering', items, diskOfferingView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listNetworkOfferings',
      description: 'Lists the network offerings networks can be created from.',
      isAsync: false,
      related: ['createNetwork'],
      params: [
        ...idAndNameParams('networkoffering', 'offering'),
        param('displaytext', 'string', 'only the offering with this description'),
        param('traffictype', 'string', 'only offerings for this traffic type'),
        param('isdefault', 'boolean', 'only built-in (true) or added (false) offerings'),
        param('specifyvlan', 'boolean', 'only offerings that do (or do not) need a VLAN'),
        param('availability', 'string', 'only offerings with this availability: Required, Optional'),
        idParam('zoneid', 'zone', 'only offerings usable in this zone'),
        param('guestiptype', 'string', 'only offerings of this guest type: Isolated, Shared, L2'),
        idParam('networkid', 'network', 'only offerings this network can be moved to'),
        param('supportedservices', 'list', 'only offerings with all these services'),
        param('sourcenatsupported', 'boolean', 'only offerings with (or without) source NAT'),
        param('specifyipranges', 'boolean', 'only offerings that do (or do not) need IP ranges'),
        param('state', 'string', 'only offerings in this state: Enabled, Disabled'),
        param('forvpc', 'boolean', 'only offerings for VPC tiers (true) or not (false)'),
        param('istagged', 'boolean', 'only offerings with (or without) tags'),
        param('tags', 'string', 'only offerings with these tags', { length: 4096 }),
        idParam('domainid', 'domain', 'only offerings available to this domain', { since: '4.13' }),
        ...pagingParams,
      ],
      response: networkOfferingView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword(params, (o: NetworkOffering) => [o.name, o.displayText]);
      const guestIpType = params.text('guestiptype')?.toLowerCase();
      const availability = params.text('availability')?.toLowerCase();
      const services = params.list('supportedservices')?.map((s) => s.toLowerCase());
      const sourceNat = params.bool('sourcenatsupported');
      const forVpc = params.bool('forvpc');
      const state = params.text('state');
      const items = [...store.networkOfferings.values()].filter((o) => {
        const offered = o.services.map((s) => s.toLowerCase());
        return (
          matches(o) &&
          (guestIpType === undefined || o.guestIpType.toLowerCase() === guestIpType) &&
          (availability === undefined || o.availability.toLowerCase() === availability) &&
          (services === undefined || services.every((s) => offered.includes(s))) &&
          (sourceNat === undefined || offered.includes('sourcenat') === sourceNat) &&
          (forVpc === undefined || (o.forVpc === true) === forVpc) &&
          (state === undefined || state.toLowerCase() === (o.state ?? 'Enabled').toLowerCase())
        );
      });
      return listOf(ctx, 'networkoffering', items, networkOfferingView);
    },
  }),
];
