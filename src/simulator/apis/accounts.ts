// --- Accounts family (issue 15) ---
// Account and user life cycle: updateAccount, disableAccount (async; lock=true locks), enableAccount,
// lockAccount, deleteAccount (async, with its resources); updateUser, disableUser (async), enableUser,
// lockUser. Texts from apache/cloudstack server/src/main/java/com/cloud/user/AccountManagerImpl.java
// (disableAccount, enableAccount, lockAccount, deleteUserAccount, disableUser, enableUser, lockUser,
// updateUser) and DomainChecker (permission to operate on another account's entities).
import { idParam, param } from '../catalog/params.js';
import { internalError, invalidParameter, permissionDenied } from '../errors.js';
import type { Account, User } from '../state/model.js';
import { projectsOf } from '../state/projects.js';
import { releasePublicIp, releaseVmRules } from '../state/public-ips.js';
import type { Store } from '../state/store.js';
import { accountView, userView } from '../views/identity.js';
import { accountText, canAccess } from './listing.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

const SYSTEM_ACCOUNT_INTERNAL_ID = 1;

/** DomainChecker.checkAccess: the caller may operate on the account (its own, or below a domain admin). */
export function checkAccountAccess(ctx: CallContext, account: Account): void {
  if (canAccess(ctx, account.id)) return;
  const caller = accountText(ctx.store, ctx.caller.account);
  if (!ctx.caller.isDomainAdmin) {
    throw permissionDenied(
      `${caller} does not have permission to operate with resource ${accountText(ctx.store, account)}`,
    );
  }
  throw permissionDenied(
    `${caller} does not have permission to operate within domain id=${account.domainId}`,
  );
}

/** The account named by `id`, or by `account` + `domainid` (the caller's domain when not given). */
function accountOf(ctx: CallContext, verb: 'disable' | 'enable' | 'lock' | 'update'): Account {
  const { params, store } = ctx;
  const id = params.id('id');
  const name = params.text('account');
  const domainId = params.id('domainid') ?? (id === undefined ? ctx.caller.account.domainId : undefined);
  const account =
    id !== undefined
      ? store.accounts.get(id)
      : [...store.accounts.values()].find(
          (a) => a.domainId === domainId && a.name.toLowerCase() === (name ?? '').toLowerCase(),
        );
  if (!account) {
    const domainNumber = domainId !== undefined ? store.domains.get(domainId)?.internalId : undefined;
    throw invalidParameter(
      `Unable to find account by accountId: ${id ?? 'null'} OR by name: ${name ?? 'null'} in domain ${domainNumber ?? 'null'}`,
    );
  }
  if (account.internalId === SYSTEM_ACCOUNT_INTERNAL_ID && verb !== 'update') {
    throw permissionDenied(`Account id : ${account.internalId} is a system account, ${verb} is not allowed`);
  }
  checkAccountAccess(ctx, account);
  return account;
}

/** doDisableAccount: a disabled account's VMs are stopped (locking leaves them running). */
function stopVmsOf(store: Store, accountId: string): void {
  for (const vm of store.vms.values()) {
    if (vm.accountId !== accountId || (vm.state !== 'Running' && vm.state !== 'Starting')) continue;
    vm.state = 'Stopped';
    vm.hostId = undefined;
    store.touch(vm.id);
  }
}

/** deleteAccount's clean-up (AccountManagerImpl.cleanupAccount): everything the account owns goes. */
function removeAccountResources(store: Store, accountId: string): void {
  for (const vm of [...store.vms.values()]) {
    if (vm.accountId !== accountId) continue;
    releaseVmRules(store, vm.id);
    store.vms.delete(vm.id);
    store.tags.delete(vm.id);
    store.markRemoved('vm', vm.id);
  }
  for (const ip of [...store.publicIps.values()]) if (ip.accountId === accountId) releasePublicIp(store, ip);
  const owned = [
    [store.volumes, 'volume'],
    [store.snapshots, 'snapshot'],
    [store.vmSnapshots, 'vmsnapshot'],
    [store.netRules, 'firewallrule'],
    [store.loadBalancers, 'loadbalancer'],
    [store.securityGroups, 'securitygroup'],
    [store.networks, 'network'],
    [store.vpcs, 'vpc'],
    [store.sshKeyPairs, 'sshkeypair'],
  ] as const;
  for (const [map, kind] of owned) {
    for (const [id, item] of [...(map as Map<string, { accountId: string }>).entries()]) {
      if (item.accountId !== accountId) continue;
      map.delete(id);
      store.tags.delete(id);
      store.markRemoved(kind, id);
    }
  }
  for (const template of [...store.templates.values()]) {
    if (template.accountId !== accountId) continue;
    store.templates.delete(template.id);
    store.markRemoved('template', template.id);
  }
}

/** Removes an account with its users and everything it owns (deleteAccount, deleteDomain with cleanup). */
export function removeAccount(store: Store, account: Account): void {
  removeAccountResources(store, account.id);
  for (const user of [...store.users.values()]) {
    if (user.accountId !== account.id) continue;
    store.users.delete(user.id);
    store.markRemoved('user', user.id);
  }
  // Its project memberships go; a project account takes its project with it.
  for (const project of [...projectsOf(store).values()]) {
    project.members.delete(account.id);
    if (project.accountId === account.id) {
      projectsOf(store).delete(project.id);
      store.markRemoved('project', project.id);
    }
  }
  store.accounts.delete(account.id);
  store.markRemoved('account', account.id);
}

/** getValidUserVO and the checks disableUser, enableUser and lockUser share. */
function userToChange(
  ctx: CallContext,
  verb: 'disabling' | 'enabling' | 'locking',
): { user: User; account: Account } {
  const { store } = ctx;
  const user = store.users.get(ctx.params.requiredId('id'));
  if (!user) throw invalidParameter('Unable to find active user by id');
  const account = store.account(user.accountId);
  if (account.internalId === SYSTEM_ACCOUNT_INTERNAL_ID) {
    throw invalidParameter(`User id : ${user.internalId} is a system user, ${verb} is not allowed`);
  }
  checkAccountAccess(ctx, account);
  return { user, account };
}

function setUserState(store: Store, user: User, state: User['state']): void {
  user.state = state;
  store.touch(user.id);
}

const accountIdParams = [
  idParam('id', 'account', 'Account id'),
  param('account', 'string', 'Enables specified account.'),
  idParam('domainid', 'domain', 'Enables specified account in this domain.'),
];

export const accountApis = [
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'updateAccount',
      description: 'Updates account information for the authenticated user',
      isAsync: false,
      related: ['listAccounts'],
      params: [
        param('account', 'string', 'Current account name'),
        param('accountdetails', 'map', 'Details for the account used to store specific parameters'),
        idParam('domainid', 'domain', 'The UUID of the domain where the account exists'),
        idParam('id', 'account', 'Account UUID'),
        param(
          'networkdomain',
          'string',
          "Network domain for the account's networks; empty string will update domainName with NULL value",
        ),
        param('newname', 'string', 'New name for the account'),
        idParam('roleid', 'role', 'The UUID of the dynamic role to set for the account'),
      ],
      response: accountView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const account = accountOf(ctx, 'update');
      const newName = params.text('newname');
      if (newName !== undefined && newName.toLowerCase() !== account.name.toLowerCase()) {
        const duplicate = [...store.accounts.values()].find(
          (a) => a.domainId === account.domainId && a.name.toLowerCase() === newName.toLowerCase(),
        );
        if (duplicate) {
          throw invalidParameter(
            `There already exists an account with the name:${newName} in the domain:${store.domain(account.domainId).internalId} with existing account id:${duplicate.internalId}`,
          );
        }
      }
      const roleId = params.id('roleid');
      if (roleId !== undefined) {
        const role = store.role(roleId);
        const current = store.roles.get(account.roleId);
        // AccountManagerImpl.updateAccount: a role of another type would change what the account is.
        if (current && role.type !== current.type) {
          throw invalidParameter('Cannot change the role type of an account, roles of the same type only');
        }
        if (role.type === 'Admin' && !ctx.caller.isRootAdmin) {
          throw permissionDenied('Only a root admin can give an account the root admin role');
        }
        account.roleId = role.id;
      }
      if (newName !== undefined) account.name = newName;
      const networkDomain = params.string('networkdomain');
      if (networkDomain !== undefined)
        account.networkDomain = networkDomain === '' ? undefined : networkDomain;
      const details = params.flatMap('accountdetails');
      if (Object.keys(details).length > 0) account.details = { ...account.details, ...details };
      store.touch(account.id);
      return { account: accountView.render(account, ctx.rc) };
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'disableAccount',
      description: 'Disables an account',
      isAsync: true,
      related: ['enableAccount', 'listAccounts'],
      params: [
        param('account', 'string', 'Disables specified account.'),
        idParam('domainid', 'domain', 'Disables specified account in this domain.'),
        idParam('id', 'account', 'Account id'),
        param('lock', 'boolean', 'If true, only lock the account; else disable the account', {
          required: true,
        }),
      ],
      response: accountView.fields,
    },
    cmdClass: 'org.apache.cloudstack.api.command.admin.account.DisableAccountCmd',
    handle(ctx) {
      const lock = ctx.params.bool('lock') ?? false;
      const account = accountOf(ctx, lock ? 'lock' : 'disable');
      const store = ctx.store;
      const job = ctx.startJob({
        instanceType: 'Account',
        instanceId: account.id,
        finish() {
          // lockAccount only locks an enabled account; disabling also stops its VMs.
          if (lock) {
            if (account.state === 'enabled') account.state = 'locked';
          } else {
            account.state = 'disabled';
            stopVmsOf(store, account.id);
          }
          store.touch(account.id);
          return { account: accountView.render(account, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'enableAccount',
      description: 'Enables an account',
      isAsync: false,
      related: ['disableAccount', 'listAccounts'],
      params: accountIdParams,
      response: accountView.fields,
    },
    handle(ctx) {
      const account = accountOf(ctx, 'enable');
      account.state = 'enabled';
      ctx.store.touch(account.id);
      return { account: accountView.render(account, ctx.rc) };
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'lockAccount',
      description:
        'This deprecated function used to locks an account. Look for the API DisableAccount instead',
      isAsync: false,
      related: ['disableAccount', 'listAccounts'],
      params: [
        param('account', 'string', 'Locks the specified account.', { required: true }),
        idParam('domainid', 'domain', 'Locks the specified account on this domain.', { required: true }),
      ],
      response: accountView.fields,
    },
    handle(ctx) {
      const account = accountOf(ctx, 'lock');
      if (account.state === 'enabled') account.state = 'locked';
      ctx.store.touch(account.id);
      return { account: accountView.render(account, ctx.rc) };
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'deleteAccount',
      description: 'Deletes a account, and all users associated with this account',
      isAsync: true,
      related: [],
      params: [idParam('id', 'account', 'Account id', { required: true })],
      response: SUCCESS_FIELDS,
    },
    cmdClass: 'org.apache.cloudstack.api.command.admin.account.DeleteAccountCmd',
    handle(ctx) {
      const { store } = ctx;
      const account = store.accounts.get(ctx.params.requiredId('id'));
      // deleteUserAccount: an account already removed is "deleted" again without complaint.
      if (!account) {
        const job = ctx.startJob({ instanceType: 'Account', finish: () => ({ success: true }) });
        return jobStarted(job.id);
      }
      checkAccountAccess(ctx, account);
      if (account.isDefault) throw invalidParameter("The account is default and can't be removed");
      // deleteUserAccount: an account that manages projects stays.
      const managed = [...projectsOf(store).values()].filter((p) => p.members.get(account.id) === 'Admin');
      if (managed.length > 0) {
        throw invalidParameter(
          `The account id=${account.internalId} manages project(s) with ids ${managed.map((p) => p.internalId).join(', ')} and can't be removed`,
        );
      }
      const job = ctx.startJob({
        instanceType: 'Account',
        instanceId: account.id,
        finish() {
          removeAccount(store, account);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'updateUser',
      description: 'Updates a user account',
      isAsync: false,
      related: ['listUsers'],
      params: [
        param(
          'currentpassword',
          'string',
          'Current password that was being used by the user. You must inform the current password when updating the password.',
        ),
        param('email', 'string', 'e-mail address'),
        param('firstname', 'string', 'first name'),
        idParam('id', 'user', 'User uuid', { required: true }),
        param('lastname', 'string', 'last name'),
        param(
          'mandate2fa',
          'boolean',
          'Provide true to mandate the user to use two factor authentication has to be enabled.This parameter is only used to mandate 2FA, not to disable 2FA',
          { since: '4.18.0.0' },
        ),
        param(
          'password',
          'string',
          "Clear text password (default hashed to SHA256SALT). If you wish to use any other hashing algorithm, you would need to write a custom authentication adapter. Can't be passed when command is executed via integration.api.port",
        ),
        param(
          'timezone',
          'string',
          'Specifies a timezone for this command. For more information on the timezone parameter, see Time Zone Format.',
        ),
        param('userapikey', 'string', 'The API key for the user. Must be specified with userSecretKey'),
        param('username', 'string', 'Unique username'),
        param('usersecretkey', 'string', 'The secret key for the user. Must be specified with userApiKey'),
      ],
      response: userView.fields,
    },
    handle(ctx) {
      const { params, store, caller } = ctx;
      const user = store.users.get(params.requiredId('id'));
      if (!user) throw invalidParameter('Unable to find user by id');
      const account = store.account(user.accountId);
      checkAccountAccess(ctx, account);
      const username = params.text('username');
      if (username !== undefined && username !== user.username) {
        for (const other of store.users.values()) {
          if (
            other.username === username &&
            store.accounts.get(other.accountId)?.domainId === account.domainId
          ) {
            throw invalidParameter(
              `The user ${username} already exists in domain ${store.domain(account.domainId).internalId}`,
            );
          }
        }
      }
      const password = params.string('password');
      if (password !== undefined) {
        if (password.trim() === '') throw invalidParameter('Password cannot be empty or blank.');
        // validateUserPasswordAndUpdateIfNeeded: only admins may set a password without the current one.
        if (!caller.isRootAdmin && !caller.isDomainAdmin) {
          const current = params.string('currentpassword');
          if (current === undefined || current.trim() === '') {
            throw invalidParameter('To set a new password the current password must be provided.');
          }
          if (current !== user.password) throw invalidParameter('Current password is incorrect.');
        }
      }
      const apiKey = params.text('userapikey');
      const secretKey = params.text('usersecretkey');
      if ((apiKey === undefined) !== (secretKey === undefined)) {
        throw invalidParameter('Please provide a userApiKey/userSecretKey pair');
      }
      if (apiKey !== undefined) {
        const holder = store.userByApiKey(apiKey);
        // CloudStack echoes the key here; the simulator leaves it out (no secrets in answers).
        if (holder && holder.id !== user.id) {
          throw invalidParameter(
            `The api key exists in the system for user id:${holder.internalId} ,please provide a unique key`,
          );
        }
      }
      if (username !== undefined) user.username = username;
      if (password !== undefined) user.password = password;
      user.firstname = params.text('firstname') ?? user.firstname;
      user.lastname = params.text('lastname') ?? user.lastname;
      user.email = params.text('email') ?? user.email;
      user.timezone = params.text('timezone') ?? user.timezone;
      if (apiKey !== undefined && secretKey !== undefined) {
        user.apiKey = apiKey;
        user.secretKey = secretKey;
      }
      store.touch(user.id);
      return { user: userView.render(user, ctx.rc) };
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'disableUser',
      description: 'Disables a user account',
      isAsync: true,
      related: ['enableUser', 'listUsers'],
      params: [idParam('id', 'user', 'Disables user by user ID.', { required: true })],
      response: userView.fields,
    },
    cmdClass: 'org.apache.cloudstack.api.command.admin.user.DisableUserCmd',
    handle(ctx) {
      const { user } = userToChange(ctx, 'disabling');
      const store = ctx.store;
      const job = ctx.startJob({
        instanceType: 'User',
        instanceId: user.id,
        finish() {
          setUserState(store, user, 'disabled');
          return { user: userView.render(user, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'enableUser',
      description: 'Enables a user account',
      isAsync: false,
      related: ['disableUser', 'listUsers'],
      params: [idParam('id', 'user', 'Enables user by user ID.', { required: true })],
      response: userView.fields,
    },
    handle(ctx) {
      const { user } = userToChange(ctx, 'enabling');
      setUserState(ctx.store, user, 'enabled');
      return { user: userView.render(user, ctx.rc) };
    },
  }),
  defineApi({
    access: 'domainadmin',
    spec: {
      name: 'lockUser',
      description: 'Locks a user account',
      isAsync: false,
      related: ['enableUser', 'listUsers'],
      params: [idParam('id', 'user', 'Locks user by user ID.', { required: true })],
      response: userView.fields,
    },
    handle(ctx) {
      const { user } = userToChange(ctx, 'locking');
      // lockUser: only an enabled user is locked; a locked one stays so; a disabled one cannot be.
      if (user.state === 'enabled') setUserState(ctx.store, user, 'locked');
      else if (user.state === 'disabled') throw internalError(`Unable to lock user ${user.internalId}`);
      return { user: userView.render(user, ctx.rc) };
    },
  }),
];
// --- end Accounts family ---
