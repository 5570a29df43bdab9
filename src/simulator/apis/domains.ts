// --- Accounts family (issue 15) ---
// Domains beyond listDomains and createDomain: updateDomain, deleteDomain (async; `cleanup` removes what is
// inside), listDomainChildren. Texts from apache/cloudstack server/src/main/java/com/cloud/user/
// DomainManagerImpl.java (updateDomain, deleteDomain, removeDomainWithNoAccountsForCleanupNetworksOrDedicatedResources).
import { idParam, pagingParams, param, showIconParam } from '../catalog/params.js';
import { internalError, invalidParameter, permissionDenied } from '../errors.js';
import type { Domain } from '../state/model.js';
import type { Store } from '../state/store.js';
import { domainView } from '../views/identity.js';
import { removeAccount } from './accounts.js';
import { accountText, listOf, matchesKeyword } from './listing.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

/** AccountManagerImpl.checkAccess(caller, domain): root admins anywhere, domain admins in their subtree. */
function checkDomainAccess(ctx: CallContext, domain: Domain): void {
  if (ctx.caller.isRootAdmin) return;
  if (ctx.store.domainSubtree(ctx.caller.account.domainId, true).has(domain.id)) return;
  throw permissionDenied(
    `${accountText(ctx.store, ctx.caller.account)} does not have permission to operate within domain id=${domain.id}`,
  );
}

/** A renamed domain's path changes, and so do the paths below it. */
function renamePaths(store: Store, domain: Domain): void {
  const parent = domain.parentId ? store.domains.get(domain.parentId) : undefined;
  domain.path = parent ? `${parent.path}/${domain.name}` : domain.name;
  store.touch(domain.id);
  for (const child of store.domains.values()) if (child.parentId === domain.id) renamePaths(store, child);
}

/** DomainManagerImpl.cleanupDomain: sub-domains first, then the accounts (with what they own). */
function cleanupDomain(store: Store, domain: Domain): void {
  for (const child of [...store.domains.values()])
    if (child.parentId === domain.id) cleanupDomain(store, child);
  for (const account of [...store.accounts.values()])
    if (account.domainId === domain.id) removeAccount(store, account);
  store.domains.delete(domain.id);
  store.markRemoved('domain', domain.id);
}

export const domainApis = [
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'updateDomain',
      description: 'Updates a domain with a new name',
      isAsync: false,
      related: ['listDomains'],
      params: [
        idParam('id', 'domain', 'ID of domain to update', { required: true }),
        param('name', 'string', 'updates domain with this name'),
        param(
          'networkdomain',
          'string',
          "Network domain for the domain's networks; empty string will update domainName with NULL value",
        ),
      ],
      response: domainView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const domain = store.domain(params.requiredId('id'));
      const name = params.text('name');
      if (domain.parentId === undefined && name !== undefined) {
        throw invalidParameter('ROOT domain can not be edited with a new name');
      }
      checkDomainAccess(ctx, domain);
      if (name !== undefined) {
        if (name.includes('/')) throw invalidParameter("Domain name can't contain '/'");
        const clash = [...store.domains.values()].some(
          (d) => d.id !== domain.id && d.parentId === domain.parentId && d.name === name,
        );
        if (clash) {
          throw invalidParameter(
            `Failed to update specified domain id with name '${name}' since it already exists in the system`,
          );
        }
        domain.name = name;
        renamePaths(store, domain);
      }
      const networkDomain = params.string('networkdomain');
      if (networkDomain !== undefined)
        domain.networkDomain = networkDomain === '' ? undefined : networkDomain;
      store.touch(domain.id);
      return { domain: domainView.render(domain, ctx.rc) };
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'deleteDomain',
      description: 'Deletes a specified domain',
      isAsync: true,
      related: [],
      params: [
        param(
          'cleanup',
          'boolean',
          'true if all domain resources (child domains, accounts) have to be cleaned up, false otherwise',
        ),
        idParam('id', 'domain', 'ID of domain to delete', { required: true }),
      ],
      response: SUCCESS_FIELDS,
    },
    cmdClass: 'org.apache.cloudstack.api.command.admin.domain.DeleteDomainCmd',
    handle(ctx) {
      const { params, store } = ctx;
      const domain = store.domains.get(params.requiredId('id'));
      if (!domain)
        throw invalidParameter(`Failed to delete domain ${params.requiredId('id')}, domain not found`);
      if (domain.parentId === undefined) throw permissionDenied("Can't delete ROOT domain");
      checkDomainAccess(ctx, domain);
      if (store.domainSubtree(domain.id, true).has(ctx.caller.account.domainId)) {
        throw permissionDenied("Can't delete the domain of the caller, or a domain above it");
      }
      const cleanup = params.bool('cleanup') ?? false;
      const job = ctx.startJob({
        instanceType: 'Domain',
        instanceId: domain.id,
        finish() {
          if (!store.domains.has(domain.id)) return { success: true };
          if (cleanup) {
            cleanupDomain(store, domain);
            return { success: true };
          }
          const busy =
            [...store.domains.values()].some((d) => d.parentId === domain.id) ||
            [...store.accounts.values()].some((a) => a.domainId === domain.id);
          if (busy) {
            throw internalError(
              `Delete failed on domain ${domain.name} (id: ${domain.internalId}); Please make sure all users and sub domains have been removed from the domain before deleting`,
            );
          }
          store.domains.delete(domain.id);
          store.markRemoved('domain', domain.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'listDomainChildren',
      description: 'Lists all children domains belonging to a specified domain',
      isAsync: false,
      related: ['listDomains'],
      params: [
        idParam('id', 'domain', 'list children domain by parent domain ID.'),
        param(
          'isrecursive',
          'boolean',
          'to return the entire tree, use the value "true". To return the first level children, use the value "false".',
        ),
        param(
          'listall',
          'boolean',
          "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false",
        ),
        param('name', 'string', 'list children domains by name'),
        showIconParam,
        ...pagingParams,
      ],
      response: domainView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const parent = store.domain(params.id('id') ?? ctx.caller.account.domainId);
      checkDomainAccess(ctx, parent);
      const recursive = (params.bool('isrecursive') ?? false) || (params.bool('listall') ?? false);
      const below = store.domainSubtree(parent.id, true);
      below.delete(parent.id);
      const name = params.text('name');
      const keyword = params.text('keyword');
      const items = [...store.domains.values()].filter(
        (d) =>
          below.has(d.id) &&
          (recursive || d.parentId === parent.id) &&
          (name === undefined || d.name === name) &&
          matchesKeyword(keyword, d.name),
      );
      return listOf(ctx, 'domain', items, domainView);
    },
  }),
];
// --- end Accounts family ---
