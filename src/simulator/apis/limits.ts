// --- Accounts family (issue 15) ---
// Resource limits and counts: listResourceLimits, updateResourceLimit, updateResourceCount. Limits are
// enforced where resources are made (deploy, createVolume, associateIpAddress, createProject) by
// state/limits.ts. Texts from apache/cloudstack server/src/main/java/com/cloud/resourcelimit/
// ResourceLimitManagerImpl.java (updateResourceLimit, searchForLimits, recalculateResourceCount).
import { idParam, pagingParams, param } from '../catalog/params.js';
import type { FieldSpec } from '../catalog/types.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import {
  accountCount,
  accountLimit,
  domainCount,
  domainLimit,
  RESOURCE_TYPES,
  type ResourceType,
  resourceType,
  setLimit,
} from '../state/limits.js';
import type { Account, Domain } from '../state/model.js';
import { projectOfAccount, projectsOf } from '../state/projects.js';
import { checkAccountAccess } from './accounts.js';
import { accountText, canAccessProject, listJson, PROJECT_ACCOUNT_TYPE, paginate } from './listing.js';
import { type CallContext, defineApi } from './types.js';

const RESOURCE_TYPE_TEXT =
  'Type of resource. Values are 0, 1, 2, 3, 4, 6, 7, 8, 9, 10 and 11. 0 - Instance. 1 - IP. 2 - Volume. 3 - Snapshot. 4 - Template. 5 - Project. 6 - Network. 7 - VPC. 8 - CPU. 9 - Memory. 10 - PrimaryStorage. 11 - SecondaryStorage.';

const ownerFields: FieldSpec[] = [
  { name: 'account', type: 'string', description: 'the account of the resource limit' },
  { name: 'domainid', type: 'string', description: 'the domain ID of the resource limit' },
  { name: 'domain', type: 'string', description: 'the domain name of the resource limit' },
  { name: 'projectid', type: 'string', description: 'the project id of the resource limit' },
  { name: 'project', type: 'string', description: 'the project name of the resource limit' },
  {
    name: 'resourcetype',
    type: 'string',
    description:
      'resource type. Values include 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11. See the resourceType parameter for more information on these values.',
  },
  {
    name: 'resourcetypename',
    type: 'string',
    description:
      'resource type name. Values include user_vm, public_ip, volume, snapshot, template, network, vpc, cpu, memory, primary_storage, secondary_storage.',
  },
];
const limitResponse: FieldSpec[] = [
  ...ownerFields,
  {
    name: 'max',
    type: 'long',
    description: 'the maximum number of the resource. A -1 means the resource currently has no limit.',
  },
];
const countResponse: FieldSpec[] = [
  ...ownerFields,
  { name: 'resourcecount', type: 'long', description: 'resource count' },
];

type Owner = { account: Account; domain: Domain } | { account?: undefined; domain: Domain };

function ownerFieldsOf(ctx: CallContext, owner: Owner, type: ResourceType): Record<string, unknown> {
  const project =
    owner.account?.type === PROJECT_ACCOUNT_TYPE ? projectOfAccount(ctx.store, owner.account.id) : undefined;
  return {
    ...(project
      ? { projectid: project.id, project: project.name }
      : owner.account
        ? { account: owner.account.name }
        : {}),
    domainid: owner.domain.id,
    domain: owner.domain.name,
    resourcetype: String(type.type),
    resourcetypename: type.name,
  };
}

/** The account or domain a limit call names: projectid, account + domainid, domainid alone, or the caller. */
function ownerOf(ctx: CallContext, defaultToCaller: boolean): Owner {
  const { params, store, caller } = ctx;
  const projectId = params.id('projectid');
  if (projectId !== undefined) {
    const project = projectsOf(store).get(projectId);
    if (!project) throw invalidParameter(`Unable to find project by id ${projectId}`);
    if (!canAccessProject(ctx, project)) {
      throw permissionDenied(`Account ${caller.account.name} can't access project id=${project.internalId}`);
    }
    return { account: store.account(project.accountId), domain: store.domain(project.domainId) };
  }
  const accountName = params.text('account');
  const domainId = params.id('domainid');
  if (accountName !== undefined) {
    const inDomain = domainId ?? caller.account.domainId;
    const account = [...store.accounts.values()].find(
      (a) => a.domainId === inDomain && a.name.toLowerCase() === accountName.toLowerCase(),
    );
    if (!account) {
      throw invalidParameter(
        `Unable to find account by name ${accountName} in domain with id ${store.domain(inDomain).internalId}`,
      );
    }
    checkAccountAccess(ctx, account);
    return { account, domain: store.domain(account.domainId) };
  }
  if (domainId !== undefined && (caller.isRootAdmin || caller.isDomainAdmin)) {
    const domain = store.domain(domainId);
    if (!caller.isRootAdmin && !store.domainSubtree(caller.account.domainId, true).has(domain.id)) {
      throw permissionDenied(
        `${accountText(store, caller.account)} does not have permission to operate within domain id=${domain.id}`,
      );
    }
    return { domain };
  }
  if (!defaultToCaller) throw invalidParameter('Please specify the account or the domain');
  return { account: caller.account, domain: store.domain(caller.account.domainId) };
}

function typesWanted(ctx: CallContext, required: boolean): ResourceType[] {
  const name = ctx.params.text('resourcetypename');
  const number = ctx.params.int('resourcetype');
  if (name === undefined && number === undefined) {
    if (required) throw invalidParameter('Please specify valid resource type');
    return [...RESOURCE_TYPES];
  }
  const type = resourceType(name ?? (number as number));
  if (!type) throw invalidParameter('Please specify valid resource type');
  return [type];
}

export const limitApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listResourceLimits',
      description: 'Lists resource limits.',
      isAsync: false,
      related: ['updateResourceLimit'],
      params: [
        param('account', 'string', 'list resources by account. Must be used with the domainId parameter.'),
        idParam('domainid', 'domain', 'list only resources belonging to the domain specified'),
        param('id', 'long', 'Lists resource limits by ID.'),
        param(
          'isrecursive',
          'boolean',
          'defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves.',
        ),
        param(
          'listall',
          'boolean',
          "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false.",
        ),
        idParam('projectid', 'project', 'list objects by project; if projectid=-1 lists All VMs'),
        param('resourcetype', 'integer', RESOURCE_TYPE_TEXT),
        param(
          'resourcetypename',
          'string',
          'Type of resource (wins over resourceType if both are provided): user_vm, public_ip, volume, snapshot, template, project, network, vpc, cpu, memory, primary_storage, secondary_storage.',
        ),
        ...pagingParams,
      ],
      response: limitResponse,
    },
    handle(ctx) {
      const owner = ownerOf(ctx, true);
      const rows = typesWanted(ctx, false).map((type) => ({
        ...ownerFieldsOf(ctx, owner, type),
        max: owner.account
          ? accountLimit(ctx.store, owner.account, type)
          : domainLimit(ctx.store, owner.domain.id, type),
      }));
      const page = paginate(rows, ctx.params);
      return listJson(
        'resourcelimit',
        page.count,
        page.items.map((row) => Buffer.from(JSON.stringify(row))),
      );
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'updateResourceLimit',
      description: 'Updates resource limits for an account or domain.',
      isAsync: false,
      related: ['listResourceLimits'],
      params: [
        param(
          'account',
          'string',
          'Update resource for a specified account. Must be used with the domainId parameter.',
        ),
        idParam(
          'domainid',
          'domain',
          'Update resource limits for all accounts in specified domain. If used with the account parameter, updates resource limits for a specified account in specified domain.',
        ),
        param('max', 'long', '  Maximum resource limit.'),
        idParam('projectid', 'project', 'Update resource limits for project'),
        param('resourcetype', 'integer', RESOURCE_TYPE_TEXT, { required: true }),
      ],
      response: limitResponse,
    },
    handle(ctx) {
      const { params, store, caller } = ctx;
      const [type] = typesWanted(ctx, true) as [ResourceType];
      const max = params.int('max') ?? -1;
      if (max < -1) {
        throw invalidParameter(
          "Please specify either '-1' for an infinite limit, or a limit that is at least '0'.",
        );
      }
      const owner = ownerOf(ctx, false);
      if (owner.account) {
        if (owner.account.id === caller.account.id && caller.isDomainAdmin) {
          throw permissionDenied(
            `Unable to update resource limit for their own account ${owner.account.internalId}, permission denied`,
          );
        }
        if (owner.account.internalId === 1) {
          throw invalidParameter("Can't update system account");
        }
        setLimit(store, 'account', owner.account.id, type.type, max);
      } else {
        if (owner.domain.id === caller.account.domainId && caller.isDomainAdmin) {
          throw permissionDenied(
            `Unable to update resource limit for domain ${owner.domain.internalId}, permission denied`,
          );
        }
        if (owner.domain.parentId === undefined)
          throw invalidParameter('Cannot update resource limit for ROOT domain');
        setLimit(store, 'domain', owner.domain.id, type.type, max);
      }
      store.touch(owner.account?.id ?? owner.domain.id);
      return { resourcelimit: { ...ownerFieldsOf(ctx, owner, type), max } };
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'updateResourceCount',
      description: 'Recalculate and update resource count for an account or domain.',
      isAsync: false,
      related: ['listResourceLimits'],
      params: [
        param(
          'account',
          'string',
          'Update resource count for a specified account. Must be used with the domainId parameter.',
        ),
        idParam(
          'domainid',
          'domain',
          'If account parameter specified then updates resource counts for a specified account in this domain else update resource counts for all accounts & child domains in specified domain.',
          { required: true },
        ),
        idParam('projectid', 'project', 'Update resource limits for project'),
        param('resourcetype', 'integer', RESOURCE_TYPE_TEXT),
      ],
      response: countResponse,
    },
    handle(ctx) {
      const owner = ownerOf(ctx, false);
      const rows = typesWanted(ctx, false).map((type) => ({
        ...ownerFieldsOf(ctx, owner, type),
        resourcecount: owner.account
          ? accountCount(ctx.store, owner.account.id, type)
          : domainCount(ctx.store, owner.domain.id, type),
      }));
      return listJson(
        'resourcecount',
        rows.length,
        rows.map((row) => Buffer.from(JSON.stringify(row))),
      );
    },
  }),
];
// --- end Accounts family ---
