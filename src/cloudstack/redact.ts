// Keeping secrets out of logs, errors and tool output. `redactSecrets` masks values by their key in
// structured data (a listUsers answer carries `apikey`, getUserKeys a `secretkey`); `maskSecrets` does that
// and also masks the secrets the caller knows inside every string of the structure (never in serialised
// JSON, which a mask could break); `redactText` masks free text (an errortext, an HTML snippet, a log line).
//
// `userdata` is deliberately not masked: it is the user's own content that getVirtualMachineUserData
// exists to return. The client never logs parameter values at all, so it cannot leak there either.

import { javaUrlEncode } from './sign.js';

export const REDACTED = '[REDACTED]';

// Compared after lowercasing and dropping `_`, `-` and `.`.
const SENSITIVE_EXACT = new Set([
  'apikey',
  'sessionkey',
  'signature',
  'privatekey',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'jsessionid',
  'accesskey',
  'token',
  'accesstoken',
  'refreshtoken',
  // A remote access VPN's IPsec pre-shared key; a Kubernetes cluster's kubeconfig (client key and token).
  'presharedkey',
  'configdata',
]);
const SENSITIVE_PARTS = ['password', 'passwd', 'secret', 'privatekey'];

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_.]/g, '');
}

// Answers repeat the same few hundred field names: each is judged once (bounded: names can be anything).
const judgedKeys = new Map<string, boolean>();
const MAX_JUDGED_KEYS = 4096;

/** Whether a field or parameter name holds a secret (secretkey, apiKey, password, sessionkey, ...). */
export function isSensitiveKey(key: string): boolean {
  const known = judgedKeys.get(key);
  if (known !== undefined) return known;
  // `details[0].password` and `tags[1].value` style names: judge the last part too.
  const last = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : key;
  let sensitive = false;
  for (const candidate of [normaliseKey(key), normaliseKey(last)]) {
    if (SENSITIVE_EXACT.has(candidate) || SENSITIVE_PARTS.some((part) => candidate.includes(part))) {
      sensitive = true;
      break;
    }
  }
  if (judgedKeys.size >= MAX_JUDGED_KEYS) judgedKeys.clear();
  judgedKeys.set(key, sensitive);
  return sensitive;
}

export interface RedactOptions {
  /** More key names to mask, compared like the built-in ones (e.g. `['userdata']`). */
  extraKeys?: readonly string[];
}

/**
 * A deep copy of `value` with the values of secret-bearing keys replaced by `[REDACTED]`. Booleans and
 * nulls under such keys stay (`passwordenabled: true` is not a secret). Cycles are cut, not followed.
 */
export function redactSecrets<T>(value: T, options: RedactOptions = {}): T {
  return walkRedacting(value, options, (text) => text);
}

export interface MaskOptions extends RedactOptions {
  /**
   * Also mask `password=...`-style pairs and Authorization/Cookie headers inside strings, as redactText
   * does. For free text (error messages, errortexts); off for CloudStack's data, where it would rewrite a
   * VM named `root password:"x"` rather than protect a secret the server knows.
   */
  namedPairs?: boolean;
}

/**
 * redactSecrets plus every occurrence of the known secrets (in every encoding the client sends them) in any
 * string, key or value, of the structure. Masking works on the values, never on serialised JSON, so the
 * result is always as serialisable as the input: a mask cannot break an answer. Without `namedPairs`, a
 * structure of plain objects with nothing to mask comes back as it is, not copied (every answer is masked,
 * and copying each was most of its cost).
 */
export function maskSecrets<T>(
  value: T,
  knownSecrets: readonly (string | undefined)[],
  options: MaskOptions = {},
): T {
  const pattern = secretsPattern(knownSecrets);
  if (!options.namedPairs && !needsMasking(value, pattern, sensitiveTest(options))) return value;
  const maskString = options.namedPairs
    ? (text: string) => redactText(text, knownSecrets)
    : pattern
      ? (text: string) => text.replace(pattern, REDACTED)
      : (text: string) => text;
  return walkRedacting(value, options, maskString);
}

/**
 * Whether a key of `json` (JSON.stringify's compact output) is sensitive, or might be: each `":` ends a key
 * (in a string a quote is escaped), whose opening quote is the one before it. A key with any escape in it
 * is not judged here and answers "look closer"; every other name is judged by isSensitiveKey, so any
 * spelling it knows (the Kelvin sign for a k included) is found. Values are never looked at: only keys
 * decide what masking changes.
 */
const BACKSLASH = 0x5c;

function jsonMayHaveSensitiveKey(json: string): boolean {
  for (let end = json.indexOf('":'); end !== -1; end = json.indexOf('":', end + 2)) {
    const start = json.lastIndexOf('"', end - 1);
    // An escaped quote is not where the key starts.
    if (start < 0 || json.charCodeAt(start - 1) === BACKSLASH) return true;
    const key = json.slice(start + 1, end);
    // Without escapes, the JSON's spelling of a name is the name.
    if (key.includes('\\') || isSensitiveKey(key)) return true;
  }
  return false;
}

/** Whether JSON.stringify writes the text as it is (no escapes), so a search of the JSON finds it. */
function verbatimInJson(text: string): boolean {
  return JSON.stringify(text).length === text.length + 2;
}

/**
 * `value` masked as maskSecrets masks it (without named pairs), with its compact JSON. One search of the
 * JSON answers when nothing needs masking, instead of a walk of the value: a known secret without
 * characters JSON escapes appears in the JSON exactly when it appears in a string or key of the value, and
 * the JSON's keys are the value's keys. Anything else (a match, a secret JSON would escape, a
 * value JSON.stringify refuses, such as a cycle) takes the walk.
 */
export function maskedJson<T>(
  value: T,
  knownSecrets: readonly (string | undefined)[],
): { value: T; text: string } {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text !== undefined && !jsonMayHaveSensitiveKey(text)) {
    const pattern = secretsPattern(knownSecrets);
    if (pattern === null || (verbatimForms.get(pattern) === true && text.search(pattern) === -1))
      return { value, text };
  }
  const masked = maskSecrets(value, knownSecrets);
  return { value: masked, text: masked === value && text !== undefined ? text : JSON.stringify(masked) };
}

function sensitiveTest(options: RedactOptions): (key: string) => boolean {
  if (!options.extraKeys?.length) return isSensitiveKey;
  const extra = new Set(options.extraKeys.map(normaliseKey));
  return (key: string) => isSensitiveKey(key) || extra.has(normaliseKey(key));
}

/**
 * Whether walking `value` to mask it would change anything: a secret-bearing key (over anything but a
 * boolean or null), a known secret in a string or key, a cycle, or an object that is not plain (the walk
 * turns it into one).
 */
function needsMasking(value: unknown, pattern: RegExp | null, sensitive: (key: string) => boolean): boolean {
  // search() ignores the pattern's global flag and lastIndex. A string shorter than every form of every
  // secret cannot hold one (most ids and names, beside 86-character API keys): no search.
  const shortest = pattern === null ? 0 : (shortestForms.get(pattern) ?? 0);
  const hasSecret = (text: string) =>
    pattern !== null && text.length >= shortest && text.search(pattern) !== -1;
  const ancestors = new Set<object>();
  const visit = (item: unknown): boolean => {
    if (typeof item === 'string') return hasSecret(item);
    if (item === null || typeof item !== 'object' || item instanceof Date) return false;
    if (ancestors.has(item)) return true;
    const prototype = Object.getPrototypeOf(item);
    if (!Array.isArray(item) && prototype !== Object.prototype && prototype !== null) return true;
    ancestors.add(item);
    try {
      if (Array.isArray(item)) return item.some(visit);
      for (const [key, child] of Object.entries(item)) {
        if (hasSecret(key)) return true;
        const keep = child === null || child === undefined || typeof child === 'boolean';
        if (!keep && sensitive(key)) return true;
        if (visit(child)) return true;
      }
      return false;
    } finally {
      ancestors.delete(item);
    }
  };
  return visit(value);
}

function walkRedacting<T>(value: T, options: RedactOptions, maskString: (text: string) => string): T {
  const sensitive = sensitiveTest(options);
  const seen = new WeakSet<object>();

  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return maskString(item);
    if (item === null || typeof item !== 'object') return item;
    if (item instanceof Date) return item;
    // Only the objects being walked (the ancestors) mark a cycle: the same object twice is not one.
    if (seen.has(item)) return '[Circular]';
    seen.add(item);
    try {
      return Array.isArray(item) ? item.map(walk) : walkObject(item);
    } finally {
      seen.delete(item);
    }
  };
  const walkObject = (item: object): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(item)) {
      const keep = child === null || child === undefined || typeof child === 'boolean';
      // defineProperty: an own `__proto__` key (JSON.parse makes them) stays data, not a prototype.
      Object.defineProperty(out, maskString(key), {
        value: sensitive(key) && !keep ? REDACTED : walk(child),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(value) as T;
}

// Secrets that appear in URLs, cookies, headers or JSON-ish text under a telling name.
const NAMED_SECRET_IN_TEXT =
  /\b(api_?key|secret_?key|signature|session_?key|jsessionid|password|passwd|private_?key|access_?key)(["']?\s*[=:]\s*["']?)([^\s&"',;}]+)/gi;
const AUTH_HEADER_IN_TEXT = /\b(authorization|cookie)(\s*:\s*)([^\r\n]+)/gi;

// Shorter strings would mask ordinary words; a secret this short is not protected by anything anyway.
const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Compiled patterns per set of secrets: building them costs more than using them, and a process sees few
// sets (the client's keys, plus a session key or a sensitive parameter now and then). Bounded, so sets made
// of ever-new values (session keys after re-logins) cannot grow it without limit.
const MAX_CACHED_SETS = 64;
const compiledSets = new Map<string, RegExp | null>();
/** Each compiled pattern's shortest alternative: what a match is at least as long as. */
const shortestForms = new WeakMap<RegExp, number>();
/** Whether JSON.stringify writes every secret of a pattern's set as it is (maskedJson may search JSON). */
const verbatimForms = new WeakMap<RegExp, boolean>();
/** The compiled pattern for a set of secrets (null when none is long enough), made once per set. */
export function secretsPattern(knownSecrets: readonly (string | undefined)[]): RegExp | null {
  const usable = knownSecrets.filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH,
  );
  if (usable.length === 0) return null;
  // NUL cannot occur in a header or query value, so it cannot join two different sets into one key.
  const key = usable.join('\0');
  const cached = compiledSets.get(key);
  if (cached !== undefined) return cached;
  const forms = new Set<string>();
  for (const secret of usable) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16)}`));
    forms.add(javaUrlEncode(secret)); // as the client itself sends it (keeps `*`, escapes `~`)
  }
  // Longest first, so a secret that contains another is masked whole.
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(alternatives.join('|'), 'gi');
  // Case-insensitive matching maps each UTF-16 unit to one unit (no `u` flag): a match is as long as a form.
  shortestForms.set(pattern, Math.min(...[...forms].map((form) => form.length)));
  verbatimForms.set(pattern, usable.every(verbatimInJson));
  if (compiledSets.size >= MAX_CACHED_SETS) compiledSets.clear();
  compiledSets.set(key, pattern);
  return pattern;
}

/**
 * Masks in free text every occurrence of the given secrets (also URL-encoded, as they would appear in a
 * query string) and any `apikey=...`, `signature=...`, `sessionkey=...`, `password=...` style pairs.
 */
export function redactText(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  const pattern = secretsPattern(knownSecrets);
  // String.replace with a global pattern starts at 0 and resets lastIndex, so sharing one is safe.
  const out = pattern ? text.replace(pattern, REDACTED) : text;
  return out
    .replace(NAMED_SECRET_IN_TEXT, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(AUTH_HEADER_IN_TEXT, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
}
