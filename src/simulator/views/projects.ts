// --- Accounts family (issue 15) ---
// Projects as CloudStack's ProjectResponse shows them, with the project account's limits and counts.
import type { Project } from '../state/projects.js';
import { projectOwners } from '../state/projects.js';
import { limitFields } from './identity.js';
import { field, formatDate, jobFields, View } from './view.js';

export const projectView = new View<Project>([
  field('id', 'string', 'the id of the project', (p) => p.id),
  field('name', 'string', 'the name of the project', (p) => p.name),
  field('displaytext', 'string', 'the displaytext of the project', (p) => p.displayText),
  field('domainid', 'string', 'the domain id the project belongs to', (p) => p.domainId),
  field(
    'domain',
    'string',
    'the domain name where the project belongs to',
    (p, rc) => rc.store.domains.get(p.domainId)?.name,
  ),
  field('owner', 'list', "the account name of the project's owners", (p, rc) =>
    projectOwners(p).map((id) => ({ account: rc.store.accounts.get(id)?.name })),
  ),
  field(
    'projectaccountname',
    'string',
    'project account name of the project',
    (p, rc) => rc.store.accounts.get(p.accountId)?.name,
  ),
  field('state', 'string', 'the state of the project', (p) => p.state),
  field('created', 'date', 'the date this project was created', (p) => formatDate(p.created)),
  field('tags', 'list', 'the list of resource tags associated with the project', (p, rc) =>
    rc.store.tagsOf(p.id),
  ),
  field(
    'vmrunning',
    'integer',
    'the total number of virtual machines running for this project',
    (p, rc) =>
      [...rc.store.vms.values()].filter((vm) => vm.accountId === p.accountId && vm.state === 'Running')
        .length,
  ),
  field(
    'vmstopped',
    'integer',
    'the total number of virtual machines stopped for this project',
    (p, rc) =>
      [...rc.store.vms.values()].filter((vm) => vm.accountId === p.accountId && vm.state === 'Stopped')
        .length,
  ),
  // ProjectResponse has no project limit of its own.
  ...limitFields<Project>((p) => ({ kind: 'account', id: p.accountId }), 'project', ['project']),
  ...jobFields<Project>(),
]);
// --- end Accounts family ---
