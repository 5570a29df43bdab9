// Every CloudStack API is read, write or destructive. The class comes from the verb that starts the name
// (listZones → list), with a committed table of exceptions for the names that mislead.
import { classificationExceptions } from './classification-exceptions.js';

/** read: changes nothing. write: changes state, can be undone. destructive: removes or overwrites something. */
export type ApiClass = 'read' | 'write' | 'destructive';

export interface Classification {
  apiClass: ApiClass;
  /** How the class was found; `fallback` means an unknown verb, treated as write. */
  rule: 'verb' | 'exception' | 'fallback';
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
  const exception = classificationExceptions[apiName];
  if (exception) return { apiClass: exception.apiClass, rule: 'exception' };
  const byVerb = verbClass.get(verbOf(apiName));
  if (byVerb) return { apiClass: byVerb, rule: 'verb' };
  // Unknown verbs may change anything: never let them through read-only mode.
  return { apiClass: 'write', rule: 'fallback' };
}
