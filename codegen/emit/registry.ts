// Emitter: the registry. Each group file ends with its `define(...)` entries; index.ts gathers them into
// `apis`, lists `apiNames`, and re-exports the typed functions and types.
import { createHash } from 'node:crypto';
import { paramDocsOf, responseDocsOf } from '../../src/cloudstack/listapis.js';
import type { ApiModel } from '../api-model.js';
import { propertyKey, quote } from '../naming.js';

export function groupVariable(group: string): string {
  return `definitions${group.toUpperCase()}`;
}

/** Docs as JSON texts, one entry a line (see DefinitionSpec on why JSON). */
function jsonTexts(entries: readonly unknown[]): string[] {
  return entries.map((entry) => quote(JSON.stringify(entry)));
}

function jsonLines(texts: readonly string[], indent: string): string {
  if (texts.length === 0) return '[]';
  return `[\n${texts.map((text) => `${indent}  ${text},`).join('\n')}\n${indent}]`;
}

function defineCall(api: ApiModel, responseDocs: string): string {
  const indent = '    ';
  const lines = [
    `name: ${quote(api.name)},`,
    `isAsync: ${api.isAsync},`,
    ...(api.since ? [`since: ${quote(api.since)},`] : []),
    `description: ${quote(api.description)},`,
    `related: [${api.related.map(quote).join(', ')}],`,
    `paramDocs: ${jsonLines(jsonTexts(paramDocsOf(api.source)), indent)},`,
    `responseDocs: ${responseDocs},`,
  ];
  return `define<${api.paramsType}, ${api.responseType}>({\n${lines.map((line) => `${indent}${line}`).join('\n')}\n  })`;
}

/**
 * APIs that return the same response class list the same fields: each response doc list used more than once
 * in the file becomes one constant, named by its content hash so names stay put when APIs come and go.
 * Returns, per API, what its `responseDocs` is: the constant's name or the list itself.
 */
function responseDocsOfGroup(apis: readonly ApiModel[]): { values: string[]; statements: string[] } {
  // The key is the docs' JSON (an array's JSON is its entries' joined by commas, in brackets).
  const json = apis.map((api) => responseDocsOf(api.source.response).map((doc) => JSON.stringify(doc)));
  const keys = json.map((entries) => `[${entries.join(',')}]`);
  const uses = new Map<string, number>();
  for (const key of keys) uses.set(key, (uses.get(key) ?? 0) + 1);
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const statements: string[] = [];
  const values = keys.map((key, index) => {
    const quoted = () => (json[index] as string[]).map(quote);
    if ((uses.get(key) ?? 0) < 2) return jsonLines(quoted(), '    ');
    let name = names.get(key);
    if (!name) {
      const hash = createHash('sha256').update(key).digest('hex');
      let length = 8;
      while (taken.has(`responseDocs_${hash.slice(0, length)}`)) length++;
      name = `responseDocs_${hash.slice(0, length)}`;
      names.set(key, name);
      taken.add(name);
      statements.push(`const ${name}: readonly string[] = ${jsonLines(quoted(), '')};`);
    }
    return name;
  });
  return { values, statements };
}

/** The group's registry entries. */
export function emitGroupDefinitions(group: string, apis: readonly ApiModel[]): string[] {
  const docs = responseDocsOfGroup(apis);
  const entries = apis.map(
    (api, index) => `  ${propertyKey(api.name)}: ${defineCall(api, docs.values[index] as string)},`,
  );
  return [
    ...docs.statements,
    [
      "/** The registry entries of this file's APIs (gathered into `apis` by index.ts). */",
      `export const ${groupVariable(group)} = {`,
      ...entries,
      '};',
    ].join('\n'),
  ];
}
