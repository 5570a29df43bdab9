// The simulated cloud's objects. Each has CloudStack's public uuid (`id`) and, where CloudStack's messages
// or names use it, the internal numeric id (`internalId`).

export type AccountType = 0 | 1 | 2 | 3 | 4;
/** 0 user, 1 root admin, 2 domain admin, 3 resource admin, 4 project. */
export const ACCOUNT_TYPE = { USER: 0, ADMIN: 1, DOMAIN_ADMIN: 2, RESOURCE_ADMIN: 3 } as const;

export interface Domain {
  id: string;
  internalId: number;
  name: string;
  parentId: string | undefined;
  /** `ROOT`, `ROOT/child`, ... */
  path: string;
  level: number;
  networkDomain: string | undefined;
  created: number;
}

export type RoleType = 'Admin' | 'ResourceAdmin' | 'DomainAdmin' | 'User';

export interface Role {
  id: string;
  name: string;
  type: RoleType;
  description: string;
  isDefault: boolean;
}

export interface Account {
  id: string;
  internalId: number;
  name: string;
  domainId: string;
  type: AccountType;
  roleId: string;
  state: 'enabled' | 'disabled' | 'locked';
  networkDomain: string | undefined;
  details: Record<string, string>;
  created: number;
  isDefault: boolean;
}

export interface User {
  id: string;
  internalId: number;
  accountId: string;
  username: string;
  password: string;
  firstname: string;
  lastname: string;
  email: string | undefined;
  timezone: string | undefined;
  apiKey: string | undefined;
  secretKey: string | undefined;
  state: 'enabled' | 'disabled' | 'locked';
  isDefault: boolean;
  created: number;
}

export interface Zone {
  id: string;
  internalId: number;
  name: string;
  description: string;
  networkType: 'Advanced' | 'Basic';
  securityGroupsEnabled: boolean;
  dns1: string;
  dns2: string;
  internalDns1: string;
  guestCidr: string | undefined;
  domain: string;
  zoneToken: string;
  physicalNetworkId: string;
}

export interface Pod {
  id: string;
  name: string;
  zoneId: string;
  gateway: string;
  netmask: string;
  startIp: string;
  endIp: string;
}

export interface Cluster {
  id: string;
  name: string;
  podId: string;
  zoneId: string;
  // Host and cluster administration (issue 14); absent means CloudStack's defaults.
  allocationState?: 'Enabled' | 'Disabled';
  managedState?: 'Managed' | 'Unmanaged';
  haEnabled?: boolean;
  oobmEnabled?: boolean;
  dedication?: { id: string; domainId: string; accountId?: string; affinityGroupId: string };
}

export interface Host {
  id: string;
  name: string;
  clusterId: string;
  podId: string;
  zoneId: string;
  ipAddress: string;
  cpuNumber: number;
  cpuSpeed: number;
  memoryTotal: number;
  created: number;
  managementServerId: string;
  // Host administration (issue 14): CloudStack's ResourceState (Enabled when absent), HA and out-of-band
  // management switches.
  resourceState?: 'Enabled' | 'Disabled' | 'PrepareForMaintenance' | 'Maintenance' | 'ErrorInMaintenance';
  haEnabled?: boolean;
  oobmEnabled?: boolean;
  hostTags?: string;
}

export interface OsType {
  id: string;
  description: string;
  categoryId: string;
}

export interface Template {
  id: string;
  internalId: number;
  name: string;
  displayText: string;
  isIso: boolean;
  isPublic: boolean;
  isFeatured: boolean;
  isReady: boolean;
  isExtractable: boolean;
  passwordEnabled: boolean;
  bootable: boolean;
  accountId: string;
  osTypeId: string;
  format: string;
  hypervisor: string;
  /** Bytes. */
  size: number;
  /** BUILTIN, USER, SYSTEM, ... */
  templateType: string;
  zoneIds: string[];
  url: string | undefined;
  created: number;
  // --- Images family (issue 14) ---
  /** A download from `url` under way: when it began and how long it takes; settled before each request. */
  download?: { startedAt: number; durationMs: number; percent: number };
  sshKeyEnabled?: boolean;
  isDynamicallyScalable?: boolean;
  // --- end Images family ---
}

export interface ServiceOffering {
  id: string;
  name: string;
  displayText: string;
  /** Undefined for a customised offering: the caller gives them at deploy time. */
  cpuNumber: number | undefined;
  cpuSpeed: number | undefined;
  memory: number | undefined;
  offerHa: boolean;
  limitCpuUse: boolean;
  created: number;
  // --- Compute family (issue 14) ---
  /** Whether VMs of the offering may change CPU and memory while running (default true). */
  dynamicScalingEnabled?: boolean;
  hostTags?: string;
  storageTags?: string;
  /** Set when deleted: VMs keep showing it, lists do not (CloudStack marks offerings removed). */
  removed?: number;
  // --- end Compute family ---
}

export interface DiskOffering {
  id: string;
  name: string;
  displayText: string;
  /** GiB; 0 for a customised offering. */
  diskSize: number;
  isCustomized: boolean;
  created: number;
  // --- Storage family (issue 14) ---
  tags?: string;
  provisioningType?: string;
  displayOffering?: boolean;
  // --- end Storage family ---
}

export interface NetworkOffering {
  id: string;
  name: string;
  displayText: string;
  guestIpType: 'Isolated' | 'Shared' | 'L2';
  availability: 'Required' | 'Optional';
  isDefault: boolean;
  specifyVlan: boolean;
  specifyIpRanges: boolean;
  services: string[];
  created: number;
  /** An offering for VPC tiers (isOfferingForVpc): usable only in a VPC, and only there. */
  forVpc?: boolean;
  // Offerings made by createNetworkOffering (issue 14); absent means the built-ins' values.
  state?: 'Enabled' | 'Disabled';
  tags?: string;
  networkRate?: number;
  conserveMode?: boolean;
  egressDefaultPolicy?: boolean;
  isPersistent?: boolean;
  /** The virtual router's service offering, when the offering names one. */
  serviceOfferingId?: string;
}

export interface Network {
  id: string;
  internalId: number;
  name: string;
  displayText: string;
  zoneId: string;
  offeringId: string;
  accountId: string;
  type: 'Isolated' | 'Shared' | 'L2';
  aclType: 'Account' | 'Domain';
  state: 'Allocated' | 'Implemented' | 'Destroy';
  /** Base address as a 32-bit number and prefix length; undefined for L2 networks. */
  cidrBase: number | undefined;
  cidrPrefix: number | undefined;
  gateway: string | undefined;
  networkDomain: string;
  vlan: string | undefined;
  /** Next host number to hand out. */
  nextHost: number;
  created: number;
  /** The VPC the network is a tier of, and the network ACL list applied to the tier. */
  vpcId?: string;
  aclId?: string;
}

export interface Nic {
  id: string;
  networkId: string;
  ipAddress: string | undefined;
  macAddress: string;
  isDefault: boolean;
  deviceId: number;
}

export type VmState = 'Starting' | 'Running' | 'Stopping' | 'Stopped' | 'Destroyed' | 'Expunging' | 'Error';

export interface Vm {
  id: string;
  internalId: number;
  name: string;
  displayName: string;
  accountId: string;
  userId: string;
  zoneId: string;
  templateId: string;
  serviceOfferingId: string;
  diskOfferingId: string | undefined;
  /** Resolved sizing (from the offering, or from the deploy details of a customised offering). */
  cpuNumber: number;
  cpuSpeed: number;
  memory: number;
  hostId: string | undefined;
  lastHostId: string | undefined;
  state: VmState;
  nics: Nic[];
  keypairs: string[];
  group: string | undefined;
  haEnable: boolean;
  displayVm: boolean;
  dynamicallyScalable: boolean;
  details: Record<string, string>;
  userData: string | undefined;
  osTypeId: string;
  password: string | undefined;
  created: number;
  // --- Images family (issue 14) ---
  /** The ISO attached to the VM's CD-ROM. */
  isoId?: string;
  // --- end Images family ---
}

export type VolumeState = 'Allocated' | 'Ready' | 'Destroy' | 'Expunged' | 'UploadOp' | 'Uploaded';

export interface Volume {
  id: string;
  internalId: number;
  name: string;
  type: 'ROOT' | 'DATADISK';
  accountId: string;
  zoneId: string;
  vmId: string | undefined;
  deviceId: number | undefined;
  diskOfferingId: string | undefined;
  templateId: string | undefined;
  /** Bytes. */
  size: number;
  state: VolumeState;
  created: number;
  attached: number | undefined;
  // --- Storage family (issue 14) ---
  /** The primary storage pool holding it; undefined: the first pool of its zone. */
  poolId?: string;
  /** The snapshot it was created from. */
  snapshotId?: string;
  /** For uploaded volumes: the URL and the upload's progress. */
  url?: string;
  format?: string;
  // --- end Storage family ---
}

/** Tag resource types the simulator supports, in CloudStack's spelling. */
export const TAGGABLE_TYPES = ['UserVm', 'Template', 'ISO', 'Volume', 'Network'] as const;
export type TaggableType = (typeof TAGGABLE_TYPES)[number];

export interface Tag {
  key: string;
  value: string;
  resourceType: TaggableType;
  resourceId: string;
  accountId: string;
  customer: string | undefined;
}

export interface SshKeyPair {
  id: string;
  name: string;
  accountId: string;
  fingerprint: string;
  publicKey: string;
  created: number;
}

// --- Storage family (issue 14): snapshots, VM snapshots, snapshot policies, storage pools, image stores ---

/** CloudStack's Snapshot.State; the simulator's snapshots end BackedUp (on secondary storage). */
export type SnapshotState =
  | 'Allocated'
  | 'Creating'
  | 'CreatedOnPrimary'
  | 'BackingUp'
  | 'BackedUp'
  | 'Destroyed';

export interface Snapshot {
  id: string;
  internalId: number;
  name: string;
  volumeId: string;
  /** Kept so a snapshot of a deleted volume still renders. */
  volumeName: string;
  volumeType: Volume['type'];
  accountId: string;
  zoneId: string;
  /** Bytes (the volume's size when taken). */
  size: number;
  state: SnapshotState;
  /** MANUAL, or the policy's interval (HOURLY, DAILY, WEEKLY, MONTHLY) for recurring ones. */
  snapshotType: string;
  intervalType: string | undefined;
  created: number;
}

export type VmSnapshotState = 'Allocated' | 'Creating' | 'Ready' | 'Reverting' | 'Expunging' | 'Error';

export interface VmSnapshot {
  id: string;
  name: string;
  displayName: string;
  description: string | undefined;
  vmId: string;
  accountId: string;
  zoneId: string;
  /** Disk, or DiskAndMemory when memory was included. */
  type: 'Disk' | 'DiskAndMemory';
  state: VmSnapshotState;
  current: boolean;
  parentId: string | undefined;
  created: number;
}

export interface SnapshotPolicy {
  id: string;
  volumeId: string;
  /** 0 HOURLY, 1 DAILY, 2 WEEKLY, 3 MONTHLY (CloudStack's DateUtil.IntervalType ordinal). */
  intervalType: number;
  schedule: string;
  timezone: string;
  maxSnaps: number;
  forDisplay: boolean;
}

export interface StoragePool {
  id: string;
  name: string;
  zoneId: string;
  podId: string | undefined;
  clusterId: string | undefined;
  scope: 'CLUSTER' | 'ZONE';
  ipAddress: string;
  path: string;
  /** Bytes. */
  capacity: number;
  created: number;
  /** Up unless put in maintenance; undefined means Up. */
  state?: 'Up' | 'PrepareForMaintenance' | 'Maintenance';
}

export interface ImageStore {
  id: string;
  name: string;
  zoneId: string;
  url: string;
  protocol: string;
  providerName: string;
  /** Bytes. */
  capacity: number;
}
// --- end Storage family ---
// --- Networking family (issue 14): public IPs and the rules on them -------------------------------------

export interface PublicIp {
  id: string;
  internalId: number;
  /** Dotted address. */
  address: string;
  zoneId: string;
  accountId: string;
  /** The guest network the address is associated with; '' for a VPC address no tier uses yet. */
  networkId: string;
  /** The VPC the address was acquired for (associateIpAddress vpcid). */
  vpcId?: string;
  isSourceNat: boolean;
  /** VM the address is statically NATed to. */
  staticNatVmId: string | undefined;
  state: 'Allocating' | 'Allocated' | 'Releasing';
  forDisplay: boolean;
  allocated: number;
}

/** Firewall (ingress or egress) and port forwarding rules, one table as in CloudStack's firewall_rules. */
export interface NetRule {
  id: string;
  internalId: number;
  purpose: 'Firewall' | 'PortForwarding';
  trafficType: 'Ingress' | 'Egress';
  /** Undefined for egress rules, which belong to the network. */
  ipId: string | undefined;
  networkId: string;
  accountId: string;
  protocol: string;
  startPort: number | undefined;
  endPort: number | undefined;
  icmpType: number | undefined;
  icmpCode: number | undefined;
  cidrs: string[];
  destCidrs: string[];
  /** Port forwarding: the VM and its private port range. */
  vmId: string | undefined;
  vmGuestIp: string | undefined;
  privateStartPort: number | undefined;
  privateEndPort: number | undefined;
  state: 'Add' | 'Active' | 'Revoke';
  forDisplay: boolean;
  /** The rule this firewall rule was opened for (`openfirewall`), deleted with it. */
  relatedId: string | undefined;
}

export interface LoadBalancerRule {
  id: string;
  internalId: number;
  name: string;
  description: string | undefined;
  ipId: string;
  networkId: string;
  accountId: string;
  zoneId: string;
  algorithm: string;
  protocol: string;
  publicPort: number;
  privatePort: number;
  cidrs: string[];
  vmIds: string[];
  state: 'Add' | 'Active' | 'Revoke';
  forDisplay: boolean;
}
export interface PublicRange {
  zoneId: string;
  /** The zone's public network (an IP's `networkid`) and the VLAN range (its `vlanid`). */
  networkId: string;
  vlanId: string;
  /** First address as a 32-bit number, and how many there are. */
  base: number;
  size: number;
}
/** A security group rule: ports (or ICMP type/code) from a CIDR, or from another account's group. */
export interface SecurityGroupRule {
  id: string;
  protocol: string;
  startPort: number | undefined;
  endPort: number | undefined;
  icmpType: number | undefined;
  icmpCode: number | undefined;
  cidr: string | undefined;
  /** For rules naming a group instead of a CIDR. */
  groupName: string | undefined;
  groupAccount: string | undefined;
}

export interface SecurityGroup {
  id: string;
  internalId: number;
  name: string;
  description: string | undefined;
  accountId: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
  vmIds: string[];
  created: number;
}
export interface VpcOffering {
  id: string;
  name: string;
  displayText: string;
  services: string[];
  created: number;
}

export interface Vpc {
  id: string;
  internalId: number;
  name: string;
  displayText: string;
  zoneId: string;
  offeringId: string;
  accountId: string;
  cidr: string;
  networkDomain: string;
  state: 'Enabled' | 'Inactive';
  forDisplay: boolean;
  created: number;
}
// --- end Networking family ---
// --- VPC tiers and network ACLs (issue 14) ---
/** A network ACL list: a VPC's, or one of the two global defaults (vpcId undefined; CloudStack's vpc_id 0). */
export interface NetworkAclList {
  id: string;
  internalId: number;
  name: string;
  description: string;
  vpcId: string | undefined;
  forDisplay: boolean;
}

/** One rule of a network ACL list (NetworkACLItemVO). */
export interface NetworkAclItem {
  id: string;
  internalId: number;
  aclId: string;
  number: number;
  protocol: string;
  startPort: number | undefined;
  endPort: number | undefined;
  icmpType: number | undefined;
  icmpCode: number | undefined;
  cidrs: string[];
  action: 'Allow' | 'Deny';
  trafficType: 'Ingress' | 'Egress';
  state: 'Add' | 'Active' | 'Revoke';
  reason: string | undefined;
  forDisplay: boolean;
}
// --- end VPC tiers and network ACLs ---
// --- Compute family (issue 14): affinity groups, events, alerts ---------------------------------------

/** CloudStack's affinity group types (the host affinity processors of 4.18). */
export type AffinityGroupType = 'host anti-affinity' | 'host affinity';

export interface AffinityGroup {
  id: string;
  internalId: number;
  name: string;
  description: string | undefined;
  type: AffinityGroupType;
  accountId: string;
  vmIds: string[];
  created: number;
}

/** One row of CloudStack's event table (ActionEventUtils.persistActionEvent). */
export interface SimEvent {
  id: string;
  internalId: number;
  type: string;
  state: 'Created' | 'Scheduled' | 'Started' | 'Completed';
  level: 'INFO' | 'WARN' | 'ERROR';
  description: string;
  accountId: string;
  userId: string;
  /** The event's start (the Scheduled one) for later events of the same job. */
  startId: string | undefined;
  resourceId: string | undefined;
  resourceType: string | undefined;
  /** The resource's name when the event was recorded, shown once the object is gone (CloudStack finds removed rows). */
  resourceName: string | undefined;
  created: number;
  archived: boolean;
}

export interface Alert {
  id: string;
  /** CloudStack's AlertManager.AlertType value. */
  type: number;
  name: string;
  description: string;
  zoneId: string;
  sent: number;
}
// --- end Compute family ---
