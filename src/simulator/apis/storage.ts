// Storage family (issue 14): primary storage pools and image stores (listed; root admins), and disk
// offerings (created, updated, deleted; listed in offerings.ts). Grounded in CloudStack 4.18's
// ListStoragePoolsCmd, ListImageStoresCmd and ConfigurationManagerImpl (createDiskOffering, ...).
import { idAndNameParams, idParam, pagingParams, param } from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import type { DiskOffering, ImageStore, StoragePool } from '../state/model.js';
import { diskOfferingView } from '../views/offerings.js';
import { imageStoreView, storagePoolView } from '../views/storage.js';
import { idNameKeyword, listOf } from './listing.js';
import { type CallContext, defineApi, jobStarted, type SimulatedApi, SUCCESS_FIELDS } from './types.js';

/** The I/O limits a disk offering takes at creation and update (createDiskOffering, updateDiskOffering). */
const DISK_RATE_LIMITS = [
  'bytesreadrate',
  'bytesreadratemax',
  'bytesreadratemaxlength',
  'byteswriterate',
  'byteswriteratemax',
  'byteswriteratemaxlength',
  'iopsreadrate',
  'iopsreadratemax',
  'iopsreadratemaxlength',
  'iopswriterate',
  'iopswriteratemax',
  'iopswriteratemaxlength',
] as const;

const PROVISIONING_TYPES = ['thin', 'sparse', 'fat'];
const DISK_OFFERING_RELATED = ['listDiskOfferings', 'createDiskOffering', 'updateDiskOffering'];

/** enableStorageMaintenance / cancelStorageMaintenance: a job moving the pool into or out of maintenance. */
function maintenanceApi(enable: boolean): SimulatedApi {
  return defineApi({
    access: 'admin',
    cmdClass: enable
      ? 'org.apache.cloudstack.api.command.admin.storage.PreparePrimaryStorageForMaintenanceCmd'
      : 'org.apache.cloudstack.api.command.admin.storage.CancelPrimaryStorageMaintenanceCmd',
    spec: {
      name: enable ? 'enableStorageMaintenance' : 'cancelStorageMaintenance',
      description: enable
        ? 'Puts a primary storage pool in maintenance (state Maintenance).'
        : 'Takes a primary storage pool out of maintenance (state Up).',
      isAsync: true,
      related: ['listStoragePools'],
      params: [idParam('id', 'storagepool', 'ID of the storage pool', { required: true })],
      response: storagePoolView.fields,
    },
    handle(ctx: CallContext) {
      const { store } = ctx;
      const id = ctx.params.requiredId('id');
      const pool = store.storagePools.get(id);
      if (!pool) throw invalidParameter(`Unable to find storage pool with id ${id}`);
      const job = ctx.startJob({
        instanceType: 'StoragePool',
        instanceId: pool.id,
        begin() {
          const state = pool.state ?? 'Up';
          // StorageManagerImpl.preparePrimaryStorageForMaintenance / cancelPrimaryStorageForMaintenance.
          if (enable && state !== 'Up') {
            throw invalidParameter(
              `Primary storage with id ${pool.id} is not ready for migration, as the status is:${state}`,
            );
          }
          if (!enable && state === 'Up') {
            throw invalidParameter(
              `Primary storage with id ${pool.id} is not ready to complete migration, as the status is:${state}`,
            );
          }
          if (enable) pool.state = 'PrepareForMaintenance';
          store.touch(pool.id);
        },
        finish() {
          pool.state = enable ? 'Maintenance' : 'Up';
          store.touch(pool.id);
          return { storagepool: storagePoolView.render(pool, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  });
}

export const storageApis = [
  maintenanceApi(true),
  maintenanceApi(false),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listStoragePools',
      description: 'Lists primary storage pools, where volumes live (root admins).',
      isAsync: false,
      related: ['migrateVolume'],
      params: [
        ...idAndNameParams('storagepool', 'storage pool'),
        idParam('zoneid', 'zone', 'only pools in this zone'),
        idParam('podid', 'pod', 'only pools in this pod'),
        idParam('clusterid', 'cluster', 'only pools in this cluster'),
        param('ipaddress', 'string', 'only pools on this storage server'),
        param('path', 'string', 'only pools with this path'),
        param('scope', 'string', 'only pools of this scope: CLUSTER, ZONE'),
        ...pagingParams,
      ],
      response: storagePoolView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword<StoragePool>(params);
      const zoneId = params.id('zoneid');
      const podId = params.id('podid');
      const clusterId = params.id('clusterid');
      const ip = params.text('ipaddress');
      const path = params.text('path');
      const scope = params.text('scope')?.toUpperCase();
      const items = [...store.storagePools.values()].filter(
        (p) =>
          matches(p) &&
          (zoneId === undefined || p.zoneId === zoneId) &&
          (podId === undefined || p.podId === podId) &&
          (clusterId === undefined || p.clusterId === clusterId) &&
          (ip === undefined || p.ipAddress === ip) &&
          (path === undefined || p.path === path) &&
          (scope === undefined || p.scope === scope),
      );
      return listOf(ctx, 'storagepool', items, storagePoolView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listImageStores',
      description: 'Lists image stores (secondary storage for templates, ISOs and snapshots; root admins).',
      isAsync: false,
      since: '4.2.0',
      related: [],
      params: [
        ...idAndNameParams('imagestore', 'image store'),
        idParam('zoneid', 'zone', 'only stores of this zone'),
        param('protocol', 'string', 'only stores using this protocol: nfs, ...'),
        param('provider', 'string', 'only stores of this provider: NFS, ...'),
        param('readonly', 'boolean', 'only read-only (or writable) stores', { since: '4.15.0' }),
        ...pagingParams,
      ],
      response: imageStoreView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword<ImageStore>(params);
      const zoneId = params.id('zoneid');
      const protocol = params.text('protocol')?.toLowerCase();
      const provider = params.text('provider')?.toLowerCase();
      const items = [...store.imageStores.values()].filter(
        (s) =>
          matches(s) &&
          (zoneId === undefined || s.zoneId === zoneId) &&
          (protocol === undefined || s.protocol === protocol) &&
          (provider === undefined || s.providerName.toLowerCase() === provider) &&
          params.bool('readonly') !== true,
      );
      return listOf(ctx, 'imagestore', items, imageStoreView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'createDiskOffering',
      description:
        'Creates a disk offering: a fixed size (disksize, GiB) or customized (size given per volume).',
      isAsync: false,
      related: DISK_OFFERING_RELATED,
      params: [
        param('name', 'string', 'name of the offering', { required: true }),
        param('displaytext', 'string', 'description of the offering', { required: true, length: 4096 }),
        param('disksize', 'long', 'size of the disk in GiB'),
        param('customized', 'boolean', 'whether the size is given when a volume is created'),
        param('storagetype', 'string', 'shared (default) or local'),
        param('provisioningtype', 'string', 'thin (default), sparse or fat'),
        param('tags', 'string', 'storage tags a pool must carry', { length: 4096 }),
        param('displayoffering', 'boolean', 'whether end users see the offering'),
        param('domainid', 'list', 'domains the offering is limited to'),
        param('zoneid', 'list', 'zones the offering is limited to', { since: '4.13' }),
        param('customizediops', 'boolean', 'whether IOPS are given per volume'),
        param('miniops', 'long', 'minimum IOPS'),
        param('maxiops', 'long', 'maximum IOPS'),
        param('hypervisorsnapshotreserve', 'integer', 'hypervisor snapshot reserve space, in percent'),
        param('cachemode', 'string', 'none, writeback or writethrough', { since: '4.14' }),
        param('storagepolicy', 'uuid', 'VMware vSphere storage policy', {
          since: '4.15',
          entity: 'unmodelled',
        }),
        param('disksizestrictness', 'boolean', 'whether volumes may not change size', { since: '4.17' }),
        param('encrypt', 'boolean', 'whether volumes are encrypted', { since: '4.18' }),
        param('details', 'map', 'details of the offering', { since: '4.16' }),
        ...DISK_RATE_LIMITS.map((name) =>
          param(name, 'long', `disk ${name.replace(/^(bytes|iops)/, '$1 ')} limit`),
        ),
      ],
      response: diskOfferingView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const size = params.int('disksize');
      const customized = params.bool('customized') ?? false;
      if (size === undefined && !customized) {
        throw invalidParameter('Disksize is required for a non-customized disk offering');
      }
      if (size !== undefined && customized) {
        throw invalidParameter('Disksize is not allowed for a customized disk offering');
      }
      if (size !== undefined && (!Number.isInteger(size) || size < 1)) {
        throw invalidParameter('Please specify a disk size of at least 1 GB.');
      }
      const provisioning = params.text('provisioningtype')?.toLowerCase();
      if (provisioning !== undefined && !PROVISIONING_TYPES.includes(provisioning)) {
        throw invalidParameter(`Invalid provisioning type ${params.text('provisioningtype')}`);
      }
      const offering: DiskOffering = {
        id: store.newId(),
        name: params.text('name') ?? '',
        displayText: params.text('displaytext') ?? '',
        diskSize: size ?? 0,
        isCustomized: customized,
        created: ctx.now,
        tags: params.text('tags'),
        provisioningType: provisioning,
        displayOffering: params.bool('displayoffering'),
      };
      store.diskOfferings.set(offering.id, offering);
      return { diskoffering: diskOfferingView.render(offering, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'updateDiskOffering',
      description: 'Changes the name, description, tags or visibility of a disk offering.',
      isAsync: false,
      related: DISK_OFFERING_RELATED,
      params: [
        idParam('id', 'diskoffering', 'ID of the offering', { required: true }),
        param('name', 'string', 'new name'),
        param('displaytext', 'string', 'new description', { length: 4096 }),
        param('displayoffering', 'boolean', 'whether end users see the offering'),
        param('sortkey', 'integer', 'order of the offering in lists'),
        param('tags', 'string', 'new storage tags', { since: '4.15' }),
        param('domainid', 'string', 'domains the offering is limited to', { length: 4096, since: '4.13' }),
        param('zoneid', 'string', 'zones the offering is limited to', { since: '4.13' }),
        param('cachemode', 'string', 'none, writeback or writethrough', { since: '4.15' }),
        ...DISK_RATE_LIMITS.map((name) =>
          param(name, 'long', `disk ${name.replace(/^(bytes|iops)/, '$1 ')} limit`, { since: '4.15' }),
        ),
      ],
      response: diskOfferingView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.requiredId('id');
      const offering = store.diskOfferings.get(id);
      if (!offering) throw invalidParameter(`Unable to find disk offering by id ${id}`);
      offering.name = params.text('name') ?? offering.name;
      offering.displayText = params.text('displaytext') ?? offering.displayText;
      offering.displayOffering = params.bool('displayoffering') ?? offering.displayOffering;
      if (params.has('tags')) offering.tags = params.text('tags');
      store.touch(offering.id);
      return { diskoffering: diskOfferingView.render(offering, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'deleteDiskOffering',
      description: 'Deletes a disk offering (volumes created from it keep their size).',
      isAsync: false,
      related: DISK_OFFERING_RELATED,
      params: [idParam('id', 'diskoffering', 'ID of the offering', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.requiredId('id');
      if (!store.diskOfferings.has(id)) throw invalidParameter(`Unable to find disk offering by id ${id}`);
      store.forget(store.diskOfferings, 'diskoffering', id);
      return { success: true };
    },
  }),
];
