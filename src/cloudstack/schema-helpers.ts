// The zod building blocks of the bindings: how each CloudStack type is checked at run time, the schemas of
// an API built from its docs, and `define`, which makes an `apis` entry that builds them on first use. The
// single source of those rules: the generated code imports `define` from here, and schemas-from-doc.ts
// serves a live listApis entry through the same functions.
import { z } from 'zod';
import type { ApiDefinition, ApiParamDoc, ApiResponseDoc } from './binding.js';
import { responseShape } from './response-shape.js';
import {
  isListType,
  paramHelperArgs,
  paramTypeRule,
  type ResponseHelper,
  responseTypeRule,
} from './type-map.js';

/** A plain value inside a map or object parameter. */
export type Scalar = string | number | boolean;
/** A CloudStack `map` parameter: one record (`details[0].cpuNumber=2`) or several (`tags[0].key=...`). */
export type MapParam = Readonly<Record<string, Scalar>> | readonly Readonly<Record<string, Scalar>>[];

type Check = { error: (issue: { input?: unknown }) => string };

// Parameter names whose values must never be echoed in an error message.
const SECRET_NAME = /pass|secret|key|token|signature|session|credential|userdata|certificate|cert/i;

// A key, token or password pasted into the wrong parameter: 20+ characters of a key's alphabet (base64,
// base64url, hex) with a letter and a digit and no spaces. Ids (UUIDs) are echoed.
const SECRET_SHAPED = /^(?=[^\s]*[A-Za-z])(?=[^\s]*\d)[A-Za-z0-9+/=_-]{20,}$/;
const MAX_SHOWN = 60;

/**
 * Whether an error message may echo this string: not when it is long or shaped like a key (a UUID is an id,
 * not a key). Values are never cut instead: the masks match a secret whole, and a cut one would show its start.
 */
export function mayEcho(value: string): boolean {
  return (UUID.test(value) || !SECRET_SHAPED.test(value)) && JSON.stringify(value).length <= MAX_SHOWN;
}

/** A value as an error message shows it: long or secret-shaped strings by their length only (mayEcho). */
function describeValue(name: string, value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string' && SECRET_NAME.test(name)) return `a string of ${value.length} characters`;
  if (typeof value === 'string')
    return mayEcho(value) ? JSON.stringify(value) : `<${value.length} characters, not shown>`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `<${String(value).length} characters, not shown>` : text;
}

/** The error option of every check of one parameter: "is required" or "must be ..., got ...". */
function check(name: string, expected: string): Check {
  return {
    error: (issue) =>
      issue.input === undefined
        ? `parameter "${name}" is required`
        : `parameter "${name}" must be ${expected}, got ${describeValue(name, issue.input)}`,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGITS = /^\d+$/;
const INTEGER_TEXT = /^\s*[-+]?\d+\s*$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

function integer(name: string, min: number, max: number, expected: string): z.ZodType<number> {
  const c = check(name, expected);
  const inRange = (n: number) => Number.isSafeInteger(n) && n >= min && n <= max;
  return z.union(
    [
      z.number(c).refine(inRange, c),
      z
        .string(c)
        .regex(INTEGER_TEXT, c)
        .transform((text) => Number(text.trim()))
        .refine(inRange, c),
    ],
    c,
  );
}

const scalarParam = z.union([z.string(), z.number(), z.boolean()]);

/** Parameter schemas by CloudStack type. Agents send JSON, so numbers and booleans also come as text. */
export const p = {
  /** `string`: text (numbers and booleans are turned into text), at most `maxLength` characters. */
  string(name: string, maxLength?: number): z.ZodType<string> {
    const c = check(name, 'a string');
    const text = z.union([z.string(c), z.number(c).transform(String), z.boolean(c).transform(String)], c);
    if (maxLength === undefined || maxLength <= 0) return text;
    return text.refine((value) => value.length <= maxLength, {
      error: (issue) =>
        `parameter "${name}" must be at most ${maxLength} characters, got ${String(issue.input).length}`,
    });
  },
  /** `uuid`: a UUID, or the numeric internal id some CloudStack versions still accept. */
  uuid(name: string): z.ZodType<string> {
    const c = check(name, 'a UUID (or a numeric id)');
    return z.union(
      [
        z
          .string(c)
          .trim()
          .refine((id) => UUID.test(id) || DIGITS.test(id), c),
        z.number(c).int(c).nonnegative(c).transform(String),
      ],
      c,
    );
  },
  integer(name: string): z.ZodType<number> {
    return integer(name, -2147483648, 2147483647, 'a 32-bit integer');
  },
  long(name: string): z.ZodType<number> {
    return integer(name, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'an integer');
  },
  short(name: string): z.ZodType<number> {
    return integer(name, -32768, 32767, 'a 16-bit integer');
  },
  /** `boolean`: true/false, also as the text "true"/"false" in any case. */
  boolean(name: string): z.ZodType<boolean> {
    const c = check(name, 'true or false');
    return z.union(
      [
        z.boolean(c),
        z
          .string(c)
          .regex(/^\s*(true|false)\s*$/i, c)
          .transform((text) => text.trim().toLowerCase() === 'true'),
      ],
      c,
    );
  },
  /**
   * `date` and `tzdate`: `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` or ISO-8601 with a zone, as text. (No Date
   * objects: the schemas must turn into JSON Schema for tools, which has no Date.)
   */
  date(name: string): z.ZodType<string> {
    const c = check(name, 'a date like 2024-01-31, 2024-01-31 13:45:00 or 2024-01-31T13:45:00+0000');
    return z.string(c).trim().regex(DATE_TEXT, c);
  },
  /** `list`: an array of values, or one comma-joined string. */
  list(name: string): z.ZodType<readonly string[]> {
    const c = check(name, 'an array of values or a comma-separated string');
    const item = z.union([z.string(c), z.number(c).transform(String), z.boolean(c).transform(String)], c);
    return z.union(
      [
        z.array(item, c),
        z.string(c).transform((text) =>
          text
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== ''),
        ),
        z.number(c).transform((n) => [String(n)]),
      ],
      c,
    );
  },
  /** `map`: a record of plain values, or an array of such records. */
  map(name: string): z.ZodType<MapParam> {
    const c = check(name, 'an object of plain values or an array of such objects');
    const entry = z.record(z.string(), scalarParam, c);
    return z.union([entry, z.array(entry, c)], c);
  },
  /** `object`: a record of plain values. */
  record(name: string): z.ZodType<Readonly<Record<string, Scalar>>> {
    return z.record(z.string(), scalarParam, check(name, 'an object of plain values'));
  },
  /**
   * A parameter that may be left out. A helper rather than zod's `.optional()` in the generated code: the
   * compiler then meets only `z.ZodType<T>` there, never zod's classes, which are costly to compare.
   */
  optional<T>(schema: z.ZodType<T>): z.ZodType<T | undefined> {
    return schema.optional();
  },
  /**
   * An API's parameters: unknown names are rejected, naming them and the closest known names. `T` is the
   * generated parameter type; it is declared, not inferred from the shape (inference over 700 APIs' zod
   * objects makes the compiler run out of memory), and the emitter writes both from the same table.
   */
  params<T>(api: string, shape: Readonly<Record<string, z.ZodType>>): z.ZodType<T> {
    const known = Object.keys(shape);
    return z.strictObject(shape, {
      error: (issue) => {
        if (issue.code === 'unrecognized_keys') return unknownParamsMessage(api, issue.keys, known);
        return `${api} takes an object of parameters, got ${describeValue('', issue.input)}`;
      },
    }) as unknown as z.ZodType<T>;
  },
};

function unknownParamsMessage(api: string, keys: readonly string[], known: readonly string[]): string {
  const parts = keys.map((key) => {
    const close = closestNames(key, known);
    return close.length > 0
      ? `"${key}" (did you mean ${close.map((n) => `"${n}"`).join(' or ')}?)`
      : `"${key}"`;
  });
  const listed = known.length > 0 ? `; it takes ${known.join(', ')}` : '; it takes no parameters';
  return `${api} has no parameter ${parts.join(', ')}${known.length > 40 ? '' : listed}`;
}

/** Edit distance counting a swap of neighbours as one edit (nmae → name). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] ?? 0;
}

/** Known names within a small edit distance of `name` (case ignored), closest first, at most two. */
export function closestNames(name: string, known: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(lower.length / 3));
  return known
    .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= limit)
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .slice(0, 2)
    .map(({ candidate }) => candidate);
}

/**
 * Response schemas by CloudStack type. listApis' response types are documentation and real answers differ
 * from them now and then (a `string` field sent as a number), so scalars are lenient and normalised to the
 * documented type; fields are optional and unknown fields pass through.
 */
export const r = {
  string(): z.ZodType<string> {
    return z.union([z.string(), z.number().transform(String), z.boolean().transform(String)]);
  },
  number(): z.ZodType<number> {
    return z.union([
      z.number(),
      z
        .string()
        .regex(/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/)
        .transform(Number),
    ]);
  },
  boolean(): z.ZodType<boolean> {
    return z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')]);
  },
  /** `map` fields and nested `*response` objects without documented fields. */
  map(): z.ZodType<Record<string, unknown>> {
    return z.record(z.string(), z.unknown());
  },
  /** `list`/`set` fields without documented element fields. */
  list(): z.ZodType<unknown[]> {
    return z.array(z.unknown());
  },
  unknown(): z.ZodType<unknown> {
    return z.unknown();
  },
  array<T>(item: z.ZodType<T>): z.ZodType<T[]> {
    return z.array(item);
  },
  /**
   * A response object: every field optional, unknown fields kept. `T` is the generated interface, declared
   * rather than inferred (see `p.params`).
   */
  object<T>(shape: Readonly<Record<string, z.ZodType>>): z.ZodType<T> {
    const fields: Record<string, z.ZodType> = {};
    for (const [name, schema] of Object.entries(shape)) fields[name] = optionalOf(schema);
    return z.looseObject(fields) as unknown as z.ZodType<T>;
  },
};

/** Optional forms of schemas that many fields share (scalars, nested objects): each made once. */
const optionals = new WeakMap<z.ZodType, z.ZodType>();

function optionalOf(schema: z.ZodType): z.ZodType {
  let optional = optionals.get(schema);
  if (!optional) {
    optional = schema.optional();
    optionals.set(schema, optional);
  }
  return optional;
}

/**
 * Parameter schemas by what they check (name, helper, length, required): `zoneid`, `id`, `page` and the like
 * recur in hundreds of APIs, and building every API's schemas then builds each of them once.
 */
const paramSchemas = new Map<string, z.ZodType>();

/** The zod schema of one parameter, by the type table (unknown types: text). */
function paramSchemaOfDoc(doc: ApiParamDoc): z.ZodType {
  const { helper } = paramTypeRule(doc.type).rule;
  const args = paramHelperArgs(helper, doc.length);
  const key = `${doc.required ? '!' : '?'}${helper}:${args.join(',')}:${doc.name}`;
  let schema = paramSchemas.get(key);
  if (!schema) {
    const build = p[helper] as (name: string, ...args: number[]) => z.ZodType;
    const required = build(doc.name, ...args);
    schema = doc.required ? required : p.optional(required);
    paramSchemas.set(key, schema);
  }
  return schema;
}

/** The zod schema of an API's parameters, from its parameter docs. */
export function paramsSchemaOfDocs<P = Record<string, unknown>>(
  api: string,
  docs: readonly ApiParamDoc[],
): z.ZodType<P> {
  const shape: Record<string, z.ZodType> = {};
  for (const doc of docs) shape[doc.name] = paramSchemaOfDoc(doc);
  return p.params<P>(api, shape);
}

/**
 * Response objects by what their schema checks (field names, helpers, nested objects; not descriptions):
 * a VM's nics, tags or security groups appear in dozens of answers, and each is built once for all of them.
 */
const objectSchemas = new Map<string, z.ZodType<Record<string, unknown>>>();

/** Response scalars (`r.string()`, ...) are the same for every field: one schema per helper. */
const scalarSchemas = new Map<ResponseHelper, z.ZodType>();

function scalarSchema(helper: ResponseHelper): z.ZodType {
  let schema = scalarSchemas.get(helper);
  if (!schema) {
    schema = r[helper]();
    scalarSchemas.set(helper, schema);
  }
  return schema;
}

function objectKey(fields: readonly ApiResponseDoc[]): string {
  return fields
    .map((field) =>
      field.fields
        ? `${field.name}${isListType(field.type) ? '[' : '{'}${objectKey(field.fields)}}`
        : `${field.name}:${responseTypeRule(field.type).rule.helper}`,
    )
    .join(',');
}

function objectSchemaOfDocs(fields: readonly ApiResponseDoc[]): z.ZodType<Record<string, unknown>> {
  const key = objectKey(fields);
  let schema = objectSchemas.get(key);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const field of fields) {
      if (field.fields) {
        const nested = objectSchemaOfDocs(field.fields);
        shape[field.name] = isListType(field.type) ? r.array(nested) : nested;
      } else {
        shape[field.name] = scalarSchema(responseTypeRule(field.type).rule.helper);
      }
    }
    schema = r.object<Record<string, unknown>>(shape);
    objectSchemas.set(key, schema);
  }
  return schema;
}

/**
 * The zod schema of an API's unwrapped response (for async APIs: the job result), from its response docs:
 * the documented object where response-shape.ts says it sits.
 */
export function responseSchemaOfDocs<R = Record<string, unknown>>(
  api: string,
  docs: readonly ApiResponseDoc[],
): z.ZodType<R> {
  const body = objectSchemaOfDocs(docs);
  const shape = responseShape(
    api,
    docs.map((doc) => doc.name),
  );
  switch (shape.kind) {
    case 'list':
      return r.object<R>({ count: r.number(), [shape.itemKey]: r.array(body) });
    case 'object':
      return r.object<R>({ [shape.key]: body });
    case 'flat':
      return body as z.ZodType<R>;
  }
}

/**
 * What `define` needs to make one `apis` entry. Docs may come as JSON text, one entry per string: the
 * generated files carry them so, because the compiler checks 700 APIs' doc objects slowly and JSON.parse
 * reads them fast, and only when first asked for. The schemas are built from the docs: the generated files
 * hold no zod code, which the compiler would check field by field.
 */
export interface DefinitionSpec {
  name: string;
  isAsync: boolean;
  since?: string;
  description: string;
  related: readonly string[];
  paramDocs: readonly (ApiParamDoc | string)[];
  responseDocs: readonly (ApiResponseDoc | string)[];
}

function parsed<T>(entries: readonly (T | string)[]): T[] {
  return entries.map((entry) => (typeof entry === 'string' ? (JSON.parse(entry) as T) : entry));
}

/**
 * One `apis` entry whose docs are parsed and schemas built when first read, then kept. `P` and `R` are the
 * generated parameter and response types, declared rather than inferred (see `p.params`).
 */
export function define<P = Record<string, unknown>, R = Record<string, unknown>>(
  spec: DefinitionSpec,
): ApiDefinition<P, R> {
  let paramDocs: readonly ApiParamDoc[] | undefined;
  let responseDocs: readonly ApiResponseDoc[] | undefined;
  let params: z.ZodType<P> | undefined;
  let response: z.ZodType<R> | undefined;
  const paramDocsRead = () => {
    paramDocs ??= parsed(spec.paramDocs);
    return paramDocs;
  };
  const responseDocsRead = () => {
    responseDocs ??= parsed(spec.responseDocs);
    return responseDocs;
  };
  return {
    name: spec.name,
    isAsync: spec.isAsync,
    since: spec.since,
    description: spec.description,
    related: spec.related,
    get paramDocs() {
      return paramDocsRead();
    },
    get responseDocs() {
      return responseDocsRead();
    },
    get params() {
      params ??= paramsSchemaOfDocs<P>(spec.name, paramDocsRead());
      return params;
    },
    get response() {
      response ??= responseSchemaOfDocs<R>(spec.name, responseDocsRead());
      return response;
    },
  };
}
