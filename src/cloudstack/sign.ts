// API-key request signing exactly as CloudStack's ApiServer.verifyRequest checks it (DESIGN.md §3):
// every parameter but `signature`, names sorted in plain string order (Java's Collections.sort on the
// names as sent, so `templateId` < `templatefilter`), `name=value` with the value re-encoded as Java's
// URLEncoder does and `+` turned into `%20`, joined with `&`, lowercased, HMAC-SHA1, base64.
import { createHmac, type KeyObject } from 'node:crypto';

/** What Java's URLEncoder leaves as it is. */
const UNRESERVED = /^[A-Za-z0-9._*-]*$/;

/**
 * What the server compares against: Java's `URLEncoder.encode(value, "UTF-8").replaceAll("\\+", "%20")`.
 * Letters, digits and `.-*_` stay; space becomes `%20`; everything else is `%XX` of its UTF-8 bytes,
 * so unlike `encodeURIComponent` it escapes `~ ! ' ( )` and keeps `*`.
 */
export function javaUrlEncode(value: string): string {
  // Most names and values (command names, ids, numbers, `true`) have nothing to escape: no encoding pass.
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(wellFormed(value)).replace(/[!'()~]|%2A/g, (c) =>
    c === '%2A' ? '*' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Lone surrogates cannot travel as UTF-8; they become U+FFFD (as TextEncoder would do) so that what is
 * signed is what the server decodes.
 */
export function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Plain UTF-16 code unit order, as Java's String.compareTo (and so Collections.sort) uses. */
function compareJava(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Any case of `signature` is left out of what is signed (the length check spares lowercasing every name). */
const isSignatureName = (name: string) => name.length === 9 && name.toLowerCase() === 'signature';

/** `name=<encoded value>` of every name but `signature`, in Java's order, joined and lowercased. */
function baseOf(names: string[], encoded: (name: string) => string): string {
  return names
    .filter((name) => !isSignatureName(name))
    .sort(compareJava)
    .map((name) => `${name}=${encoded(name)}`)
    .join('&')
    .toLowerCase();
}

const hmacBase64 = (base: string, secretKey: string | KeyObject) =>
  createHmac('sha1', secretKey).update(base, 'utf8').digest('base64');

/** The lowercased string that gets signed (useful for debugging a 401 against a real server). */
export function signatureBaseString(params: Readonly<Record<string, string>>): string {
  return baseOf(Object.keys(params), (name) => javaUrlEncode(params[name] ?? ''));
}

/**
 * The signature (base64, not URL-encoded) of `params` (all but `signature`) with `secretKey` (a KeyObject
 * made once spares converting the key on every request).
 */
export function signParams(params: Readonly<Record<string, string>>, secretKey: string | KeyObject): string {
  return hmacBase64(signatureBaseString(params), secretKey);
}

/**
 * The query string (or form body) that travels: names and values encoded as above, in the given order.
 * The base64 signature is encoded too (`+` → `%2B`, `/` → `%2F`, `=` → `%3D`).
 */
export function toQueryString(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${javaUrlEncode(name)}=${javaUrlEncode(value)}`)
    .join('&');
}

/**
 * `params` plus `signature`, as a travelling query string: what
 * `toQueryString({...params, signature: signParams(params, secretKey)})` gives, in one pass that encodes
 * each value once for both the signed string and the query (a signed request per call made the two
 * passes a tenth of a call's own work while the code is not yet optimised).
 */
export function signedQueryString(
  params: Readonly<Record<string, string>>,
  secretKey: string | KeyObject,
): string {
  const values: Record<string, string> = {};
  const travelling: string[] = [];
  const names = Object.keys(params);
  // A `signature` already among the params travels where it was, with the new value (as the spread did).
  let signatureAt = -1;
  for (const name of names) {
    const value = javaUrlEncode(params[name] ?? '');
    values[name] = value;
    if (name === 'signature') {
      signatureAt = travelling.length;
      travelling.push('');
    } else {
      travelling.push(`${javaUrlEncode(name)}=${value}`);
    }
  }
  const signature = hmacBase64(
    baseOf(names, (name) => values[name] ?? ''),
    secretKey,
  );
  const pair = `signature=${javaUrlEncode(signature)}`;
  if (signatureAt >= 0) travelling[signatureAt] = pair;
  else travelling.push(pair);
  return travelling.join('&');
}
