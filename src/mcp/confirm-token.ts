// Confirmation tokens for destructive calls: good for one action on one object. A token is bound to the API,
// its exact parameters and, where the target could be looked up, the target's identity (its id plus what
// changes when the object is made again or acted on: creation time, fingerprint, state), and valid for a
// few minutes. Signed, so that any replica sharing MCP_CONFIRM_SECRET can check it. Used once, it is
// refused: across replicas because the object it was bound to is gone or changed, and within one process
// also because its id is remembered until it expires (the only defence for a token bound to parameters only).
import { randomBytes } from 'node:crypto';
import { callHash } from './canonical.js';
import type { TokenSigner } from './signed-token.js';

const PURPOSE = 'confirm';

interface ConfirmPayload {
  /** API name. */
  a: string;
  /** Hash of the API name and parameters. */
  h: string;
  /** Expiry, seconds since the epoch. */
  e: number;
  /** The token's own id, remembered once used. */
  n: string;
  /** Hash of the target's identity; absent when the token is bound to the parameters only. */
  t?: string;
}

export interface IssuedConfirmation {
  token: string;
  expiresAt: string;
}

/** Token ids used in this process, kept until the token would have expired anyway. */
class UsedTokens {
  private readonly used = new Map<string, number>();

  has(id: string): boolean {
    return this.used.has(id);
  }

  add(id: string, expiresAtMs: number, now: number): void {
    for (const [key, expiry] of this.used) if (expiry < now) this.used.delete(key);
    this.used.set(id, expiresAtMs);
  }
}

// One record per signer: serve shares one signer between every session and request of the process.
const usedBySigner = new WeakMap<TokenSigner, UsedTokens>();

function usedTokens(signer: TokenSigner): UsedTokens {
  let used = usedBySigner.get(signer);
  if (!used) {
    used = new UsedTokens();
    usedBySigner.set(signer, used);
  }
  return used;
}

/** The hash a token binds a target to: the fields given (id, created, fingerprint, state, ...). */
export function targetHash(identity: Record<string, unknown>): string {
  return callHash('target', identity);
}

export function issueConfirmation(
  signer: TokenSigner,
  api: string,
  params: unknown,
  ttlSeconds: number,
  target: Record<string, unknown> | undefined,
  now = Date.now(),
): IssuedConfirmation {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const payload: ConfirmPayload = {
    a: api,
    h: callHash(api, params),
    e: expires,
    n: randomBytes(12).toString('base64url'),
  };
  if (target) payload.t = targetHash(target);
  return { token: signer.sign(PURPOSE, payload), expiresAt: new Date(expires * 1000).toISOString() };
}

export type ConfirmationCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a token for this call on this target (the target as looked up now, or undefined when it could
 * not be) and, when good, marks it used: a second use in this process is refused.
 */
export function useConfirmation(
  signer: TokenSigner,
  token: string,
  api: string,
  params: unknown,
  target: Record<string, unknown> | undefined,
  now = Date.now(),
): ConfirmationCheck {
  const verified = signer.verify<ConfirmPayload>(PURPOSE, token);
  if (!verified.ok) return { ok: false, reason: `invalid confirmation token: ${verified.reason}` };
  const payload = verified.payload;
  if (typeof payload.e !== 'number' || payload.e * 1000 < now) {
    return { ok: false, reason: 'the confirmation token has expired; ask again for a new one' };
  }
  if (payload.a !== api || payload.h !== callHash(api, params)) {
    return {
      ok: false,
      reason: 'the confirmation token was issued for a different call (API or parameters changed)',
    };
  }
  if (typeof payload.n !== 'string') return { ok: false, reason: 'invalid confirmation token: no id' };
  const used = usedTokens(signer);
  if (used.has(payload.n)) {
    return { ok: false, reason: 'the confirmation token was already used: a token is good for one action' };
  }
  if (payload.t !== undefined) {
    if (!target) {
      return {
        ok: false,
        reason:
          'the object the confirmation token was issued for cannot be found any more (it is gone, or could not be looked up)',
      };
    }
    if (targetHash(target) !== payload.t) {
      return {
        ok: false,
        reason:
          'the object the confirmation token was issued for has changed or was made again since (a token is good for one action on one object)',
      };
    }
  }
  used.add(payload.n, payload.e * 1000, now);
  return { ok: true };
}
