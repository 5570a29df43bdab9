import { describe, expect, it } from 'vitest';
import {
  actingParameters,
  classificationExceptions,
  credentialApis,
} from '../../src/catalog/classification-exceptions.js';
import { changesAccess, classifyApi, classifyCall, verbOf } from '../../src/catalog/classify.js';
import { isReadCommand } from '../../src/cloudstack/retry.js';
import { readDump } from './dump.js';

describe('classifyApi', () => {
  for (const version of ['4.18.0', '4.15.2']) {
    it(`classifies every API of the ${version} dump by a verb rule or an exception`, () => {
      const apis = readDump(version);
      expect(apis.length).toBeGreaterThan(600);
      const unclassified = apis
        .map((api) => api.name)
        .filter((name) => classifyApi(name).rule === 'fallback');
      expect(unclassified).toEqual([]);
    });
  }

  for (const version of ['4.18.0', '4.15.2']) {
    it(`retries (as a read) no API of the ${version} dump that the catalog calls a write`, () => {
      const repeatedWrites = readDump(version)
        .map((api) => api.name)
        .filter((name) => isReadCommand(name) && classifyApi(name).apiClass !== 'read');
      expect(repeatedWrites).toEqual([]);
    });
  }

  it('reads, writes and destroys by verb', () => {
    expect(classifyApi('listVirtualMachines')).toEqual({ apiClass: 'read', rule: 'verb' });
    expect(classifyApi('queryAsyncJobResult').apiClass).toBe('read');
    expect(classifyApi('deployVirtualMachine').apiClass).toBe('write');
    expect(classifyApi('stopVirtualMachine').apiClass).toBe('write');
    expect(classifyApi('destroyVirtualMachine').apiClass).toBe('destructive');
    expect(classifyApi('expungeVirtualMachine').apiClass).toBe('destructive');
    expect(classifyApi('deleteNetwork').apiClass).toBe('destructive');
    expect(classifyApi('restoreVirtualMachine').apiClass).toBe('destructive');
  });

  it('lets the exception table override misleading verbs', () => {
    expect(classifyApi('getUploadParamsForTemplate')).toEqual({ apiClass: 'write', rule: 'exception' });
    expect(classifyApi('quotaIsEnabled').apiClass).toBe('read');
    expect(classifyApi('releaseIpAddress').apiClass).toBe('destructive');
    expect(classifyApi('releaseDedicatedZone').apiClass).toBe('write');
  });

  it('treats an unknown verb as write, so read-only mode refuses it', () => {
    expect(classifyApi('frobnicateCluster')).toEqual({ apiClass: 'write', rule: 'fallback' });
  });

  it('has no exception that merely repeats its verb rule', () => {
    const redundant = Object.entries(classificationExceptions).filter(([name, exception]) => {
      const withoutException = classifyApi(`${verbOf(name)}Zz`);
      return withoutException.rule === 'verb' && withoutException.apiClass === exception.apiClass;
    });
    expect(redundant.map(([name]) => name)).toEqual([]);
  });

  it('classes reads that act by the parameter that makes them act', () => {
    expect(classifyCall('getRouterHealthCheckResults', { routerid: 'r' })).toBe('read');
    expect(classifyCall('getRouterHealthCheckResults', { performfreshchecks: false })).toBe('read');
    expect(classifyCall('getRouterHealthCheckResults', { performfreshchecks: true })).toBe('write');
    expect(classifyCall('getRouterHealthCheckResults', { PerformFreshChecks: 'TRUE' })).toBe('write');
    expect(classifyCall('listCapacity', { fetchlatest: 'true' })).toBe('write');
    expect(classifyCall('listCapacity', {})).toBe('read');
    // A parameter never lowers a class.
    expect(classifyCall('deleteNetwork', { performfreshchecks: true })).toBe('destructive');
  });

  it('classes every API that changes credentials or access as destructive', () => {
    for (const name of [
      'registerUserKeys',
      'updateUser',
      'disableAccount',
      'lockUser',
      'createRolePermission',
    ]) {
      expect(classifyApi(name)).toEqual({ apiClass: 'destructive', rule: 'credentials' });
      expect(changesAccess(name)).toBe(true);
    }
    expect(changesAccess('deleteNetwork')).toBe(false);
    expect(changesAccess('getUserKeys')).toBe(false);
  });
});

/**
 * The audit of the 4.18.0 dump: every list/get/query/search/find/is/check API and its description was
 * read for calls that change state, and every API that changes credentials or access was looked for.
 * This is the result, API by API: the class its verb would give, the class it has, and why. A change to
 * the tables shows up here for review.
 */
describe('the classification audit over the 4.18.0 dump', () => {
  const changed: Record<string, string> = {
    // Reads that act.
    getDiagnosticsData: 'read -> write',
    getUploadParamsForIso: 'read -> write',
    getUploadParamsForTemplate: 'read -> write',
    getUploadParamsForVolume: 'read -> write',
    // Unknown verbs.
    cloudianIsEnabled: 'none -> read',
    quotaIsEnabled: 'none -> read',
    validateUserTwoFactorAuthenticationCode: 'none -> write',
    ldapConfig: 'none -> destructive',
    ldapCreateAccount: 'none -> destructive',
    ldapRemove: 'none -> destructive',
    // Writes that may not come back.
    releaseIpAddress: 'write -> destructive',
    releasePodIpAddress: 'write -> destructive',
    releasePublicIpRange: 'write -> destructive',
    resetConfiguration: 'write -> destructive',
    // Credentials and access.
    addAccountToProject: 'write -> destructive',
    addLdapConfiguration: 'write -> destructive',
    addUserToProject: 'write -> destructive',
    addVpnUser: 'write -> destructive',
    changeOutOfBandManagementPassword: 'write -> destructive',
    createAccount: 'write -> destructive',
    createNetworkPermissions: 'write -> destructive',
    createProjectRole: 'write -> destructive',
    createProjectRolePermission: 'write -> destructive',
    createRole: 'write -> destructive',
    createRolePermission: 'write -> destructive',
    createUser: 'write -> destructive',
    disableAccount: 'write -> destructive',
    disableUser: 'write -> destructive',
    enableAccount: 'write -> destructive',
    enableUser: 'write -> destructive',
    importLdapUsers: 'write -> destructive',
    importRole: 'write -> destructive',
    linkAccountToLdap: 'write -> destructive',
    linkDomainToLdap: 'write -> destructive',
    lockAccount: 'write -> destructive',
    lockUser: 'write -> destructive',
    moveUser: 'write -> destructive',
    provisionCertificate: 'write -> destructive',
    provisionTemplateDirectDownloadCertificate: 'write -> destructive',
    registerUserKeys: 'write -> destructive',
    resetNetworkPermissions: 'write -> destructive',
    resetPasswordForVirtualMachine: 'write -> destructive',
    resetSSHKeyForVirtualMachine: 'write -> destructive',
    setupUserTwoFactorAuthentication: 'write -> destructive',
    updateAccount: 'write -> destructive',
    updateHostPassword: 'write -> destructive',
    updateIsoPermissions: 'write -> destructive',
    updateProject: 'write -> destructive',
    updateProjectInvitation: 'write -> destructive',
    updateProjectRole: 'write -> destructive',
    updateProjectRolePermission: 'write -> destructive',
    updateRole: 'write -> destructive',
    updateRolePermission: 'write -> destructive',
    updateTemplatePermissions: 'write -> destructive',
    updateUser: 'write -> destructive',
    uploadCustomCertificate: 'write -> destructive',
    uploadSslCert: 'write -> destructive',
    uploadTemplateDirectDownloadCertificate: 'write -> destructive',
  };

  const apis = readDump('4.18.0');

  it("lists every API whose class is not its verb's, each with a reason", () => {
    const found: Record<string, string> = {};
    for (const api of apis) {
      const { apiClass, rule } = classifyApi(api.name);
      if (rule === 'verb') continue;
      const byVerb = classifyApi(`${verbOf(api.name)}Zz`);
      const verbClass = byVerb.rule === 'verb' ? byVerb.apiClass : 'none';
      if (verbClass !== apiClass) found[api.name] = `${verbClass} -> ${apiClass}`;
      const why = credentialApis[api.name] ?? classificationExceptions[api.name]?.why;
      expect(why, api.name).toBeTruthy();
    }
    expect(found).toEqual(changed);
  });

  it('names the reads of the dump that act by a parameter, and the parameter exists there', () => {
    const byName = new Map(apis.map((api) => [api.name, api]));
    for (const [name, rules] of Object.entries(actingParameters)) {
      const api = byName.get(name);
      expect(api, name).toBeDefined();
      expect(classifyApi(name).apiClass).toBe('read');
      for (const rule of rules) {
        expect(api?.params?.map((param) => param.name)).toContain(rule.param);
        expect(classifyCall(name, { [rule.param]: rule.value })).toBe(rule.apiClass);
      }
    }
    expect(Object.keys(actingParameters).sort()).toEqual(['getRouterHealthCheckResults', 'listCapacity']);
  });

  it('has every credential or access API in the dump (no stale names)', () => {
    const names = new Set(apis.map((api) => api.name));
    expect(Object.keys(credentialApis).filter((name) => !names.has(name))).toEqual([]);
  });
});
