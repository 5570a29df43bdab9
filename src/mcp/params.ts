// Checking an agent's parameters against the catalog before CloudStack sees them, since CloudStack
// silently ignores names it does not know: unknown names get "did you mean", missing required ones are
// named with their type and meaning, values are brought to the declared type ("5" for an integer, 5 for a
// uuid), and finally the bindings' zod schema has its say.
import type { CatalogEntry } from '../catalog/catalog.js';
import { keyParams } from '../catalog/key-params.js';
import { suggestNames } from '../catalog/suggest.js';
import type { ApiParamDoc } from '../cloudstack/binding.js';
import type { ApiParams, ParamValue } from '../cloudstack/types.js';
import { issuePath, ToolError } from './errors.js';

const INDEXED_KEY = /^([^[\]]+)\[(\d+)\]\.(.+)$/;
/** Parameter names an unknown-parameter error lists when it has no did-you-mean. */
const MAX_LISTED = 12;

// Names JavaScript objects treat specially: `x["__proto__"] = v` sets a prototype instead of a key, so such
// a parameter used to vanish without a word (zod's records drop it too). No CloudStack API has them.
const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a parameter name, or any part of `tags[0].key` style names, is one of those. */
export function isUnsafeName(name: string): boolean {
  return name.split(/[.[\]]/).some((part) => UNSAFE_NAMES.has(part));
}

/**
 * The paths of every own key in `value` that isUnsafeName (`params.__proto__`, `params.tags[0].__proto__`),
 * read before any schema sees the value, since parsing drops them.
 */
export function unsafeKeyPaths(value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => unsafeKeyPaths(item, `${path}[${i}]`));
  const found: string[] = [];
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (isUnsafeName(key)) found.push(at);
    else found.push(...unsafeKeyPaths((value as Record<string, unknown>)[key], at));
  }
  return found;
}

/** `tags[0].key=env` style flat keys, as CloudMonkey users write them, become `tags: [{key: 'env'}]`. */
function foldIndexedKeys(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const folded = new Set<string>();
  for (const [key, value] of Object.entries(params)) {
    const match = INDEXED_KEY.exec(key);
    if (!match) {
      out[key] = value;
      continue;
    }
    const [, base, index, field] = match as unknown as [string, string, string, string];
    const list = Array.isArray(out[base]) ? (out[base] as Record<string, unknown>[]) : [];
    const slot = list[Number(index)] ?? {};
    slot[field] = value;
    list[Number(index)] = slot;
    out[base] = list;
    folded.add(base);
  }
  // Indexes may skip numbers (tags[0], tags[2]): no holes in the list.
  for (const base of folded) out[base] = (out[base] as unknown[]).filter(Boolean);
  return out;
}

function coerce(doc: ApiParamDoc, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (doc.type.toLowerCase()) {
    case 'integer':
    case 'long':
    case 'short':
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
      return value;
    case 'boolean':
      if (value === 'true' || value === 'false') return value === 'true';
      return value;
    case 'string':
    case 'uuid':
    case 'date':
    case 'tzdate':
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return value;
    case 'list':
      if (typeof value === 'string')
        return value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
      return value;
    case 'map':
      // A single record is one entry of the map.
      if (value && typeof value === 'object' && !Array.isArray(value)) return [value];
      return value;
    default:
      return value;
  }
}

function describeParam(doc: ApiParamDoc): string {
  const meaning = doc.description ? `: ${doc.description}` : '';
  return `${doc.name} (${doc.type}${meaning})`;
}

// Each API's parameters by lowercased name, made once per definition rather than on every call.
const paramsByLowerName = new WeakMap<object, Map<string, ApiParamDoc>>();

/** Validated, coerced parameters ready for the client; throws a ToolError naming what is wrong. */
export function prepareParams(entry: CatalogEntry, given: Record<string, unknown> | undefined): ApiParams {
  const api = entry.definition.name;
  const docs = entry.definition.paramDocs;
  let byLowerName = paramsByLowerName.get(entry.definition);
  if (!byLowerName) {
    byLowerName = new Map(docs.map((doc) => [doc.name.toLowerCase(), doc]));
    paramsByLowerName.set(entry.definition, byLowerName);
  }
  const folded = foldIndexedKeys(given ?? {});

  const prepared: Record<string, ParamValue> = {};
  // Read from what was given, before folding: folding `tags[0].__proto__` would lose it.
  const unknown: string[] = Object.keys(given ?? {}).filter(isUnsafeName);
  for (const [name, value] of Object.entries(folded)) {
    if (isUnsafeName(name)) continue;
    const doc = byLowerName.get(name.toLowerCase());
    if (!doc) {
      unknown.push(name);
      continue;
    }
    if (value === undefined || value === null) continue;
    prepared[doc.name] = coerce(doc, value) as ParamValue;
  }
  if (unknown.length > 0) {
    const known = docs.map((doc) => doc.name);
    const hints = unknown.map((name) => {
      if (isUnsafeName(name)) return `${name} (unknown parameter)`;
      const suggestions = suggestNames(name, known, 2);
      return suggestions.length > 0 ? `${name} (did you mean ${suggestions.join(' or ')}?)` : name;
    });
    // A did-you-mean says enough; without one, its parameters, or for a big API the ones that matter most.
    let others = '';
    if (!hints.some((hint) => hint.includes('did you mean'))) {
      const { required, optional } = keyParams(entry.definition, MAX_LISTED);
      const some = [...required, ...optional].map((doc) => doc.name);
      others =
        known.length <= MAX_LISTED || some.length === 0
          ? ` Its parameters: ${known.join(', ') || '(none)'}`
          : ` Its parameters include ${some.join(', ')} (${known.length} in all: describeApi).`;
    }
    throw new ToolError('invalid_params', `${api} has no parameter ${hints.join(', ')}.${others}`, {
      api,
      unknownParams: unknown,
    });
  }
  const missing = docs.filter((doc) => doc.required && prepared[doc.name] === undefined);
  if (missing.length > 0) {
    throw new ToolError(
      'invalid_params',
      `${api} is missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map(describeParam).join('; ')}`,
      { api, missingParams: missing.map((doc) => doc.name) },
    );
  }
  // Nothing given (`listZones` alone, the commonest call): the schema has nothing to check, since the
  // required parameters were named above and it sets no defaults. Building and running it was a tenth of
  // such a call's own work.
  if (Object.keys(prepared).length === 0) return {};
  const parsed = entry.definition.params.safeParse(prepared);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issuePath(issue.path) || '(params)'}: ${issue.message}`,
    );
    // What is wrong with each is in `issues`; the message names them once.
    const names = [...new Set(parsed.error.issues.map((issue) => issuePath(issue.path) || '(params)'))];
    throw new ToolError('invalid_params', `${api}: invalid parameters ${names.join(', ')}`, {
      api,
      issues: problems,
    });
  }
  return parsed.data as ApiParams;
}
