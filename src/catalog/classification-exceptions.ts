// APIs whose class does not follow from their verb. Committed so that a reviewer can see every judgement call;
// a test fails when an API of a real listApis dump is classified by neither a verb rule nor this table, and
// test/catalog/classify.test.ts lists every API of the 4.18.0 dump whose class differs from its verb's.
import type { ApiClass } from './classify.js';

export interface ClassificationException {
  apiClass: ApiClass;
  why: string;
}

/** A read API that acts when one of its parameters says so: that call is classed `apiClass`. */
export interface ActingParameter {
  param: string;
  /** The value (compared case-insensitively, as text) that makes the call act. */
  value: string;
  apiClass: ApiClass;
  why: string;
}

export const classificationExceptions: Readonly<Record<string, ClassificationException>> = {
  // Reads hiding behind a vendor or plugin prefix.
  cloudianIsEnabled: { apiClass: 'read', why: 'reports whether the Cloudian connector is on' },
  quotaIsEnabled: { apiClass: 'read', why: 'reports whether the quota plugin is on' },
  quotaBalance: { apiClass: 'read', why: 'reports an account balance' },
  quotaStatement: { apiClass: 'read', why: 'reports usage charges' },
  quotaSummary: { apiClass: 'read', why: 'reports quota summaries' },
  quotaTariffList: { apiClass: 'read', why: 'lists tariffs' },
  quotaCredits: { apiClass: 'write', why: 'adds credits to an account' },
  quotaUpdate: { apiClass: 'write', why: 'recomputes quota usage' },
  quotaTariffCreate: { apiClass: 'write', why: 'creates a tariff' },
  quotaTariffUpdate: { apiClass: 'write', why: 'changes a tariff' },
  quotaTariffDelete: { apiClass: 'destructive', why: 'removes a tariff' },
  quotaEmailTemplateList: { apiClass: 'read', why: 'lists e-mail templates' },
  quotaEmailTemplateUpdate: { apiClass: 'write', why: 'changes an e-mail template' },
  ldapRemove: { apiClass: 'destructive', why: 'removes the LDAP configuration' },
  // `get*` calls that change state.
  getUploadParamsForTemplate: { apiClass: 'write', why: 'registers a template record awaiting upload' },
  getUploadParamsForVolume: { apiClass: 'write', why: 'creates a volume record awaiting upload' },
  getUploadParamsForIso: { apiClass: 'write', why: 'registers an ISO record awaiting upload' },
  // GetDiagnosticsDataCmd (api/.../admin/diagnostics/GetDiagnosticsDataCmd.java) is an async job that runs
  // a script on the system VM to gather the files into a zip, copies it to secondary storage and hands out
  // a download URL: it acts on a running system VM and leaves a file behind.
  getDiagnosticsData: {
    apiClass: 'write',
    why: 'runs a script on a system VM that zips files onto secondary storage (an async job)',
  },
  // Verbs that are destructive only for some objects.
  releaseIpAddress: {
    apiClass: 'destructive',
    why: 'gives a public IP back to the pool; it may not come back',
  },
  releasePublicIpRange: { apiClass: 'destructive', why: 'takes a public IP range away from an account' },
  releasePodIpAddress: { apiClass: 'destructive', why: 'frees a pod IP that something may still use' },
  resetConfiguration: { apiClass: 'destructive', why: 'drops a setting back to its default' },
  validateUserTwoFactorAuthenticationCode: { apiClass: 'write', why: 'completes a two-factor login' },
};

/**
 * APIs that change credentials or access: who can log in, with which keys or passwords, in which role,
 * and who may use what. Each is destructive (it needs a confirmation: a wrong call can lock people,
 * including this server, out for good or hand access to the wrong party), and the server refuses
 * outright the ones that would act on its own CloudStack user or account (src/mcp/self-guard.ts).
 */
export const credentialApis: Readonly<Record<string, string>> = {
  // Users and accounts: keys, passwords, state, existence.
  registerUserKeys: "replaces a user's API and secret keys; whoever used the old ones is locked out",
  updateUser: "can change a user's password, API keys, name or 2FA",
  setupUserTwoFactorAuthentication: "turns a user's two-factor authentication on or off",
  createUser: 'adds a login to an account',
  deleteUser: 'removes a login for good',
  disableUser: 'stops a user from logging in',
  enableUser: 'lets a disabled user log in again',
  lockUser: 'locks a user out',
  moveUser: 'moves a user, and its access, to another account',
  createAccount: 'creates an account with a login and a role',
  ldapCreateAccount: 'creates an account for an LDAP user',
  importLdapUsers: 'creates logins for LDAP users',
  deleteAccount: 'removes an account, its users and its resources',
  disableAccount: "stops an account's users (and with lock=true its resources)",
  enableAccount: "lets a disabled account's users log in again",
  lockAccount: "locks an account's users out",
  updateAccount: "can change an account's role and name",
  // Roles and their permissions.
  createRole: 'adds a role that accounts can be given',
  importRole: 'adds a role with a set of API permissions',
  updateRole: "changes a role's name or type",
  deleteRole: 'removes a role',
  createRolePermission: 'allows or denies an API to every account of a role',
  updateRolePermission: 'reorders or flips a rule of a role',
  deleteRolePermission: 'removes a rule of a role',
  createProjectRole: 'adds a project role',
  updateProjectRole: 'changes a project role',
  deleteProjectRole: 'removes a project role',
  createProjectRolePermission: 'allows or denies an API to a project role',
  updateProjectRolePermission: 'changes a rule of a project role',
  deleteProjectRolePermission: 'removes a rule of a project role',
  // Directory links: who can log in at all.
  addLdapConfiguration: 'adds an LDAP server users log in through',
  deleteLdapConfiguration: 'removes an LDAP server users log in through',
  ldapConfig: 'configures the LDAP context users log in through (deprecated)',
  linkAccountToLdap: "ties an account's users to an LDAP group",
  linkDomainToLdap: "ties a domain's users to an LDAP group",
  // Projects and shared resources: who may use what.
  addAccountToProject: 'gives an account access to a project',
  addUserToProject: 'gives a user access to a project',
  deleteAccountFromProject: "takes a project's access away from an account",
  deleteUserFromProject: "takes a project's access away from a user",
  updateProject: "can change a project's owner",
  updateProjectInvitation: 'joins (or declines) a project for an account',
  createNetworkPermissions: 'lets other accounts use a network',
  removeNetworkPermissions: 'takes access to a network away from accounts',
  resetNetworkPermissions: 'takes access to a network away from every other account',
  updateTemplatePermissions: 'changes who may use a template',
  updateIsoPermissions: 'changes who may use an ISO',
  // Passwords, keys and certificates of machines and services.
  resetPasswordForVirtualMachine: "replaces a VM's password",
  resetSSHKeyForVirtualMachine: "replaces a VM's SSH keys",
  addVpnUser: 'adds a VPN login',
  removeVpnUser: 'removes a VPN login',
  changeOutOfBandManagementPassword: "changes a host's out-of-band management password",
  updateHostPassword: 'changes the password CloudStack uses to log in to a host',
  uploadCustomCertificate: 'replaces the console proxy SSL certificate and key',
  uploadSslCert: 'stores a certificate and private key for load balancers',
  provisionCertificate: 'issues a new client certificate to a host agent',
  uploadTemplateDirectDownloadCertificate: 'trusts a new certificate for template downloads on hosts',
  provisionTemplateDirectDownloadCertificate: 'installs a download certificate on a host',
};

/**
 * Reads that act when a parameter says so (GetRouterHealthCheckResultsCmd.java: performfreshchecks=true
 * runs the health-check scripts on the router now; ListCapacityCmd.java: fetchlatest=true "recalculate
 * capacities" writes the capacity table). Such a call is classed by the parameter's rule, so read-only mode
 * refuses it and the client does not repeat it.
 */
export const actingParameters: Readonly<Record<string, readonly ActingParameter[]>> = {
  getRouterHealthCheckResults: [
    {
      param: 'performfreshchecks',
      value: 'true',
      apiClass: 'write',
      why: 'performfreshchecks=true runs the health checks on the router now',
    },
  ],
  listCapacity: [
    {
      param: 'fetchlatest',
      value: 'true',
      apiClass: 'write',
      why: 'fetchlatest=true recalculates the capacity of every host and storage pool',
    },
  ],
};
