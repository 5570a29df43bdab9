// Security groups of the Basic zone: create, list, delete, authorize and revoke ingress and egress rules.
// Grounded in api/.../command/user/securitygroup/*Cmd.java and server/.../network/security/
// SecurityGroupManagerImpl.java (createSecurityGroup, deleteSecurityGroup, authorizeSecurityGroupRule,
// revokeSecurityGroupRule). Every account has a `default` group, made when it is first needed.

import { idParam, ownerCreateParams, ownerListParams, pagingParams, param } from '../catalog/params.js';
import type { ParamSpec } from '../catalog/types.js';
import { ErrorCode, invalidParameter, permissionDenied, serverApiError } from '../errors.js';
import type { SecurityGroup, SecurityGroupRule, Zone } from '../state/model.js';
import type { Store } from '../state/store.js';
import { securityGroupRuleView, securityGroupView } from '../views/security-groups.js';
import { canAccess, listOf, matchesKeyword, ownerForCreate, ownerScope } from './listing.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

export const DEFAULT_GROUP = 'default';

/** The account's `default` group (SecurityGroupManagerImpl.createDefaultSecurityGroup), made on first need. */
export function defaultGroupOf(store: Store, accountId: string, now: number): SecurityGroup {
  for (const group of store.securityGroups.values()) {
    if (group.accountId === accountId && group.name === DEFAULT_GROUP) return group;
  }
  const group: SecurityGroup = {
    id: store.newId(),
    internalId: store.nextInternalId('security_group', 1),
    name: DEFAULT_GROUP,
    description: 'Default Security Group',
    accountId,
    ingress: [],
    // CloudStack's default group lets everything out: no egress rule means egress is open.
    egress: [],
    vmIds: [],
    created: now,
  };
  store.securityGroups.set(group.id, group);
  return group;
}

function groupNamed(store: Store, accountId: string, name: string): SecurityGroup | undefined {
  for (const group of store.securityGroups.values()) {
    if (group.accountId === accountId && group.name.toLowerCase() === name.toLowerCase()) return group;
  }
  return undefined;
}

/** The group a command names by `securitygroupid` or `securitygroupname` (with the owner's account). */
function namedGroup(ctx: CallContext, command: string): SecurityGroup {
  const { params, store } = ctx;
  const id = params.id('securitygroupid');
  const name = params.text('securitygroupname');
  if (id !== undefined && name !== undefined) {
    throw invalidParameter('securityGroupId and securityGroupName parameters are mutually exclusive');
  }
  let group: SecurityGroup | undefined;
  if (id !== undefined) {
    group = store.securityGroups.get(id);
    if (!group) throw invalidParameter(`Unable to find security group by id ${id}`);
  } else if (name !== undefined) {
    const owner = ownerForCreate(ctx);
    group = name === DEFAULT_GROUP ? defaultGroupOf(store, owner, ctx.now) : groupNamed(store, owner, name);
    if (!group)
      throw invalidParameter(
        `Unable to find security group ${name} for account ${store.account(owner).name}`,
      );
  } else {
    throw invalidParameter(`Either securitygroupid or securitygroupname is required by ${command} command`);
  }
  if (!canAccess(ctx, group.accountId))
    throw permissionDenied(`Caller cannot access security group ${group.id}`);
  return group;
}

/** SecurityGroupManagerImpl.authorizeSecurityGroupRule's checks; the new rules (duplicates left out). */
function newRules(ctx: CallContext, existing: SecurityGroupRule[]): SecurityGroupRule[] {
  const { params, store } = ctx;
  const protocol = (params.text('protocol') ?? 'tcp').toLowerCase();
  if (!['tcp', 'udp', 'icmp', 'all'].includes(protocol))
    throw invalidParameter(`Invalid protocol ${protocol}`);
  let startPort = params.int('startport');
  let endPort = params.int('endport');
  let icmpType: number | undefined;
  let icmpCode: number | undefined;
  if (protocol === 'icmp') {
    icmpType = params.int('icmptype');
    icmpCode = params.int('icmpcode');
    if (icmpType === undefined || icmpCode === undefined) {
      throw invalidParameter(
        `Invalid ICMP type/code specified, icmpType = ${icmpType ?? null}, icmpCode = ${icmpCode ?? null}`,
      );
    }
    if (icmpType === -1 && icmpCode !== -1) throw invalidParameter(`Invalid icmp code ${icmpCode}`);
    if (icmpType > 255 || icmpCode > 255)
      throw invalidParameter(`Invalid icmp type/code ${icmpType}/${icmpCode}`);
    startPort = undefined;
    endPort = undefined;
  } else if (protocol === 'all') {
    startPort = undefined;
    endPort = undefined;
  } else {
    if (startPort === undefined || endPort === undefined) {
      throw invalidParameter(
        `Invalid port range specified, startPort = ${startPort ?? null}, endPort = ${endPort ?? null}`,
      );
    }
    if (startPort === 0 && endPort === 0) endPort = 65535;
    if (startPort > endPort) throw invalidParameter(`Invalid port range ${startPort}:${endPort}`);
    if (startPort > 65535 || endPort > 65535 || startPort < -1 || endPort < -1) {
      throw invalidParameter(`Invalid port numbers ${startPort}:${endPort}`);
    }
  }
  const cidrs = params.list('cidrlist') ?? [];
  const others = params.mapEntries('usersecuritygrouplist').map((entry) => ({
    account: entry.get('account') ?? '',
    group: entry.get('group') ?? '',
  }));
  if (cidrs.length === 0 && others.length === 0) {
    throw invalidParameter('At least one cidr or at least one security group needs to be specified');
  }
  for (const other of others) {
    const account = [...store.accounts.values()].find(
      (a) => a.name.toLowerCase() === other.account.toLowerCase(),
    );
    if (!account) throw invalidParameter(`Unable to find account ${other.account}`);
    if (!groupNamed(store, account.id, other.group) && other.group !== DEFAULT_GROUP) {
      throw invalidParameter(`Unable to find security group ${other.group} for account ${other.account}`);
    }
  }
  const base = { protocol, startPort, endPort, icmpType, icmpCode };
  const same = (r: SecurityGroupRule, cidr?: string, name?: string, account?: string) =>
    r.protocol === protocol &&
    r.startPort === startPort &&
    r.endPort === endPort &&
    r.icmpType === icmpType &&
    r.icmpCode === icmpCode &&
    r.cidr === cidr &&
    r.groupName === name &&
    r.groupAccount === account;
  const rules: SecurityGroupRule[] = [];
  for (const cidr of cidrs) {
    if (!existing.some((r) => same(r, cidr))) {
      rules.push({ ...base, id: store.newId(), cidr, groupName: undefined, groupAccount: undefined });
    }
  }
  for (const other of others) {
    if (!existing.some((r) => same(r, undefined, other.group, other.account))) {
      rules.push({
        ...base,
        id: store.newId(),
        cidr: undefined,
        groupName: other.group,
        groupAccount: other.account,
      });
    }
  }
  return rules;
}

const authorizeParams = (direction: string): ParamSpec[] => [
  idParam('securitygroupid', 'securitygroup', 'the security group; or give securitygroupname'),
  param('securitygroupname', 'string', "the security group's name; or give securitygroupid"),
  param('protocol', 'string', 'tcp (the default), udp, icmp or all'),
  param('startport', 'integer', `first port of the ${direction} rule`),
  param('endport', 'integer', `last port of the ${direction} rule`),
  param('icmptype', 'integer', 'ICMP type (-1 for all)'),
  param('icmpcode', 'integer', 'ICMP code (-1 for all)'),
  param('cidrlist', 'list', 'CIDRs the rule allows'),
  param(
    'usersecuritygrouplist',
    'map',
    "other accounts' groups the rule allows: usersecuritygrouplist[0].account=..., usersecuritygrouplist[0].group=...",
  ),
  ...ownerCreateParams('security group'),
];

function authorizeApi(direction: 'ingress' | 'egress', name: string, cmd: string) {
  return defineApi({
    access: 'user',
    cmdClass: `org.apache.cloudstack.api.command.user.securitygroup.${cmd}`,
    spec: {
      name,
      description:
        direction === 'ingress'
          ? 'Allows traffic into the VMs of a security group: ports (or ICMP) from CIDRs or from other groups.'
          : 'Allows traffic out of the VMs of a security group (egress is open while a group has no egress rule).',
      isAsync: true,
      ...(direction === 'egress' ? { since: '3.0.0' } : {}),
      related: direction === 'egress' ? ['authorizeSecurityGroupIngress'] : [],
      params: authorizeParams(direction),
      // listApis describes the rule; the job's result is the group with its rules, as CloudStack answers.
      response: securityGroupRuleView.fields,
    },
    handle(ctx: CallContext) {
      const { store } = ctx;
      const group = namedGroup(ctx, name.toLowerCase());
      const list = direction === 'ingress' ? group.ingress : group.egress;
      const rules = newRules(ctx, list);
      const job = ctx.startJob({
        instanceType: 'SecurityGroup',
        instanceId: group.id,
        finish() {
          if (rules.length === 0) {
            throw serverApiError(
              ErrorCode.INTERNAL_ERROR,
              `Failed to authorize security group ${direction} rule(s)`,
            );
          }
          list.push(...rules);
          store.touch(group.id);
          return { securitygroup: securityGroupView.render(group, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  });
}

function revokeApi(direction: 'ingress' | 'egress', name: string, cmd: string) {
  return defineApi({
    access: 'user',
    cmdClass: `org.apache.cloudstack.api.command.user.securitygroup.${cmd}`,
    spec: {
      name,
      description: `Removes an ${direction} rule from its security group.`,
      isAsync: true,
      ...(direction === 'egress' ? { since: '3.0.0' } : {}),
      related: [],
      params: [idParam('id', 'securitygrouprule', `ID of the ${direction} rule`, { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx: CallContext) {
      const { store } = ctx;
      const id = ctx.params.requiredId('id');
      const group = [...store.securityGroups.values()].find((g) =>
        (direction === 'ingress' ? g.ingress : g.egress).some((r) => r.id === id),
      );
      // SecurityGroupManagerImpl.revokeSecurityGroupRule: a rule of the other direction is not found.
      if (!group) throw invalidParameter(`Unable to find ${direction} rule id=${id}`);
      if (!canAccess(ctx, group.accountId))
        throw permissionDenied(`Caller cannot access security group ${group.id}`);
      const job = ctx.startJob({
        instanceType: 'SecurityGroup',
        instanceId: group.id,
        finish() {
          if (direction === 'ingress') group.ingress = group.ingress.filter((r) => r.id !== id);
          else group.egress = group.egress.filter((r) => r.id !== id);
          store.touch(group.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  });
}

export const securityGroupApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'createSecurityGroup',
      description: 'Creates a security group (Basic zone, or Advanced zones with security groups).',
      isAsync: false,
      related: [],
      params: [
        param('name', 'string', 'name of the security group', { required: true }),
        param('description', 'string', 'description of the security group'),
        ...ownerCreateParams('security group'),
      ],
      response: securityGroupView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const accountId = ownerForCreate(ctx);
      const name = params.text('name') ?? '';
      if (name.toLowerCase() === DEFAULT_GROUP) {
        throw invalidParameter('The security group name default is reserved');
      }
      if (groupNamed(store, accountId, name)) {
        throw invalidParameter(`Unable to create security group, a group with name ${name} already exists.`);
      }
      defaultGroupOf(store, accountId, ctx.now);
      const group: SecurityGroup = {
        id: store.newId(),
        internalId: store.nextInternalId('security_group', 1),
        name,
        description: params.text('description'),
        accountId,
        ingress: [],
        egress: [],
        vmIds: [],
        created: ctx.now,
      };
      store.securityGroups.set(group.id, group);
      return { securitygroup: securityGroupView.render(group, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listSecurityGroups',
      description: "Lists security groups with their rules (each account has a 'default' group).",
      isAsync: false,
      related: ['createSecurityGroup'],
      params: [
        idParam('id', 'securitygroup', 'only the group with this ID'),
        param('securitygroupname', 'string', 'only the group with this name'),
        idParam('virtualmachineid', 'vm', 'only the groups of this VM'),
        param('tags', 'map', 'only groups with these resource tags'),
        ...ownerListParams('security groups'),
        ...pagingParams,
      ],
      response: securityGroupView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      defaultGroupOf(store, ctx.caller.account.id, ctx.now);
      const inScope = ownerScope(ctx);
      const id = params.id('id');
      const name = params.text('securitygroupname')?.toLowerCase();
      const vmId = params.id('virtualmachineid');
      const tags = params.keyValuePairs('tags');
      const keyword = params.text('keyword');
      const items = [...store.securityGroups.values()].filter(
        (g) =>
          inScope(g.accountId) &&
          (id === undefined || g.id === id) &&
          (name === undefined || g.name.toLowerCase() === name) &&
          (vmId === undefined || g.vmIds.includes(vmId)) &&
          matchesTags(store, g.id, tags) &&
          matchesKeyword(keyword, g.name, g.description),
      );
      return listOf(ctx, 'securitygroup', items, securityGroupView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'deleteSecurityGroup',
      description: 'Deletes a security group no VM is in; the default group stays.',
      isAsync: false,
      related: [],
      params: [
        idParam('id', 'securitygroup', 'ID of the group; or give name'),
        param('name', 'string', 'name of the group; or give id'),
        ...ownerCreateParams('security group'),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const id = params.id('id');
      const name = params.text('name');
      if (id === undefined && name === undefined) {
        throw invalidParameter('Either id or name parameter is required by deleteSecurityGroup command');
      }
      if (id !== undefined && name !== undefined) {
        throw invalidParameter('name parameter is mutually exclusive with id parameter');
      }
      const group =
        id !== undefined ? store.securityGroups.get(id) : groupNamed(store, ownerForCreate(ctx), name ?? '');
      if (!group) throw invalidParameter(`Unable to find security group ${id ?? name}`);
      if (!canAccess(ctx, group.accountId))
        throw permissionDenied(`Caller cannot access security group ${group.id}`);
      // SecurityGroupManagerImpl.deleteSecurityGroup
      if (group.name === DEFAULT_GROUP) throw invalidParameter('The network default group cannot be deleted');
      if (group.vmIds.length > 0) {
        throw serverApiError(
          ErrorCode.RESOURCE_IN_USE,
          "Cannot delete group when it's in use by virtual machines",
        );
      }
      store.forget(store.securityGroups, 'securitygroup', group.id);
      return { success: true };
    },
  }),
  authorizeApi('ingress', 'authorizeSecurityGroupIngress', 'AuthorizeSecurityGroupIngressCmd'),
  authorizeApi('egress', 'authorizeSecurityGroupEgress', 'AuthorizeSecurityGroupEgressCmd'),
  revokeApi('ingress', 'revokeSecurityGroupIngress', 'RevokeSecurityGroupIngressCmd'),
  revokeApi('egress', 'revokeSecurityGroupEgress', 'RevokeSecurityGroupEgressCmd'),
];

/**
 * The groups a deployment names (`securitygroupids` or `securitygroupnames`), checked before the VM exists;
 * undefined in a zone without security groups, where naming one is refused (UserVmManagerImpl).
 */
export function securityGroupsForDeploy(ctx: CallContext, zone: Zone, ownerId: string): string[] | undefined {
  const { params, store } = ctx;
  const ids = params.idList('securitygroupids') ?? [];
  const names = params.list('securitygroupnames') ?? [];
  if (!zone.securityGroupsEnabled) {
    if (ids.length > 0 || names.length > 0) {
      throw invalidParameter(
        "Can't create vm with security groups; security group feature is not enabled per zone",
      );
    }
    return undefined;
  }
  if (ids.length > 0 && names.length > 0) {
    throw invalidParameter(
      'securitygroupids parameter is mutually exclusive with securitygroupnames parameter',
    );
  }
  const named = names.map((name) => {
    const group =
      name === DEFAULT_GROUP ? defaultGroupOf(store, ownerId, ctx.now) : groupNamed(store, ownerId, name);
    if (!group) throw invalidParameter(`Unable to find group by name ${name}`);
    return group.id;
  });
  for (const id of ids) {
    const group = store.securityGroups.get(id);
    if (!group || group.accountId !== ownerId)
      throw invalidParameter(`Unable to find security group by id ${id}`);
  }
  return [...ids, ...named];
}

/** Puts a VM deployed in a security-group zone into its groups (the owner's default one when none given). */
export function joinSecurityGroups(
  store: Store,
  vmId: string,
  accountId: string,
  groupIds: string[],
  now: number,
): void {
  const groups =
    groupIds.length > 0
      ? groupIds.map((id) => store.securityGroups.get(id)).filter((g): g is SecurityGroup => g !== undefined)
      : [defaultGroupOf(store, accountId, now)];
  for (const group of groups) {
    if (group.accountId !== accountId) {
      throw invalidParameter(`Security group ${group.name} does not belong to the VM's account`);
    }
    if (!group.vmIds.includes(vmId)) group.vmIds.push(vmId);
    store.touch(group.id);
  }
}
