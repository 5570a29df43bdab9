// Parameter processing as CloudStack's dispatch chain does it: unpack indexed map parameters and
// lower-case names (ParamUnpackWorker), then check every declared parameter in order: a missing required
// one, a value that is not of its type, or a uuid that names nothing answers 431 (ParamProcessWorker).
import type { ApiSpec, ParamSpec } from './catalog/types.js';
import { ErrorCode, invalidParameter, serverApiError } from './errors.js';
import type { RawParams } from './http/request-parsing.js';
import type { Store } from './state/store.js';

/** One indexed map parameter: `tags[0].key=a&tags[0].value=b` becomes `{0: {key: 'a', value: 'b'}}`. */
export type MapValue = Map<number, Map<string, string>>;
export type ParamValue = string | MapValue;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function malformed(key: string): Error {
  return serverApiError(
    ErrorCode.MALFORMED_PARAMETER,
    `Unable to decode parameter ${key}; if specifying an object array, please use parameter[index].field=XXX, e.g. userGroupList[0].group=httpGroup`,
  );
}

/** Lower-cases names and gathers `name[index].field=value` entries into maps. */
export function unpackParams(raw: RawParams): Map<string, ParamValue> {
  const out = new Map<string, ParamValue>();
  for (const [key, value] of raw) {
    const open = key.indexOf('[');
    if (open !== key.lastIndexOf('[')) throw malformed(key);
    if (open <= 0) {
      const name = key.toLowerCase();
      if (!out.has(name)) out.set(name, value);
      continue;
    }
    const close = key.indexOf(']');
    if (close < open || close !== key.lastIndexOf(']')) throw malformed(key);
    const dot = key.indexOf('.');
    if (dot < close) throw malformed(key);
    const indexText = key.slice(open + 1, close);
    if (!/^[+-]?\d+$/.test(indexText)) throw malformed(key);
    const name = key.slice(0, open).toLowerCase();
    const fieldName = key.slice(dot + 1);
    let map = out.get(name);
    if (map === undefined || typeof map === 'string') {
      map = new Map();
      out.set(name, map);
    }
    const index = Number(indexText);
    let entry = map.get(index);
    if (!entry) {
      entry = new Map();
      map.set(index, entry);
    }
    entry.set(fieldName, value);
  }
  return out;
}

const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

function isWholeNumber(text: string, type: string): boolean {
  if (!/^[+-]?\d+$/.test(text)) return false;
  const range = INTEGER_RANGES[type];
  if (!range) return true;
  const value = BigInt(text);
  return value >= range[0] && value <= range[1];
}

function isValidDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d)
  );
}

export interface ValidationContext {
  store: Store;
  /** CloudStack's lower-case command name as it appears in its messages (`deployvirtualmachine`). */
  commandName: string;
}

/** Checks the parameters against the API's declaration; throws CloudStack's 431 on the first problem. */
export function validateParams(
  spec: ApiSpec,
  values: Map<string, ParamValue>,
  context: ValidationContext,
): void {
  for (const param of spec.params) {
    const value = values.get(param.name.toLowerCase());
    if (value === undefined) {
      if (param.required) {
        throw serverApiError(
          ErrorCode.PARAM_ERROR,
          `Unable to execute API command ${context.commandName} due to missing parameter ${param.name}`,
        );
      }
      continue;
    }
    checkValue(param, value, context);
  }
}

function invalidValue(context: ValidationContext, param: ParamSpec, value: string): Error {
  return serverApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to execute API command ${context.commandName} due to invalid value ${value} for parameter ${param.name}`,
  );
}

function unknownUuid(context: ValidationContext, param: ParamSpec, value: string): Error {
  return serverApiError(
    ErrorCode.PARAM_ERROR,
    `Unable to execute API command ${context.commandName} due to invalid value. Invalid parameter ${param.name} value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`,
  );
}

function checkUuid(param: ParamSpec, value: string, context: ValidationContext): void {
  if (!UUID_PATTERN.test(value)) throw unknownUuid(context, param, value);
  if (param.entity && !context.store.exists(param.entity, value.toLowerCase())) {
    throw unknownUuid(context, param, value);
  }
}

function checkValue(param: ParamSpec, value: ParamValue, context: ValidationContext): void {
  const type = param.type.toLowerCase();
  if (type === 'map') {
    if (typeof value === 'string') throw invalidValue(context, param, value);
    return;
  }
  if (typeof value !== 'string') {
    // An indexed value given for a scalar parameter.
    throw invalidValue(context, param, `${param.name}[...]`);
  }
  switch (type) {
    case 'integer':
      // CloudStack ignores a blank integer and lets the command use its default.
      if (value.trim() === '') return;
      if (!isWholeNumber(value, type)) throw invalidValue(context, param, value);
      return;
    case 'long':
    case 'short':
      if (!isWholeNumber(value, type)) throw invalidValue(context, param, value);
      return;
    case 'float':
    case 'double':
      if (value.trim() !== '' && !Number.isFinite(Number(value))) throw invalidValue(context, param, value);
      return;
    case 'uuid':
      checkUuid(param, value, context);
      return;
    case 'date':
      if (!isValidDate(value)) {
        throw serverApiError(
          ErrorCode.PARAM_ERROR,
          `Unable to parse date ${value} for command ${context.commandName}, please pass dates in the format mentioned in the api documentation`,
        );
      }
      return;
    case 'list':
      for (const item of value.split(',')) {
        if (item === '') continue;
        if (param.items === 'uuid') checkUuid(param, item, context);
        else if ((param.items === 'integer' || param.items === 'long') && !isWholeNumber(item, param.items)) {
          throw invalidValue(context, param, value);
        }
      }
      return;
    case 'string':
      if (value.length > param.length) {
        throw serverApiError(
          ErrorCode.PARAM_ERROR,
          `Unable to execute API command ${context.commandName} due to invalid value. Value greater than max allowed length ${param.length} for param: ${param.name}`,
        );
      }
      return;
    default:
      // boolean (anything but "true" is false, as Boolean.valueOf), tzdate, object and unknown types.
      return;
  }
}

/** Typed access to validated parameters. Names are CloudStack's (case does not matter). */
export class Params {
  constructor(private readonly values: Map<string, ParamValue>) {}

  has(name: string): boolean {
    const value = this.values.get(name);
    return value !== undefined;
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  /** A non-blank string, or undefined. */
  text(name: string): string | undefined {
    const value = this.string(name);
    return value === undefined || value.trim() === '' ? undefined : value;
  }

  /** A validated uuid, lower-cased (CloudStack resolves ids case-insensitively). */
  id(name: string): string | undefined {
    return this.text(name)?.toLowerCase();
  }

  requiredId(name: string): string {
    const id = this.id(name);
    if (id === undefined) throw invalidParameter(`Please specify ${name}`);
    return id;
  }

  bool(name: string): boolean | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : value.toLowerCase() === 'true';
  }

  int(name: string): number | undefined {
    const value = this.text(name);
    return value === undefined ? undefined : Number(value);
  }

  list(name: string): string[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    return value.split(',').filter((item) => item !== '');
  }

  idList(name: string): string[] | undefined {
    return this.list(name)?.map((id) => id.toLowerCase());
  }

  /** The entries of an indexed map parameter, in index order. */
  mapEntries(name: string): Array<Map<string, string>> {
    const value = this.values.get(name);
    if (value === undefined || typeof value === 'string') return [];
    return [...value.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
  }

  /** `name[i].key` / `name[i].value` pairs, the form tags and similar maps use. */
  keyValuePairs(name: string): Array<{ key: string | undefined; value: string | undefined }> {
    return this.mapEntries(name).map((entry) => ({ key: entry.get('key'), value: entry.get('value') }));
  }

  /** All fields of all entries merged (`details[0].cpuNumber=2` style), later entries winning. */
  flatMap(name: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of this.mapEntries(name)) for (const [key, value] of entry) out[key] = value;
    return out;
  }
}
