// Volumes (created with their virtual machines; listed here).
import { idListParam, idParam, ownerListParams, pagingParams, param } from '../catalog/params.js';
import type { Volume } from '../state/model.js';
import { volumeView } from '../views/volume.js';
import { idNameKeyword, listOf, ownerScope } from './listing.js';
import { matchesTags } from './tags.js';
import { defineApi } from './types.js';

export const volumeApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listVolumes',
      description: "Lists volumes: the caller's own, or with listall every one it may see.",
      isAsync: false,
      related: ['listVirtualMachines'],
      params: [
        idParam('id', 'volume', 'only the volume with this ID'),
        idListParam('ids', 'volume', 'only the volumes with these IDs', { since: '4.9' }),
        param('name', 'string', 'only volumes with this name'),
        param('type', 'string', 'only volumes of this type: ROOT or DATADISK'),
        param('state', 'string', 'only volumes in this state: Allocated, Ready, Destroy, ...'),
        idParam('virtualmachineid', 'vm', 'only volumes of this virtual machine'),
        idParam('zoneid', 'zone', 'only volumes in this zone'),
        idParam('podid', 'pod', 'only volumes in this pod'),
        idParam('clusterid', 'cluster', 'only volumes in this cluster'),
        idParam('hostid', 'host', 'only volumes of VMs on this host'),
        idParam('diskofferingid', 'diskoffering', 'only volumes with this disk offering', { since: '4.4' }),
        param('storageid', 'string', 'only volumes on this storage pool', { since: '4.3' }),
        param('displayvolume', 'boolean', 'only volumes shown (or hidden) to end users', { since: '4.4' }),
        param('listsystemvms', 'boolean', 'include volumes of system VMs (root admins)', { since: '4.18' }),
        param('tags', 'map', 'only volumes with these resource tags'),
        ...ownerListParams('volumes'),
        ...pagingParams,
      ],
      response: volumeView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const matches = idNameKeyword<Volume>(params);
      const ids = params.idList('ids');
      const type = params.text('type')?.toLowerCase();
      const state = params.text('state')?.toLowerCase();
      const vmId = params.id('virtualmachineid');
      const zoneId = params.id('zoneid');
      const podId = params.id('podid');
      const clusterId = params.id('clusterid');
      const hostId = params.id('hostid');
      const diskOfferingId = params.id('diskofferingid');
      const storageId = params.text('storageid');
      const displayVolume = params.bool('displayvolume');
      const tags = params.keyValuePairs('tags');
      const hostOf = (vmIdOfVolume: string | undefined) => {
        const vm = vmIdOfVolume ? store.vms.get(vmIdOfVolume) : undefined;
        return vm?.hostId ? store.hosts.get(vm.hostId) : undefined;
      };
      const items = [...store.volumes.values()].filter(
        (v) =>
          inScope(v.accountId) &&
          matches(v) &&
          (ids === undefined || ids.includes(v.id)) &&
          (type === undefined || v.type.toLowerCase() === type) &&
          (state === undefined || v.state.toLowerCase() === state) &&
          (vmId === undefined || v.vmId === vmId) &&
          (zoneId === undefined || v.zoneId === zoneId) &&
          (podId === undefined || hostOf(v.vmId)?.podId === podId) &&
          (clusterId === undefined || hostOf(v.vmId)?.clusterId === clusterId) &&
          (hostId === undefined || hostOf(v.vmId)?.id === hostId) &&
          (diskOfferingId === undefined || v.diskOfferingId === diskOfferingId) &&
          storageId === undefined &&
          displayVolume !== false &&
          matchesTags(store, v.id, tags),
      );
      return listOf(ctx, 'volume', items, volumeView);
    },
  }),
];
