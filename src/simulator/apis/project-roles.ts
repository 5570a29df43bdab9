// Project roles and their permissions (issue 14): createProjectRole, listProjectRoles,
// createProjectRolePermission, listProjectRolePermissions, after ProjectRoleManagerImpl. Recorded, not
// enforced: project members act with their account's role.
import { idParam, pagingParams, param } from '../catalog/params.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import { type Project, projectsOf } from '../state/projects.js';
import type { Store } from '../state/store.js';
import { field, jobFields, View } from '../views/view.js';
import { canAccessProject, listOf } from './listing.js';
import { type CallContext, defineApi } from './types.js';

interface ProjectRole {
  id: string;
  projectId: string;
  name: string;
  description?: string;
}

interface ProjectRolePermission {
  id: string;
  projectId: string;
  roleId: string;
  rule: string;
  permission: 'allow' | 'deny';
  description: string;
}

const tables = new WeakMap<
  Store,
  { roles: Map<string, ProjectRole>; permissions: ProjectRolePermission[] }
>();
function tablesOf(store: Store) {
  let t = tables.get(store);
  if (!t) {
    t = { roles: new Map(), permissions: [] };
    tables.set(store, t);
  }
  return t;
}

function projectFor(ctx: CallContext): Project {
  const id = ctx.params.requiredId('projectid');
  const project = projectsOf(ctx.store).get(id);
  if (!project) throw invalidParameter(`Unable to find project with id ${id}`);
  if (!canAccessProject(ctx, project)) {
    throw permissionDenied(
      `Account ${ctx.caller.account.name} does not have permission to operate within project ${project.name}`,
    );
  }
  return project;
}

const roleView = new View<ProjectRole>([
  field('id', 'string', 'the ID of the role', (r) => r.id),
  field('name', 'string', 'the name of the role', (r) => r.name),
  field('description', 'string', 'the description of the role', (r) => r.description),
  field('projectid', 'string', 'Id of the project', (r) => r.projectId),
  ...jobFields<ProjectRole>(),
]);

const permissionView = new View<ProjectRolePermission>([
  field('id', 'string', 'the ID of the project role permission', (p) => p.id),
  field('projectid', 'string', 'the ID of the project', (p) => p.projectId),
  field(
    'projectroleid',
    'string',
    'the ID of the project role to which the role permission belongs',
    (p) => p.roleId,
  ),
  field(
    'projectrolename',
    'string',
    'the name of the project role to which the role permission belongs',
    (p, rc) => tablesOf(rc.store).roles.get(p.roleId)?.name,
  ),
  field('rule', 'string', 'the api name or wildcard rule', (p) => p.rule),
  field(
    'permission',
    'string',
    'the permission type of the api name or wildcard rule, allow/deny',
    (p) => p.permission,
  ),
  field('description', 'string', 'the description of the role permission', (p) => p.description),
  ...jobFields<ProjectRolePermission>(),
]);

export const projectRoleApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'createProjectRole',
      description: 'Creates a Project role',
      isAsync: false,
      since: '4.15.0',
      related: ['listProjectRoles'],
      params: [
        idParam('projectid', 'project', 'ID of project where role is being created', { required: true }),
        param('name', 'string', 'creates a project role with this unique name', { required: true }),
        param('description', 'string', 'The description of the Project role'),
      ],
      response: roleView.fields,
    },
    handle(ctx) {
      const project = projectFor(ctx);
      const name = ctx.params.text('name') ?? '';
      const { roles } = tablesOf(ctx.store);
      if ([...roles.values()].some((r) => r.projectId === project.id && r.name === name)) {
        throw invalidParameter(`Project role with name ${name} already exists in the project`);
      }
      const role: ProjectRole = {
        id: ctx.store.newId(),
        projectId: project.id,
        name,
        description: ctx.params.text('description'),
      };
      roles.set(role.id, role);
      return { projectrole: roleView.render(role, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listProjectRoles',
      description: 'Lists Project roles in CloudStack',
      isAsync: false,
      since: '4.15.0',
      related: ['createProjectRole'],
      params: [
        idParam('projectid', 'project', 'List project role by project ID.', { required: true }),
        param('projectroleid', 'uuid', 'List project role by project role ID.'),
        param('name', 'string', 'List project role by project role name.'),
        ...pagingParams,
      ],
      response: roleView.fields,
    },
    handle(ctx) {
      const project = projectFor(ctx);
      const id = ctx.params.text('projectroleid');
      const name = ctx.params.text('name');
      const keyword = ctx.params.text('keyword')?.toLowerCase();
      const items = [...tablesOf(ctx.store).roles.values()].filter(
        (r) =>
          r.projectId === project.id &&
          (id === undefined || r.id === id) &&
          (name === undefined || r.name === name) &&
          (keyword === undefined || r.name.toLowerCase().includes(keyword)),
      );
      return listOf(ctx, 'projectrole', items, roleView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'createProjectRolePermission',
      description: 'Adds API permissions to a project role',
      isAsync: false,
      since: '4.15.0',
      related: ['listProjectRolePermissions'],
      params: [
        idParam('projectid', 'project', 'ID of project where project role permission is to be created', {
          required: true,
        }),
        param('projectroleid', 'uuid', 'ID of the project role', { required: true }),
        param('rule', 'string', 'The API name or wildcard rule such as list*', { required: true }),
        param('permission', 'string', 'The rule permission, allow or deny. Default: deny.', {
          required: true,
        }),
        param('description', 'string', 'The description of the role permission'),
      ],
      response: permissionView.fields,
    },
    handle(ctx) {
      const project = projectFor(ctx);
      const t = tablesOf(ctx.store);
      const role = t.roles.get(ctx.params.text('projectroleid') ?? '');
      if (!role || role.projectId !== project.id) throw invalidParameter('Invalid project role id provided');
      const rule = ctx.params.text('rule') ?? '';
      // RoleManagerImpl's rule check: an API name, or a name with * wildcards.
      if (!/^[a-zA-Z0-9*]+$/.test(rule)) throw invalidParameter(`Invalid rule: ${rule}`);
      const permission = (ctx.params.text('permission') ?? '').toLowerCase();
      if (permission !== 'allow' && permission !== 'deny') {
        throw invalidParameter(`Invalid permission ${ctx.params.text('permission')}: allow or deny`);
      }
      const entry: ProjectRolePermission = {
        id: ctx.store.newId(),
        projectId: project.id,
        roleId: role.id,
        rule,
        permission,
        description: ctx.params.text('description') ?? '',
      };
      t.permissions.push(entry);
      return { projectrolepermission: permissionView.render(entry, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listProjectRolePermissions',
      description: "Lists a project's project role permissions",
      isAsync: false,
      since: '4.15.0',
      related: ['createProjectRolePermission'],
      params: [
        idParam('projectid', 'project', 'ID of the project', { required: true }),
        param('projectroleid', 'uuid', 'ID of the project role'),
      ],
      response: permissionView.fields,
    },
    handle(ctx) {
      const project = projectFor(ctx);
      const roleId = ctx.params.text('projectroleid');
      const items = tablesOf(ctx.store).permissions.filter(
        (p) => p.projectId === project.id && (roleId === undefined || p.roleId === roleId),
      );
      return listOf(ctx, 'projectrolepermission', items, permissionView);
    },
  }),
];
