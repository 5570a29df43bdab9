// Domains, accounts, users and roles.

import { accountCount, accountLimit, domainCount, domainLimit, resourceType } from '../state/limits.js';
import type { Account, Domain, Role, User } from '../state/model.js';
import type { Store } from '../state/store.js';
import { type FieldDef, field, formatDate, jobFields, View } from './view.js';

const UNLIMITED = 'Unlimited';

interface Usage {
  vms: number;
  running: number;
  stopped: number;
  volumes: number;
  networks: number;
  templates: number;
  cpus: number;
  memory: number;
  primaryStorageGiB: number;
}

/** What the accounts in the set own; counted on demand (the account and domain lists are short). */
function usageOf(store: Store, accountIds: Set<string>): Usage {
  const usage: Usage = {
    vms: 0,
    running: 0,
    stopped: 0,
    volumes: 0,
    networks: 0,
    templates: 0,
    cpus: 0,
    memory: 0,
    primaryStorageGiB: 0,
  };
  for (const vm of store.vms.values()) {
    if (!accountIds.has(vm.accountId) || vm.state === 'Destroyed' || vm.state === 'Expunging') continue;
    usage.vms++;
    if (vm.state === 'Running') usage.running++;
    if (vm.state === 'Stopped') usage.stopped++;
    usage.cpus += vm.cpuNumber;
    usage.memory += vm.memory;
  }
  for (const volume of store.volumes.values()) {
    if (!accountIds.has(volume.accountId) || volume.state === 'Destroy') continue;
    usage.volumes++;
    usage.primaryStorageGiB += volume.size / 1024 ** 3;
  }
  for (const network of store.networks.values()) if (accountIds.has(network.accountId)) usage.networks++;
  for (const template of store.templates.values()) {
    if (accountIds.has(template.accountId) && template.templateType === 'USER') usage.templates++;
  }
  usage.primaryStorageGiB = Math.round(usage.primaryStorageGiB);
  return usage;
}

/** Whose limits a row shows: an account's (projects show their project account's) or a domain's. */
export interface LimitOwner {
  kind: 'account' | 'domain';
  id: string;
}

/** The limit/total/available triples CloudStack shows for accounts, domains and projects. */
export function limitFields<T>(
  ownerOf: (source: T) => LimitOwner,
  what: string,
  skip: readonly string[] = [],
): FieldDef<T>[] {
  const all: Array<[string, string, string]> = [
    ['vm', 'virtual machines', 'user_vm'],
    ['ip', 'public IP addresses', 'public_ip'],
    ['volume', 'volumes', 'volume'],
    ['snapshot', 'snapshots', 'snapshot'],
    ['template', 'templates', 'template'],
    ['project', 'projects', 'project'],
    ['network', 'networks', 'network'],
    ['vpc', 'VPCs', 'vpc'],
    ['cpu', 'vCPUs', 'cpu'],
    ['memory', 'MiB of memory', 'memory'],
    ['primarystorage', 'GiB of primary storage', 'primary_storage'],
    ['secondarystorage', 'GiB of secondary storage', 'secondary_storage'],
  ];
  const triples = all.filter(([prefix]) => !skip.includes(prefix));
  const limitOf = (owner: LimitOwner, store: Store, typeName: string): number => {
    const type = resourceType(typeName);
    if (!type) return -1;
    if (owner.kind === 'domain') return domainLimit(store, owner.id, type);
    const account = store.accounts.get(owner.id);
    return account ? accountLimit(store, account, type) : -1;
  };
  const countOf = (owner: LimitOwner, store: Store, typeName: string): number => {
    const type = resourceType(typeName);
    if (!type) return 0;
    return owner.kind === 'domain' ? domainCount(store, owner.id, type) : accountCount(store, owner.id, type);
  };
  const defs: FieldDef<T>[] = [];
  for (const [prefix, label, typeName] of triples) {
    defs.push(
      field<T>(`${prefix}limit`, 'string', `how many ${label} the ${what} may have`, (s, rc) => {
        const max = limitOf(ownerOf(s), rc.store, typeName);
        return max < 0 ? UNLIMITED : String(max);
      }),
    );
    defs.push(
      field<T>(
        `${prefix}total`,
        prefix === 'secondarystorage' ? 'float' : 'long',
        `${label} the ${what} has`,
        (s, rc) => countOf(ownerOf(s), rc.store, typeName),
      ),
    );
    defs.push(
      field<T>(`${prefix}available`, 'string', `${label} the ${what} may still add`, (s, rc) => {
        const owner = ownerOf(s);
        const max = limitOf(owner, rc.store, typeName);
        return max < 0 ? UNLIMITED : String(Math.max(0, max - countOf(owner, rc.store, typeName)));
      }),
    );
  }
  return defs;
}

export const domainView = new View<Domain>([
  field('id', 'string', 'ID of the domain', (d) => d.id),
  field('name', 'string', 'name of the domain', (d) => d.name),
  field('level', 'integer', 'depth of the domain (ROOT is 0)', (d) => d.level),
  field('parentdomainid', 'string', 'ID of the parent domain', (d) => d.parentId),
  field('parentdomainname', 'string', 'name of the parent domain', (d, rc) =>
    d.parentId ? rc.store.domains.get(d.parentId)?.name : undefined,
  ),
  field('haschild', 'boolean', 'whether the domain has child domains', (d, rc) =>
    [...rc.store.domains.values()].some((other) => other.parentId === d.id),
  ),
  field('path', 'string', 'full path of the domain, e.g. ROOT/child', (d) => d.path),
  field('networkdomain', 'string', 'network domain of the domain', (d) => d.networkDomain),
  field('state', 'string', 'state of the domain', () => 'Active'),
  field('created', 'date', 'when the domain was created', (d) => formatDate(d.created)),
  ...limitFields<Domain>((d) => ({ kind: 'domain', id: d.id }), 'domain'),
  ...jobFields<Domain>(),
]);

function roleOf(store: Store, account: Account | undefined): Role | undefined {
  return account ? store.roles.get(account.roleId) : undefined;
}

const userFields: FieldDef<User>[] = [
  field('id', 'string', 'ID of the user', (u) => u.id),
  field('username', 'string', 'login name of the user', (u) => u.username),
  field('firstname', 'string', 'first name of the user', (u) => u.firstname),
  field('lastname', 'string', 'last name of the user', (u) => u.lastname),
  field('email', 'string', 'e-mail address of the user', (u) => u.email),
  field('created', 'date', 'when the user was created', (u) => formatDate(u.created)),
  field('state', 'string', 'state of the user: enabled, disabled or locked', (u) => u.state),
  field(
    'account',
    'string',
    'name of the account the user belongs to',
    (u, rc) => rc.store.accounts.get(u.accountId)?.name,
  ),
  field(
    'accounttype',
    'integer',
    'type of that account: 0 user, 1 root admin, 2 domain admin',
    (u, rc) => rc.store.accounts.get(u.accountId)?.type,
  ),
  field('usersource', 'string', 'where the user authenticates (native, ldap, saml2)', () => 'native'),
  field(
    'roleid',
    'string',
    'ID of the account role',
    (u, rc) => roleOf(rc.store, rc.store.accounts.get(u.accountId))?.id,
  ),
  field(
    'roletype',
    'string',
    'type of the account role',
    (u, rc) => roleOf(rc.store, rc.store.accounts.get(u.accountId))?.type,
  ),
  field(
    'rolename',
    'string',
    'name of the account role',
    (u, rc) => roleOf(rc.store, rc.store.accounts.get(u.accountId))?.name,
  ),
  field(
    'domainid',
    'string',
    'ID of the domain of the user',
    (u, rc) => rc.store.accounts.get(u.accountId)?.domainId,
  ),
  field('domain', 'string', 'name of the domain of the user', (u, rc) => {
    const account = rc.store.accounts.get(u.accountId);
    return account ? rc.store.domains.get(account.domainId)?.name : undefined;
  }),
  field('timezone', 'string', 'time zone of the user', (u) => u.timezone),
  field('apikey', 'string', 'API key of the user, when keys were generated', (u) => u.apiKey),
  field('accountid', 'string', 'ID of the account of the user', (u) => u.accountId),
  field(
    'iscallerchilddomain',
    'boolean',
    "whether the user is in a child domain of the caller's",
    () => false,
  ),
  field('isdefault', 'boolean', 'whether this is a built-in user that cannot be deleted', (u) => u.isDefault),
  field('is2faenabled', 'boolean', 'whether two-factor authentication is enabled', () => false),
];

export const userView = new View<User>([...userFields, ...jobFields<User>()]);
/** Users as listed inside their account (no job fields there). */
const accountUserView = new View<User>(userFields);

export const accountView = new View<Account>([
  field('id', 'string', 'ID of the account', (a) => a.id),
  field('name', 'string', 'name of the account', (a) => a.name),
  field('accounttype', 'integer', 'type: 0 user, 1 root admin, 2 domain admin', (a) => a.type),
  field('roleid', 'string', 'ID of the role of the account', (a) => a.roleId),
  field('roletype', 'string', 'type of that role', (a, rc) => rc.store.roles.get(a.roleId)?.type),
  field('rolename', 'string', 'name of that role', (a, rc) => rc.store.roles.get(a.roleId)?.name),
  field('domainid', 'string', 'ID of the domain of the account', (a) => a.domainId),
  field(
    'domain',
    'string',
    'name of the domain of the account',
    (a, rc) => rc.store.domains.get(a.domainId)?.name,
  ),
  field(
    'domainpath',
    'string',
    'path of the domain of the account',
    (a, rc) => rc.store.domains.get(a.domainId)?.path,
  ),
  field('networkdomain', 'string', 'network domain of the account', (a) => a.networkDomain),
  field('created', 'date', 'when the account was created', (a) => formatDate(a.created)),
  field('state', 'string', 'state: enabled, disabled or locked', (a) => a.state),
  field(
    'isdefault',
    'boolean',
    'whether this is a built-in account that cannot be deleted',
    (a) => a.isDefault,
  ),
  field('accountdetails', 'map', 'details (settings) of the account', (a) =>
    Object.keys(a.details).length > 0 ? a.details : undefined,
  ),
  field('groups', 'list', 'names of the groups the account belongs to', () => []),
  field('receivedbytes', 'long', 'network traffic received by the account, in bytes', () => 0),
  field('sentbytes', 'long', 'network traffic sent by the account, in bytes', () => 0),
  field(
    'vmrunning',
    'integer',
    'running virtual machines of the account',
    (a, rc) => usageOf(rc.store, new Set([a.id])).running,
  ),
  field(
    'vmstopped',
    'integer',
    'stopped virtual machines of the account',
    (a, rc) => usageOf(rc.store, new Set([a.id])).stopped,
  ),
  ...limitFields<Account>((a) => ({ kind: 'account', id: a.id }), 'account'),
  field(
    'user',
    'list',
    'users of the account',
    (a, rc) => [...rc.store.users.values()].filter((u) => u.accountId === a.id),
    accountUserView,
  ),
  ...jobFields<Account>(),
]);

export const roleView = new View<Role>([
  field('id', 'string', 'ID of the role', (r) => r.id),
  field('name', 'string', 'name of the role', (r) => r.name),
  field('type', 'string', 'type of the role: Admin, ResourceAdmin, DomainAdmin or User', (r) => r.type),
  field('description', 'string', 'what the role is for', (r) => r.description),
  field('isdefault', 'boolean', 'whether the role is built in', (r) => r.isDefault),
  ...jobFields<Role>(),
]);

/** `getUserKeys` / `registerUserKeys` answer. */
export const userKeysView = new View<User>([
  field('apikey', 'string', 'API key of the user', (u) => u.apiKey),
  field('secretkey', 'string', 'secret key of the user', (u) => u.secretKey),
]);
