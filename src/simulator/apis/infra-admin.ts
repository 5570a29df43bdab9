// Host and cluster administration (issue 14): addHost, addCluster, prepareHostForMaintenance, cancelHostMaintenance,
// enable/disable HA and out-of-band management for hosts and clusters, updateCluster, deleteCluster,
// dedicateCluster, releaseDedicatedCluster (root admins). Grounded in server/.../resource/ResourceManagerImpl.java
// (maintain, cancelMaintenance, deleteCluster, updateCluster texts), api/.../command/admin/{host,cluster,ha,
// outofbandmanagement}/*Cmd.java and plugins/dedicated-resources DedicatedResourceManagerImpl.java.

import { idParam, param } from '../catalog/params.js';
import type { FieldSpec } from '../catalog/types.js';
import { internalError, invalidParameter } from '../errors.js';
import type { Cluster, Host } from '../state/model.js';
import type { Store } from '../state/store.js';
import { clusterView, hostView } from '../views/infrastructure.js';
import { type CallContext, defineApi, jobStarted, type SimulatedApi, SUCCESS_FIELDS } from './types.js';

const ADMIN_CMD = 'org.apache.cloudstack.api.command.admin';

const HA_FIELDS: FieldSpec[] = [
  { name: 'hostid', type: 'string', description: 'ID of the host' },
  { name: 'haenable', type: 'boolean', description: 'whether HA is enabled for the host' },
  { name: 'hastate', type: 'hastate', description: 'HA state of the host' },
  { name: 'haprovider', type: 'string', description: 'HA provider of the host' },
  { name: 'status', type: 'boolean', description: 'whether the operation succeeded' },
];

const OOBM_FIELDS: FieldSpec[] = [
  { name: 'hostid', type: 'string', description: 'ID of the host' },
  { name: 'enabled', type: 'boolean', description: 'whether out-of-band management is enabled' },
  { name: 'powerstate', type: 'powerstate', description: 'power state reported out of band' },
  { name: 'status', type: 'boolean', description: 'whether the operation succeeded' },
];

const DEDICATED_CLUSTER_FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string', description: 'ID of the dedication' },
  { name: 'clusterid', type: 'string', description: 'ID of the cluster' },
  { name: 'clustername', type: 'string', description: 'name of the cluster' },
  { name: 'domainid', type: 'string', description: 'domain the cluster is dedicated to' },
  { name: 'accountid', type: 'string', description: 'account the cluster is dedicated to' },
  { name: 'affinitygroupid', type: 'string', description: 'explicit dedication affinity group' },
];

function requireHost(store: Store, id: string): Host {
  const host = store.hosts.get(id);
  // ResourceManagerImpl.maintain / cancelMaintenance
  if (!host) throw invalidParameter(`Unable to find host with ID: ${id}. Please specify a valid host ID.`);
  return host;
}

function requireCluster(store: Store, id: string): Cluster {
  const cluster = store.clusters.get(id);
  if (!cluster) throw internalError(`Cluster: ${id} does not exist`);
  return cluster;
}

/** The Up and Enabled hosts a VM leaving `host` can go to: its cluster's first, else the zone's. */
function migrationTargets(store: Store, host: Host): Host[] {
  const usable = [...store.hosts.values()].filter(
    (h) =>
      h.id !== host.id &&
      h.zoneId === host.zoneId &&
      (h.resourceState ?? 'Enabled') === 'Enabled' &&
      store.clusters.get(h.clusterId)?.allocationState !== 'Disabled',
  );
  const sameCluster = usable.filter((h) => h.clusterId === host.clusterId);
  return sameCluster.length > 0 ? sameCluster : usable;
}

function hostMaintenanceApi(enter: boolean): SimulatedApi {
  return defineApi({
    access: 'admin',
    cmdClass: `${ADMIN_CMD}.host.${enter ? 'PrepareForMaintenanceCmd' : 'CancelMaintenanceCmd'}`,
    spec: {
      name: enter ? 'prepareHostForMaintenance' : 'cancelHostMaintenance',
      description: enter
        ? 'Prepares a host for maintenance: its running VMs move to other hosts, then it is in Maintenance.'
        : 'Cancels host maintenance: the host takes VMs again.',
      isAsync: true,
      related: ['listHosts'],
      params: [idParam('id', 'host', 'the host ID', { required: true })],
      response: hostView.fields,
    },
    handle(ctx: CallContext) {
      const { store } = ctx;
      const host = requireHost(store, ctx.params.requiredId('id'));
      const job = ctx.startJob({
        instanceType: 'Host',
        instanceId: host.id,
        begin() {
          const state = host.resourceState ?? 'Enabled';
          if (enter) {
            // ResourceState.canAttemptMaintenance: Enabled, Disabled, ErrorInMaintenance.
            if (state === 'PrepareForMaintenance' || state === 'Maintenance') {
              throw internalError(
                `Host is already in state ${state}. Cannot recall for maintenance until resolved.`,
              );
            }
            const busy = [...store.vms.values()].filter((vm) => vm.hostId === host.id);
            if (busy.some((vm) => vm.state === 'Starting' || vm.state === 'Stopping')) {
              throw internalError(
                'Host contains VMs in starting/stopping state. Please wait for them to complete before putting to maintenance.',
              );
            }
            if (busy.some((vm) => vm.state === 'Error')) {
              throw internalError(
                'Host contains VMs in error/unknown/shutdown state. Please fix errors to proceed.',
              );
            }
            host.resourceState = 'PrepareForMaintenance';
          } else if (
            state !== 'PrepareForMaintenance' &&
            state !== 'Maintenance' &&
            state !== 'ErrorInMaintenance'
          ) {
            throw internalError(
              `Cannot perform cancelMaintenance when resource state is ${state}, hostId = ${host.id}`,
            );
          }
          store.touch(host.id);
        },
        finish() {
          if (enter) {
            // The VMs migrate away (HighAvailabilityManager.scheduleMigration); with nowhere to go they stop.
            const targets = migrationTargets(store, host);
            let next = 0;
            for (const vm of store.vms.values()) {
              if (vm.hostId !== host.id) continue;
              const target = targets[next++ % Math.max(1, targets.length)];
              if (target) vm.hostId = target.id;
              else {
                vm.state = 'Stopped';
                vm.hostId = undefined;
              }
              store.touch(vm.id);
            }
            host.resourceState = 'Maintenance';
          } else {
            host.resourceState = 'Enabled';
          }
          store.touch(host.id);
          return { host: hostView.render(host, ctx.rc) };
        },
        rollback() {
          if (enter) host.resourceState = 'Enabled';
        },
      });
      return jobStarted(job.id);
    },
  });
}

/**
 * What an enable/disable pair of host feature APIs differs in: HA (ha.*HAForHostCmd) and out-of-band
 * management (outofbandmanagement.*OutOfBandManagementForHostCmd) are otherwise the same async job.
 */
interface HostToggle {
  /** The command's package under ADMIN_CMD and its class name around the verb. */
  cmdClass: (verb: string) => string;
  name: (verb: string) => string;
  description: (verb: string) => string;
  since: string;
  hostIdDescription: string;
  response: FieldSpec[];
  /** Sets the feature on the host and gives the job's result. */
  apply: (host: Host, enable: boolean) => Record<string, unknown>;
}

function hostToggleApi(toggle: HostToggle, enable: boolean): SimulatedApi {
  const verb = enable ? 'Enable' : 'Disable';
  return defineApi({
    access: 'admin',
    cmdClass: `${ADMIN_CMD}.${toggle.cmdClass(verb)}`,
    spec: {
      name: toggle.name(enable ? 'enable' : 'disable'),
      description: toggle.description(verb),
      isAsync: true,
      since: toggle.since,
      related: ['listHosts'],
      params: [idParam('hostid', 'host', toggle.hostIdDescription, { required: true })],
      response: toggle.response,
    },
    handle(ctx) {
      const { store } = ctx;
      const host = requireHost(store, ctx.params.requiredId('hostid'));
      const job = ctx.startJob({
        instanceType: 'Host',
        instanceId: host.id,
        finish() {
          const result = toggle.apply(host, enable);
          store.touch(host.id);
          return result;
        },
      });
      return jobStarted(job.id);
    },
  });
}

const HOST_HA: HostToggle = {
  cmdClass: (verb) => `ha.${verb}HAForHostCmd`,
  name: (verb) => `${verb}HAForHost`,
  description: (verb) => `${verb}s HA for a host`,
  since: '4.11',
  hostIdDescription: 'ID of the host',
  response: HA_FIELDS,
  apply(host, enable) {
    host.haEnabled = enable;
    return {
      hostha: {
        hostid: host.id,
        haenable: enable,
        hastate: enable ? 'Available' : 'Disabled',
        haprovider: 'simulatorhaprovider',
        status: true,
      },
    };
  },
};

const HOST_OOBM: HostToggle = {
  cmdClass: (verb) => `outofbandmanagement.${verb}OutOfBandManagementForHostCmd`,
  name: (verb) => `${verb}OutOfBandManagementForHost`,
  description: (verb) => `${verb}s out-of-band management for a host`,
  since: '4.9.0',
  hostIdDescription: 'the ID of the host',
  response: OOBM_FIELDS,
  apply(host, enable) {
    host.oobmEnabled = enable;
    return {
      outofbandmanagement: {
        hostid: host.id,
        enabled: enable,
        powerstate: enable ? 'Unknown' : 'Disabled',
        status: true,
      },
    };
  },
};

function clusterSwitchApi(kind: 'HA' | 'OutOfBandManagement', enable: boolean): SimulatedApi {
  const verb = enable ? 'Enable' : 'Disable';
  const ha = kind === 'HA';
  return defineApi({
    access: 'admin',
    cmdClass: `${ADMIN_CMD}.${ha ? 'ha' : 'outofbandmanagement'}.${verb}${kind}ForClusterCmd`,
    spec: {
      name: `${enable ? 'enable' : 'disable'}${kind}ForCluster`,
      description: ha ? `${verb}s HA cluster-wide` : `${verb}s out-of-band management for a cluster`,
      isAsync: true,
      since: ha ? '4.11' : '4.9.0',
      related: ['listClusters'],
      params: [
        idParam('clusterid', 'cluster', ha ? 'ID of the cluster' : 'the ID of the cluster', {
          required: true,
        }),
      ],
      response: ha ? SUCCESS_FIELDS : OOBM_FIELDS.filter((f) => f.name !== 'hostid'),
    },
    handle(ctx) {
      const { store } = ctx;
      const cluster = requireCluster(store, ctx.params.requiredId('clusterid'));
      const job = ctx.startJob({
        instanceType: 'Cluster',
        instanceId: cluster.id,
        finish() {
          if (ha) cluster.haEnabled = enable;
          else cluster.oobmEnabled = enable;
          store.touch(cluster.id);
          if (ha) return { success: true };
          return {
            outofbandmanagement: {
              enabled: enable,
              powerstate: enable ? 'Unknown' : 'Disabled',
              status: true,
            },
          };
        },
      });
      return jobStarted(job.id);
    },
  });
}

const HYPERVISORS = ['Simulator', 'KVM', 'XenServer', 'VMware', 'Hyperv', 'LXC', 'Ovm3', 'BareMetal'];

export const infraAdminApis = [
  defineApi({
    access: 'admin',
    spec: {
      name: 'addHost',
      description: 'Adds a new host.',
      isAsync: false,
      related: ['listHosts'],
      params: [
        idParam('clusterid', 'cluster', 'the cluster ID for the host'),
        param('allocationstate', 'string', 'Allocation state of this Host for allocation of new resources'),
        param('password', 'string', 'the password for the host'),
        param('hosttags', 'list', 'list of tags to be added to the host', { items: 'string' }),
        idParam('podid', 'pod', 'the Pod ID for the host', { required: true }),
        param('username', 'string', 'the username for the host'),
        param('hypervisor', 'string', 'hypervisor type of the host', { required: true }),
        idParam('zoneid', 'zone', 'the Zone ID for the host', { required: true }),
        param('url', 'string', 'the host URL', { required: true }),
        param('clustername', 'string', 'the cluster name for the host'),
      ],
      response: hostView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const zone = store.zone(params.requiredId('zoneid'));
      const pod = store.pods.get(params.requiredId('podid'));
      if (!pod || pod.zoneId !== zone.id) {
        throw invalidParameter(`Can't find pod with specified podId ${params.text('podid')}`);
      }
      const hypervisor = params.text('hypervisor') ?? '';
      if (!HYPERVISORS.some((h) => h.toLowerCase() === hypervisor.toLowerCase())) {
        throw invalidParameter(`Unable to resolve ${hypervisor} to a supported hypervisor type`);
      }
      const clusterName = params.text('clustername');
      let clusterId = params.id('clusterid');
      if (clusterId === undefined && clusterName !== undefined) {
        clusterId = [...store.clusters.values()].find(
          (c) => c.podId === pod.id && c.name === clusterName,
        )?.id;
      }
      // ResourceManagerImpl.discoverHostsFull: a host joins a cluster.
      const cluster = clusterId === undefined ? undefined : store.clusters.get(clusterId);
      if (!cluster) throw invalidParameter('Cluster id or cluster name is required to add a host');
      if (cluster.podId !== pod.id) {
        throw invalidParameter(`Cluster ${cluster.id} does not belong to pod ${pod.id}`);
      }
      const url = params.text('url') ?? '';
      const address = /^(?:[a-z]+:\/\/)?([^/:]+)/i.exec(url)?.[1] ?? url;
      if ([...store.hosts.values()].some((h) => h.ipAddress === address)) {
        throw invalidParameter(`Host with the same IP address ${address} already exists in the zone`);
      }
      const allocation = params.text('allocationstate');
      const tags = params.list('hosttags');
      const host: Host = {
        id: store.newId(),
        name: `SimulatedAgent.${store.newId()}`,
        clusterId: cluster.id,
        podId: pod.id,
        zoneId: zone.id,
        ipAddress: address,
        cpuNumber: 16,
        cpuSpeed: 2400,
        memoryTotal: 64 * 1024 ** 3,
        created: ctx.now,
        managementServerId: [...store.hosts.values()][0]?.managementServerId ?? store.newId(),
        resourceState: allocation?.toLowerCase() === 'disabled' ? 'Disabled' : undefined,
        hostTags: tags && tags.length > 0 ? tags.join(',') : undefined,
      };
      store.hosts.set(host.id, host);
      // AddHostCmd answers a list of the hosts it added.
      return { count: 1, host: [hostView.render(host, ctx.rc)] };
    },
  }),
  hostMaintenanceApi(true),
  hostMaintenanceApi(false),
  hostToggleApi(HOST_HA, true),
  hostToggleApi(HOST_HA, false),
  hostToggleApi(HOST_OOBM, true),
  hostToggleApi(HOST_OOBM, false),
  defineApi({
    access: 'admin',
    spec: {
      name: 'addCluster',
      description: 'Adds a new cluster',
      isAsync: false,
      related: ['listClusters'],
      params: [
        param(
          'hypervisor',
          'string',
          'hypervisor type of the cluster: XenServer,KVM,VMware,Hyperv,BareMetal,Simulator,Ovm3',
          {
            required: true,
          },
        ),
        param('clustertype', 'string', 'type of the cluster: CloudManaged, ExternalManaged', {
          required: true,
        }),
        param('clustername', 'string', 'the cluster name', { required: true }),
        param('url', 'string', 'the URL'),
        param('username', 'string', 'the username for the cluster'),
        param('password', 'string', 'the password for the host'),
        idParam('podid', 'pod', 'the Pod ID for the host', { required: true }),
        param(
          'allocationstate',
          'string',
          'Allocation state of this cluster for allocation of new resources',
        ),
        idParam('zoneid', 'zone', 'the Zone ID for the cluster', { required: true }),
        // VMware, Nexus and Ovm3 settings: accepted and ignored by the simulator.
        ...[
          'publicvswitchtype',
          'publicvswitchname',
          'guestvswitchtype',
          'guestvswitchname',
          'vsmipaddress',
          'vsmusername',
          'vsmpassword',
          'ovm3pool',
          'ovm3cluster',
          'ovm3vip',
        ].map((name) => param(name, 'string', `${name} of VMware, Nexus or Ovm3 clusters (ignored)`)),
      ],
      response: clusterView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const zone = store.zone(params.requiredId('zoneid'));
      const pod = store.pods.get(params.requiredId('podid'));
      if (!pod || pod.zoneId !== zone.id) {
        throw invalidParameter(`Can't find pod with specified podId ${params.text('podid')}`);
      }
      const hypervisor = params.text('hypervisor') ?? '';
      if (!HYPERVISORS.some((h) => h.toLowerCase() === hypervisor.toLowerCase())) {
        throw invalidParameter(`Unable to resolve ${hypervisor} to a supported HypervisorType`);
      }
      const name = params.text('clustername') ?? '';
      // ResourceManagerImpl.discoverCluster: names are unique per pod.
      if ([...store.clusters.values()].some((c) => c.podId === pod.id && c.name === name)) {
        throw invalidParameter(`Cluster with name ${name} already exists in the pod`);
      }
      const allocation = params.text('allocationstate');
      const cluster: Cluster = {
        id: store.newId(),
        name,
        podId: pod.id,
        zoneId: zone.id,
        allocationState: allocation?.toLowerCase() === 'disabled' ? 'Disabled' : undefined,
      };
      store.clusters.set(cluster.id, cluster);
      // AddClusterCmd answers a list of the clusters it added.
      return { count: 1, cluster: [clusterView.render(cluster, ctx.rc)] };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'updateCluster',
      description: 'Updates an existing cluster',
      isAsync: false,
      related: ['listClusters'],
      params: [
        idParam('id', 'cluster', 'the ID of the Cluster', { required: true }),
        param('hypervisor', 'string', 'hypervisor type of the cluster'),
        param('clustertype', 'string', 'hypervisor type of the cluster'),
        param('clustername', 'string', 'the cluster name'),
        param('managedstate', 'string', 'whether this cluster is managed by cloudstack'),
        param(
          'allocationstate',
          'string',
          'Allocation state of this cluster for allocation of new resources',
        ),
      ],
      response: clusterView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const cluster = requireCluster(store, params.requiredId('id'));
      // ResourceManagerImpl.updateCluster: every value is checked before any is applied.
      const hypervisor = params.text('hypervisor');
      if (hypervisor && !HYPERVISORS.some((h) => h.toLowerCase() === hypervisor.toLowerCase())) {
        throw invalidParameter(`Unable to resolve ${hypervisor} to a supported type`);
      }
      const clusterType = params.text('clustertype');
      if (clusterType && clusterType !== 'CloudManaged' && clusterType !== 'ExternalManaged') {
        throw invalidParameter(`Unable to resolve ${clusterType} to a supported type`);
      }
      const allocation = params.text('allocationstate');
      if (allocation && allocation !== 'Enabled' && allocation !== 'Disabled') {
        throw invalidParameter(`Unable to resolve Allocation State '${allocation}' to a supported state`);
      }
      const managed = params.text('managedstate');
      if (managed && managed !== 'Managed' && managed !== 'Unmanaged') {
        throw invalidParameter(`Unable to resolve Managed State '${managed}' to a supported state`);
      }
      const name = params.text('clustername');
      if (name && name.trim() !== '') cluster.name = name;
      if (allocation) cluster.allocationState = allocation as Cluster['allocationState'];
      if (managed) cluster.managedState = managed as Cluster['managedState'];
      store.touch(cluster.id);
      return { cluster: clusterView.render(cluster, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'deleteCluster',
      description: 'Deletes a cluster.',
      isAsync: false,
      related: ['listClusters'],
      params: [idParam('id', 'cluster', 'the cluster ID', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const cluster = requireCluster(store, ctx.params.requiredId('id'));
      // ResourceManagerImpl.deleteCluster
      if ([...store.hosts.values()].some((h) => h.clusterId === cluster.id)) {
        throw internalError(`Cluster: ${cluster.id} cannot be removed. Cluster still has hosts`);
      }
      if ([...store.storagePools.values()].some((p) => p.clusterId === cluster.id)) {
        throw internalError(`Cluster: ${cluster.id} cannot be removed. Cluster still has storage pools`);
      }
      store.forget(store.clusters, 'cluster', cluster.id);
      return { success: true };
    },
  }),
  defineApi({
    access: 'admin',
    cmdClass: 'org.apache.cloudstack.api.commands.DedicateClusterCmd',
    spec: {
      name: 'dedicateCluster',
      description: 'Dedicate an existing cluster',
      isAsync: true,
      related: ['listClusters'],
      params: [
        idParam('clusterid', 'cluster', 'the ID of the Cluster', { required: true }),
        param(
          'account',
          'string',
          'the name of the account which needs dedication. Must be used with domainId.',
        ),
        idParam('domainid', 'domain', 'the ID of the containing domain', { required: true }),
      ],
      response: DEDICATED_CLUSTER_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const cluster = requireCluster(store, params.requiredId('clusterid'));
      const domainId = params.requiredId('domainid');
      const accountName = params.text('account');
      const account =
        accountName === undefined
          ? undefined
          : [...store.accounts.values()].find((a) => a.name === accountName && a.domainId === domainId);
      if (accountName !== undefined && !account) {
        throw invalidParameter(`Unable to find account by name ${accountName} in domain ${domainId}`);
      }
      const job = ctx.startJob({
        instanceType: 'Cluster',
        instanceId: cluster.id,
        finish() {
          if (cluster.dedication) {
            throw invalidParameter(`Cluster ${cluster.name} is already dedicated`);
          }
          cluster.dedication = {
            id: store.newId(),
            domainId,
            accountId: account?.id,
            affinityGroupId: store.newId(),
          };
          store.touch(cluster.id);
          return {
            dedicatedcluster: {
              id: cluster.dedication.id,
              clusterid: cluster.id,
              clustername: cluster.name,
              domainid: domainId,
              accountid: account?.id,
              affinitygroupid: cluster.dedication.affinityGroupId,
            },
          };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'admin',
    cmdClass: 'org.apache.cloudstack.api.commands.ReleaseDedicatedClusterCmd',
    spec: {
      name: 'releaseDedicatedCluster',
      description: 'Release the dedication for cluster',
      isAsync: true,
      related: ['dedicateCluster'],
      params: [idParam('clusterid', 'cluster', 'the ID of the Cluster', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const cluster = requireCluster(store, ctx.params.requiredId('clusterid'));
      const job = ctx.startJob({
        instanceType: 'Cluster',
        instanceId: cluster.id,
        finish() {
          // DedicatedResourceManagerImpl.releaseDedicatedResource
          if (!cluster.dedication) throw invalidParameter('No Dedicated Resource available to release');
          cluster.dedication = undefined;
          store.touch(cluster.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  clusterSwitchApi('HA', true),
  clusterSwitchApi('HA', false),
  clusterSwitchApi('OutOfBandManagement', true),
  clusterSwitchApi('OutOfBandManagement', false),
];
