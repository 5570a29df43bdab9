// Output shaping for the token budget: compact JSON (no nulls, empty strings or empty lists), field
// selection with dotted paths into nested lists, and finding the items in a CloudStack list answer.
import { suggestNames } from '../catalog/suggest.js';
import { findItemKey } from '../cloudstack/paging.js';

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Drops null, undefined, '' and empty arrays/objects, recursively. */
export function compact<T>(value: T): T {
  const walk = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(walk).filter((child) => child !== undefined);
    if (isPlainObject(item)) {
      const out: JsonObject = {};
      for (const [key, child] of Object.entries(item)) {
        const kept = walk(child);
        if (kept === undefined || kept === null || kept === '') continue;
        if (Array.isArray(kept) && kept.length === 0) continue;
        if (isPlainObject(kept) && Object.keys(kept).length === 0) continue;
        out[key] = kept;
      }
      return out;
    }
    return item;
  };
  return walk(value) as T;
}

/** Field names as an agent may write them: a list or a comma-separated string. */
export function normaliseFields(fields: readonly string[] | string | undefined): string[] | undefined {
  if (fields === undefined) return undefined;
  const list = (typeof fields === 'string' ? fields.split(',') : fields).map((f) => f.trim()).filter(Boolean);
  return list.length > 0 ? list : undefined;
}

function pickPath(source: unknown, path: readonly string[], target: JsonObject): void {
  if (!isPlainObject(source) || path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  const key = Object.keys(source).find((candidate) => candidate.toLowerCase() === head.toLowerCase());
  if (key === undefined) return;
  const value = source[key];
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  if (Array.isArray(value)) {
    const existing = Array.isArray(target[key]) ? (target[key] as JsonObject[]) : value.map(() => ({}));
    value.forEach((element, index) => {
      const slot = existing[index] ?? {};
      pickPath(element, rest, slot);
      existing[index] = slot;
    });
    target[key] = existing;
  } else if (isPlainObject(value)) {
    const slot = isPlainObject(target[key]) ? (target[key] as JsonObject) : {};
    pickPath(value, rest, slot);
    target[key] = slot;
  }
}

/** The object without its undefined entries (one level). */
export function withoutUndefined<T extends JsonObject>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, child]) => child !== undefined)) as T;
}

/** The named top-level fields an item has, in the order named. */
export function pickFields(item: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const field of fields) if (item[field] !== undefined) out[field] = item[field];
  return out;
}

/** Keeps only the named fields; `nic.ipaddress` keeps `ipaddress` inside each element of `nic`. */
export function selectFields(item: unknown, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const field of fields) pickPath(item, field.split('.'), out);
  return out;
}

/** The values at a dotted path (`nic.ipaddress`), through nested lists, matched without regard to case. */
export function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return value === undefined ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (!isPlainObject(value)) return [];
  const [head, ...rest] = path as [string, ...string[]];
  const key = Object.keys(value).find((candidate) => candidate.toLowerCase() === head.toLowerCase());
  return key === undefined ? [] : valuesAt(value[key], rest);
}

/** The fields that match nothing in any of the rows (a typo, or a field this API does not have). */
export function unmatchedFields(rows: readonly unknown[], fields: readonly string[]): string[] {
  return fields.filter((field) => rows.every((row) => valuesAt(row, field.split('.')).length === 0));
}

/**
 * The dotted names `fields` can take in these rows, in the order first seen: `name`, `nic.ipaddress`
 * (through lists of objects), two levels deep at most, from the first `maxRows` rows.
 */
export function fieldPaths(rows: readonly unknown[], maxRows = 20): string[] {
  const paths = new Set<string>();
  const walk = (value: unknown, prefix: string, depth: number) => {
    if (Array.isArray(value)) {
      for (const item of value.slice(0, maxRows)) walk(item, prefix, depth);
      return;
    }
    if (!isPlainObject(value)) {
      if (prefix) paths.add(prefix);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const nested = isPlainObject(child) || (Array.isArray(child) && child.some(isPlainObject));
      if (nested && depth < 2) walk(child, path, depth + 1);
      else paths.add(path);
    }
  };
  for (const row of rows.slice(0, maxRows)) walk(row, '', 0);
  return [...paths];
}

/** At most this many bytes of hint about unmatched fields (lists reserve room for it in their budget). */
export const FIELDS_HINT_BYTES = 1_024;

/**
 * What an answer says when `fields` named something the data does not have: which names matched nothing,
 * the likely intended ones (`ipaddress` → `nic.ipaddress`), and the names there are.
 */
export function unmatchedFieldsHint(
  unmatched: readonly string[],
  available: readonly string[],
  maxLength = FIELDS_HINT_BYTES,
): string {
  const guesses = unmatched.slice(0, 10).map((field) => {
    const shown = field.length > 40 ? `${field.slice(0, 40)}…` : field;
    const last = field.slice(field.lastIndexOf('.') + 1).toLowerCase();
    const nested = available.filter((path) => path.toLowerCase().endsWith(`.${last}`)).slice(0, 3);
    const close = nested.length > 0 ? nested : suggestNames(field, available, 2);
    return close.length > 0 ? `${shown} (did you mean ${close.join(' or ')}?)` : shown;
  });
  const head = `fields matched nothing: ${guesses.join(', ')}. Fields here:`;
  // As many names as fit, then how many more: the hint must not push the answer past its byte budget.
  let text = head;
  for (const [i, name] of available.entries()) {
    const rest = available.length - i;
    const next = `${text}${i === 0 ? ' ' : ', '}${name}`;
    if (Buffer.byteLength(next) + ` … ${rest} more`.length > maxLength) return `${text} … ${rest} more`;
    text = next;
  }
  return text;
}

export interface ListAnswer {
  /** CloudStack's `count`, or the number of items when it sends none. */
  count: number;
  itemKey: string | undefined;
  items: JsonObject[];
}

/** `{count: 2, virtualmachine: [...]}` → the items; `{}` (CloudStack's empty list) → none. */
export function findListItems(answer: unknown): ListAnswer | undefined {
  if (!isPlainObject(answer)) return undefined;
  const itemKey = findItemKey(answer);
  if (itemKey === undefined) {
    const keys = Object.keys(answer);
    const empty = keys.length === 0 || (keys.length === 1 && keys[0] === 'count');
    return empty ? { count: 0, itemKey: undefined, items: [] } : undefined;
  }
  const items = answer[itemKey] as JsonObject[];
  const count = typeof answer.count === 'number' ? answer.count : items.length;
  return { count, itemKey, items };
}

/** An async job's `jobresult` is `{virtualmachine: {...}}`: the object inside, or the result as it is. */
export function unwrapJobResult(result: unknown): unknown {
  if (!isPlainObject(result)) return result;
  const keys = Object.keys(result);
  if (keys.length === 1 && isPlainObject(result[keys[0] as string])) return result[keys[0] as string];
  return result;
}

/** The hint for `fields` that match nothing in one object (a non-list answer), or undefined. */
export function fieldsHintFor(value: unknown, fields: readonly string[] | undefined): string | undefined {
  if (!fields || !isPlainObject(value) || Object.keys(value).length === 0) return undefined;
  const unmatched = unmatchedFields([value], fields);
  return unmatched.length > 0 ? unmatchedFieldsHint(unmatched, fieldPaths([value])) : undefined;
}

/** A list as columns plus rows: each key named once, not once per item. A missing value is null. */
export function toTable(items: readonly JsonObject[]): { columns: string[]; rows: unknown[][] } {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    for (const key of Object.keys(item)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  return { columns, rows: items.map((item) => columns.map((column) => item[column] ?? null)) };
}
