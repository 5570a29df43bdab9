// --- Accounts family (issue 15) ---
// Global settings (CloudStack's `configuration` table): a realistic handful, with CloudStack 4.18's names,
// categories, descriptions and defaults (server/src/main/java/com/cloud/configuration/Config.java and the
// ConfigKeys of ResourceLimitService, ProjectManager, UserVmManager). Values can be set globally or, for
// account-scoped keys, per account.
import type { Store } from './store.js';

export interface ConfigDef {
  name: string;
  category: string;
  component: string;
  description: string;
  defaultValue: string;
  type: 'Integer' | 'Long' | 'Boolean' | 'String';
  isDynamic: boolean;
  /** The scopes a value may be set for besides the global one. */
  scopes: Array<'account' | 'domain' | 'zone'>;
  group: string;
  subgroup: string;
}

const limit = (name: string, what: string, value: string): ConfigDef => ({
  name,
  category: 'Account Defaults',
  component: 'ResourceLimitManager',
  description: what,
  defaultValue: value,
  type: 'Long',
  isDynamic: false,
  scopes: [],
  group: 'Miscellaneous',
  subgroup: 'Others',
});

export const CONFIG_DEFS: readonly ConfigDef[] = [
  {
    name: 'allow.user.create.projects',
    category: 'Project Defaults',
    component: 'ProjectManager',
    description: 'If regular user can create a project; true by default',
    defaultValue: 'true',
    type: 'Boolean',
    isDynamic: false,
    scopes: [],
    group: 'Project',
    subgroup: 'Others',
  },
  {
    name: 'default.page.size',
    category: 'Advanced',
    component: 'ManagementServer',
    description: 'Default page size for API list* commands',
    defaultValue: '500',
    type: 'Long',
    isDynamic: false,
    scopes: [],
    group: 'Miscellaneous',
    subgroup: 'Others',
  },
  {
    name: 'expunge.delay',
    category: 'Advanced',
    component: 'UserVmManager',
    description:
      'Determines how long (in seconds) to wait before actually expunging destroyed vm. The default value = the default value of expunge.interval',
    defaultValue: '86400',
    type: 'Integer',
    isDynamic: false,
    scopes: [],
    group: 'Compute',
    subgroup: 'Virtual Machine',
  },
  {
    name: 'expunge.interval',
    category: 'Advanced',
    component: 'UserVmManager',
    description: 'The interval (in seconds) to wait before running the expunge thread.',
    defaultValue: '86400',
    type: 'Integer',
    isDynamic: false,
    scopes: [],
    group: 'Compute',
    subgroup: 'Virtual Machine',
  },
  {
    name: 'incorrect.login.attempts.allowed',
    category: 'Advanced',
    component: 'AccountManager',
    description: 'Incorrect login attempts allowed before the user is disabled',
    defaultValue: '5',
    type: 'Integer',
    isDynamic: false,
    scopes: [],
    group: 'Access',
    subgroup: 'Others',
  },
  limit('max.account.cpus', 'The default maximum number of cpu cores that can be used for an account', '40'),
  limit('max.account.memory', 'The default maximum memory (in MB) that can be used for an account', '40960'),
  limit(
    'max.account.networks',
    'The default maximum number of networks that can be created for an account',
    '20',
  ),
  limit(
    'max.account.primary.storage',
    'The default maximum primary storage space (in GiB) that can be used for an account',
    '200',
  ),
  limit(
    'max.account.projects',
    'The default maximum number of projects that can be created for an account',
    '20',
  ),
  limit(
    'max.account.public.ips',
    'The default maximum number of public IPs that can be consumed by an account',
    '20',
  ),
  limit(
    'max.account.secondary.storage',
    'The default maximum secondary storage space (in GiB) that can be used for an account',
    '400',
  ),
  limit(
    'max.account.snapshots',
    'The default maximum number of snapshots that can be created for an account',
    '20',
  ),
  limit(
    'max.account.templates',
    'The default maximum number of templates that can be deployed for an account',
    '20',
  ),
  limit(
    'max.account.user.vms',
    'The default maximum number of user VMs that can be deployed for an account',
    '20',
  ),
  limit(
    'max.account.volumes',
    'The default maximum number of volumes that can be created for an account',
    '20',
  ),
  limit('max.account.vpcs', 'The default maximum number of vpcs that can be created for an account', '20'),
  {
    name: 'vm.destroy.forcestop',
    category: 'Advanced',
    component: 'UserVmManager',
    description: 'On destroy, force-stop takes this value',
    defaultValue: 'false',
    type: 'Boolean',
    isDynamic: true,
    scopes: ['zone'],
    group: 'Compute',
    subgroup: 'Virtual Machine',
  },
];

interface ConfigValues {
  global: Map<string, string>;
  /** Per scope object (account, domain or zone uuid): name → value. */
  scoped: Map<string, Map<string, string>>;
}

const valuesByStore = new WeakMap<Store, ConfigValues>();

function values(store: Store): ConfigValues {
  let v = valuesByStore.get(store);
  if (!v) {
    v = { global: new Map(), scoped: new Map() };
    valuesByStore.set(store, v);
  }
  return v;
}

export function configDef(name: string): ConfigDef | undefined {
  return CONFIG_DEFS.find((def) => def.name === name);
}

/** The value in force: the scope object's own, else the global one, else the default. */
export function configValue(store: Store, name: string, scopeId?: string): string | undefined {
  const v = values(store);
  const scoped = scopeId !== undefined ? v.scoped.get(scopeId)?.get(name) : undefined;
  return scoped ?? v.global.get(name) ?? configDef(name)?.defaultValue;
}

export function setConfigValue(store: Store, name: string, value: string, scopeId?: string): void {
  const v = values(store);
  if (scopeId === undefined) {
    v.global.set(name, value);
    return;
  }
  let scoped = v.scoped.get(scopeId);
  if (!scoped) {
    scoped = new Map();
    v.scoped.set(scopeId, scoped);
  }
  scoped.set(name, value);
}
// --- end Accounts family ---

/** resetConfiguration (issue 14): the global value back to the default, or a scope's own value dropped. */
export function resetConfigValue(store: Store, name: string, scopeId?: string): void {
  const v = values(store);
  if (scopeId === undefined) v.global.delete(name);
  else v.scoped.get(scopeId)?.delete(name);
}
