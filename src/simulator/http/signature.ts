// API-key request verification, server side, following CloudStack's ApiServer.verifyRequest: take every
// decoded parameter but `signature`, sort the names in plain string order (Java's Collections.sort),
// write `name=value` with the value re-encoded like java.net.URLEncoder (space as %20), join with `&`,
// lower-case it all, HMAC-SHA1 with the user's secret key, base64, and compare.
import { createHmac, timingSafeEqual } from 'node:crypto';

const URL_ENCODER_SAFE = /[A-Za-z0-9.\-*_]/;

/** java.net.URLEncoder.encode(value, "UTF-8") followed by replacing `+` with `%20`. */
export function javaUrlEncode(value: string): string {
  let out = '';
  for (const char of value) {
    if (URL_ENCODER_SAFE.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** The string CloudStack signs; `params` holds the decoded parameters as sent. */
export function stringToSign(params: ReadonlyMap<string, string>): string {
  const names = [...params.keys()].filter((name) => name.toLowerCase() !== 'signature');
  // UTF-16 code unit order, which is what String.compareTo (and so Collections.sort) uses.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names
    .map((name) => `${name}=${javaUrlEncode(params.get(name) ?? '')}`)
    .join('&')
    .toLowerCase();
}

export function computeSignature(params: ReadonlyMap<string, string>, secretKey: string): string {
  return createHmac('sha1', Buffer.from(secretKey, 'utf8'))
    .update(stringToSign(params), 'utf8')
    .digest('base64');
}

/**
 * Parses the `expires` of a version-3 signature. CloudStack accepts ISO-8601 date-times with an offset
 * (`+0000`, `+00:00`, `Z`) and optional milliseconds; anything else fails the request.
 */
export function parseExpires(text: string): Date | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  const date = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Case-insensitive lookup, as verifyRequest matches `apiKey`, `signatureVersion` and `expires`. */
function getIgnoreCase(params: ReadonlyMap<string, string>, name: string): string | undefined {
  for (const [key, value] of params) if (key.toLowerCase() === name) return value;
  return undefined;
}

export interface SignedRequest {
  apiKey: string;
  signature: string;
}

/** The key and signature of a request, or undefined when it carries none (then it is not key-signed). */
export function signedRequestOf(params: ReadonlyMap<string, string>): SignedRequest | undefined {
  const apiKey = getIgnoreCase(params, 'apikey');
  const signature = getIgnoreCase(params, 'signature');
  if (apiKey === undefined || signature === undefined) return undefined;
  return { apiKey, signature };
}

/** Checks signature and, for version 3, `expires`. Returns false on any failure, as CloudStack does. */
export function verifySignature(params: ReadonlyMap<string, string>, secretKey: string, now: Date): boolean {
  const signed = signedRequestOf(params);
  if (!signed) return false;
  if (getIgnoreCase(params, 'signatureversion') === '3') {
    const expiresText = getIgnoreCase(params, 'expires');
    if (expiresText === undefined) return false;
    const expires = parseExpires(expiresText);
    if (!expires || expires.getTime() < now.getTime()) return false;
  }
  const expected = Buffer.from(computeSignature(params, secretKey), 'utf8');
  const given = Buffer.from(signed.signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
