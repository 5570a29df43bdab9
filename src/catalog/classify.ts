// Every CloudStack API is read, write or destructive. The class comes from the verb that starts the name
// (listZones → list), with a committed table of exceptions for the names that mislead, the APIs that change
// credentials or access (all destructive), and the reads that act when a parameter says so.
import {
  type ActingParameter,
  actingParameters,
  classificationExceptions,
  credentialApis,
} from './classification-exceptions.js';

/** read: changes nothing. write: changes state, can be undone. destructive: removes or overwrites something. */
export type ApiClass = 'read' | 'write' | 'destructive';

export interface Classification {
  apiClass: ApiClass;
  /**
   * How the class was found; `credentials` means it changes credentials or access (see credentialApis);
   * `fallback` means an unknown verb, treated as write.
   */
  rule: 'verb' | 'exception' | 'credentials' | 'fallback';
}

const readVerbs = ['list', 'get', 'query', 'search', 'find', 'is', 'check'];

const destructiveVerbs = [
  'delete',
  'destroy',
  'expunge',
  'remove',
  'purge',
  'revoke',
  'disassociate',
  'unmanage',
  'restore',
  'revert',
];

const writeVerbs = [
  'acquire',
  'activate',
  'add',
  'apply',
  'archive',
  'assign',
  'associate',
  'attach',
  'authorize',
  'cancel',
  'change',
  'clean',
  'config',
  'configure',
  'copy',
  'create',
  'declare',
  'dedicate',
  'deploy',
  'detach',
  'disable',
  'enable',
  'execute',
  'extract',
  'generate',
  'import',
  'issue',
  'link',
  'lock',
  'login',
  'logout',
  'mark',
  'migrate',
  'move',
  'notify',
  'patch',
  'prepare',
  'provision',
  'reboot',
  'reconnect',
  'recover',
  'register',
  'release',
  'replace',
  'reserve',
  'reset',
  'resize',
  'restart',
  'run',
  'scale',
  'setup',
  'start',
  'stop',
  'suspend',
  'sync',
  'synchronize',
  'unlink',
  'update',
  'upgrade',
  'upload',
];

const verbClass = new Map<string, ApiClass>([
  ...readVerbs.map((verb) => [verb, 'read'] as const),
  ...writeVerbs.map((verb) => [verb, 'write'] as const),
  ...destructiveVerbs.map((verb) => [verb, 'destructive'] as const),
]);

/** The leading lowercase run of an API name: `listVirtualMachines` → `list`. */
export function verbOf(apiName: string): string {
  return /^[a-z]+/.exec(apiName)?.[0] ?? '';
}

export function classifyApi(apiName: string): Classification {
  if (Object.hasOwn(credentialApis, apiName)) return { apiClass: 'destructive', rule: 'credentials' };
  const exception = Object.hasOwn(classificationExceptions, apiName)
    ? classificationExceptions[apiName]
    : undefined;
  if (exception) return { apiClass: exception.apiClass, rule: 'exception' };
  const byVerb = verbClass.get(verbOf(apiName));
  if (byVerb) return { apiClass: byVerb, rule: 'verb' };
  // Unknown verbs may change anything: never let them through read-only mode.
  return { apiClass: 'write', rule: 'fallback' };
}

/** Whether the API changes credentials or access (user keys, passwords, roles, permissions, ...). */
export function changesAccess(apiName: string): boolean {
  return Object.hasOwn(credentialApis, apiName);
}

const rank: Record<ApiClass, number> = { read: 0, write: 1, destructive: 2 };

/** The parameter rule that makes this call of a read API act, if any. */
export function actingParameter(apiName: string, params: unknown): ActingParameter | undefined {
  const rules = Object.hasOwn(actingParameters, apiName) ? actingParameters[apiName] : undefined;
  if (!rules || !params || typeof params !== 'object') return undefined;
  const given = new Map(
    Object.entries(params as Record<string, unknown>).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return rules.find((rule) => {
    const value = given.get(rule.param);
    return value !== undefined && value !== null && String(value).toLowerCase() === rule.value;
  });
}

/**
 * The class of one call: the API's own class, raised by a parameter that makes it act
 * (getRouterHealthCheckResults performfreshchecks=true is a write, not a read).
 */
export function classifyCall(
  apiName: string,
  params: unknown,
  apiClass = classifyApi(apiName).apiClass,
): ApiClass {
  const acting = actingParameter(apiName, params);
  return acting && rank[acting.apiClass] > rank[apiClass] ? acting.apiClass : apiClass;
}
