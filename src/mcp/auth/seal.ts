// Sealed tokens for the OAuth mode (--auth cloudstack): JSON payloads encrypted and authenticated with
// AES-256-GCM under a key derived (HKDF-SHA256) from MCP_TOKEN_KEY. Every token the authorization server
// hands out (client ids, the sign-in form's request blob, codes, access and refresh tokens) is one of these,
// so replicas sharing MCP_TOKEN_KEY need no shared store and nothing is written to disk. The purpose is the
// GCM additional data: a code cannot be replayed as an access token, nor a client id as a form blob.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { decodeBase64urlStrict } from '../signed-token.js';

export type SealPurpose = 'client' | 'request' | 'code' | 'access' | 'refresh';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** MCP_TOKEN_KEY must carry at least this much: 32 characters (e.g. `openssl rand -base64 32` gives 44). */
export const MIN_TOKEN_KEY_LENGTH = 32;

export interface Sealed {
  /** Expiry in seconds since the epoch; absent for client ids (they do not expire). */
  exp?: number;
}

export type Opened<T> =
  | { ok: true; payload: T }
  | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

export class Sealer {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < MIN_TOKEN_KEY_LENGTH)
      throw new Error(`MCP_TOKEN_KEY must be at least ${MIN_TOKEN_KEY_LENGTH} characters`);
    this.key = Buffer.from(
      hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'cloudstack-mcp', 'oauth-seal-v1', 32),
    );
  }

  /** Seconds since the epoch, by this sealer's clock. */
  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  seal<T extends Sealed>(purpose: SealPurpose, payload: T): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`cloudstack-mcp/${purpose}`));
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  open<T extends Sealed>(purpose: SealPurpose, token: unknown): Opened<T> {
    if (typeof token !== 'string' || token.length > 16_384) return { ok: false, reason: 'malformed' };
    const bytes = decodeBase64urlStrict(token);
    if (!bytes || bytes.length < IV_BYTES + TAG_BYTES + 2) return { ok: false, reason: 'malformed' };
    let text: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`cloudstack-mcp/${purpose}`));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      text = Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return { ok: false, reason: 'tampered' };
    }
    let payload: T;
    try {
      payload = JSON.parse(text) as T;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (payload.exp !== undefined && payload.exp <= this.seconds()) return { ok: false, reason: 'expired' };
    return { ok: true, payload };
  }
}

/**
 * Ids used once (codes, rotated refresh tokens) in this process, kept until they would have expired anyway.
 * Like the confirmation tokens' record: single use holds per replica; across replicas a code lives 60 s and
 * a replayed refresh token yields tokens for the same person only (see docs/oauth.md).
 */
export class UsedIds {
  private readonly used = new Map<string, number>();

  /** True the first time `id` is seen; false when it was used already. */
  claim(id: string, expiresAtSeconds: number, nowSeconds: number): boolean {
    if (this.used.size > 1000)
      for (const [key, exp] of this.used) if (exp <= nowSeconds) this.used.delete(key);
    if (this.used.has(id)) return false;
    this.used.set(id, expiresAtSeconds);
    return true;
  }
}
