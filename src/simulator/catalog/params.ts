// Building blocks for the simulator's own API specs. Names, types and required-ness follow CloudStack 4.18;
// the descriptions are the simulator's own.
import type { EntityKind, ParamSpec } from './types.js';

export interface ParamOptions {
  required?: boolean;
  since?: string;
  length?: number;
  entity?: EntityKind;
  items?: ParamSpec['items'];
  related?: string;
}

/** The list API a client calls to find ids of each kind, used as the parameter's `related`. */
const RELATED_BY_ENTITY: Partial<Record<EntityKind, string>> = {
  domain: 'listDomains',
  project: 'listProjects',
  account: 'listAccounts',
  user: 'listUsers',
  role: 'listRoles',
  zone: 'listZones',
  pod: 'listPods',
  cluster: 'listClusters',
  host: 'listHosts',
  template: 'listTemplates,listIsos',
  ostype: 'listOsTypes',
  serviceoffering: 'listServiceOfferings',
  diskoffering: 'listDiskOfferings',
  networkoffering: 'listNetworkOfferings',
  network: 'listNetworks',
  vm: 'listVirtualMachines',
  volume: 'listVolumes',
  sshkeypair: 'listSSHKeyPairs',
  job: 'listAsyncJobs',
  // --- Storage family (issue 14) ---
  snapshot: 'listSnapshots',
  vmsnapshot: 'listVMSnapshot',
  snapshotpolicy: 'listSnapshotPolicies',
  storagepool: 'listStoragePools',
  imagestore: 'listImageStores',
  // --- end Storage family ---
  // Networking family (issue 14)
  publicip: 'listPublicIpAddresses',
  firewallrule: 'listFirewallRules',
  portforwardingrule: 'listPortForwardingRules',
  loadbalancer: 'listLoadBalancerRules',
  securitygroup: 'listSecurityGroups',
  securitygrouprule: 'listSecurityGroups',
  nic: 'listNics',
  vpc: 'listVPCs',
  vpcoffering: 'listVPCOfferings',
  // VPC tiers and network ACLs (issue 14)
  networkacl: 'listNetworkACLLists',
  networkaclitem: 'listNetworkACLs',
  // Compute family (issue 14)
  affinitygroup: 'listAffinityGroups',
  event: 'listEvents',
  alert: 'listAlerts',
};

export function param(
  name: string,
  type: string,
  description: string,
  options: ParamOptions = {},
): ParamSpec {
  const spec: ParamSpec = {
    name,
    type,
    description,
    required: options.required ?? false,
    length: options.length ?? 255,
  };
  if (options.since) spec.since = options.since;
  if (options.entity) spec.entity = options.entity;
  if (options.items) spec.items = options.items;
  const related = options.related ?? (options.entity ? RELATED_BY_ENTITY[options.entity] : undefined);
  if (related) spec.related = related;
  return spec;
}

/** A uuid parameter naming an object of the given kind. */
export function idParam(
  name: string,
  entity: EntityKind,
  description: string,
  options: ParamOptions = {},
): ParamSpec {
  return param(name, 'uuid', description, { ...options, entity });
}

/** A comma-separated list of uuids of the given kind. */
export function idListParam(
  name: string,
  entity: EntityKind,
  description: string,
  options: ParamOptions = {},
): ParamSpec {
  return param(name, 'list', description, { ...options, entity, items: 'uuid' });
}

const keywordParam = param(
  'keyword',
  'string',
  'only return objects whose name or description contains this text',
);

/** `id` and `name`, the first filters of most list APIs: "only the <noun> with this ID / name". */
export function idAndNameParams(entity: EntityKind, noun: string): ParamSpec[] {
  return [
    idParam('id', entity, `only the ${noun} with this ID`),
    param('name', 'string', `only the ${noun} with this name`),
  ];
}

/** `keyword`, `page` and `pagesize`, which every CloudStack list API accepts. */
export const pagingParams: ParamSpec[] = [
  keywordParam,
  param('page', 'integer', 'page number to return, counting from 1'),
  param('pagesize', 'integer', 'number of objects per page (at most 500; -1 for all when no page is given)'),
];

/** The ownership filters of list APIs that show account-owned objects. */
export function ownerListParams(what: string): ParamSpec[] {
  return [
    param('account', 'string', `only ${what} of this account; give domainid with it`),
    idParam('domainid', 'domain', `only ${what} of accounts in this domain`),
    param('isrecursive', 'boolean', 'with domainid: include the domains below it too'),
    param(
      'listall',
      'boolean',
      `true to list every ${what.replace(/s$/, '')} the caller may see, not only the caller's own; default false`,
    ),
    idParam('projectid', 'project', `only ${what} of this project`),
  ];
}

/** The `account`/`domainid`/`projectid` trio create APIs use to act on behalf of another owner. */
export function ownerCreateParams(what: string): ParamSpec[] {
  return [
    param('account', 'string', `account that will own the ${what}; give domainid with it`),
    idParam('domainid', 'domain', `domain of that account`),
    idParam('projectid', 'project', `project that will own the ${what}`),
  ];
}

export const showIconParam = param('showicon', 'boolean', 'whether to include the resource icon');
