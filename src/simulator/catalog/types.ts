// The simulator's API catalog: what `listApis` answers and what request validation checks against.

/** Kinds of simulated objects a `uuid` parameter can point at; the id must exist (as in CloudStack). */
export type EntityKind =
  | 'domain'
  | 'account'
  | 'user'
  | 'role'
  | 'zone'
  | 'pod'
  | 'cluster'
  | 'host'
  | 'template'
  | 'ostype'
  | 'serviceoffering'
  | 'diskoffering'
  | 'networkoffering'
  | 'network'
  | 'vm'
  | 'volume'
  | 'sshkeypair'
  | 'job'
  // --- Storage family (issue 14) ---
  | 'snapshot'
  | 'vmsnapshot'
  | 'snapshotpolicy'
  | 'storagepool'
  | 'imagestore'
  // --- end Storage family ---
  // Networking family (issue 14)
  | 'publicip'
  | 'firewallrule'
  | 'portforwardingrule'
  | 'loadbalancer'
  | 'securitygroup'
  | 'securitygrouprule'
  | 'nic'
  | 'vpc'
  | 'vpcoffering'
  // VPC tiers and network ACLs (issue 14)
  | 'networkacl'
  | 'networkaclitem'
  // Compute family (issue 14)
  | 'affinitygroup'
  | 'event'
  | 'alert'
  /** Something the simulator does not model (projects, VPCs, ...): no id of it exists. */
  // Accounts family (issue 15)
  | 'project'
  | 'unmodelled';

export interface ParamSpec {
  name: string;
  /** CloudStack's parameter type: string, uuid, integer, long, short, boolean, date, tzdate, list, map. */
  type: string;
  description: string;
  required: boolean;
  length: number;
  since?: string;
  related?: string;
  /** For `uuid` parameters (and `list` of uuids): which objects the id must name. Not part of listApis. */
  entity?: EntityKind;
  /** Element type of a `list` parameter, checked on each item. Not part of listApis. */
  items?: 'uuid' | 'integer' | 'long' | 'string';
}

export interface FieldSpec {
  name: string;
  type: string;
  description: string;
  fields?: FieldSpec[];
}

export interface ApiSpec {
  name: string;
  description: string;
  isAsync: boolean;
  since?: string;
  related: string[];
  params: ParamSpec[];
  response: FieldSpec[];
}

/** One entry of a `listApis` answer, as CloudStack writes it. */
export interface ListApisEntry {
  name: string;
  description: string;
  isasync: boolean;
  since?: string;
  related: string;
  params: Array<{
    name: string;
    description: string;
    type: string;
    length: number;
    required: boolean;
    since?: string;
    related?: string;
  }>;
  response: ListApisField[];
}

export interface ListApisField {
  name?: string;
  description?: string;
  type?: string;
  response?: ListApisField[];
}
