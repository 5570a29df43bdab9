// The Kubernetes service plugin's version catalogue (issue 14): addKubernetesSupportedVersion (root admins)
// and listKubernetesSupportedVersions (users), after KubernetesVersionManagerImpl. Kubernetes clusters are
// not modelled yet.
import { idParam, pagingParams, param } from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import type { Store } from '../state/store.js';
import { field, formatDate, jobFields, View } from '../views/view.js';
import { listOf } from './listing.js';
import { defineApi } from './types.js';

interface KubernetesVersion {
  id: string;
  name: string;
  semanticVersion: string;
  isoId: string;
  zoneId?: string;
  minCpuNumber: number;
  minMemory: number;
  created: number;
}

const versionsByStore = new WeakMap<Store, Map<string, KubernetesVersion>>();
function versionsOf(store: Store): Map<string, KubernetesVersion> {
  let table = versionsByStore.get(store);
  if (!table) {
    table = new Map();
    versionsByStore.set(store, table);
  }
  return table;
}

/** 1.23.3 < 1.24.0: semantic versions compared part by part. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const versionView = new View<KubernetesVersion>([
  field('id', 'string', 'the id of the Kubernetes supported version', (v) => v.id),
  field('name', 'string', 'Name of the Kubernetes supported version', (v) => v.name),
  field('semanticversion', 'string', 'Kubernetes semantic version', (v) => v.semanticVersion),
  field('isoid', 'string', 'the id of the binaries ISO for Kubernetes supported version', (v) => v.isoId),
  field(
    'isoname',
    'string',
    'the name of the binaries ISO for Kubernetes supported version',
    (v) => `${v.name}-Kubernetes-Binaries-ISO`,
  ),
  field(
    'isostate',
    'string',
    'the state of the binaries ISO for Kubernetes supported version',
    () => 'Ready',
  ),
  field(
    'zoneid',
    'string',
    'the id of the zone in which Kubernetes supported version is available',
    (v) => v.zoneId,
  ),
  field(
    'zonename',
    'string',
    'the name of the zone in which Kubernetes supported version is available',
    (v, rc) => (v.zoneId === undefined ? undefined : rc.store.zones.get(v.zoneId)?.name),
  ),
  // Since 1.16.0 every version supports HA control planes and (4.18) autoscaling.
  field(
    'supportsha',
    'boolean',
    'whether Kubernetes supported version supports HA, multi-control nodes',
    (v) => compareVersions(v.semanticVersion, '1.16.0') >= 0,
  ),
  field(
    'supportsautoscaling',
    'boolean',
    'whether Kubernetes supported version supports Autoscaling',
    (v) => compareVersions(v.semanticVersion, '1.16.0') >= 0,
  ),
  field(
    'state',
    'string',
    'the enabled or disabled state of the Kubernetes supported version',
    () => 'Enabled',
  ),
  field(
    'mincpunumber',
    'integer',
    'the minimum number of CPUs needed for the Kubernetes supported version',
    (v) => v.minCpuNumber,
  ),
  field(
    'minmemory',
    'integer',
    'the minimum RAM size in MB needed for the Kubernetes supported version',
    (v) => v.minMemory,
  ),
  field('created', 'date', 'the date when this Kubernetes supported version was created', (v) =>
    formatDate(v.created),
  ),
  ...jobFields<KubernetesVersion>(),
]);

export const kubernetesApis = [
  defineApi({
    access: 'admin',
    spec: {
      name: 'addKubernetesSupportedVersion',
      description: 'Add a supported Kubernetes version',
      isAsync: false,
      related: ['listKubernetesSupportedVersions'],
      params: [
        param(
          'semanticversion',
          'string',
          'the semantic version of the Kubernetes version (major.minor.patch)',
          {
            required: true,
          },
        ),
        param('name', 'string', 'the name of the Kubernetes supported version'),
        idParam(
          'zoneid',
          'zone',
          'the ID of the zone in which Kubernetes supported version will be available',
        ),
        param('url', 'string', 'the URL of the binaries ISO for Kubernetes supported version'),
        param('checksum', 'string', 'the checksum value of the binaries ISO'),
        param('mincpunumber', 'integer', 'the minimum number of CPUs to be set with the Kubernetes version', {
          required: true,
        }),
        param('minmemory', 'integer', 'the minimum RAM size in MB to be set with the Kubernetes version', {
          required: true,
        }),
      ],
      response: versionView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const semantic = params.text('semanticversion') ?? '';
      if (!/^\d+\.\d+\.\d+$/.test(semantic)) {
        throw invalidParameter(
          `Invalid semantic version: ${semantic}, it must be in the form major.minor.patch`,
        );
      }
      if (compareVersions(semantic, '1.11.0') < 0) {
        throw invalidParameter(
          'New supported Kubernetes version cannot be added as 1.11.0 is minimum version supported by Kubernetes Service',
        );
      }
      const url = params.text('url');
      if (!url || !/^https?:\/\//i.test(url)) {
        throw invalidParameter('Invalid URL for ISO specified');
      }
      const minCpu = params.int('mincpunumber') ?? 0;
      const minMemory = params.int('minmemory') ?? 0;
      if (minCpu < 2) throw invalidParameter('Invalid value for mincpunumber: at least 2 CPUs are needed');
      if (minMemory < 2048)
        throw invalidParameter('Invalid value for minmemory: at least 2048 MB are needed');
      const version: KubernetesVersion = {
        id: store.newId(),
        name: params.text('name') ?? `v${semantic}`,
        semanticVersion: semantic,
        isoId: store.newId(),
        zoneId: params.id('zoneid'),
        minCpuNumber: minCpu,
        minMemory,
        created: ctx.now,
      };
      versionsOf(store).set(version.id, version);
      return { kubernetessupportedversion: versionView.render(version, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listKubernetesSupportedVersions',
      description: 'Lists supported Kubernetes version',
      isAsync: false,
      related: ['addKubernetesSupportedVersion'],
      params: [
        param('id', 'uuid', 'the ID of the Kubernetes supported version'),
        idParam(
          'zoneid',
          'zone',
          'the ID of the zone in which Kubernetes supported version will be available',
        ),
        param('minimumsemanticversion', 'string', 'the minimum semantic version to be listed'),
        param('minimumkubernetesversionid', 'uuid', 'the ID of the minimum Kubernetes supported version'),
        ...pagingParams,
      ],
      response: versionView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const table = versionsOf(store);
      const id = params.text('id');
      const zoneId = params.id('zoneid');
      const minimumId = params.text('minimumkubernetesversionid');
      const minimum =
        params.text('minimumsemanticversion') ??
        (minimumId ? table.get(minimumId)?.semanticVersion : undefined);
      const keyword = params.text('keyword')?.toLowerCase();
      const items = [...table.values()].filter(
        (v) =>
          (id === undefined || v.id === id) &&
          (zoneId === undefined || v.zoneId === undefined || v.zoneId === zoneId) &&
          (minimum === undefined || compareVersions(v.semanticVersion, minimum) >= 0) &&
          (keyword === undefined || v.name.toLowerCase().includes(keyword)),
      );
      return listOf(ctx, 'kubernetessupportedversion', items, versionView);
    },
  }),
];
