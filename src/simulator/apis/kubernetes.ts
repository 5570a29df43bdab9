// The Kubernetes service plugin (issue 14): its version catalogue (addKubernetesSupportedVersion for root
// admins, listKubernetesSupportedVersions, after KubernetesVersionManagerImpl) and clusters
// (createKubernetesCluster deploys control and worker VMs in a job; listKubernetesClusters;
// getKubernetesClusterConfig), after KubernetesClusterManagerImpl.
import { idParam, pagingParams, param } from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import { createVm, createVolume } from '../state/factory.js';
import type { PublicIp, Vm } from '../state/model.js';
import type { Store } from '../state/store.js';
import { ownerFields } from '../views/common.js';
import { field, formatDate, jobFields, View } from '../views/view.js';
import { vmView } from '../views/vm.js';
import { idNameKeyword, listOf, owned, ownerForCreate, ownerScope } from './listing.js';
import { defineApi, jobStarted } from './types.js';
import { pickHost } from './vms.js';

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

interface KubernetesCluster {
  id: string;
  name: string;
  description: string;
  zoneId: string;
  accountId: string;
  versionId: string;
  serviceOfferingId: string;
  templateId: string;
  networkId: string;
  controlNodes: number;
  size: number;
  keypair?: string;
  vmIds: string[];
  state: 'Starting' | 'Running';
  created: number;
}

const clustersByStore = new WeakMap<Store, Map<string, KubernetesCluster>>();
function clustersOf(store: Store): Map<string, KubernetesCluster> {
  let table = clustersByStore.get(store);
  if (!table) {
    table = new Map();
    clustersByStore.set(store, table);
  }
  return table;
}

/** The fields of a VM CloudStack's KubernetesClusterResponse carries in `virtualmachines`. */
const CLUSTER_VM_FIELDS = [
  'id',
  'name',
  'displayname',
  'account',
  'userid',
  'username',
  'domainid',
  'domain',
  'created',
  'state',
  'haenable',
  'zoneid',
  'zonename',
  'hostid',
  'hostname',
  'guestosid',
  'securitygroup',
  'nic',
  'hypervisor',
  'instancename',
  'isdynamicallyscalable',
  'ostypeid',
  'osdisplayname',
  'details',
  'affinitygroup',
  'displayvm',
  'tags',
  'hasannotations',
  'receivedbytes',
  'sentbytes',
];

/** The network's source NAT address, where CloudStack forwards the API server's port. */
function sourceNatOf(store: Store, cluster: KubernetesCluster): PublicIp | undefined {
  return [...store.publicIps.values()].find((p) => p.networkId === cluster.networkId && p.isSourceNat);
}

function endpointOf(store: Store, cluster: KubernetesCluster): string {
  if (cluster.state !== 'Running') return '';
  const ip = sourceNatOf(store, cluster);
  const control = store.vms.get(cluster.vmIds[0] ?? '');
  const address = ip?.address ?? control?.nics[0]?.ipAddress;
  return address === undefined ? '' : `https://${address}:6443/`;
}

const clusterView = new View<KubernetesCluster>([
  field('id', 'string', 'the id of the Kubernetes cluster', (c) => c.id),
  field('name', 'string', 'the name of the Kubernetes cluster', (c) => c.name),
  field('description', 'string', 'the description of the Kubernetes cluster', (c) => c.description),
  field('zoneid', 'string', 'the name of the zone of the Kubernetes cluster', (c) => c.zoneId),
  field(
    'zonename',
    'string',
    'the name of the zone of the Kubernetes cluster',
    (c, rc) => rc.store.zones.get(c.zoneId)?.name,
  ),
  field(
    'serviceofferingid',
    'string',
    'the ID of the service offering of the Kubernetes cluster',
    (c) => c.serviceOfferingId,
  ),
  field(
    'serviceofferingname',
    'string',
    'the name of the service offering of the Kubernetes cluster',
    (c, rc) => rc.store.serviceOfferings.get(c.serviceOfferingId)?.name,
  ),
  field('templateid', 'string', 'the ID of the template of the Kubernetes cluster', (c) => c.templateId),
  field('networkid', 'string', 'the ID of the network of the Kubernetes cluster', (c) => c.networkId),
  field(
    'associatednetworkname',
    'string',
    'the name of the network of the Kubernetes cluster',
    (c, rc) => rc.store.networks.get(c.networkId)?.name,
  ),
  field(
    'kubernetesversionid',
    'string',
    'the ID of the Kubernetes version for the Kubernetes cluster',
    (c) => c.versionId,
  ),
  field(
    'kubernetesversionname',
    'string',
    'the name of the Kubernetes version for the Kubernetes cluster',
    (c, rc) => versionsOf(rc.store).get(c.versionId)?.name,
  ),
  ...ownerFields<KubernetesCluster>('Kubernetes cluster'),
  field('keypair', 'string', 'keypair details', (c) => c.keypair),
  field(
    'masternodes',
    'long',
    'the master nodes count for the Kubernetes cluster (deprecated)',
    (c) => c.controlNodes,
  ),
  field('controlnodes', 'long', 'the control nodes count for the Kubernetes cluster', (c) => c.controlNodes),
  field('size', 'long', 'the size (worker nodes count) of the Kubernetes cluster', (c) => c.size),
  field('state', 'string', 'the state of the Kubernetes cluster', (c) => c.state),
  field('cpunumber', 'string', 'the cpu cores of the Kubernetes cluster', (c, rc) =>
    String((rc.store.serviceOfferings.get(c.serviceOfferingId)?.cpuNumber ?? 0) * (c.controlNodes + c.size)),
  ),
  field('memory', 'string', 'the memory the Kubernetes cluster', (c, rc) =>
    String((rc.store.serviceOfferings.get(c.serviceOfferingId)?.memory ?? 0) * (c.controlNodes + c.size)),
  ),
  field('endpoint', 'string', 'URL end point for the Kubernetes cluster', (c, rc) => endpointOf(rc.store, c)),
  field(
    'ipaddress',
    'string',
    'Public IP Address of the cluster',
    (c, rc) => sourceNatOf(rc.store, c)?.address,
  ),
  field(
    'ipaddressid',
    'string',
    'Public IP Address ID of the cluster',
    (c, rc) => sourceNatOf(rc.store, c)?.id,
  ),
  field(
    'virtualmachines',
    'list',
    'the list of virtualmachine associated with this Kubernetes cluster',
    (c, rc) =>
      c.vmIds.flatMap((id) => {
        const vm = rc.store.vms.get(id);
        if (!vm) return [];
        const full = vmView.render(vm, rc);
        const picked = Object.fromEntries(
          CLUSTER_VM_FIELDS.filter((k) => k in full).map((k) => [k, full[k]]),
        );
        // The cluster's VM NICs do not repeat the VM's id (as the captured CloudStack answer shows).
        if (Array.isArray(picked.nic)) {
          picked.nic = (picked.nic as Array<Record<string, unknown>>).map(
            ({ virtualmachineid: _, ...nic }) => nic,
          );
        }
        return [picked];
      }),
  ),
  field('autoscalingenabled', 'boolean', 'Whether autoscaling is enabled for the cluster', () => false),
  field('hasannotations', 'boolean', 'whether the cluster has comments', () => false),
  field('created', 'date', 'the date when this Kubernetes cluster was created', (c) => formatDate(c.created)),
  ...jobFields<KubernetesCluster>(),
]);

/** A kubeconfig for the cluster's endpoint, as `kubectl` reads it (the credentials are the simulator's). */
function kubeconfig(store: Store, cluster: KubernetesCluster): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    server: ${endpointOf(store, cluster).replace(/\/$/, '')}`,
    `  name: ${cluster.name}`,
    'contexts:',
    '- context:',
    `    cluster: ${cluster.name}`,
    '    user: kubernetes-admin',
    `  name: kubernetes-admin@${cluster.name}`,
    `current-context: kubernetes-admin@${cluster.name}`,
    'kind: Config',
    'users:',
    '- name: kubernetes-admin',
    '  user:',
    `    token: simulated-${cluster.id}`,
    '',
  ].join('\n');
}

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
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.kubernetes.cluster.CreateKubernetesClusterCmd',
    spec: {
      name: 'createKubernetesCluster',
      description: 'Creates a Kubernetes cluster',
      isAsync: true,
      related: ['listKubernetesClusters'],
      params: [
        param('name', 'string', 'name for the Kubernetes cluster', { required: true }),
        param('description', 'string', 'description for the Kubernetes cluster', { required: true }),
        idParam('zoneid', 'zone', 'availability zone in which Kubernetes cluster to be launched', {
          required: true,
        }),
        param('kubernetesversionid', 'uuid', 'Kubernetes version with which cluster to be launched', {
          required: true,
        }),
        idParam(
          'serviceofferingid',
          'serviceoffering',
          'the ID of the service offering for the virtual machines in the cluster.',
          {
            required: true,
          },
        ),
        param('size', 'long', 'number of Kubernetes cluster worker nodes', { required: true }),
        param('controlnodes', 'long', 'number of Kubernetes cluster control nodes, default is 1'),
        param('masternodes', 'long', 'number of Kubernetes cluster master nodes, default is 1 (deprecated)'),
        idParam('networkid', 'network', 'Network in which Kubernetes cluster is to be launched'),
        param('keypair', 'string', 'name of the ssh key pair used to login to the virtual machines'),
        param(
          'account',
          'string',
          'an optional account for the virtual machine. Must be used with domainId.',
        ),
        idParam('domainid', 'domain', 'an optional domainId for the virtual machine.'),
        idParam('projectid', 'project', 'Deploy cluster for the project'),
        param('noderootdisksize', 'long', 'root disk size in GB for each node'),
        param(
          'externalloadbalanceripaddress',
          'string',
          'external load balancer IP address while using shared network',
        ),
        param('dockerregistryurl', 'string', 'URL for the docker image private registry'),
        param('dockerregistryusername', 'string', 'user name for the docker image private registry'),
        param('dockerregistrypassword', 'string', 'password for the docker image private registry'),
      ],
      response: clusterView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const zone = store.zone(params.requiredId('zoneid'));
      const version = versionsOf(store).get(params.text('kubernetesversionid') ?? '');
      if (!version) throw invalidParameter('Invalid Kubernetes version ID provided');
      const offering = store.serviceOfferings.get(params.requiredId('serviceofferingid'));
      if (!offering) throw invalidParameter('No service offering found');
      const size = params.int('size') ?? 0;
      const controlNodes = params.int('controlnodes') ?? params.int('masternodes') ?? 1;
      if (size < 1 || size > 100) throw invalidParameter(`Invalid cluster size: ${size}`);
      if (controlNodes < 1 || (controlNodes > 1 && compareVersions(version.semanticVersion, '1.16.0') < 0)) {
        throw invalidParameter(`Invalid control nodes count: ${controlNodes}`);
      }
      // KubernetesClusterManagerImpl.validateServiceOffering
      if ((offering.cpuNumber ?? 0) < version.minCpuNumber) {
        throw invalidParameter(
          `Kubernetes cluster cannot be created with service offering ID: ${offering.id}, Kubernetes version ID: ${version.id} needs minimum ${version.minCpuNumber} vCPUs`,
        );
      }
      if ((offering.memory ?? 0) < version.minMemory) {
        throw invalidParameter(
          `Kubernetes cluster cannot be created with service offering ID: ${offering.id}, associated Kubernetes version ID: ${version.id} needs minimum ${version.minMemory}MB RAM`,
        );
      }
      const ownerId = ownerForCreate(ctx);
      const name = params.text('name') ?? '';
      if ([...clustersOf(store).values()].some((c) => c.accountId === ownerId && c.name === name)) {
        throw invalidParameter(`A Kubernetes cluster with name ${name} already exists for the account`);
      }
      const networkId = params.id('networkid');
      const network =
        networkId !== undefined
          ? store.networks.get(networkId)
          : [...store.networks.values()].find(
              (n) =>
                n.accountId === ownerId &&
                n.zoneId === zone.id &&
                n.type === 'Isolated' &&
                n.vpcId === undefined,
            );
      if (!network || network.zoneId !== zone.id || network.type !== 'Isolated') {
        throw invalidParameter(
          'Kubernetes clusters need an isolated network of the owner in the zone (networkid)',
        );
      }
      const template = [...store.templates.values()].find((t) => !t.isIso && t.zoneIds.includes(zone.id));
      if (!template) throw invalidParameter(`Unable to find the system VM template for zone ${zone.name}`);
      const owner = store.accounts.get(ownerId);
      const user = [...store.users.values()].find((u) => u.accountId === ownerId) ?? ctx.caller.user;
      const cluster: KubernetesCluster = {
        id: store.newId(),
        name,
        description: params.text('description') ?? '',
        zoneId: zone.id,
        accountId: owner?.id ?? ownerId,
        versionId: version.id,
        serviceOfferingId: offering.id,
        templateId: template.id,
        networkId: network.id,
        controlNodes,
        size,
        keypair: params.text('keypair'),
        vmIds: [],
        state: 'Starting',
        created: ctx.now,
      };
      clustersOf(store).set(cluster.id, cluster);
      const job = ctx.startJob({
        instanceType: 'KubernetesCluster',
        instanceId: cluster.id,
        finish() {
          const suffix = cluster.id.slice(0, 8);
          const names = [
            ...Array.from(
              { length: controlNodes },
              (_, i) => `${name}-control-${suffix}${controlNodes > 1 ? `-${i + 1}` : ''}`,
            ),
            ...Array.from({ length: size }, (_, i) => `${name}-node-${suffix}-${i + 1}`),
          ];
          for (const vmName of names) {
            const vm: Vm = createVm(store, {
              name: vmName,
              accountId: cluster.accountId,
              userId: user.id,
              zoneId: zone.id,
              templateId: template.id,
              serviceOfferingId: offering.id,
              cpuNumber: offering.cpuNumber ?? 1,
              cpuSpeed: offering.cpuSpeed ?? 500,
              memory: offering.memory ?? 512,
              osTypeId: template.osTypeId,
              state: 'Running',
              networks: [network],
              keypairs: cluster.keypair ? [cluster.keypair] : [],
              created: ctx.now,
            });
            vm.hostId = pickHost(store, vm);
            vm.lastHostId = vm.hostId;
            createVolume(store, {
              name: `ROOT-${vm.internalId}`,
              type: 'ROOT',
              accountId: cluster.accountId,
              zoneId: zone.id,
              vmId: vm.id,
              deviceId: 0,
              templateId: template.id,
              size: (params.int('noderootdisksize') ?? 8) * 1024 ** 3,
              state: 'Ready',
              created: ctx.now,
            });
            cluster.vmIds.push(vm.id);
          }
          cluster.state = 'Running';
          store.touch(cluster.id);
          return { kubernetescluster: clusterView.render(cluster, ctx.rc) };
        },
        rollback() {
          clustersOf(store).delete(cluster.id);
        },
      });
      return jobStarted(job.id, cluster.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listKubernetesClusters',
      description: 'Lists Kubernetes clusters',
      isAsync: false,
      related: ['createKubernetesCluster'],
      params: [
        param('id', 'uuid', 'the ID of the Kubernetes cluster'),
        param(
          'name',
          'string',
          'name of the Kubernetes cluster (a substring match is made against the parameter value)',
        ),
        param('state', 'string', 'state of the Kubernetes cluster'),
        param('account', 'string', 'list resources by account. Must be used with the domainId parameter.'),
        idParam('domainid', 'domain', 'list only resources belonging to the domain specified'),
        param(
          'isrecursive',
          'boolean',
          'defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves.',
        ),
        param('listall', 'boolean', "If set to false, list only resources belonging to the command's caller"),
        idParam('projectid', 'project', 'list objects by project'),
        ...pagingParams,
      ],
      response: clusterView.fields,
    },
    handle(ctx) {
      const owners = ownerScope(ctx);
      const matches = idNameKeyword<KubernetesCluster>(ctx.params);
      const state = ctx.params.text('state')?.toLowerCase();
      const items = [...clustersOf(ctx.store).values()].filter(
        (c) => owners(c.accountId) && matches(c) && (state === undefined || c.state.toLowerCase() === state),
      );
      return listOf(ctx, 'kubernetescluster', items, clusterView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'getKubernetesClusterConfig',
      description: 'Get Kubernetes cluster config',
      isAsync: false,
      related: ['listKubernetesClusters'],
      params: [param('id', 'uuid', 'the ID of the Kubernetes cluster')],
      response: [
        { name: 'id', type: 'string', description: 'the id of the container cluster' },
        { name: 'name', type: 'string', description: 'Name of the container cluster' },
        { name: 'configdata', type: 'string', description: 'the config data of the cluster' },
      ],
    },
    handle(ctx) {
      const id = ctx.params.text('id') ?? '';
      const cluster = owned(
        ctx,
        clustersOf(ctx.store),
        id,
        'Invalid Kubernetes cluster ID provided',
        `Access denied to Kubernetes cluster ${id}`,
      );
      if (cluster.state !== 'Running') {
        throw invalidParameter(
          `Kubernetes cluster : ${cluster.name} is not in a state to retrieve its config`,
        );
      }
      return {
        clusterconfig: { id: cluster.id, name: cluster.name, configdata: kubeconfig(ctx.store, cluster) },
      };
    },
  }),
];
