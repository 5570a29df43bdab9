// Which APIs the server may call: read-only mode (read APIs only), then --allow / --deny glob patterns on
// API names (`list*`, `*VirtualMachine*`; case-insensitive; deny wins over allow).
import type { ApiClass } from '../catalog/classify.js';

export interface PolicyOptions {
  readOnly?: boolean;
  /** When non-empty, only APIs matching one of these patterns. */
  allow?: readonly string[];
  deny?: readonly string[];
}

export type PolicyDecision = { allowed: true } | { allowed: false; reason: string };

/** `*` any run of characters, `?` one character; everything else literal; whole name, any case. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/** Patterns from repeated flags and comma-separated lists alike: ['list*,get*', 'query*']. */
export function splitPatterns(values: readonly string[] | string | undefined): string[] {
  const list = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  return list
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

export class Policy {
  readonly readOnly: boolean;
  readonly allow: readonly string[];
  readonly deny: readonly string[];
  private readonly allowRegExps: RegExp[];
  private readonly denyRegExps: RegExp[];

  constructor(options: PolicyOptions = {}) {
    this.readOnly = options.readOnly === true;
    this.allow = splitPatterns(options.allow);
    this.deny = splitPatterns(options.deny);
    this.allowRegExps = this.allow.map(globToRegExp);
    this.denyRegExps = this.deny.map(globToRegExp);
  }

  check(apiName: string, apiClass: ApiClass): PolicyDecision {
    const denied = this.deny.find((_, index) => this.denyRegExps[index]?.test(apiName));
    if (denied !== undefined) {
      return { allowed: false, reason: `${apiName} is denied by the server's --deny pattern "${denied}"` };
    }
    if (this.allowRegExps.length > 0 && !this.allowRegExps.some((regExp) => regExp.test(apiName))) {
      return {
        allowed: false,
        reason: `${apiName} matches none of the server's --allow patterns (${this.allow.join(', ')})`,
      };
    }
    if (this.readOnly && apiClass !== 'read') {
      return {
        allowed: false,
        reason: `${apiName} is a ${apiClass} API and the server runs in read-only mode: only read APIs are allowed`,
      };
    }
    return { allowed: true };
  }
}
