// Confirmation tokens for destructive calls: bound to the API and its exact parameters, valid for a few
// minutes, signed so that any replica can check them and none has to remember them.
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
}

export interface IssuedConfirmation {
  token: string;
  expiresAt: string;
}

export function issueConfirmation(
  signer: TokenSigner,
  api: string,
  params: unknown,
  ttlSeconds: number,
  now = Date.now(),
): IssuedConfirmation {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const payload: ConfirmPayload = { a: api, h: callHash(api, params), e: expires };
  return { token: signer.sign(PURPOSE, payload), expiresAt: new Date(expires * 1000).toISOString() };
}

export type ConfirmationCheck = { ok: true } | { ok: false; reason: string };

export function checkConfirmation(
  signer: TokenSigner,
  token: string,
  api: string,
  params: unknown,
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
  return { ok: true };
}
