// Self-contained, HMAC-signed tokens (confirmations, paging cursors). Nothing is kept in memory: any replica
// that shares the key (MCP_CONFIRM_SECRET) can check a token another replica issued.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type VerifyResult<T> = { ok: true; payload: T } | { ok: false; reason: string };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Node's base64url decoder is lenient: it skips padding and characters outside the alphabet, and ignores
 * the spare bits of the last character, so `...Q`, `...R` and `...Q=` decode alike and one token had many
 * spellings. Only the one spelling `sign` makes is accepted: the alphabet, no padding, and re-encoding
 * gives back the same text.
 */
export function decodeBase64urlStrict(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

export class TokenSigner {
  private readonly key: Buffer;
  /** The person its tokens are bound to (`forSubject`); '' for the server's own. */
  private readonly subject: string;
  private readonly bound = new Map<string, TokenSigner>();

  /** Without a secret, a random key per process: tokens then only work on the replica that issued them. */
  constructor(secret?: string | Buffer, subject = '') {
    this.key = secret === undefined || secret.length === 0 ? randomBytes(32) : Buffer.from(secret);
    this.subject = subject;
  }

  /**
   * The signer of one person's tokens (the OAuth mode): same key, the subject inside the MAC, so a
   * confirmation token or cursor one person got is refused for another. One per subject, kept, so that
   * confirm-token.ts's record of used tokens (kept per signer) holds for every session of that person.
   */
  forSubject(subject: string): TokenSigner {
    let signer = this.bound.get(subject);
    if (!signer) {
      signer = new TokenSigner(this.key, subject);
      this.bound.set(subject, signer);
    }
    return signer;
  }

  sign(purpose: string, payload: object): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(purpose, body).toString('base64url')}`;
  }

  /** The length `sign` would give, without signing (base64url of the JSON, a dot, 43 characters of MAC). */
  signedLength(payload: object): number {
    return Math.ceil((Buffer.byteLength(JSON.stringify(payload)) * 4) / 3) + 1 + 43;
  }

  verify<T>(purpose: string, token: string): VerifyResult<T> {
    const dot = token.indexOf('.');
    if (dot <= 0) return { ok: false, reason: 'malformed token' };
    const body = token.slice(0, dot);
    const given = decodeBase64urlStrict(token.slice(dot + 1));
    const expected = this.mac(purpose, body);
    if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'bad signature (not issued by this server, altered, or for another use)' };
    }
    // The MAC covers the body's text, so a body is already one spelling; decoded strictly all the same.
    const decoded = decodeBase64urlStrict(body);
    if (!decoded) return { ok: false, reason: 'malformed token' };
    try {
      return { ok: true, payload: JSON.parse(decoded.toString('utf8')) as T };
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
  }

  private mac(purpose: string, body: string): Buffer {
    const mac = createHmac('sha256', this.key).update(`cloudstack-mcp/${purpose}/`);
    // Unbound tokens keep the spelling they always had; a bound one is a different message.
    if (this.subject) mac.update(`subject:${this.subject.length}:${this.subject}/`);
    return mac.update(body).digest();
  }
}
