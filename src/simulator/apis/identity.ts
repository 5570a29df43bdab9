// Domains, accounts, users, API keys and roles.
import { idAndNameParams, idParam, pagingParams, param, showIconParam } from '../catalog/params.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import {
  ACCOUNT_TYPE,
  type Account,
  type AccountType,
  type Domain,
  type Role,
  type User,
} from '../state/model.js';
import { accountView, domainView, roleView, userKeysView, userView } from '../views/identity.js';
import { checkAccountAccess } from './accounts.js';
import { canAccess, idNameKeyword, listOf, matchesKeyword, PROJECT_ACCOUNT_TYPE } from './listing.js';
import { type CallContext, defineApi, SUCCESS_FIELDS } from './types.js';

const SYSTEM_ACCOUNT_INTERNAL_ID = 1;

/** Domains the caller may see: its own and, for admins with listall/isrecursive, those below it. */
function visibleDomains(ctx: CallContext, recursive: boolean): Set<string> {
  const admin = ctx.caller.isRootAdmin || ctx.caller.isDomainAdmin;
  const domainId = ctx.params.id('domainid') ?? ctx.caller.account.domainId;
  if (admin && !ctx.store.domainSubtree(ctx.caller.account.domainId, true).has(domainId)) {
    throw permissionDenied(`The domain ${domainId} is outside the caller's domain`);
  }
  return ctx.store.domainSubtree(domainId, recursive);
}

function visibleAccounts(ctx: CallContext): Account[] {
  const { params, caller, store } = ctx;
  const admin = caller.isRootAdmin || caller.isDomainAdmin;
  const recursive = (params.bool('listall') ?? false) || (params.bool('isrecursive') ?? false);
  const domains = admin ? visibleDomains(ctx, recursive) : undefined;
  return [...store.accounts.values()].filter(
    (a) =>
      a.internalId !== SYSTEM_ACCOUNT_INTERNAL_ID &&
      a.type !== PROJECT_ACCOUNT_TYPE && // project accounts are not listed (Accounts family, issue 15)
      (domains ? domains.has(a.domainId) : a.id === caller.account.id),
  );
}

function accountTypeFromRole(roleType: string): AccountType {
  switch (roleType) {
    case 'Admin':
      return ACCOUNT_TYPE.ADMIN;
    case 'DomainAdmin':
      return ACCOUNT_TYPE.DOMAIN_ADMIN;
    case 'ResourceAdmin':
      return ACCOUNT_TYPE.RESOURCE_ADMIN;
    default:
      return ACCOUNT_TYPE.USER;
  }
}

function roleForType(ctx: CallContext, type: AccountType): string {
  const wanted = { 0: 'User', 1: 'Admin', 2: 'DomainAdmin', 3: 'ResourceAdmin', 4: 'User' }[type];
  for (const role of ctx.store.roles.values()) if (role.isDefault && role.type === wanted) return role.id;
  throw invalidParameter(`No role exists for account type ${type}`);
}

function checkUsernameFree(ctx: CallContext, username: string, domainId: string): void {
  for (const user of ctx.store.users.values()) {
    const account = ctx.store.accounts.get(user.accountId);
    if (account?.domainId === domainId && user.username === username) {
      throw invalidParameter(
        `The user ${username} already exists in domain ${ctx.store.domain(domainId).internalId}`,
      );
    }
  }
}

function newUser(ctx: CallContext, accountId: string, customId?: string): User {
  const { params, store } = ctx;
  const id = customId && !store.users.has(customId) ? customId : store.newId();
  return {
    id,
    internalId: store.nextInternalId('user'),
    accountId,
    username: params.string('username') ?? '',
    password: params.string('password') ?? '',
    firstname: params.string('firstname') ?? '',
    lastname: params.string('lastname') ?? '',
    email: params.string('email'),
    timezone: params.text('timezone'),
    apiKey: undefined,
    secretKey: undefined,
    state: 'enabled',
    isDefault: false,
    created: ctx.now,
  };
}

function userFor(ctx: CallContext, id: string): User {
  const user = ctx.store.users.get(id);
  if (!user) throw invalidParameter(`Unable to find user with id ${id}`);
  if (!canAccess(ctx, user.accountId)) throw permissionDenied(`Caller cannot access user ${id}`);
  return user;
}

const userDetailParams = [
  param('username', 'string', 'login name; unique within the domain', { required: true }),
  param('password', 'string', 'password in clear text; send it by POST', { required: true }),
  param('firstname', 'string', 'first name', { required: true }),
  param('lastname', 'string', 'last name', { required: true }),
  param('email', 'string', 'e-mail address', { required: true }),
  param('timezone', 'string', 'time zone of the user, e.g. Europe/Berlin'),
  param('userid', 'string', 'uuid to give the user instead of a generated one'),
];

export const identityApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listDomains',
      description: "Lists domains: the caller's own, or with listall its whole subtree.",
      isAsync: false,
      related: ['listDomainChildren'],
      params: [
        idParam('id', 'domain', 'only the domain with this ID'),
        param('name', 'string', 'only domains with this name'),
        param('level', 'integer', 'only domains at this depth (ROOT is 0)'),
        param('listall', 'boolean', "true for every domain below the caller's, not only its own"),
        param('details', 'list', 'which details to include: all, resource, min'),
        showIconParam,
        ...pagingParams,
      ],
      response: domainView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.id('id');
      const name = params.text('name');
      const level = params.int('level');
      const keyword = params.text('keyword');
      const listAll = params.bool('listall') ?? false;
      const scope = store.domainSubtree(ctx.caller.account.domainId, true);
      const items = [...store.domains.values()].filter(
        (d) =>
          scope.has(d.id) &&
          (id !== undefined ? d.id === id : listAll || d.id === ctx.caller.account.domainId) &&
          (name === undefined || d.name === name) &&
          (level === undefined || d.level === level) &&
          matchesKeyword(keyword, d.name),
      );
      return listOf(ctx, 'domain', items, domainView);
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'createDomain',
      description: 'Creates a domain below ROOT or below a given parent domain.',
      isAsync: false,
      related: ['listDomains'],
      params: [
        param('name', 'string', 'name of the new domain', { required: true }),
        idParam('parentdomainid', 'domain', 'parent of the new domain; ROOT when not given'),
        param('networkdomain', 'string', 'network domain for the new domain'),
        param('domainid', 'string', 'uuid to give the domain instead of a generated one'),
      ],
      response: domainView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const name = params.string('name') ?? '';
      if (name.includes('/')) throw invalidParameter("Domain name can't contain '/'");
      const parent = store.domain(params.id('parentdomainid') ?? ctx.caller.account.domainId);
      if (!canAccessDomain(ctx, parent.id))
        throw permissionDenied('The parent domain is outside the caller domain');
      for (const other of store.domains.values()) {
        if (other.parentId === parent.id && other.name.toLowerCase() === name.toLowerCase()) {
          throw invalidParameter(
            `Domain with name ${name} already exists for the parent id=${parent.internalId}`,
          );
        }
      }
      const customId = params.text('domainid');
      const domain: Domain = {
        id: customId && !store.domains.has(customId) ? customId : store.newId(),
        internalId: store.nextInternalId('domain'),
        name,
        parentId: parent.id,
        path: `${parent.path}/${name}`,
        level: parent.level + 1,
        networkDomain: params.text('networkdomain'),
        created: ctx.now,
      };
      store.domains.set(domain.id, domain);
      return { domain: domainView.render(domain, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listAccounts',
      description: "Lists accounts in the caller's domain (and below it with listall or isrecursive).",
      isAsync: false,
      related: ['createAccount'],
      params: [
        ...idAndNameParams('account', 'account'),
        param('accounttype', 'integer', 'only accounts of this type: 0 user, 1 root admin, 2 domain admin'),
        param('state', 'string', 'only accounts in this state: enabled, disabled, locked'),
        idParam('domainid', 'domain', 'list accounts of this domain'),
        param('isrecursive', 'boolean', 'include the domains below the given one'),
        param('listall', 'boolean', 'true for all accounts the caller may see'),
        param('iscleanuprequired', 'boolean', 'only accounts that need clean-up'),
        param('details', 'list', 'which details to include: all, resource, min'),
        showIconParam,
        ...pagingParams,
      ],
      response: accountView.fields,
    },
    handle(ctx) {
      const { params } = ctx;
      const matches = idNameKeyword<Account>(params, (a) => [a.name], 'any');
      const type = params.int('accounttype');
      const state = params.text('state');
      const items = visibleAccounts(ctx).filter(
        (a) =>
          matches(a) &&
          (type === undefined || a.type === type) &&
          (state === undefined || a.state === state.toLowerCase()),
      );
      return listOf(ctx, 'account', items, accountView);
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'createAccount',
      description: 'Creates an account together with its first user.',
      isAsync: false,
      related: ['listAccounts'],
      params: [
        ...userDetailParams,
        param('account', 'string', 'name of the account; the username when not given'),
        param('accounttype', 'integer', 'type: 0 user, 1 root admin, 2 domain admin; or give roleid'),
        idParam('roleid', 'role', 'role of the account; or give accounttype'),
        idParam('domainid', 'domain', "domain of the account; the caller's when not given"),
        param('networkdomain', 'string', 'network domain for the account'),
        param('accountdetails', 'map', 'details (settings) for the account'),
        param('accountid', 'string', 'uuid to give the account instead of a generated one'),
      ],
      response: accountView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const domain = store.domain(params.id('domainid') ?? ctx.caller.account.domainId);
      if (!canAccessDomain(ctx, domain.id)) throw permissionDenied('The domain is outside the caller domain');
      const roleId = params.id('roleid');
      const typeParam = params.int('accounttype');
      if (roleId === undefined && typeParam === undefined) {
        throw invalidParameter(
          'Neither accounttype nor roleid was given; one of them is needed to create an account',
        );
      }
      if (typeParam !== undefined && ![0, 1, 2, 3].includes(typeParam)) {
        throw invalidParameter(`Invalid account type ${typeParam}`);
      }
      const type = roleId ? accountTypeFromRole(store.role(roleId).type) : (typeParam as AccountType);
      if (!ctx.caller.isRootAdmin && type === ACCOUNT_TYPE.ADMIN) {
        throw permissionDenied('Only a root admin can create root admin accounts');
      }
      const name = params.text('account') ?? params.string('username') ?? '';
      for (const other of store.accounts.values()) {
        if (other.domainId === domain.id && other.name.toLowerCase() === name.toLowerCase()) {
          throw invalidParameter(`The specified account: ${name} already exists`);
        }
      }
      checkUsernameFree(ctx, params.string('username') ?? '', domain.id);
      const customId = params.text('accountid');
      const account: Account = {
        id: customId && !store.accounts.has(customId) ? customId : store.newId(),
        internalId: store.nextInternalId('account'),
        name,
        domainId: domain.id,
        type,
        roleId: roleId ?? roleForType(ctx, type),
        state: 'enabled',
        networkDomain: params.text('networkdomain'),
        details: params.flatMap('accountdetails'),
        created: ctx.now,
        isDefault: false,
      };
      store.accounts.set(account.id, account);
      const user = newUser(ctx, account.id, params.text('userid'));
      store.users.set(user.id, user);
      return { account: accountView.render(account, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listUsers',
      description:
        "Lists users of the accounts the caller may see (an ordinary user sees its account's users).",
      isAsync: false,
      related: ['createUser', 'getUser'],
      params: [
        idParam('id', 'user', 'only the user with this ID'),
        param('username', 'string', 'only the user with this login name'),
        param('account', 'string', 'only users of this account'),
        param('accounttype', 'integer', 'only users of accounts of this type'),
        param('state', 'string', 'only users in this state: enabled, disabled, locked'),
        idParam('domainid', 'domain', 'only users of accounts in this domain'),
        param('isrecursive', 'boolean', 'include the domains below the given one'),
        param('listall', 'boolean', 'true for all users the caller may see'),
        showIconParam,
        ...pagingParams,
      ],
      response: userView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const accounts = new Set(visibleAccounts(ctx).map((a) => a.id));
      const id = params.id('id');
      const username = params.text('username');
      const accountName = params.text('account');
      const type = params.int('accounttype');
      const state = params.text('state');
      const keyword = params.text('keyword');
      const items = [...store.users.values()].filter((u) => {
        const account = store.accounts.get(u.accountId);
        return (
          account !== undefined &&
          accounts.has(u.accountId) &&
          (id === undefined || u.id === id) &&
          (username === undefined || u.username === username) &&
          (accountName === undefined || account.name.toLowerCase() === accountName.toLowerCase()) &&
          (type === undefined || account.type === type) &&
          (state === undefined || u.state === state.toLowerCase()) &&
          matchesKeyword(keyword, u.username, u.firstname, u.lastname, u.email)
        );
      });
      return listOf(ctx, 'user', items, userView);
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'createUser',
      description: 'Adds a user to an existing account.',
      isAsync: false,
      related: ['listUsers'],
      params: [
        param('account', 'string', 'name of the account the user joins', { required: true }),
        idParam('domainid', 'domain', "domain of that account; the caller's when not given"),
        ...userDetailParams,
      ],
      response: userView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const domainId = params.id('domainid') ?? ctx.caller.account.domainId;
      const accountName = params.string('account') ?? '';
      const account = [...store.accounts.values()].find(
        (a) => a.domainId === domainId && a.name.toLowerCase() === accountName.toLowerCase(),
      );
      if (!account) {
        throw invalidParameter(
          `Unable to find account ${accountName} in domain id=${store.domain(domainId).internalId}`,
        );
      }
      if (!canAccess(ctx, account.id))
        throw permissionDenied(`Caller cannot add users to account ${accountName}`);
      checkUsernameFree(ctx, params.string('username') ?? '', domainId);
      const user = newUser(ctx, account.id, params.text('userid'));
      store.users.set(user.id, user);
      return { user: userView.render(user, ctx.rc) };
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'deleteUser',
      description: 'Deletes a user; built-in users cannot be deleted.',
      isAsync: false,
      related: [],
      params: [idParam('id', 'user', 'ID of the user to delete', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const user = userFor(ctx, ctx.params.requiredId('id'));
      if (user.isDefault) throw invalidParameter("The user is default and can't be removed");
      ctx.store.users.delete(user.id);
      ctx.store.markRemoved('user', user.id);
      return { success: true };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'getUser',
      description: 'Finds the user an API key belongs to.',
      isAsync: false,
      related: ['listUsers'],
      params: [param('userapikey', 'string', 'the API key to look up', { required: true })],
      response: userView.fields,
    },
    handle(ctx) {
      const user = ctx.store.userByApiKey(ctx.params.string('userapikey'));
      if (!user) throw invalidParameter('User with specified API key does not exist');
      return { user: userView.render(user, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'getUserKeys',
      description: "Shows a user's API key and secret key.",
      isAsync: false,
      since: '4.10.0',
      related: ['registerUserKeys'],
      params: [idParam('id', 'user', 'ID of the user', { required: true })],
      response: userKeysView.fields,
    },
    handle(ctx) {
      const user = userForKeys(ctx);
      return { userkeys: userKeysView.render(user, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'registerUserKeys',
      description: 'Generates a new API key and secret key for a user, replacing any old ones.',
      isAsync: false,
      related: ['getUserKeys'],
      params: [idParam('id', 'user', 'ID of the user', { required: true })],
      response: userKeysView.fields,
    },
    handle(ctx) {
      const user = userForKeys(ctx);
      user.apiKey = ctx.store.secrets.token(64);
      user.secretKey = ctx.store.secrets.token(64);
      return { userkeys: userKeysView.render(user, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listRoles',
      description: 'Lists the roles accounts can have.',
      isAsync: false,
      since: '4.9.0',
      related: [],
      params: [
        idParam('id', 'role', 'only the role with this ID'),
        param('name', 'string', 'only roles with this name'),
        param('type', 'string', 'only roles of this type: Admin, ResourceAdmin, DomainAdmin, User'),
        ...pagingParams,
      ],
      response: roleView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const matches = idNameKeyword<Role>(params, (r) => [r.name, r.description], 'any');
      const type = params.text('type');
      const items = [...store.roles.values()].filter(
        (r) => matches(r) && (type === undefined || r.type.toLowerCase() === type.toLowerCase()),
      );
      return listOf(ctx, 'role', items, roleView);
    },
  }),
];

/**
 * Whose keys a caller may read or replace (AccountManagerImpl.getKeys and createApiKeyAndSecretKey): a user
 * those of its own account, a domain admin those of its domain's accounts but never a root admin's (
 * preventRootDomainAdminAccessToRootAdminKeys), a root admin anyone's.
 */
function userForKeys(ctx: CallContext): User {
  const user = ctx.store.users.get(ctx.params.requiredId('id'));
  if (!user) throw invalidParameter('Unable to find user by id');
  const account = ctx.store.account(user.accountId);
  const targetIsRootAdmin =
    account.type === ACCOUNT_TYPE.ADMIN || ctx.store.roles.get(account.roleId)?.type === 'Admin';
  if (ctx.caller.isDomainAdmin && targetIsRootAdmin) {
    throw permissionDenied(
      `Caller Username ${ctx.caller.user.username} does not have access to root admin keys`,
    );
  }
  checkAccountAccess(ctx, account);
  return user;
}

function canAccessDomain(ctx: CallContext, domainId: string): boolean {
  return ctx.caller.isRootAdmin || ctx.store.domainSubtree(ctx.caller.account.domainId, true).has(domainId);
}
