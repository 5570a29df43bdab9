// Output shaping for the token budget: compact JSON (no nulls, empty strings or empty lists), field
// selection with dotted paths into nested lists, and finding the items in a CloudStack list answer.
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
