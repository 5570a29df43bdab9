// Zones, pods, clusters and hosts.
import { idAndNameParams, idParam, pagingParams, param, showIconParam } from '../catalog/params.js';
import type { Cluster, Host, Pod, Zone } from '../state/model.js';
import { clusterView, hostView, podView, zoneView } from '../views/infrastructure.js';
import { idNameKeyword, listOf } from './listing.js';
import { defineApi } from './types.js';

const showCapacities = param('showcapacities', 'boolean', 'whether to include capacity figures');

export const infrastructureApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listZones',
      description: 'Lists the zones the caller can deploy to.',
      isAsync: false,
      related: ['listPods'],
      params: [
        ...idAndNameParams('zone', 'zone'),
        param('available', 'boolean', 'true for zones the caller can use (all zones here)'),
        idParam('domainid', 'domain', 'only zones dedicated to this domain'),
        param('networktype', 'string', 'only zones of this network type: Advanced or Basic'),
        showCapacities,
        param('tags', 'map', 'only zones with these resource tags', { since: '4.3' }),
        showIconParam,
        ...pagingParams,
      ],
      response: zoneView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword(params, (z: Zone) => [z.name, z.description]);
      const networkType = params.text('networktype');
      const dedicatedTo = params.id('domainid');
      const items = [...store.zones.values()].filter(
        (z) =>
          dedicatedTo === undefined &&
          matches(z) &&
          (networkType === undefined || z.networkType.toLowerCase() === networkType.toLowerCase()),
      );
      return listOf(ctx, 'zone', items, zoneView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listPods',
      description: 'Lists pods, the racks of a zone.',
      isAsync: false,
      related: ['listZones', 'listClusters'],
      params: [
        ...idAndNameParams('pod', 'pod'),
        idParam('zoneid', 'zone', 'only pods of this zone'),
        param('allocationstate', 'string', 'only pods in this allocation state: Enabled or Disabled'),
        showCapacities,
        ...pagingParams,
      ],
      response: podView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword<Pod>(params);
      const zoneId = params.id('zoneid');
      const state = params.text('allocationstate');
      const items = [...store.pods.values()].filter(
        (p) =>
          matches(p) &&
          (zoneId === undefined || p.zoneId === zoneId) &&
          (state === undefined || state.toLowerCase() === 'enabled'),
      );
      return listOf(ctx, 'pod', items, podView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listClusters',
      description: 'Lists clusters, the groups of hosts of a pod.',
      isAsync: false,
      related: ['listPods', 'listHosts'],
      params: [
        ...idAndNameParams('cluster', 'cluster'),
        idParam('zoneid', 'zone', 'only clusters of this zone'),
        idParam('podid', 'pod', 'only clusters of this pod'),
        param('hypervisor', 'string', 'only clusters of this hypervisor'),
        param('clustertype', 'string', 'only clusters of this type: CloudManaged or ExternalManaged'),
        param('allocationstate', 'string', 'only clusters in this allocation state'),
        param('managedstate', 'string', 'only clusters in this managed state'),
        showCapacities,
        ...pagingParams,
      ],
      response: clusterView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword<Cluster>(params);
      const zoneId = params.id('zoneid');
      const podId = params.id('podid');
      const hypervisor = params.text('hypervisor');
      const items = [...store.clusters.values()].filter(
        (c) =>
          matches(c) &&
          (zoneId === undefined || c.zoneId === zoneId) &&
          (podId === undefined || c.podId === podId) &&
          (hypervisor === undefined || hypervisor.toLowerCase() === 'simulator'),
      );
      return listOf(ctx, 'cluster', items, clusterView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listHosts',
      description: 'Lists the hypervisor hosts.',
      isAsync: false,
      related: ['listClusters'],
      params: [
        ...idAndNameParams('host', 'host'),
        idParam('zoneid', 'zone', 'only hosts of this zone'),
        idParam('podid', 'pod', 'only hosts of this pod'),
        idParam('clusterid', 'cluster', 'only hosts of this cluster'),
        param('type', 'string', 'only hosts of this type, e.g. Routing'),
        param('state', 'string', 'only hosts in this state, e.g. Up'),
        param('resourcestate', 'string', 'only hosts in this resource state, e.g. Enabled'),
        param('hypervisor', 'string', 'only hosts of this hypervisor'),
        idParam('virtualmachineid', 'vm', 'only the host running this virtual machine'),
        param('hahost', 'boolean', 'only hosts reserved for HA'),
        param('outofbandmanagementenabled', 'boolean', 'only hosts with out-of-band management on or off'),
        param('outofbandmanagementpowerstate', 'string', 'only hosts in this out-of-band power state'),
        param('details', 'list', 'which details to include: all, capacity, events, stats, min'),
        ...pagingParams,
      ],
      response: hostView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword<Host>(params);
      const zoneId = params.id('zoneid');
      const podId = params.id('podid');
      const clusterId = params.id('clusterid');
      const type = params.text('type');
      const state = params.text('state');
      const vmId = params.id('virtualmachineid');
      const hahost = params.bool('hahost');
      const vmHost = vmId === undefined ? undefined : store.vms.get(vmId)?.hostId;
      const items = [...store.hosts.values()].filter(
        (h) =>
          matches(h) &&
          (zoneId === undefined || h.zoneId === zoneId) &&
          (podId === undefined || h.podId === podId) &&
          (clusterId === undefined || h.clusterId === clusterId) &&
          (type === undefined || type.toLowerCase() === 'routing') &&
          (state === undefined || state.toLowerCase() === 'up') &&
          (vmId === undefined || h.id === vmHost) &&
          hahost !== true,
      );
      return listOf(ctx, 'host', items, hostView);
    },
  }),
];
