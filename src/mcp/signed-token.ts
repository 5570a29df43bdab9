// Self-contained, HMAC-signed tokens (confirmations, paging cursors). Nothing is kept in memory: any replica
// that shares the key (MCP_CONFIRM_SECRET) can check a token another replica issued.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type VerifyResult<T> = { ok: true; payload: T } | { ok: false; reason: string };

export class TokenSigner {
  private readonly key: Buffer;

  /** Without a secret, a random key per process: tokens then only work on the replica that issued them. */
  constructor(secret?: string | Buffer) {
    this.key = secret === undefined || secret.length === 0 ? randomBytes(32) : Buffer.from(secret);
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
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.mac(purpose, body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'bad signature (not issued by this server, altered, or for another use)' };
    }
    try {
      return { ok: true, payload: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T };
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
  }

  private mac(purpose: string, body: string): Buffer {
    return createHmac('sha256', this.key).update(`cloudstack-mcp/${purpose}/`).update(body).digest();
  }
}
