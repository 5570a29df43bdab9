// Emitter: the registry. Each group file ends with its `define(...)` entries; index.ts gathers them into
// `apis`, lists `apiNames`, and re-exports the typed functions and types.
import type { ApiModel } from '../api-model.js';
import { propertyKey, quote } from '../naming.js';
import { literal } from './literal.js';
import { paramsBuilderName } from './params.js';
import { responseBuilderName } from './response.js';

export function groupVariable(group: string): string {
  return `definitions${group.toUpperCase()}`;
}

function defineCall(api: ApiModel): string {
  const indent = '    ';
  const lines = [
    `name: ${quote(api.name)},`,
    `isAsync: ${api.isAsync},`,
    ...(api.since ? [`since: ${quote(api.since)},`] : []),
    `description: ${quote(api.description)},`,
    `related: ${literal(api.related)},`,
    `paramDocs: ${literal(api.paramDocs, indent)},`,
    `responseDocs: ${literal(api.responseDocs, indent)},`,
    `params: ${paramsBuilderName(api)},`,
    `response: ${responseBuilderName(api)},`,
  ];
  return `define<${api.paramsType}, ${api.responseType}>({\n${lines.map((line) => `${indent}${line}`).join('\n')}\n  })`;
}

/** The group's registry entries, printed as text (see emitParamsType on why not a structure). */
export function emitGroupDefinitions(group: string, apis: readonly ApiModel[]): string {
  const entries = apis.map((api) => `  ${propertyKey(api.name)}: ${defineCall(api)},`);
  return [
    "/** The registry entries of this file's APIs (gathered into `apis` by index.ts). */",
    `export const ${groupVariable(group)} = {`,
    ...entries,
    '};',
  ].join('\n');
}
