// --- Accounts family (issue 15) ---
// Projects: each has its own project account (type 4) that owns the project's resources, as in CloudStack
// (ProjectManagerImpl), and members with a role in it (Admin or Regular).
import type { Store } from './store.js';

export interface Project {
  id: string;
  internalId: number;
  name: string;
  displayText: string;
  domainId: string;
  /** The project account (type 4) owning the project's resources. */
  accountId: string;
  state: 'Active' | 'Suspended' | 'Disabled';
  created: number;
  /** Member account uuid → its role in the project. */
  members: Map<string, 'Admin' | 'Regular'>;
}

const projectsByStore = new WeakMap<Store, Map<string, Project>>();

export function projectsOf(store: Store): Map<string, Project> {
  let projects = projectsByStore.get(store);
  if (!projects) {
    projects = new Map();
    projectsByStore.set(store, projects);
  }
  return projects;
}

export function projectOfAccount(store: Store, accountId: string): Project | undefined {
  for (const project of projectsOf(store).values()) if (project.accountId === accountId) return project;
  return undefined;
}

/** The accounts owning a project (its Admin members). */
export function projectOwners(project: Project): string[] {
  return [...project.members].filter(([, role]) => role === 'Admin').map(([id]) => id);
}
// --- end Accounts family ---
