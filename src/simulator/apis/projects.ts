// --- Accounts family (issue 15) ---
// Projects: createProject, activateProject, suspendProject, deleteProject, updateProject, listProjects.
// A project owns its resources through its project account (type 4); deployVirtualMachine and the other
// create APIs take `projectid`, and lists show a project's resources only with `projectid`. Texts from
// apache/cloudstack server/src/main/java/com/cloud/projects/ProjectManagerImpl.java and
// AccountManagerImpl.finalyzeAccountId.
import { idParam, pagingParams, param, showIconParam } from '../catalog/params.js';
import { internalError, invalidParameter, permissionDenied } from '../errors.js';
import { configValue } from '../state/configurations.js';
import { checkResourceLimit } from '../state/limits.js';
import type { Account } from '../state/model.js';
import { type Project, projectsOf } from '../state/projects.js';
import { projectView } from '../views/projects.js';
import { removeAccount } from './accounts.js';
import { canAccess, canAccessProject, listOf, matchesKeyword, PROJECT_ACCOUNT_TYPE } from './listing.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

function projectFor(ctx: CallContext): Project {
  const id = ctx.params.requiredId('id');
  const project = projectsOf(ctx.store).get(id);
  if (!project) throw invalidParameter(`Unable to find project by id ${id}`);
  return project;
}

/** AccessType.ModifyProject: root and domain admins above the project, and the project's admins. */
function checkModify(ctx: CallContext, project: Project): void {
  const { caller, store } = ctx;
  const domainAdmin =
    caller.isDomainAdmin && store.domainSubtree(caller.account.domainId, true).has(project.domainId);
  if (caller.isRootAdmin || domainAdmin || project.members.get(caller.account.id) === 'Admin') return;
  throw permissionDenied(
    `Account ${caller.account.name} does not have permission to operate with project id=${project.internalId}`,
  );
}

/** The account a createProject or updateProject names: `account` + `domainid`, or `accountid`. */
function namedAccount(ctx: CallContext): Account | undefined {
  const { params, store, caller } = ctx;
  const accountId = params.id('accountid');
  if (accountId !== undefined) return store.account(accountId);
  const name = params.text('account');
  if (name === undefined) return undefined;
  const domainId = params.id('domainid') ?? caller.account.domainId;
  const account = [...store.accounts.values()].find(
    (a) => a.domainId === domainId && a.name.toLowerCase() === name.toLowerCase(),
  );
  if (!account)
    throw invalidParameter(
      `Unable to find account ${name} in domain id=${store.domain(domainId).internalId}`,
    );
  return account;
}

const projectIdParam = (text: string) => idParam('id', 'project', text, { required: true });

export const projectApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'createProject',
      description: 'Creates a project',
      isAsync: true,
      since: '3.0.0',
      related: ['listProjects'],
      params: [
        param('account', 'string', 'account who will be Admin for the project'),
        idParam('accountid', 'account', 'ID of the account owning a project'),
        param('displaytext', 'string', 'display text of the project', { required: true }),
        idParam('domainid', 'domain', 'domain ID of the account owning a project'),
        param('name', 'string', 'name of the project', { required: true }),
        idParam(
          'userid',
          'user',
          'user ID of the account to be assigned as owner of the project i.e., Project Admin',
          {
            since: '4.15.0',
          },
        ),
      ],
      response: projectView.fields,
    },
    cmdClass: 'org.apache.cloudstack.api.command.user.project.CreateProjectCmd',
    handle(ctx) {
      const { params, store, caller } = ctx;
      if (
        !caller.isRootAdmin &&
        !caller.isDomainAdmin &&
        configValue(store, 'allow.user.create.projects') !== 'true'
      ) {
        throw permissionDenied('Regular user is not permitted to create a project');
      }
      const owner = namedAccount(ctx) ?? caller.account;
      if (!canAccess(ctx, owner.id)) {
        throw permissionDenied(
          `Account ${caller.account.name} cannot create projects for account ${owner.name}`,
        );
      }
      const name = params.string('name') ?? '';
      for (const other of projectsOf(store).values()) {
        if (other.domainId === owner.domainId && other.name.toLowerCase() === name.toLowerCase()) {
          throw invalidParameter(
            `Project with name ${name} already exists in domain id=${store.domain(owner.domainId).internalId}`,
          );
        }
      }
      checkResourceLimit(store, owner.id, 'project', 1);
      const id = store.newId();
      const internalId = store.nextInternalId('projects');
      const account: Account = {
        id: store.newId(),
        internalId: store.nextInternalId('account'),
        name: `PrjAcct-${name}-${internalId}`,
        domainId: owner.domainId,
        type: PROJECT_ACCOUNT_TYPE,
        roleId: [...store.roles.values()].find((r) => r.isDefault && r.type === 'User')?.id ?? owner.roleId,
        state: 'enabled',
        networkDomain: undefined,
        details: {},
        created: ctx.now,
        isDefault: false,
      };
      store.accounts.set(account.id, account);
      const project: Project = {
        id,
        internalId,
        name,
        displayText: params.string('displaytext') ?? name,
        domainId: owner.domainId,
        accountId: account.id,
        state: 'Active',
        created: ctx.now,
        members: new Map([[owner.id, 'Admin']]),
      };
      projectsOf(store).set(id, project);
      const job = ctx.startJob({
        instanceType: 'Project',
        instanceId: id,
        finish: () => ({ project: projectView.render(project, ctx.rc) }),
      });
      return jobStarted(job.id, id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listProjects',
      description: 'Lists projects and provides detailed information for listed projects',
      isAsync: false,
      since: '3.0.0',
      related: ['createProject'],
      params: [
        param('account', 'string', 'list resources by account. Must be used with the domainId parameter.'),
        param(
          'details',
          'list',
          'comma separated list of project details requested, value can be a list of [ all, resource, min]',
        ),
        param('displaytext', 'string', 'list projects by display text'),
        idParam('domainid', 'domain', 'list only resources belonging to the domain specified'),
        idParam('id', 'project', 'list projects by project ID'),
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
        param('name', 'string', 'list projects by name'),
        showIconParam,
        param('state', 'string', 'list projects by state'),
        param('tags', 'map', 'List projects by tags (key/value pairs)'),
        param('username', 'string', 'List projects by username'),
        ...pagingParams,
      ],
      response: projectView.fields,
    },
    handle(ctx) {
      const { params, store, caller } = ctx;
      const admin = caller.isRootAdmin || caller.isDomainAdmin;
      const listAll = (params.bool('listall') ?? false) || (params.bool('isrecursive') ?? false);
      const domainId = params.id('domainid');
      const scope = store.domainSubtree(domainId ?? caller.account.domainId, true);
      const id = params.id('id');
      const name = params.text('name');
      const displayText = params.text('displaytext');
      const state = params.text('state');
      const keyword = params.text('keyword');
      const accountName = params.text('account');
      const items = [...projectsOf(store).values()].filter((p) => {
        // Admins with listall (or a domain) see the projects of their domain tree; others their own.
        const visible =
          admin && (listAll || domainId !== undefined || id !== undefined)
            ? canAccessProject(ctx, p) && scope.has(p.domainId)
            : p.members.has(caller.account.id);
        const member =
          accountName === undefined ||
          [...p.members.keys()].some(
            (m) => store.accounts.get(m)?.name.toLowerCase() === accountName.toLowerCase(),
          );
        return (
          visible &&
          member &&
          (id === undefined || p.id === id) &&
          (name === undefined || p.name.toLowerCase() === name.toLowerCase()) &&
          (displayText === undefined || p.displayText === displayText) &&
          (state === undefined || p.state.toLowerCase() === state.toLowerCase()) &&
          matchesKeyword(keyword, p.name, p.displayText)
        );
      });
      return listOf(ctx, 'project', items, projectView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'activateProject',
      description: 'Activates a project',
      isAsync: true,
      since: '3.0.0',
      related: ['suspendProject'],
      params: [projectIdParam('id of the project to be modified')],
      response: projectView.fields,
    },
    cmdClass: 'org.apache.cloudstack.api.command.user.project.ActivateProjectCmd',
    handle(ctx) {
      const project = projectFor(ctx);
      checkModify(ctx, project);
      const job = ctx.startJob({
        instanceType: 'Project',
        instanceId: project.id,
        finish() {
          project.state = 'Active';
          ctx.store.touch(project.id);
          return { project: projectView.render(project, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'suspendProject',
      description: 'Suspends a project',
      isAsync: true,
      since: '3.0.0',
      related: ['activateProject'],
      params: [projectIdParam('id of the project to be suspended')],
      response: projectView.fields,
    },
    cmdClass: 'org.apache.cloudstack.api.command.user.project.SuspendProjectCmd',
    handle(ctx) {
      const project = projectFor(ctx);
      checkModify(ctx, project);
      const store = ctx.store;
      const job = ctx.startJob({
        instanceType: 'Project',
        instanceId: project.id,
        finish() {
          // ProjectManagerImpl.suspendProject stops the project's VMs.
          for (const vm of store.vms.values()) {
            if (vm.accountId !== project.accountId || vm.state !== 'Running') continue;
            vm.state = 'Stopped';
            vm.hostId = undefined;
            store.touch(vm.id);
          }
          project.state = 'Suspended';
          store.touch(project.id);
          return { project: projectView.render(project, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'updateProject',
      description: 'Updates a project',
      isAsync: true,
      since: '3.0.0',
      related: ['listProjects'],
      params: [
        param('account', 'string', 'new Admin account for the project'),
        param('displaytext', 'string', 'display text of the project'),
        projectIdParam('id of the project to be modified'),
        param('roletype', 'string', 'Account level role to be assigned to the user/account : Admin/Regular'),
        param(
          'swapowner',
          'boolean',
          'when true, it swaps ownership with the account/ user provided. Ideally to be used when a single project administrator is present. In case of multiple project admins, swapowner is to be set to false,to promote or demote the user/account based on the roleType (Regular or Admin) provided. Defaults to true',
        ),
        idParam('userid', 'user', 'ID of the user to be promoted/demoted'),
      ],
      response: projectView.fields,
    },
    cmdClass: 'org.apache.cloudstack.api.command.user.project.UpdateProjectCmd',
    handle(ctx) {
      const { params, store } = ctx;
      const project = projectFor(ctx);
      checkModify(ctx, project);
      const newOwner = params.text('account') !== undefined ? namedAccount({ ...ctx }) : undefined;
      if (newOwner && newOwner.domainId !== project.domainId) {
        throw invalidParameter(`Account ${newOwner.name} doesn't belong to the project's domain`);
      }
      const roleType = params.text('roletype');
      const swap = params.bool('swapowner') ?? true;
      const job = ctx.startJob({
        instanceType: 'Project',
        instanceId: project.id,
        finish() {
          project.displayText = params.text('displaytext') ?? project.displayText;
          if (newOwner) {
            if (swap) {
              for (const [member, role] of project.members)
                if (role === 'Admin') project.members.set(member, 'Regular');
              project.members.set(newOwner.id, 'Admin');
            } else {
              project.members.set(newOwner.id, roleType?.toLowerCase() === 'admin' ? 'Admin' : 'Regular');
            }
          }
          store.touch(project.id);
          return { project: projectView.render(project, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'deleteProject',
      description: 'Deletes a project',
      isAsync: true,
      since: '3.0.0',
      related: [],
      params: [
        param('cleanup', 'boolean', 'true if all project resources have to be cleaned up, false otherwise', {
          since: '4.16.0',
        }),
        projectIdParam('id of the project to be deleted'),
      ],
      response: SUCCESS_FIELDS,
    },
    cmdClass: 'org.apache.cloudstack.api.command.user.project.DeleteProjectCmd',
    handle(ctx) {
      const { params, store } = ctx;
      const project = projectFor(ctx);
      checkModify(ctx, project);
      const cleanup = params.bool('cleanup') ?? false;
      const job = ctx.startJob({
        instanceType: 'Project',
        instanceId: project.id,
        finish() {
          const owned = (items: Iterable<{ accountId: string }>) =>
            [...items].filter((item) => item.accountId === project.accountId).length;
          const vms = owned(store.vms.values());
          const volumes = owned(store.volumes.values());
          const networks = owned(store.networks.values());
          if (!cleanup && vms + volumes + networks > 0) {
            throw internalError(
              `Can't delete the project yet because it has ${vms} vms, ${volumes} volumes and ${networks} networks; delete them or give cleanup=true`,
            );
          }
          const account = store.accounts.get(project.accountId);
          if (account) removeAccount(store, account);
          projectsOf(store).delete(project.id);
          store.markRemoved('project', project.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
];
// --- end Accounts family ---
