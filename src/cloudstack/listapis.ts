// listApis, checked and normalised: APIs, parameters and response fields sorted by name, duplicates merged,
// listApis' empty `{}` response entries dropped, `related` lists sorted. The result serialises to the same
// bytes whatever order the server listed things in. Codegen stores it (api-cache/) and generates from it;
// the live catalog normalises a newer server's entries the same way (schemas-from-doc.ts).
// The normalised dump keeps listApis' own shape, so a cache file is itself a valid listApis answer.
import { createHash } from 'node:crypto';
import type { ApiParamDoc, ApiResponseDoc } from './binding.js';

/** One listApis entry as CloudStack sends it. */
export interface RawApi {
  name?: unknown;
  description?: unknown;
  isasync?: unknown;
  since?: unknown;
  related?: unknown;
  params?: unknown;
  response?: unknown;
}

export interface DumpParam {
  name: string;
  description: string;
  type: string;
  required: boolean;
  length?: number;
  since?: string;
  /** Comma-joined API names, sorted. */
  related?: string;
}

export interface DumpResponseField {
  name: string;
  description: string;
  type: string;
  /** Fields of a nested object or of the elements of a nested list. */
  response?: DumpResponseField[];
}

export interface DumpApi {
  name: string;
  description: string;
  isasync: boolean;
  since?: string;
  /** Comma-joined API names, sorted. */
  related?: string;
  params: DumpParam[];
  response: DumpResponseField[];
}

/** A normalised listApis answer (without the wrapper): APIs by name, params and fields by name. */
export interface NormalisedDump {
  count: number;
  api: DumpApi[];
}

/** A problem found while loading a dump that did not stop it (duplicates merged, and the like). */
export interface DumpNotice {
  api?: string;
  message: string;
}

export class DumpError extends Error {
  override name = 'DumpError';
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, where: string, required = false): string {
  if (value === undefined || value === null) {
    if (required) throw new DumpError(`${where} is missing`);
    return '';
  }
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new DumpError(`${where} must be a string, got ${Array.isArray(value) ? 'an array' : typeof value}`);
}

function flag(value: unknown, where: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new DumpError(`${where} must be true or false, got ${JSON.stringify(value)}`);
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DumpError(`${where} must be an array`);
  return value;
}

/** Sorted, de-duplicated, comma-joined API names; undefined when there are none. */
function relatedNames(value: unknown, where: string): string | undefined {
  const names = [
    ...new Set(
      text(value, where)
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ].sort();
  return names.length > 0 ? names.join(',') : undefined;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function normaliseParam(raw: unknown, where: string): DumpParam {
  if (!isRecord(raw)) throw new DumpError(`${where} must be an object`);
  const name = text(raw.name, `${where}.name`, true);
  if (name === '') throw new DumpError(`${where}.name is empty`);
  const param: DumpParam = {
    name,
    description: text(raw.description, `${where}.description`),
    type: text(raw.type, `${where}.type`).toLowerCase() || 'string',
    required: flag(raw.required, `${where}.required`),
  };
  if (raw.length !== undefined && raw.length !== null) {
    const length = Number(raw.length);
    if (!Number.isInteger(length) || length < 0) {
      throw new DumpError(
        `${where}.length must be a non-negative integer, got ${JSON.stringify(raw.length)}`,
      );
    }
    param.length = length;
  }
  const since = text(raw.since, `${where}.since`);
  if (since) param.since = since;
  const related = relatedNames(raw.related, `${where}.related`);
  if (related) param.related = related;
  return param;
}

function normaliseFields(raw: unknown, where: string): DumpResponseField[] {
  const fields = new Map<string, DumpResponseField>();
  list(raw, where).forEach((entry, index) => {
    const at = `${where}[${index}]`;
    if (!isRecord(entry)) throw new DumpError(`${at} must be an object`);
    if (entry.name === undefined || entry.name === null || entry.name === '') return; // listApis' `{}` entries
    const field: DumpResponseField = {
      name: text(entry.name, `${at}.name`, true),
      description: text(entry.description, `${at}.description`),
      type: text(entry.type, `${at}.type`).toLowerCase() || 'string',
    };
    const nested = normaliseFields(entry.response, `${at}.response`);
    if (nested.length > 0) field.response = nested;
    const seen = fields.get(field.name);
    // CloudStack lists a field twice when a response class and its parent both declare it: merge them.
    fields.set(field.name, seen ? mergeField(seen, field) : field);
  });
  return [...fields.values()].sort(byName);
}

/** Which of two duplicates gives the description and type: the same one whatever order they came in. */
function firstOf<T>(a: T, b: T): T {
  return JSON.stringify(a) <= JSON.stringify(b) ? a : b;
}

function mergeField(a: DumpResponseField, b: DumpResponseField): DumpResponseField {
  const { response: _, ...chosen } = firstOf(a, b);
  const nested = a.response && b.response ? mergeFields(a.response, b.response) : (a.response ?? b.response);
  return nested ? { ...chosen, response: nested } : chosen;
}

function mergeFields(a: DumpResponseField[], b: DumpResponseField[]): DumpResponseField[] {
  const merged = new Map(a.map((field) => [field.name, field]));
  for (const field of b) {
    const seen = merged.get(field.name);
    merged.set(field.name, seen ? mergeField(seen, field) : field);
  }
  return [...merged.values()].sort(byName);
}

function normaliseApi(raw: unknown, where: string, notices: DumpNotice[]): DumpApi {
  if (!isRecord(raw)) throw new DumpError(`${where} must be an object`);
  const entry = raw as RawApi;
  const name = text(entry.name, `${where}.name`, true);
  if (!IDENTIFIER.test(name)) throw new DumpError(`${where}.name ${JSON.stringify(name)} is not an API name`);
  const at = `${where} (${name})`;
  const params = new Map<string, DumpParam>();
  list(entry.params, `${at}.params`).forEach((rawParam, index) => {
    const param = normaliseParam(rawParam, `${at}.params[${index}]`);
    const seen = params.get(param.name);
    if (seen) {
      params.set(param.name, { ...firstOf(seen, param), required: seen.required || param.required });
      notices.push({ api: name, message: `parameter "${param.name}" is listed twice; merged` });
    } else {
      params.set(param.name, param);
    }
  });
  const api: DumpApi = {
    name,
    description: text(entry.description, `${at}.description`),
    isasync: flag(entry.isasync, `${at}.isasync`),
    params: [...params.values()].sort(byName),
    response: normaliseFields(entry.response, `${at}.response`),
  };
  const since = text(entry.since, `${at}.since`);
  if (since) api.since = since;
  const related = relatedNames(entry.related, `${at}.related`);
  if (related) api.related = related;
  // Fixed key order, so that serialising gives the same bytes every time.
  return {
    name: api.name,
    description: api.description,
    isasync: api.isasync,
    ...(api.since ? { since: api.since } : {}),
    ...(api.related ? { related: api.related } : {}),
    params: api.params,
    response: api.response,
  };
}

/** Validates and normalises one listApis entry (as in the dump, see normaliseDump). */
export function normaliseApiEntry(raw: unknown): DumpApi {
  return normaliseApi(raw, 'api', []);
}

/** Finds the list of APIs in a listApis answer, with or without the `listapisresponse` wrapper. */
function apiList(raw: unknown): unknown[] {
  if (!isRecord(raw)) throw new DumpError('a listApis dump must be a JSON object');
  const body = isRecord(raw.listapisresponse) ? raw.listapisresponse : raw;
  if (!Array.isArray(body.api)) {
    throw new DumpError(
      'not a listApis answer: expected {"listapisresponse": {"api": [...]}} or {"api": [...]}',
    );
  }
  return body.api;
}

export interface NormaliseResult {
  dump: NormalisedDump;
  notices: DumpNotice[];
  /** `cloudstackversion` next to the wrapper, as cache files record it. */
  version?: string;
}

/** Validates a listApis answer (raw JSON value) and returns the normalised dump plus what was merged. */
export function normaliseDumpWithNotices(raw: unknown): NormaliseResult {
  const notices: DumpNotice[] = [];
  const apis = new Map<string, DumpApi>();
  apiList(raw).forEach((entry, index) => {
    const api = normaliseApi(entry, `api[${index}]`, notices);
    if (apis.has(api.name)) notices.push({ api: api.name, message: 'API is listed twice; kept the first' });
    else apis.set(api.name, api);
  });
  if (apis.size === 0) throw new DumpError('the listApis dump lists no APIs');
  const api = [...apis.values()].sort(byName);
  const version =
    isRecord(raw) && typeof raw.cloudstackversion === 'string' ? raw.cloudstackversion.trim() : '';
  return { dump: { count: api.length, api }, notices, ...(version ? { version } : {}) };
}

/** Validates a listApis answer (with or without the `listapisresponse` wrapper) and normalises it. */
export function normaliseDump(raw: unknown): NormalisedDump {
  return normaliseDumpWithNotices(raw).dump;
}

/**
 * The cache file's text in pieces, one API a piece: the same bytes as `JSON.stringify(file, null, 2)` of
 * `{cloudstackversion?, listapisresponse: dump}`, without holding that 5 MB text (twice over) when only its
 * hash is wanted.
 */
function* serialisedPieces(dump: NormalisedDump, version?: string): Generator<string> {
  const versionLine = version ? `\n  "cloudstackversion": ${JSON.stringify(version)},` : '';
  yield `{${versionLine}\n  "listapisresponse": {\n    "count": ${JSON.stringify(dump.count)},\n    "api": [`;
  // Each API stringified at the depth it has in the file (inside a stand-in wrapper, sliced off).
  const head = '{\n  "a": {\n    "b": [\n      ';
  const tail = '\n    ]\n  }\n}';
  for (const [index, api] of dump.api.entries()) {
    const text = JSON.stringify({ a: { b: [api] } }, null, 2);
    yield `${index > 0 ? ',' : ''}\n      ${text.slice(head.length, -tail.length)}`;
  }
  yield `${dump.api.length > 0 ? '\n    ' : ''}]\n  }\n}\n`;
}

/**
 * The cache file's text: the normalised dump as a listApis answer, two-space indented, with the CloudStack
 * version (when known) in a `cloudstackversion` key beside the wrapper.
 */
export function serialiseDump(dump: NormalisedDump, version?: string): string {
  return [...serialisedPieces(dump, version)].join('');
}

/** sha256 (hex) of the cache file's text: the hash the banners and the manifest carry. */
export function dumpHash(dump: NormalisedDump, version?: string): string {
  const hash = createHash('sha256');
  for (const piece of serialisedPieces(dump, version)) hash.update(piece);
  return hash.digest('hex');
}

/** Parses a dump file's text, naming the file in errors. */
export function parseDumpText(textContent: string, source: string): NormaliseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(textContent);
  } catch (error) {
    throw new DumpError(`${source} is not JSON: ${(error as Error).message}`);
  }
  try {
    return normaliseDumpWithNotices(raw);
  } catch (error) {
    if (error instanceof DumpError) throw new DumpError(`${source}: ${error.message}`);
    throw error;
  }
}

/** The `paramDocs` of an `apis` entry (the generated registry carries the same). */
export function paramDocsOf(api: DumpApi): ApiParamDoc[] {
  return api.params.map((param) => {
    const doc: ApiParamDoc = {
      name: param.name,
      type: param.type,
      required: param.required,
      description: param.description,
    };
    if (param.length !== undefined) doc.length = param.length;
    if (param.since) doc.since = param.since;
    if (param.related) doc.related = param.related.split(',');
    return doc;
  });
}

/** The `responseDocs` of an `apis` entry: nested fields under `fields`. */
export function responseDocsOf(fields: readonly DumpResponseField[]): ApiResponseDoc[] {
  return fields.map((field) => {
    const doc: ApiResponseDoc = { name: field.name, type: field.type, description: field.description };
    if (field.response) doc.fields = responseDocsOf(field.response);
    return doc;
  });
}
