// --- Accounts family (issue 15) ---
// Resource limits and counts, as ResourceLimitManagerImpl keeps them: one limit per account or domain and
// resource type (-1 unlimited); an account without its own limit takes the `max.account.*` setting; root
// admin accounts are unlimited; a domain without its own limit is unlimited here (CloudStack's `max.domain.*`
// defaults are not modelled). Counts are computed from the store, so they are always "recalculated".
import { ApiError, CsErrorCode, ErrorCode } from '../errors.js';
import { configValue } from './configurations.js';
import type { Account } from './model.js';
import { projectOwners, projectsOf } from './projects.js';
import type { Store } from './store.js';

const GiB = 1024 ** 3;

export interface ResourceType {
  /** CloudStack's Resource.ResourceType ordinal. */
  type: number;
  name: string;
  /** The setting that holds an account's default limit. */
  accountSetting: string;
  count(store: Store, accountIds: ReadonlySet<string>): number;
}

function sum<T>(items: Iterable<T>, of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}

const liveVm = (state: string) => state !== 'Destroyed' && state !== 'Expunging' && state !== 'Error';

export const RESOURCE_TYPES: readonly ResourceType[] = [
  {
    type: 0,
    name: 'user_vm',
    accountSetting: 'max.account.user.vms',
    count: (s, ids) => sum(s.vms.values(), (vm) => (ids.has(vm.accountId) && liveVm(vm.state) ? 1 : 0)),
  },
  {
    type: 1,
    name: 'public_ip',
    accountSetting: 'max.account.public.ips',
    count: (s, ids) => sum(s.publicIps.values(), (ip) => (ids.has(ip.accountId) ? 1 : 0)),
  },
  {
    type: 2,
    name: 'volume',
    accountSetting: 'max.account.volumes',
    count: (s, ids) =>
      sum(s.volumes.values(), (v) => (ids.has(v.accountId) && v.state !== 'Destroy' ? 1 : 0)),
  },
  {
    type: 3,
    name: 'snapshot',
    accountSetting: 'max.account.snapshots',
    count: (s, ids) => sum(s.snapshots.values(), (snap) => (ids.has(snap.accountId) ? 1 : 0)),
  },
  {
    type: 4,
    name: 'template',
    accountSetting: 'max.account.templates',
    count: (s, ids) =>
      sum(s.templates.values(), (t) => (ids.has(t.accountId) && t.templateType === 'USER' ? 1 : 0)),
  },
  {
    type: 5,
    name: 'project',
    accountSetting: 'max.account.projects',
    count: (s, ids) =>
      sum(projectsOf(s).values(), (p) => (projectOwners(p).some((owner) => ids.has(owner)) ? 1 : 0)),
  },
  {
    type: 6,
    name: 'network',
    accountSetting: 'max.account.networks',
    count: (s, ids) =>
      sum(s.networks.values(), (n) => (ids.has(n.accountId) && n.type === 'Isolated' ? 1 : 0)),
  },
  {
    type: 7,
    name: 'vpc',
    accountSetting: 'max.account.vpcs',
    count: (s, ids) => sum(s.vpcs.values(), (v) => (ids.has(v.accountId) ? 1 : 0)),
  },
  {
    type: 8,
    name: 'cpu',
    accountSetting: 'max.account.cpus',
    count: (s, ids) =>
      sum(s.vms.values(), (vm) => (ids.has(vm.accountId) && liveVm(vm.state) ? vm.cpuNumber : 0)),
  },
  {
    type: 9,
    name: 'memory',
    accountSetting: 'max.account.memory',
    count: (s, ids) =>
      sum(s.vms.values(), (vm) => (ids.has(vm.accountId) && liveVm(vm.state) ? vm.memory : 0)),
  },
  {
    type: 10,
    name: 'primary_storage',
    accountSetting: 'max.account.primary.storage',
    count: (s, ids) =>
      Math.round(
        sum(s.volumes.values(), (v) => (ids.has(v.accountId) && v.state !== 'Destroy' ? v.size : 0)) / GiB,
      ),
  },
  {
    type: 11,
    name: 'secondary_storage',
    accountSetting: 'max.account.secondary.storage',
    count: (s, ids) =>
      Math.round(
        sum(s.templates.values(), (t) => (ids.has(t.accountId) && t.templateType === 'USER' ? t.size : 0)) /
          GiB,
      ),
  },
];

export function resourceType(key: number | string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.type === key || r.name === key);
}

interface LimitTables {
  account: Map<string, Map<number, number>>;
  domain: Map<string, Map<number, number>>;
}

const tablesByStore = new WeakMap<Store, LimitTables>();

function tables(store: Store): LimitTables {
  let t = tablesByStore.get(store);
  if (!t) {
    t = { account: new Map(), domain: new Map() };
    tablesByStore.set(store, t);
  }
  return t;
}

export function setLimit(
  store: Store,
  owner: 'account' | 'domain',
  id: string,
  type: number,
  max: number,
): void {
  const table = tables(store)[owner];
  let limits = table.get(id);
  if (!limits) {
    limits = new Map();
    table.set(id, limits);
  }
  limits.set(type, max);
}

export function isRootAdminAccount(store: Store, account: Account): boolean {
  return account.type === 1 || store.roles.get(account.roleId)?.type === 'Admin';
}

/** findCorrectResourceLimitForAccount: root admins unlimited, then the account's own, then the setting. */
export function accountLimit(store: Store, account: Account, type: ResourceType): number {
  if (isRootAdminAccount(store, account)) return -1;
  const own = tables(store).account.get(account.id)?.get(type.type);
  if (own !== undefined) return own;
  return Number(configValue(store, type.accountSetting) ?? -1);
}

/** findCorrectResourceLimitForDomain: the domain's own limit; ROOT and unset domains are unlimited. */
export function domainLimit(store: Store, domainId: string, type: ResourceType): number {
  return tables(store).domain.get(domainId)?.get(type.type) ?? -1;
}

export function accountCount(store: Store, accountId: string, type: ResourceType): number {
  return type.count(store, new Set([accountId]));
}

export function domainCount(store: Store, domainId: string, type: ResourceType): number {
  const domains = store.domainSubtree(domainId, true);
  const ids = new Set<string>();
  for (const account of store.accounts.values()) if (domains.has(account.domainId)) ids.add(account.id);
  return type.count(store, ids);
}

/**
 * ResourceLimitManagerImpl.checkResourceLimit: the account's limit, then each domain up to ROOT. The error is
 * a ResourceAllocationException, answered 535; its text as a 4.18 cloud writes it (kubernetes-sigs/
 * cluster-api-provider-cloudstack pull 284: "Maximum amount of resources of Type = 'user_vm' for Account
 * Name = ... in Domain Id = 2 is exceeded: Account Resource Limit = 1, Current Account Resource Amount = 1,
 * Requested Resource Amount = 1.").
 */
export function checkResourceLimit(
  store: Store,
  accountId: string,
  typeName: string,
  requested: number,
): void {
  const account = store.accounts.get(accountId);
  const type = resourceType(typeName);
  if (!account || !type || requested <= 0 || isRootAdminAccount(store, account)) return;
  const domain = store.domains.get(account.domainId);
  const limit = accountLimit(store, account, type);
  const current = accountCount(store, account.id, type);
  if (limit >= 0 && current + requested > limit) {
    throw new ApiError(
      ErrorCode.RESOURCE_ALLOCATION,
      `Maximum amount of resources of Type = '${type.name}' for Account Name = ${account.name} in Domain Id = ${domain?.internalId} is exceeded: Account Resource Limit = ${limit}, Current Account Resource Amount = ${current}, Requested Resource Amount = ${requested}.`,
      CsErrorCode.SERVER_API,
    );
  }
  for (let d = domain; d; d = d.parentId ? store.domains.get(d.parentId) : undefined) {
    const max = domainLimit(store, d.id, type);
    if (max < 0) continue;
    const used = domainCount(store, d.id, type);
    if (used + requested > max) {
      throw new ApiError(
        ErrorCode.RESOURCE_ALLOCATION,
        `Maximum amount of resources of Type = '${type.name}' for Domain Id = ${d.internalId} is exceeded: Domain Resource Limit = ${max}, Current Domain Resource Amount = ${used}, Requested Resource Amount = ${requested}.`,
        CsErrorCode.SERVER_API,
      );
    }
  }
}
// --- end Accounts family ---
