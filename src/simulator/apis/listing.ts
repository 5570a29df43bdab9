// Shared behaviour of list APIs: paging with CloudStack's limits, the `{count, <object>: [...]}` body
// (`{}` when nothing matched), keyword matching and the ownership scope (`listall`, `account`, `domainid`).
import { invalidParameter, permissionDenied } from '../errors.js';
import type { Account } from '../state/model.js';
import { type Project, projectOfAccount, projectsOf } from '../state/projects.js';
import type { Store } from '../state/store.js';
import type { Params } from '../validation.js';
import type { View } from '../views/view.js';
import { type CallContext, JsonText } from './types.js';

/** CloudStack's default.page.size: the most a list answers, and the page size when none is given. */
export const MAX_PAGE_SIZE = 500;

export interface Page<T> {
  count: number;
  items: T[];
}

export function paginate<T>(items: readonly T[], params: Params): Page<T> {
  const page = params.int('page');
  const pageSize = params.int('pagesize');
  if (pageSize !== undefined) {
    if (pageSize === -1) {
      if (page !== undefined)
        throw invalidParameter("Can't specify page parameter when pagesize is -1 (Unlimited)");
      return { count: items.length, items: [...items] };
    }
    if (pageSize > MAX_PAGE_SIZE) {
      throw invalidParameter(`Page size can't exceed max allowed page size value: ${MAX_PAGE_SIZE}`);
    }
    if (pageSize < 1)
      throw invalidParameter(`Invalid pagesize ${pageSize}: it must be a positive number or -1`);
  }
  if (page !== undefined && page < 1)
    throw invalidParameter(`Invalid page ${page}: pages are counted from 1`);
  const size = pageSize ?? MAX_PAGE_SIZE;
  const start = ((page ?? 1) - 1) * size;
  return { count: items.length, items: items.slice(start, start + size) };
}

/** `{"count":N,"key":[...]}`, `{"count":N}` past the last page, `{}` when nothing matched. */
export function listJson(key: string, count: number, renderedItems: readonly Buffer[]): JsonText {
  if (renderedItems.length === 0) return new JsonText(count > 0 ? `{"count":${count}}` : '{}');
  return new JsonText(`{"count":${count},${JSON.stringify(key)}:[`, renderedItems, ']}');
}

/** Pages the matching items and renders them with their view. */
export function listOf<T>(ctx: CallContext, key: string, items: readonly T[], view: View<T>): JsonText {
  const page = paginate(items, ctx.params);
  return listJson(
    key,
    page.count,
    page.items.map((item) => Buffer.from(JSON.stringify(view.render(item, ctx.rc)))),
  );
}

/** Case-insensitive "contains" over the given texts; true when no keyword was given. */
export function matchesKeyword(keyword: string | undefined, ...texts: Array<string | undefined>): boolean {
  if (keyword === undefined || keyword === '') return true;
  const needle = keyword.toLowerCase();
  return texts.some((text) => text?.toLowerCase().includes(needle));
}

/**
 * The filters most lists share: `id`, `name` (the whole name; in any case where CloudStack compares so) and
 * `keyword` (contained in any of the texts `searched` gives; the name by default). The list adds its own
 * filters beside this test.
 */
export function idNameKeyword<T extends { id: string; name: string }>(
  params: Params,
  searched: (item: T) => Array<string | undefined> = (item) => [item.name],
  nameCase: 'exact' | 'any' = 'exact',
): (item: T) => boolean {
  const id = params.id('id');
  const name = nameCase === 'any' ? params.text('name')?.toLowerCase() : params.text('name');
  const keyword = params.text('keyword');
  return (item) =>
    (id === undefined || item.id === id) &&
    (name === undefined || (nameCase === 'any' ? item.name.toLowerCase() : item.name) === name) &&
    matchesKeyword(keyword, ...searched(item));
}

/** The scope of a root admin's `listall=true`: every account. Compared by identity to skip the check. */
export const everyAccount = (_accountId: string): boolean => true;

/** The account `account` + `domainid` name (case-insensitive, as CloudStack looks it up). */
function accountNamed(store: Store, accountName: string, domainId: string): Account {
  const account = [...store.accounts.values()].find(
    (a) => a.domainId === domainId && a.name.toLowerCase() === accountName.toLowerCase(),
  );
  if (!account) {
    throw invalidParameter(
      `Unable to find account ${accountName} in domain ${store.domain(domainId).internalId}`,
    );
  }
  return account;
}

/**
 * Which accounts' objects a list call shows. Without `listall` (or an explicit account or domain) CloudStack
 * shows only the caller's own objects, even to admins.
 */
export function ownerScope(ctx: CallContext): (accountId: string) => boolean {
  const { params, caller, store } = ctx;
  const accountName = params.text('account');
  const domainId = params.id('domainid');
  const recursive = params.bool('isrecursive') ?? false;
  const listAll = params.bool('listall') ?? false;
  const admin = caller.isRootAdmin || caller.isDomainAdmin;
  const callerDomains = caller.isRootAdmin
    ? undefined
    : store.domainSubtree(caller.account.domainId, caller.isDomainAdmin);

  // --- Accounts family (issue 15) ---
  const projectId = params.id('projectid');
  if (projectId !== undefined) {
    if (accountName !== undefined)
      throw invalidParameter("Account and projectId can't be specified together");
    const project = projectsOf(store).get(projectId);
    if (!project) throw invalidParameter(`Unable to find project by id ${projectId}`);
    if (!canAccessProject(ctx, project)) {
      throw permissionDenied(`Account ${caller.account.name} can't access project id=${project.internalId}`);
    }
    return (id) => id === project.accountId;
  }
  // Lists without projectid leave project resources out (ListProjectResourcesCriteria.SkipProjectResources).
  const notProject = (id: string) => store.accounts.get(id)?.type !== PROJECT_ACCOUNT_TYPE;
  // --- end Accounts family ---
  // --- Accounts family (issue 15): AccountManagerImpl.buildACLSearchParameters and DomainChecker ---
  if (domainId !== undefined) {
    const inTree =
      caller.isRootAdmin || (admin ? callerDomains?.has(domainId) : domainId === caller.account.domainId);
    if (!inTree) {
      throw permissionDenied(
        `${accountText(store, caller.account)} does not have permission to operate within domain id=${domainId}`,
      );
    }
  }
  if (accountName !== undefined) {
    const inDomain = domainId ?? caller.account.domainId;
    const account = [...store.accounts.values()].find(
      (a) => a.domainId === inDomain && a.name.toLowerCase() === accountName.toLowerCase(),
    );
    if (!account) throw invalidParameter(`could not find account ${accountName} in domain ${inDomain}`);
    if (!canAccess(ctx, account.id)) {
      throw permissionDenied(
        `${accountText(store, caller.account)} does not have permission to operate with resource ${accountText(store, account)}`,
      );
    }
    return (id) => id === account.id;
  }
  // --- end Accounts family ---
  if (domainId !== undefined && admin) {
    const domains = store.domainSubtree(domainId, recursive || listAll);
    return (id) => {
      const account = store.accounts.get(id);
      return account !== undefined && domains.has(account.domainId) && notProject(id);
    };
  }
  if (listAll && admin) {
    if (!callerDomains) return projectsOf(store).size === 0 ? everyAccount : notProject;
    return (id) => {
      const account = store.accounts.get(id);
      return account !== undefined && callerDomains.has(account.domainId) && notProject(id);
    };
  }
  return (id) => id === caller.account.id;
}

/** Resolves the owner named by `account` + `domainid` on create calls; defaults to the caller's account. */
export function ownerForCreate(ctx: CallContext): string {
  const { params, caller, store } = ctx;
  const accountName = params.text('account');
  const domainId = params.id('domainid');
  // --- Accounts family (issue 15): AccountManagerImpl.finalyzeAccountId with a project ---
  const projectId = params.id('projectid');
  if (projectId !== undefined) {
    const project = projectsOf(store).get(projectId);
    if (!project) throw invalidParameter(`Unable to find project by id=${projectId}`);
    if (project.state !== 'Active') {
      throw permissionDenied(
        `Can't add resources to the project id=${project.internalId} in state=${project.state} as it's no longer active`,
      );
    }
    if (!canAccessProject(ctx, project)) {
      throw permissionDenied(
        `Account ${caller.account.name} is unauthorised to use project id=${project.internalId}`,
      );
    }
    return project.accountId;
  }
  // --- end Accounts family ---
  if (accountName === undefined) {
    if (domainId !== undefined && domainId !== caller.account.domainId && !caller.isRootAdmin) {
      throw invalidParameter('Account must be specified with domainId parameter');
    }
    return caller.account.id;
  }
  const account = accountNamed(store, accountName, domainId ?? caller.account.domainId);
  if (account.id !== caller.account.id && !caller.isRootAdmin && !caller.isDomainAdmin) {
    throw invalidParameter(`Account ${accountName} cannot be acted for by the caller`);
  }
  return account.id;
}

/** Whether the caller may act on an object the account owns. */
/**
 * An account-owned object named by id: CloudStack's 431 (`missing`) when there is none, its 531 (`denied`) when
 * the caller may not act on it. The look-up every handler of an existing object starts with.
 */
export function owned<T extends { accountId: string }>(
  ctx: CallContext,
  table: ReadonlyMap<string, T>,
  id: string,
  missing: string,
  denied: string,
): T {
  const object = table.get(id);
  if (!object) throw invalidParameter(missing);
  if (!canAccess(ctx, object.accountId)) throw permissionDenied(denied);
  return object;
}

export function canAccess(ctx: CallContext, accountId: string): boolean {
  const { caller, store } = ctx;
  if (caller.isRootAdmin || accountId === caller.account.id) return true;
  const account = store.accounts.get(accountId);
  // Accounts family (issue 15): a project's members act on what its project account owns.
  if (account?.type === PROJECT_ACCOUNT_TYPE) {
    const project = projectOfAccount(store, accountId);
    if (project?.members.has(caller.account.id)) return true;
  }
  if (!caller.isDomainAdmin) return false;
  return account !== undefined && store.domainSubtree(caller.account.domainId, true).has(account.domainId);
}

// --- Accounts family (issue 15) ---
export const PROJECT_ACCOUNT_TYPE = 4;

/** ProjectManagerImpl.canAccessProjectAccount: root admins, domain admins above it, and its members. */
export function canAccessProject(ctx: CallContext, project: Project): boolean {
  const { caller, store } = ctx;
  if (caller.isRootAdmin) return true;
  if (caller.isDomainAdmin && store.domainSubtree(caller.account.domainId, true).has(project.domainId)) {
    return true;
  }
  return project.members.has(caller.account.id);
}
// --- end Accounts family ---

// --- Accounts family (issue 15) ---
/** How CloudStack 4.18 prints an account in its messages (AccountVO.toString). */
export function accountText(store: Store, account: Account): string {
  const domain = store.domains.get(account.domainId);
  return `Account [{"accountName":"${account.name}","domainId":${domain?.internalId ?? 0},"id":${account.internalId},"uuid":"${account.id}"}]`;
}
// --- end Accounts family ---
