// Emitter: the registry. Each group file ends with its `define(...)` entries; index.ts gathers them into
// `apis`, lists `apiNames`, and re-exports the typed functions and types.
import { createHash } from 'node:crypto';
import type { ApiModel } from '../api-model.js';
import { propertyKey, quote } from '../naming.js';
import { paramsBuilderName } from './params.js';
import { responseBuilderName } from './response.js';

export function groupVariable(group: string): string {
  return `definitions${group.toUpperCase()}`;
}

/** Docs as an array of JSON texts, one entry a line (see DefinitionSpec on why JSON). */
function jsonLines(entries: readonly unknown[], indent: string): string {
  if (entries.length === 0) return '[]';
  return `[\n${entries.map((entry) => `${indent}  ${quote(JSON.stringify(entry))},`).join('\n')}\n${indent}]`;
}

function defineCall(api: ApiModel, sharedResponseDocs: ReadonlyMap<string, string>): string {
  const indent = '    ';
  const lines = [
    `name: ${quote(api.name)},`,
    `isAsync: ${api.isAsync},`,
    ...(api.since ? [`since: ${quote(api.since)},`] : []),
    `description: ${quote(api.description)},`,
    `related: [${api.related.map(quote).join(', ')}],`,
    `paramDocs: ${jsonLines(api.paramDocs, indent)},`,
    `responseDocs: ${sharedResponseDocs.get(JSON.stringify(api.responseDocs)) ?? jsonLines(api.responseDocs, indent)},`,
    `params: ${paramsBuilderName(api)},`,
    `response: ${responseBuilderName(api)},`,
  ];
  return `define<${api.paramsType}, ${api.responseType}>({\n${lines.map((line) => `${indent}${line}`).join('\n')}\n  })`;
}

/**
 * APIs that return the same response class list the same fields: each response doc list used more than once
 * in the file becomes one constant, named by its content hash so names stay put when APIs come and go.
 */
function sharedResponseDocs(apis: readonly ApiModel[]): { names: Map<string, string>; statements: string[] } {
  const uses = new Map<string, number>();
  for (const api of apis) {
    const key = JSON.stringify(api.responseDocs);
    uses.set(key, (uses.get(key) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  const statements: string[] = [];
  for (const api of apis) {
    const key = JSON.stringify(api.responseDocs);
    if ((uses.get(key) ?? 0) < 2 || names.has(key)) continue;
    const hash = createHash('sha256').update(key).digest('hex');
    let length = 8;
    while ([...names.values()].includes(`responseDocs_${hash.slice(0, length)}`)) length++;
    const name = `responseDocs_${hash.slice(0, length)}`;
    names.set(key, name);
    statements.push(`const ${name}: readonly string[] = ${jsonLines(api.responseDocs, '')};`);
  }
  return { names, statements };
}

/** The group's registry entries, printed as text (see emitParamsType on why not a structure). */
export function emitGroupDefinitions(group: string, apis: readonly ApiModel[]): string[] {
  const shared = sharedResponseDocs(apis);
  const entries = apis.map((api) => `  ${propertyKey(api.name)}: ${defineCall(api, shared.names)},`);
  return [
    ...shared.statements,
    [
      "/** The registry entries of this file's APIs (gathered into `apis` by index.ts). */",
      `export const ${groupVariable(group)} = {`,
      ...entries,
      '};',
    ].join('\n'),
  ];
}
