// Compute family (issue 14): CloudStack's action events, recorded from one place. Every async job records
// Scheduled when submitted, Started when it begins and Completed when it ends (level ERROR and "Error while
// ..." when it fails), as ApiServer.queueCommand and ActionEventInterceptor do; synchronous APIs record one
// Completed event when they succeed. Which API records which event type (CloudStack's EventTypes constants)
// and with what description (its command's getEventDescription) is the table below.
import type { AsyncJob, JobPhase } from './jobs.js';
import type { SimEvent } from './state/model.js';
import { projectsOf } from './state/projects.js';
import type { Store } from './state/store.js';

interface EventOfApi {
  type: string;
  /** The command's event description, from the uuid of the object it acts on (if any). */
  describe: (id: string) => string;
}

const on = (type: string, text: string): EventOfApi => ({
  type,
  // Descriptions ending in a separator name the object; the others (tags, affinity groups) do not.
  describe: (id) => (id && /[:= ]$/.test(text) ? `${text}${id}` : text.trim()),
});

/** API → event type and description. */
export const EVENT_OF_API: Readonly<Record<string, EventOfApi>> = {
  deployVirtualMachine: on('VM.CREATE', 'starting Vm. Vm Id: '),
  startVirtualMachine: on('VM.START', 'starting user vm: '),
  stopVirtualMachine: on('VM.STOP', 'stopping user vm: '),
  rebootVirtualMachine: on('VM.REBOOT', 'rebooting user vm: '),
  destroyVirtualMachine: on('VM.DESTROY', 'destroying vm: '),
  expungeVirtualMachine: on('VM.EXPUNGE', 'expunging Vm: '),
  recoverVirtualMachine: on('VM.RECOVER', 'Recovering VM: '),
  updateVirtualMachine: on('VM.UPDATE', 'updating user vm: '),
  scaleVirtualMachine: on('VM.DYNAMIC.SCALE', 'scaling vm: '),
  changeServiceForVirtualMachine: on('VM.UPGRADE', 'upgrading vm: '),
  resetPasswordForVirtualMachine: on('VM.RESETPASSWORD', 'resetting password for vm: '),
  resetSSHKeyForVirtualMachine: on('VM.RESETSSHKEY', 'resetting SSHKey for vm: '),
  migrateVirtualMachine: on('VM.MIGRATE', 'Attempting to migrate VM Id: '),
  addNicToVirtualMachine: on('NIC.CREATE', 'Adding network to VM: '),
  removeNicFromVirtualMachine: on('NIC.DELETE', 'Removing NIC from VM: '),
  updateDefaultNicForVirtualMachine: on('NIC.UPDATE', 'Updating default NIC of VM: '),
  createVolume: on('VOLUME.CREATE', 'creating volume: '),
  attachVolume: on('VOLUME.ATTACH', 'attaching volume: '),
  detachVolume: on('VOLUME.DETACH', 'detaching volume: '),
  resizeVolume: on('VOLUME.RESIZE', 'Volume Id: '),
  migrateVolume: on('VOLUME.MIGRATE', 'Attempting to migrate volume Id: '),
  deleteVolume: on('VOLUME.DELETE', 'deleting volume: '),
  uploadVolume: on('VOLUME.UPLOAD', 'uploading volume: '),
  createSnapshot: on('SNAPSHOT.CREATE', 'creating snapshot for volume: '),
  deleteSnapshot: on('SNAPSHOT.DELETE', 'deleting snapshot: '),
  revertSnapshot: on('SNAPSHOT.REVERT', 'revert snapshot: '),
  createVMSnapshot: on('VMSNAPSHOT.CREATE', 'creating snapshot for VM: '),
  deleteVMSnapshot: on('VMSNAPSHOT.DELETE', 'delete vm snapshots: '),
  revertToVMSnapshot: on('VMSNAPSHOT.REVERTTO', 'Revert from VM snapshot: '),
  createNetwork: on('NETWORK.CREATE', 'creating network: '),
  updateNetwork: on('NETWORK.UPDATE', 'updating network: '),
  restartNetwork: on('NETWORK.RESTART', 'restarting network: '),
  deleteNetwork: on('NETWORK.DELETE', 'Deleting network: '),
  associateIpAddress: on('NET.IPASSIGN', 'associating ip to network ID: '),
  disassociateIpAddress: on('NET.IPRELEASE', 'Disassociating ip address with id='),
  enableStaticNat: on('STATICNAT.ENABLE', 'enabling static nat for ip id='),
  disableStaticNat: on('STATICNAT.DISABLE', 'disabling static nat for ip id='),
  createFirewallRule: on('FIREWALL.OPEN', 'Creating firewall rule: '),
  deleteFirewallRule: on('FIREWALL.CLOSE', 'Deleting firewall rule: '),
  createEgressFirewallRule: on('FIREWALL.EGRESS.OPEN', 'Creating egress firewall rule: '),
  deleteEgressFirewallRule: on('FIREWALL.EGRESS.CLOSE', 'Deleting egress firewall rule: '),
  createPortForwardingRule: on('NET.RULEADD', 'Applying port forwarding rule: '),
  deletePortForwardingRule: on('NET.RULEDELETE', 'Deleting port forwarding rule: '),
  createLoadBalancerRule: on('LB.CREATE', 'creating load balancer: '),
  deleteLoadBalancerRule: on('LB.DELETE', 'deleting load balancer: '),
  assignToLoadBalancerRule: on('LB.ASSIGN.TO.RULE', 'applying instances for load balancer: '),
  removeFromLoadBalancerRule: on('LB.REMOVE.FROM.RULE', 'removing instances from load balancer: '),
  createSecurityGroup: on('SG.CREATE', 'creating security group: '),
  deleteSecurityGroup: on('SG.DELETE', 'deleting security group: '),
  authorizeSecurityGroupIngress: on('SG.AUTH.INGRESS', 'Adding Ingress Rule to security group: '),
  authorizeSecurityGroupEgress: on('SG.AUTH.EGRESS', 'Adding Egress Rule to security group: '),
  revokeSecurityGroupIngress: on('SG.REVOKE.INGRESS', 'Revoking Ingress Rule: '),
  revokeSecurityGroupEgress: on('SG.REVOKE.EGRESS', 'Revoking Egress Rule: '),
  createVPC: on('VPC.CREATE', 'creating VPC: '),
  restartVPC: on('VPC.RESTART', 'restarting VPC: '),
  deleteVPC: on('VPC.DELETE', 'deleting VPC: '),
  registerTemplate: on('TEMPLATE.CREATE', 'registering template: '),
  createTemplate: on('TEMPLATE.CREATE', 'creating template: '),
  copyTemplate: on('TEMPLATE.COPY', 'copying template: '),
  extractTemplate: on('TEMPLATE.EXTRACT', 'extracting template: '),
  deleteTemplate: on('TEMPLATE.DELETE', 'Deleting template: '),
  registerIso: on('ISO.CREATE', 'registering iso: '),
  copyIso: on('ISO.COPY', 'copying ISO: '),
  extractIso: on('ISO.EXTRACT', 'extracting iso: '),
  deleteIso: on('ISO.DELETE', 'Deleting iso: '),
  attachIso: on('ISO.ATTACH', 'attaching ISO: '),
  detachIso: on('ISO.DETACH', 'detaching ISO from VM: '),
  createTags: on('CREATE_TAGS', 'creating tags'),
  deleteTags: on('DELETE_TAGS', 'deleting tags'),
  createServiceOffering: on('SERVICE.OFFERING.CREATE', 'creating service offering: '),
  updateServiceOffering: on('SERVICE.OFFERING.EDIT', 'updating service offering: '),
  deleteServiceOffering: on('SERVICE.OFFERING.DELETE', 'deleting service offering: '),
  createDiskOffering: on('DISK.OFFERING.CREATE', 'creating disk offering: '),
  updateDiskOffering: on('DISK.OFFERING.EDIT', 'updating disk offering: '),
  deleteDiskOffering: on('DISK.OFFERING.DELETE', 'deleting disk offering: '),
  createAffinityGroup: on('AG.CREATE', 'creating Affinity Group'),
  deleteAffinityGroup: on('AG.DELETE', 'Deleting Affinity Group'),
  updateVMAffinityGroup: on('VM.AG.UPDATE', 'updating VM affinity group: '),
  enableStorageMaintenance: on('MAINT.PREPARE.PS', 'preparing storage pool for maintenance: '),
  cancelStorageMaintenance: on('MAINT.CANCEL.PS', 'cancel maintenance for primary storage pool: '),
  createSSHKeyPair: on('REGISTER.SSH.KEYPAIR', 'creating SSH key pair'),
  registerSSHKeyPair: on('REGISTER.SSH.KEYPAIR', 'registering SSH key pair'),
};

/** Event types CloudStack records that no simulated API produces, listed by listEventTypes all the same. */
const OTHER_EVENT_TYPES = [
  'USER.LOGIN',
  'USER.LOGOUT',
  'USER.CREATE',
  'USER.DELETE',
  'ACCOUNT.CREATE',
  'ACCOUNT.DELETE',
  'DOMAIN.CREATE',
  'DOMAIN.DELETE',
  'AG.ASSIGN',
  'AG.REMOVE',
];

export function eventTypes(): string[] {
  return [...new Set([...Object.values(EVENT_OF_API).map((e) => e.type), ...OTHER_EVENT_TYPES])].sort();
}

export interface NewEvent {
  type: string;
  state: SimEvent['state'];
  level: SimEvent['level'];
  description: string;
  accountId: string;
  userId: string;
  startId?: string;
  resourceId?: string;
  resourceType?: string;
  created: number;
}

/** Where the objects of each event resource type (ApiCommandResourceType) live. */
const RESOURCES: Readonly<Record<string, (store: Store) => ReadonlyMap<string, object>>> = {
  VirtualMachine: (s) => s.vms,
  Volume: (s) => s.volumes,
  Snapshot: (s) => s.snapshots,
  VmSnapshot: (s) => s.vmSnapshots,
  Network: (s) => s.networks,
  Vpc: (s) => s.vpcs,
  NetworkAcl: (s) => s.networkAcls,
  Template: (s) => s.templates,
  Iso: (s) => s.templates,
  AffinityGroup: (s) => s.affinityGroups,
  SecurityGroup: (s) => s.securityGroups,
  StoragePool: (s) => s.storagePools,
  Project: (s) => projectsOf(s),
  Account: (s) => s.accounts,
  Domain: (s) => s.domains,
  User: (s) => s.users,
};

/**
 * The name listEvents shows for an event's resource: the first non-empty of its display name, display text,
 * name and user name (EventJoinDaoImpl.getResourceName); objects without one (addresses, rules) have none.
 */
export function resourceNameOf(
  store: Store,
  type: string | undefined,
  id: string | undefined,
): string | undefined {
  if (type === undefined || id === undefined) return undefined;
  const object = RESOURCES[type]?.(store).get(id) as Record<string, unknown> | undefined;
  if (!object) return undefined;
  for (const key of ['displayName', 'displayText', 'name', 'username']) {
    const value = object[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

export function recordEvent(store: Store, spec: NewEvent): SimEvent {
  const event: SimEvent = {
    id: store.eventIds.uuid(),
    internalId: store.nextInternalId('event'),
    type: spec.type,
    state: spec.state,
    level: spec.level,
    description: spec.description,
    accountId: spec.accountId,
    userId: spec.userId,
    startId: spec.startId,
    resourceId: spec.resourceId,
    resourceType: spec.resourceType,
    resourceName: resourceNameOf(store, spec.resourceType, spec.resourceId),
    created: spec.created,
    archived: false,
  };
  store.events.set(event.id, event);
  return event;
}

/** The Scheduled event of each job, the start of its later events (CloudStack's `startid`, `parentid`). */
const scheduledOf = new WeakMap<AsyncJob, string>();

/** Records the events of an async job's phase; jobs of APIs without an event type record nothing. */
export function recordJobPhase(store: Store, job: AsyncJob, phase: JobPhase, time: number): void {
  const spec = EVENT_OF_API[job.command];
  if (!spec) return;
  const description = spec.describe(job.instanceId ?? '');
  const common = {
    type: spec.type,
    accountId: job.accountId,
    userId: job.userId,
    resourceId: job.instanceId,
    resourceType: job.instanceType,
    created: time,
  };
  if (phase === 'scheduled') {
    scheduledOf.set(
      job,
      recordEvent(store, { ...common, state: 'Scheduled', level: 'INFO', description }).id,
    );
    return;
  }
  const startId = scheduledOf.get(job);
  if (phase === 'started') {
    recordEvent(store, { ...common, state: 'Started', level: 'INFO', description, startId });
    return;
  }
  const failed = job.status === 2;
  recordEvent(store, {
    ...common,
    state: 'Completed',
    level: failed ? 'ERROR' : 'INFO',
    description: failed ? `Error while ${description}` : `Successfully completed ${description}`,
    startId,
  });
}

/** The one Completed event of a synchronous API that succeeded. */
export function recordSyncEvent(
  store: Store,
  command: string,
  caller: { accountId: string; userId: string },
  subjectId: string | undefined,
  time: number,
): void {
  const spec = EVENT_OF_API[command];
  if (!spec) return;
  recordEvent(store, {
    type: spec.type,
    state: 'Completed',
    level: 'INFO',
    description: `Successfully completed ${spec.describe(subjectId ?? '')}`,
    accountId: caller.accountId,
    userId: caller.userId,
    resourceId: subjectId,
    created: time,
  });
}
