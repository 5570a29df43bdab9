// Storage administration (issue 14): createStoragePool, deleteStoragePool, addImageStore, deleteImageStore
// (root admins, synchronous). Grounded in api/.../command/admin/storage/{CreateStoragePoolCmd,
// DeleteStoragePoolCmd,AddImageStoreCmd,DeleteImageStoreCmd}.java and server/.../storage/StorageManagerImpl.java
// (createPool's scope checks, deletePool's "associated non-destroyed vols", deleteImageStore's refusal).
import { idParam, param } from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import type { ImageStore, StoragePool } from '../state/model.js';
import { imageStoreView, poolOfVolume, storagePoolView } from '../views/storage.js';
import { defineApi, SUCCESS_FIELDS } from './types.js';

const PROVIDERS = ['NFS', 'S3', 'Swift'];

/** `nfs://host/path` (or another scheme) split as CloudStack's UriUtils does for a pool URL. */
function parsePoolUrl(url: string): { protocol: string; host: string; path: string } {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(url);
  if (!match) throw invalidParameter(`${url} is not a valid uri`);
  return { protocol: (match[1] ?? '').toLowerCase(), host: match[2] ?? '', path: match[3] ?? '/' };
}

export const storageAdminApis = [
  defineApi({
    access: 'admin',
    spec: {
      name: 'createStoragePool',
      description: 'Adds a primary storage pool to a cluster (scope cluster) or a whole zone (scope zone).',
      isAsync: false,
      related: ['listStoragePools'],
      params: [
        param('name', 'string', 'name of the pool', { required: true }),
        param('url', 'string', 'URL of the pool, e.g. nfs://10.0.0.5/export/primary', { required: true }),
        idParam('zoneid', 'zone', 'zone of the pool', { required: true }),
        idParam('podid', 'pod', 'pod of the pool (scope cluster)'),
        idParam('clusterid', 'cluster', 'cluster of the pool (scope cluster)'),
        param('scope', 'string', 'cluster (the default with clusterid) or zone'),
        param('hypervisor', 'string', 'hypervisor of the hosts that use a zone-wide pool'),
        param('capacitybytes', 'long', 'bytes the pool may provision'),
        param('capacityiops', 'long', 'IOPS the pool may provision'),
        param('tags', 'string', 'storage tags of the pool'),
        param('provider', 'string', 'storage provider (DefaultPrimary when not given)'),
        param('managed', 'boolean', 'whether CloudStack manages the storage'),
        param('details', 'map', 'details of the pool'),
      ],
      response: storagePoolView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const zone = store.zone(params.requiredId('zoneid'));
      const clusterId = params.id('clusterid');
      const podId = params.id('podid');
      const scope = (params.text('scope') ?? (clusterId === undefined ? 'zone' : 'cluster')).toUpperCase();
      if (scope !== 'CLUSTER' && scope !== 'ZONE') {
        throw invalidParameter(`Invalid scope ${params.text('scope')}: only cluster and zone are supported`);
      }
      // StorageManagerImpl.createPool
      if (scope === 'CLUSTER' && clusterId === undefined) {
        throw invalidParameter("cluster id can't be null, if scope is cluster");
      }
      if (clusterId !== undefined && podId === undefined) {
        throw invalidParameter('Cluster id requires pod id');
      }
      const url = parsePoolUrl(params.text('url') ?? '');
      const pool: StoragePool = {
        id: store.newId(),
        name: params.text('name') ?? '',
        zoneId: zone.id,
        podId: scope === 'CLUSTER' ? podId : undefined,
        clusterId: scope === 'CLUSTER' ? clusterId : undefined,
        scope,
        ipAddress: url.host,
        path: url.path,
        capacity: params.int('capacitybytes') ?? 2 * 1024 ** 4,
        created: ctx.now,
      };
      store.storagePools.set(pool.id, pool);
      return { storagepool: storagePoolView.render(pool, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'deleteStoragePool',
      description:
        'Removes a primary storage pool that holds no volumes (forced: destroyed ones are expunged).',
      isAsync: false,
      related: ['listStoragePools'],
      params: [
        idParam('id', 'storagepool', 'ID of the pool', { required: true }),
        param('forced', 'boolean', 'expunge the destroyed volumes still on the pool'),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const pool = store.storagePools.get(params.requiredId('id'));
      if (!pool) throw invalidParameter('Unable to find pool by id');
      const forced = params.bool('forced') === true;
      const on = [...store.volumes.values()].filter((v) => poolOfVolume(store, v)?.id === pool.id);
      // StorageManagerImpl.deletePool: live volumes always refuse; destroyed ones unless forced.
      if (on.some((v) => v.state !== 'Destroy' && v.state !== 'Expunged') || (!forced && on.length > 0)) {
        throw invalidParameter(
          `Cannot delete pool ${pool.name} as there are associated non-destroyed vols for this pool`,
        );
      }
      store.forget(store.storagePools, 'storagepool', pool.id);
      return { success: true };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'addImageStore',
      description: 'Adds an image store (secondary storage for templates, ISOs and snapshots) to a zone.',
      isAsync: false,
      since: '4.2.0',
      related: ['listImageStores'],
      params: [
        param('provider', 'string', 'provider of the store: NFS, S3 or Swift', { required: true }),
        param('name', 'string', 'name of the store (the URL when not given)'),
        param('url', 'string', 'URL of the store, e.g. nfs://10.0.0.5/export/secondary', { length: 2048 }),
        idParam('zoneid', 'zone', 'zone of the store'),
        param('details', 'map', 'details of the store (credentials of S3 and Swift stores)'),
      ],
      response: imageStoreView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const provider = params.text('provider') ?? '';
      const providerName = PROVIDERS.find((p) => p.toLowerCase() === provider.toLowerCase());
      if (!providerName) throw invalidParameter(`Cannot find image store provider by name: ${provider}`);
      const zoneId = params.id('zoneid');
      if (zoneId === undefined) throw invalidParameter('Zone id is required for an NFS image store');
      const url = params.text('url') ?? '';
      const protocol = parsePoolUrl(url).protocol;
      const imageStore: ImageStore = {
        id: store.newId(),
        name: params.text('name') ?? url,
        zoneId: store.zone(zoneId).id,
        url,
        protocol,
        providerName,
        capacity: 2 * 1024 ** 4,
      };
      store.imageStores.set(imageStore.id, imageStore);
      return { imagestore: imageStoreView.render(imageStore, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'deleteImageStore',
      description: "Removes an image store; a zone's last store goes only once the zone has no templates.",
      isAsync: false,
      since: '4.2.0',
      related: ['listImageStores'],
      params: [idParam('id', 'imagestore', 'ID of the store', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const imageStore = store.imageStores.get(params.requiredId('id'));
      if (!imageStore) throw invalidParameter('Unable to find image store by id');
      // The simulator keeps images per zone, not per store: the zone's last store holds them all.
      const others = [...store.imageStores.values()].some(
        (s) => s.id !== imageStore.id && s.zoneId === imageStore.zoneId,
      );
      const images = [...store.templates.values()].some((t) => t.zoneIds.includes(imageStore.zoneId));
      if (!others && images) {
        throw invalidParameter('Cannot delete image store with active templates backup!');
      }
      store.forget(store.imageStores, 'imagestore', imageStore.id);
      return { success: true };
    },
  }),
];
