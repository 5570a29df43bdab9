// The simulated cloud's state: every object, indexed by uuid, plus the id generators and the async jobs.
import type { EntityKind } from '../catalog/types.js';
import { invalidParameter } from '../errors.js';
import { JobManager, type JobManagerOptions } from '../jobs.js';
import { SeededRandom } from '../random.js';
import type {
  Account,
  // Compute family (issue 14)
  AffinityGroup,
  Alert,
  Cluster,
  DiskOffering,
  Domain,
  Host,
  ImageStore,
  LoadBalancerRule,
  NetRule,
  Network,
  NetworkAclItem,
  NetworkAclList,
  NetworkOffering,
  OsType,
  Pod,
  // Networking family (issue 14)
  PublicIp,
  PublicRange,
  Role,
  SecurityGroup,
  ServiceOffering,
  SimEvent,
  Snapshot,
  SnapshotPolicy,
  SshKeyPair,
  StoragePool,
  Tag,
  TaggableType,
  Template,
  User,
  Vm,
  VmSnapshot,
  Volume,
  Vpc,
  VpcOffering,
  Zone,
} from './model.js';
import { projectsOf } from './projects.js';

export interface StoreOptions {
  seed: number;
  jobDurationMs: () => number;
  jobFailsAt: (index: number) => boolean;
}

export class Store {
  readonly seed: number;
  /** Ids and names of new objects. */
  readonly ids: SeededRandom;
  /** API keys, secret keys, session keys. */
  readonly secrets: SeededRandom;
  readonly jobs: JobManager;

  readonly domains = new Map<string, Domain>();
  readonly roles = new Map<string, Role>();
  readonly accounts = new Map<string, Account>();
  readonly users = new Map<string, User>();
  readonly zones = new Map<string, Zone>();
  readonly pods = new Map<string, Pod>();
  readonly clusters = new Map<string, Cluster>();
  readonly hosts = new Map<string, Host>();
  readonly osTypes = new Map<string, OsType>();
  readonly templates = new Map<string, Template>();
  readonly serviceOfferings = new Map<string, ServiceOffering>();
  readonly diskOfferings = new Map<string, DiskOffering>();
  readonly networkOfferings = new Map<string, NetworkOffering>();
  readonly networks = new Map<string, Network>();
  readonly vms = new Map<string, Vm>();
  readonly volumes = new Map<string, Volume>();
  readonly sshKeyPairs = new Map<string, SshKeyPair>();
  // --- Storage family (issue 14) ---
  readonly snapshots = new Map<string, Snapshot>();
  readonly vmSnapshots = new Map<string, VmSnapshot>();
  readonly snapshotPolicies = new Map<string, SnapshotPolicy>();
  readonly storagePools = new Map<string, StoragePool>();
  readonly imageStores = new Map<string, ImageStore>();
  // --- end Storage family ---
  // --- Images family (issue 14) ---
  /** How long a template or ISO download from its URL takes (a few job durations, so it visibly progresses). */
  readonly downloadDurationMs: () => number;
  // --- end Images family ---
  // --- Networking family (issue 14) ---
  readonly publicIps = new Map<string, PublicIp>();
  /** Firewall, egress and port forwarding rules. */
  readonly netRules = new Map<string, NetRule>();
  readonly loadBalancers = new Map<string, LoadBalancerRule>();
  /** Each zone's public range: the public network and VLAN its addresses come from, the next host. */
  readonly publicRanges = new Map<string, PublicRange>();
  readonly securityGroups = new Map<string, SecurityGroup>();
  readonly vpcOfferings = new Map<string, VpcOffering>();
  readonly vpcs = new Map<string, Vpc>();
  // --- end Networking family ---
  // --- VPC tiers and network ACLs (issue 14) ---
  readonly networkAcls = new Map<string, NetworkAclList>();
  readonly networkAclItems = new Map<string, NetworkAclItem>();
  // --- end VPC tiers and network ACLs ---
  // --- Compute family (issue 14) ---
  readonly affinityGroups = new Map<string, AffinityGroup>();
  /** Events in the order they happened (ids ascend). */
  readonly events = new Map<string, SimEvent>();
  readonly alerts = new Map<string, Alert>();
  /** Ids of events and alerts, a sequence of their own so recording them does not shift other objects' ids. */
  readonly eventIds: SeededRandom;
  /** Set by the engine: records the events of each job's phases. */
  onJobPhase: JobManagerOptions['onPhase'];
  // --- end Compute family ---
  /** Tags by resource uuid. */
  readonly tags = new Map<string, Tag[]>();
  /** Uuids of removed objects: CloudStack still resolves them when checking parameters. */
  private readonly removed = new Map<string, EntityKind>();
  private readonly counters = new Map<string, number>();
  /** Serialised objects (VMs are listed by the thousand), dropped whenever the object changes. */
  private readonly jsonCache = { full: new Map<string, Buffer>(), restricted: new Map<string, Buffer>() };
  private macCounter = 1;

  constructor(options: StoreOptions) {
    this.seed = options.seed;
    this.ids = new SeededRandom(options.seed, 'ids');
    this.secrets = new SeededRandom(options.seed, 'secrets');
    this.eventIds = new SeededRandom(options.seed, 'events'); // Compute family (issue 14)
    this.downloadDurationMs = () => 4 * Math.max(0, options.jobDurationMs());
    const jobOptions: JobManagerOptions = {
      newId: () => this.ids.uuid(),
      durationMs: options.jobDurationMs,
      failsAt: options.jobFailsAt,
      onInstanceChange: (id) => this.touch(id),
      onPhase: (job, phase, time) => this.onJobPhase?.(job, phase, time), // Compute family (issue 14)
    };
    this.jobs = new JobManager(jobOptions);
  }

  newId(): string {
    return this.ids.uuid();
  }

  /** CloudStack's internal numeric ids, one sequence per table. */
  nextInternalId(table: string, start = 1): number {
    const next = this.counters.get(table) ?? start;
    this.counters.set(table, next + 1);
    return next;
  }

  nextMacAddress(): string {
    const n = this.macCounter++;
    const bytes = [0x02, 0x00, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
    return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
  }

  /** Drops cached renderings of an object after it changed. */
  touch(id: string): void {
    this.jsonCache.full.delete(id);
    this.jsonCache.restricted.delete(id);
  }

  cachedJson(id: string, variant: 'full' | 'restricted', render: () => string): Buffer {
    const cache = this.jsonCache[variant];
    let json = cache.get(id);
    if (json === undefined) {
      json = Buffer.from(render(), 'utf8');
      cache.set(id, json);
    }
    return json;
  }

  markRemoved(kind: EntityKind, id: string): void {
    this.removed.set(id, kind);
    this.touch(id);
  }

  /** Removes an object from its table with its tags; its uuid still resolves, as a removed one (markRemoved). */
  forget(table: Map<string, unknown>, kind: EntityKind, id: string): void {
    table.delete(id);
    this.tags.delete(id);
    this.markRemoved(kind, id);
  }

  /** Whether an id names an object of the kind, including removed ones (as CloudStack's uuid lookup does). */
  exists(kind: EntityKind, id: string): boolean {
    if (this.removed.get(id) === kind) return true;
    switch (kind) {
      case 'domain':
        return this.domains.has(id);
      case 'account':
        return this.accounts.has(id);
      case 'user':
        return this.users.has(id);
      case 'role':
        return this.roles.has(id);
      case 'zone':
        return this.zones.has(id);
      case 'pod':
        return this.pods.has(id);
      case 'cluster':
        return this.clusters.has(id);
      case 'host':
        return this.hosts.has(id);
      case 'template':
        return this.templates.has(id);
      case 'ostype':
        return this.osTypes.has(id);
      case 'serviceoffering':
        return this.serviceOfferings.has(id);
      case 'diskoffering':
        return this.diskOfferings.has(id);
      case 'networkoffering':
        return this.networkOfferings.has(id);
      case 'network':
        return this.networks.has(id);
      case 'vm':
        return this.vms.has(id);
      case 'volume':
        return this.volumes.has(id);
      case 'sshkeypair':
        return this.sshKeyPairs.has(id);
      case 'job':
        return this.jobs.get(id) !== undefined;
      // --- Storage family (issue 14) ---
      case 'snapshot':
        return this.snapshots.has(id);
      case 'vmsnapshot':
        return this.vmSnapshots.has(id);
      case 'snapshotpolicy':
        return this.snapshotPolicies.has(id);
      case 'storagepool':
        return this.storagePools.has(id);
      case 'imagestore':
        return this.imageStores.has(id);
      // --- end Storage family ---
      // --- Networking family (issue 14) ---
      case 'publicip':
        return this.publicIps.has(id);
      case 'firewallrule':
        return this.netRules.get(id)?.purpose === 'Firewall';
      case 'portforwardingrule':
        return this.netRules.get(id)?.purpose === 'PortForwarding';
      case 'loadbalancer':
        return this.loadBalancers.has(id);
      case 'securitygroup':
        return this.securityGroups.has(id);
      case 'vpc':
        return this.vpcs.has(id);
      case 'vpcoffering':
        return this.vpcOfferings.has(id);
      case 'nic':
        return [...this.vms.values()].some((vm) => vm.nics.some((nic) => nic.id === id));
      case 'securitygrouprule':
        return [...this.securityGroups.values()].some((g) =>
          [...g.ingress, ...g.egress].some((r) => r.id === id),
        );
      // --- end Networking family ---
      // --- VPC tiers and network ACLs (issue 14) ---
      case 'networkacl':
        return this.networkAcls.has(id);
      case 'networkaclitem':
        return this.networkAclItems.has(id);
      // --- end VPC tiers and network ACLs ---
      // --- Compute family (issue 14) ---
      case 'affinitygroup':
        return this.affinityGroups.has(id);
      case 'event':
        return this.events.has(id);
      case 'alert':
        return this.alerts.has(id);
      // --- end Compute family ---
      // Accounts family (issue 15)
      case 'project':
        return projectsOf(this).has(id);
      case 'unmodelled':
        return false;
    }
  }

  // Lookups that must succeed: the id was validated already, so a miss means it was removed meanwhile.

  account(id: string): Account {
    return required(this.accounts.get(id), 'account', id);
  }

  domain(id: string): Domain {
    return required(this.domains.get(id), 'domain', id);
  }

  zone(id: string): Zone {
    return required(this.zones.get(id), 'zone', id);
  }

  role(id: string): Role {
    return required(this.roles.get(id), 'role', id);
  }

  /** The account's first (default) user. */
  defaultUserOf(accountId: string): User | undefined {
    for (const user of this.users.values()) if (user.accountId === accountId) return user;
    return undefined;
  }

  /** The user an API key belongs to (used by request signing and getUser). */
  userByApiKey(apiKey: string | undefined): User | undefined {
    if (apiKey === undefined) return undefined;
    for (const user of this.users.values()) if (user.apiKey === apiKey) return user;
    return undefined;
  }

  rootDomain(): Domain {
    for (const domain of this.domains.values()) if (domain.parentId === undefined) return domain;
    throw new Error('the simulator has no ROOT domain');
  }

  /** The domain and, when `recursive`, all domains below it. */
  domainSubtree(domainId: string, recursive: boolean): Set<string> {
    const result = new Set([domainId]);
    if (!recursive) return result;
    let grew = true;
    while (grew) {
      grew = false;
      for (const domain of this.domains.values()) {
        if (domain.parentId !== undefined && result.has(domain.parentId) && !result.has(domain.id)) {
          result.add(domain.id);
          grew = true;
        }
      }
    }
    return result;
  }

  tagsOf(resourceId: string): Tag[] {
    return this.tags.get(resourceId) ?? [];
  }

  /** Finds a taggable resource; the type is CloudStack's spelling. */
  taggableExists(type: TaggableType, id: string): boolean {
    switch (type) {
      case 'UserVm':
        return this.vms.has(id);
      case 'Template': {
        const t = this.templates.get(id);
        return t !== undefined && !t.isIso;
      }
      case 'ISO': {
        return this.templates.get(id)?.isIso === true;
      }
      case 'Volume':
        return this.volumes.has(id);
      case 'Network':
        return this.networks.has(id);
    }
  }

  ownerOfTaggable(type: TaggableType, id: string): string | undefined {
    switch (type) {
      case 'UserVm':
        return this.vms.get(id)?.accountId;
      case 'Template':
      case 'ISO':
        return this.templates.get(id)?.accountId;
      case 'Volume':
        return this.volumes.get(id)?.accountId;
      case 'Network':
        return this.networks.get(id)?.accountId;
    }
  }
}

function required<T>(value: T | undefined, what: string, id: string): T {
  if (value === undefined) throw invalidParameter(`Unable to find ${what} with id ${id}`);
  return value;
}
