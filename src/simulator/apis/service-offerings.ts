// Compute family (issue 14): service offerings made, changed and deleted by root admins (CloudStack's
// ConfigurationManagerImpl.createServiceOffering, updateServiceOffering, deleteServiceOffering).
import { idParam, param } from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import type { ServiceOffering } from '../state/model.js';
import { serviceOfferingView } from '../views/offerings.js';
import { defineApi, SUCCESS_FIELDS } from './types.js';

const RELATED = ['listServiceOfferings', 'createServiceOffering', 'updateServiceOffering'];
const MAX_INT = 2147483647;

/** createServiceOffering's parameters, as CloudStack 4.18 declares them. */
const createParams = [
  param('bytesreadratemax', 'long', 'burst bytes read rate of the disk offering'),
  param(
    'deploymentplanner',
    'string',
    'The deployment planner heuristics used to deploy a VM of this offering. If null, value of global config vm.deployment.planner is used',
  ),
  param('byteswriterate', 'long', 'bytes write rate of the disk offering'),
  param('minmemory', 'integer', 'The minimum memory size of the custom service offering in MB', {
    since: '4.13',
  }),
  param('limitcpuuse', 'boolean', 'restrict the CPU usage to committed service offering'),
  param(
    'diskofferingstrictness',
    'boolean',
    'True/False to indicate the strictness of the disk offering association with the compute offering. When set to true, override of disk offering is not allowed when VM is deployed and change disk offering is not allowed for the ROOT disk after the VM is deployed',
    { since: '4.17' },
  ),
  param('memory', 'integer', 'the total memory of the service offering in MB'),
  param('bytesreadrate', 'long', 'bytes read rate of the disk offering'),
  param('cpunumber', 'integer', 'the CPU number of the service offering'),
  param('customized', 'boolean', 'Whether service offering size is custom or not', { since: '4.13' }),
  idParam(
    'storagepolicy',
    'unmodelled',
    'Name of the storage policy defined at vCenter, this is applicable only for VMware',
    { since: '4.15' },
  ),
  param('maxiops', 'long', 'max iops of the compute offering', { since: '4.4' }),
  param('maxmemory', 'integer', 'The maximum memory size of the custom service offering in MB', {
    since: '4.13',
  }),
  param('zoneid', 'list', 'the ID of the containing zone(s), null for public offerings', { since: '4.13' }),
  param('customizediops', 'boolean', 'whether compute offering iops is custom or not', { since: '4.4' }),
  param('mincpunumber', 'integer', 'The minimum number of CPUs to be set with Custom Computer Offering', {
    since: '4.13',
  }),
  param('name', 'string', 'the name of the service offering', { required: true }),
  param('rootdisksize', 'long', 'the Root disk size in GB.', { since: '4.15' }),
  param(
    'systemvmtype',
    'string',
    'the system VM type. Possible types are "domainrouter", "consoleproxy" and "secondarystoragevm".',
  ),
  param('byteswriteratemax', 'long', 'burst bytes write rate of the disk offering'),
  param(
    'provisioningtype',
    'string',
    'provisioning type used to create volumes. Valid values are thin, sparse, fat.',
  ),
  param('issystem', 'boolean', 'is this a system vm offering'),
  param('offerha', 'boolean', 'the HA for the service offering'),
  param('encryptroot', 'boolean', 'VMs using this offering require root volume encryption', {
    since: '4.18',
  }),
  idParam(
    'diskofferingid',
    'diskoffering',
    'the ID of the disk offering to which service offering should be mapped',
    { since: '4.17' },
  ),
  param(
    'cachemode',
    'string',
    'the cache mode to use for this disk offering. none, writeback or writethrough',
    { since: '4.14' },
  ),
  param('bytesreadratemaxlength', 'long', 'length (in seconds) of the burst'),
  param('cpuspeed', 'integer', 'the CPU speed of the service offering in MHz.'),
  param(
    'hypervisorsnapshotreserve',
    'integer',
    'Hypervisor snapshot reserve space as a percent of a volume (for managed storage using Xen or VMware)',
    { since: '4.4' },
  ),
  param('serviceofferingdetails', 'map', 'details for planner, used to store specific parameters'),
  param('displaytext', 'string', 'the display text of the service offering', { required: true }),
  param(
    'networkrate',
    'integer',
    'data transfer rate in megabits per second allowed. Supported only for non-System offering and system offerings having "domainrouter" systemvmtype',
  ),
  param('iopswriteratemaxlength', 'long', 'length (in seconds) of the burst'),
  param('iopswriterate', 'long', 'io requests write rate of the disk offering'),
  param('byteswriteratemaxlength', 'long', 'length (in seconds) of the burst'),
  param(
    'dynamicscalingenabled',
    'boolean',
    'true if virtual machine needs to be dynamically scalable of cpu or memory',
    { since: '4.16' },
  ),
  param('iopsreadratemax', 'long', 'burst requests read rate of the disk offering'),
  param(
    'isvolatile',
    'boolean',
    'true if the virtual machine needs to be volatile so that on every reboot of VM, original root disk is dettached then destroyed and a fresh root disk is created and attached to VM',
  ),
  param('hosttags', 'string', 'the host tag for this service offering.'),
  param('storagetype', 'string', 'the storage type of the service offering. Values are local and shared.'),
  param('iopsreadrate', 'long', 'io requests read rate of the disk offering'),
  param('iopsreadratemaxlength', 'long', 'length (in seconds) of the burst'),
  param('tags', 'string', 'the tags for this service offering.'),
  param('iopswriteratemax', 'long', 'burst io requests write rate of the disk offering'),
  param('miniops', 'long', 'min iops of the compute offering', { since: '4.4' }),
  param('maxcpunumber', 'integer', 'The maximum number of CPUs to be set with Custom Computer Offering', {
    since: '4.13',
  }),
  param('domainid', 'list', 'the ID of the containing domain(s), null for public offerings'),
];

export const serviceOfferingApis = [
  defineApi({
    access: 'admin',
    spec: {
      name: 'createServiceOffering',
      description:
        'Creates a service offering (vCPUs, CPU speed and memory of VMs); without all three it is customised (given at deploy).',
      isAsync: false,
      related: RELATED,
      params: createParams,
      response: serviceOfferingView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const name = params.text('name') ?? '';
      const cpuNumber = params.int('cpunumber');
      const cpuSpeed = params.int('cpuspeed');
      const memory = params.int('memory');
      // ConfigurationManagerImpl's range checks, in its order.
      if (cpuNumber !== undefined && (cpuNumber < 1 || cpuNumber > MAX_INT)) {
        throw invalidParameter(
          `Failed to create service offering ${name}: specify the cpu number value between 1 and ${MAX_INT}`,
        );
      }
      if (cpuSpeed !== undefined && (cpuSpeed < 0 || cpuSpeed > MAX_INT)) {
        throw invalidParameter(
          `Failed to create service offering ${name}: specify the cpu speed value between 0 and ${MAX_INT}`,
        );
      }
      if (memory !== undefined && (memory < 32 || memory > MAX_INT)) {
        throw invalidParameter(
          `Failed to create service offering ${name}: specify the memory value between 32 and ${MAX_INT} MB`,
        );
      }
      const customized = params.bool('customized') ?? false;
      const fixed = !customized && cpuNumber !== undefined && cpuSpeed !== undefined && memory !== undefined;
      const storageType = params.text('storagetype');
      if (storageType !== undefined && !['local', 'shared'].includes(storageType.toLowerCase())) {
        throw invalidParameter(
          `Invalid storage type ${storageType} specified, valid types are: 'local' and 'shared'`,
        );
      }
      if (params.bool('issystem')) {
        throw invalidParameter(
          'System service offerings are not simulated: the simulator runs no system VMs',
        );
      }
      const offering: ServiceOffering = {
        id: store.newId(),
        name,
        displayText: params.text('displaytext') ?? name,
        cpuNumber: fixed ? cpuNumber : undefined,
        cpuSpeed: fixed ? cpuSpeed : undefined,
        memory: fixed ? memory : undefined,
        offerHa: params.bool('offerha') ?? false,
        limitCpuUse: params.bool('limitcpuuse') ?? false,
        created: ctx.now,
        dynamicScalingEnabled: params.bool('dynamicscalingenabled') ?? true,
        hostTags: params.text('hosttags'),
        storageTags: params.text('tags'),
      };
      store.serviceOfferings.set(offering.id, offering);
      return { serviceoffering: serviceOfferingView.render(offering, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'updateServiceOffering',
      description: 'Changes the name, description, tags or sort key of a service offering.',
      isAsync: false,
      related: RELATED,
      params: [
        idParam('id', 'serviceoffering', 'the ID of the service offering to be updated', { required: true }),
        param('name', 'string', 'the name of the service offering to be updated'),
        param('displaytext', 'string', 'the display text of the service offering to be updated'),
        param('sortkey', 'integer', 'sort key of the service offering, integer'),
        param(
          'domainid',
          'string',
          'the ID of the containing domain(s) as comma separated string, public for public offerings',
          { length: 4096 },
        ),
        param(
          'zoneid',
          'string',
          'the ID of the containing zone(s) as comma separated string, all for all zones offerings',
          { since: '4.13' },
        ),
        param('hosttags', 'string', 'the host tag for this service offering.', { since: '4.16' }),
        param(
          'storagetags',
          'string',
          'comma-separated list of tags for the service offering, tags should match with existing storage pool tags',
          { since: '4.16' },
        ),
      ],
      response: serviceOfferingView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.requiredId('id');
      const offering = store.serviceOfferings.get(id);
      if (!offering || offering.removed !== undefined) {
        throw invalidParameter(`unable to find service offering ${id}`);
      }
      offering.name = params.text('name') ?? offering.name;
      offering.displayText = params.text('displaytext') ?? offering.displayText;
      if (params.has('hosttags')) offering.hostTags = params.text('hosttags') || undefined;
      if (params.has('storagetags')) offering.storageTags = params.text('storagetags') || undefined;
      for (const vm of store.vms.values()) if (vm.serviceOfferingId === id) store.touch(vm.id);
      return { serviceoffering: serviceOfferingView.render(offering, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'deleteServiceOffering',
      description: 'Deletes a service offering: it is no longer listed nor usable; VMs that have it keep it.',
      isAsync: false,
      related: RELATED,
      params: [idParam('id', 'serviceoffering', 'the ID of the service offering', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.requiredId('id');
      const offering = store.serviceOfferings.get(id);
      if (!offering || offering.removed !== undefined) {
        throw invalidParameter(`unable to find service offering ${id}`);
      }
      offering.removed = ctx.now;
      return { success: true };
    },
  }),
];
