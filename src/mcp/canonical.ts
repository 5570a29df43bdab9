// One spelling for a set of API parameters, so that `{expunge: true}` and `{expunge: "true"}` (the same
// call on the wire) give the same hash for a confirmation token.
import { createHash } from 'node:crypto';

function canonicalValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = canonicalValue((value as Record<string, unknown>)[key]);
      if (child !== undefined) out[key.toLowerCase()] = child;
    }
    return out;
  }
  return String(value);
}

function canonicalJson(params: unknown): string {
  return JSON.stringify(canonicalValue(params ?? {}));
}

/** A short hash of an API call: its name and canonical parameters. */
export function callHash(api: string, params: unknown): string {
  return createHash('sha256')
    .update(api)
    .update('\n')
    .update(canonicalJson(params))
    .digest('base64url')
    .slice(0, 22);
}
