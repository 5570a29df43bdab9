// Turning typed parameters into CloudStack's flat `name=value` pairs (DESIGN.md §3): lists comma-joined,
// maps indexed (`tags[0].key=env&tags[0].value=prod`, `details[0].cpuNumber=2`), booleans as
// `true`/`false`, dates as `yyyy-MM-dd'T'HH:mm:ssZ`; `undefined` and `null` left out.
import { CloudStackInputError } from './errors.js';
import { isSensitiveKey } from './redact.js';
import { wellFormed } from './sign.js';
import type { ApiParams, ParamScalar } from './types.js';

/** Parameters the client sets itself; passing them is a mistake, so it fails with a clear error. */
const RESERVED_PARAMS = new Set([
  'command',
  'apikey',
  'signature',
  'signatureversion',
  'expires',
  'sessionkey',
]);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `yyyy-MM-dd'T'HH:mm:ss+0000` (UTC), the form CloudStack parses for dates with a zone and `expires`. */
export function formatCloudStackDate(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+0000`
  );
}

function encodeNumber(value: number, name: string, command: string | undefined): string {
  if (!Number.isFinite(value))
    throw new CloudStackInputError(name, `must be a finite number, got ${value}`, { command });
  const text = String(value);
  // Never send exponent notation (1e+21, 1e-7): CloudStack's number parsers reject it.
  return /e/i.test(text)
    ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
    : text;
}

function encodeScalar(value: unknown, name: string, command: string | undefined): string {
  switch (typeof value) {
    case 'string':
      return wellFormed(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return encodeNumber(value, name, command);
    case 'bigint':
      return value.toString();
    default:
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime()))
          throw new CloudStackInputError(name, 'is an invalid Date', { command });
        return formatCloudStackDate(value);
      }
      throw new CloudStackInputError(
        name,
        `must be a string, number, boolean or Date, got ${value === null ? 'null' : typeof value}`,
        { command },
      );
  }
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function encodeMapEntry(
  out: Record<string, string>,
  name: string,
  index: number,
  entry: Record<string, unknown>,
  command: string | undefined,
): void {
  for (const [key, value] of Object.entries(entry)) {
    if (value === undefined || value === null) continue;
    const fullName = `${name}[${index}].${key}`;
    out[fullName] = encodeScalar(value, fullName, command);
  }
}

/**
 * Flattens typed parameters into the pairs that travel, in insertion order. Arrays of scalars are
 * comma-joined (a list); a record becomes one indexed map entry (`details[0].cpuNumber=2`); an array of
 * records becomes one entry per record (`tags[0].key=env&tags[0].value=prod&tags[1].key=...`).
 * Empty lists and maps are left out like `undefined`.
 */
export function encodeParams(params: ApiParams | undefined, command?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (params === undefined) return out;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (name === '' || /[\s=&]/.test(name)) {
      throw new CloudStackInputError(name, 'is not a valid parameter name', { command });
    }
    const lower = name.toLowerCase();
    if (RESERVED_PARAMS.has(lower)) {
      throw new CloudStackInputError(name, 'is set by the client itself and cannot be passed', { command });
    }
    if (lower === 'response') continue; // always json: the client parses nothing else
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (value.every(isPlainRecord)) {
        value.forEach((entry, index) => {
          encodeMapEntry(out, name, index, entry as Record<string, unknown>, command);
        });
      } else if (value.some(isPlainRecord)) {
        throw new CloudStackInputError(name, 'mixes map entries and plain values', { command });
      } else {
        out[name] = value.map((item, i) => encodeScalar(item, `${name}[${i}]`, command)).join(',');
      }
    } else if (isPlainRecord(value)) {
      if (Object.keys(value).length === 0) continue;
      encodeMapEntry(out, name, 0, value, command);
    } else {
      out[name] = encodeScalar(value as ParamScalar, name, command);
    }
  }
  return out;
}

// Large free-form values that CloudStack accepts bigger by POST (userdata: 32 KB by POST, 2 KB by GET).
const POST_BY_NAME = new Set(['userdata', 'certificate', 'certchain', 'privatekey', 'publickey']);

/** Whether a parameter must not travel in a URL (where proxies and access logs would keep it). */
export function isPostOnlyParam(name: string): boolean {
  const base = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
  return POST_BY_NAME.has(name.toLowerCase()) || POST_BY_NAME.has(base.toLowerCase()) || isSensitiveKey(name);
}

/** Whether a request must go as a POST form: it carries a sensitive or large value, or is too long. */
export function needsPost(params: Readonly<Record<string, string>>, urlLength: number, maxUrlLength: number) {
  return urlLength > maxUrlLength || Object.keys(params).some(isPostOnlyParam);
}
