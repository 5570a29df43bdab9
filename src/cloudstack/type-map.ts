// The one table from CloudStack types to TypeScript types and zod helpers (schema-helpers.ts `p` and `r`).
// Codegen prints each parameter's and field's TypeScript type from it, and the schemas built from an API's
// docs at run time (schema-helpers.ts, for generated and live-only APIs alike) call its helper, so the types
// and the checks follow the same rules. Unknown types never stop generation: parameters fall back to
// string, response fields to unknown, and the caller collects a warning.

export type ParamHelper =
  | 'string'
  | 'uuid'
  | 'integer'
  | 'long'
  | 'short'
  | 'boolean'
  | 'date'
  | 'list'
  | 'map'
  | 'record';

export interface ParamTypeRule {
  /** The TypeScript type of the parameter (as the schema outputs it). */
  ts: string;
  helper: ParamHelper;
}

const PARAM_TYPES: Readonly<Record<string, ParamTypeRule>> = {
  string: { ts: 'string', helper: 'string' },
  uuid: { ts: 'string', helper: 'uuid' },
  integer: { ts: 'number', helper: 'integer' },
  long: { ts: 'number', helper: 'long' },
  short: { ts: 'number', helper: 'short' },
  boolean: { ts: 'boolean', helper: 'boolean' },
  date: { ts: 'string', helper: 'date' },
  tzdate: { ts: 'string', helper: 'date' },
  list: { ts: 'readonly string[]', helper: 'list' },
  map: { ts: 'MapParam', helper: 'map' },
  object: { ts: 'Readonly<Record<string, Scalar>>', helper: 'record' },
};

const UNKNOWN_PARAM: ParamTypeRule = PARAM_TYPES.string as ParamTypeRule;

/** The rule for a parameter type; `known` is false when the type fell back to string. */
export function paramTypeRule(type: string): { rule: ParamTypeRule; known: boolean } {
  const rule = PARAM_TYPES[type.toLowerCase()];
  return rule ? { rule, known: true } : { rule: UNKNOWN_PARAM, known: false };
}

/** Arguments after the parameter name that a helper takes (only strings take their maximum length). */
export function paramHelperArgs(helper: ParamHelper, length: number | undefined): number[] {
  return helper === 'string' && length !== undefined && length > 0 ? [length] : [];
}

export type ResponseHelper = 'string' | 'number' | 'boolean' | 'map' | 'list' | 'unknown';

export interface ResponseTypeRule {
  ts: string;
  helper: ResponseHelper;
}

const RESPONSE_STRING: ResponseTypeRule = { ts: 'string', helper: 'string' };
const RESPONSE_NUMBER: ResponseTypeRule = { ts: 'number', helper: 'number' };
const RESPONSE_MAP: ResponseTypeRule = { ts: 'Record<string, unknown>', helper: 'map' };
const RESPONSE_LIST: ResponseTypeRule = { ts: 'unknown[]', helper: 'list' };
const RESPONSE_UNKNOWN: ResponseTypeRule = { ts: 'unknown', helper: 'unknown' };

const RESPONSE_TYPES: Readonly<Record<string, ResponseTypeRule>> = {
  string: RESPONSE_STRING,
  uuid: RESPONSE_STRING,
  url: RESPONSE_STRING,
  date: RESPONSE_STRING,
  tzdate: RESPONSE_STRING,
  integer: RESPONSE_NUMBER,
  int: RESPONSE_NUMBER,
  long: RESPONSE_NUMBER,
  short: RESPONSE_NUMBER,
  float: RESPONSE_NUMBER,
  double: RESPONSE_NUMBER,
  boolean: { ts: 'boolean', helper: 'boolean' },
  map: RESPONSE_MAP,
  list: RESPONSE_LIST,
  set: RESPONSE_LIST,
  object: RESPONSE_UNKNOWN,
  responseobject: RESPONSE_UNKNOWN,
  // Java enums, serialised by name.
  state: RESPONSE_STRING,
  status: RESPONSE_STRING,
  type: RESPONSE_STRING,
  hypervisortype: RESPONSE_STRING,
  imageformat: RESPONSE_STRING,
  powerstate: RESPONSE_STRING,
  scopetype: RESPONSE_STRING,
  hastate: RESPONSE_STRING,
  storagepoolstatus: RESPONSE_STRING,
  resourceobjecttype: RESPONSE_STRING,
};

/**
 * The rule for a response field without nested fields. Arrays like `long[]` become arrays of unknown
 * (their elements are not checked); `*response` types are objects whose fields listApis does not list.
 */
export function responseTypeRule(type: string): { rule: ResponseTypeRule; known: boolean } {
  const lower = type.toLowerCase();
  const rule = RESPONSE_TYPES[lower];
  if (rule) return { rule, known: true };
  if (lower.endsWith('[]')) return { rule: RESPONSE_LIST, known: true };
  if (lower.endsWith('response')) return { rule: RESPONSE_MAP, known: true };
  return { rule: RESPONSE_UNKNOWN, known: false };
}

/** Whether a response field with nested fields holds a list of objects (else one object). */
export function isListType(type: string): boolean {
  const lower = type.toLowerCase();
  return lower === 'list' || lower === 'set' || lower.endsWith('[]');
}
