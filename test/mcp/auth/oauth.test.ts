// The OAuth mode's pieces in process, where a clock can be set: sealed tokens (tamper, purpose, expiry),
// the /mcp authentication (expired, wrong audience, refused keys → 401, unreachable CloudStack → let
// through), the settings serve reads, and tokens and cursors bound to one person.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { oauthSettings } from '../../../src/cli/serve.js';
import { CloudStackApiError } from '../../../src/cloudstack/errors.js';
import { OAuthServer } from '../../../src/mcp/auth/oauth.js';
import { escapeHtml, signInPage } from '../../../src/mcp/auth/page.js';
import type { Person } from '../../../src/mcp/auth/person.js';
import { Sealer, UsedIds } from '../../../src/mcp/auth/seal.js';
import { decodeCursor, encodeCursor } from '../../../src/mcp/cursor.js';
import { silentLogger } from '../../../src/mcp/logger.js';
import { TokenSigner } from '../../../src/mcp/signed-token.js';

const KEY = 'unit-test-token-key-0123456789abcdefghijkl';
const PERSON: Person = { u: 'u-1', n: 'alice', a: 'alice', k: 'api-key-alice', s: 'secret-key-alice' };

function request(authorization?: string, host = 'mcp.test:8250'): IncomingMessage {
  return { headers: { host, ...(authorization ? { authorization } : {}) } } as IncomingMessage;
}

function oauth(now: () => number, checkPerson: (person: Person) => Promise<void> = async () => {}) {
  return new OAuthServer({
    tokenKey: KEY,
    logger: silentLogger,
    now,
    checkPerson,
    signIn: async () => ({ ok: false, reason: 'credentials', message: 'no' }),
  });
}

describe('sealed tokens', () => {
  it('open what they sealed, and refuse another purpose, another key, an altered byte, a past expiry', () => {
    let clock = 1_000_000_000_000;
    const sealer = new Sealer(KEY, () => clock);
    const token = sealer.seal('access', { exp: sealer.seconds() + 10, p: PERSON });
    expect(sealer.open('access', token)).toEqual({
      ok: true,
      payload: { exp: sealer.seconds() + 10, p: PERSON },
    });
    expect(sealer.open('refresh', token)).toEqual({ ok: false, reason: 'tampered' });
    expect(new Sealer(`${KEY}x`).open('access', token)).toEqual({ ok: false, reason: 'tampered' });
    const bytes = Buffer.from(token, 'base64url');
    bytes[20] = (bytes[20] as number) ^ 1;
    expect(sealer.open('access', bytes.toString('base64url'))).toEqual({ ok: false, reason: 'tampered' });
    expect(sealer.open('access', `${token}=`)).toEqual({ ok: false, reason: 'malformed' });
    clock += 10_000;
    expect(sealer.open('access', token)).toEqual({ ok: false, reason: 'expired' });
  });

  it("carry nothing readable: the person's keys are not in the token text or its decoding", () => {
    const token = new Sealer(KEY).seal('access', { exp: 2_000_000_000, p: PERSON });
    expect(token).not.toContain('alice');
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('secret-key-alice');
  });

  it('refuse a key shorter than 32 characters', () => {
    expect(() => new Sealer('short')).toThrow(/at least 32/);
  });

  it('UsedIds: an id is claimed once', () => {
    const used = new UsedIds();
    expect(used.claim('a', 100, 50)).toBe(true);
    expect(used.claim('a', 100, 50)).toBe(false);
    expect(used.claim('b', 100, 50)).toBe(true);
  });
});

describe('OAuthServer.authenticate', () => {
  const issue = (now: () => number, aud: string, expIn = 600) => {
    const sealer = new Sealer(KEY, now);
    return sealer.seal('access', { exp: sealer.seconds() + expIn, c: 'client', aud, p: PERSON });
  };

  it('takes a good token, and names the person', async () => {
    const now = () => 1_000_000_000_000;
    const result = await oauth(now).authenticate(request(`Bearer ${issue(now, 'http://mcp.test:8250/mcp')}`));
    expect(result).toMatchObject({
      ok: true,
      principal: { subject: 'user:u-1', label: 'alice (account alice)' },
    });
  });

  it('an expired token: 401 invalid_token saying so, with the resource metadata', async () => {
    let clock = 1_000_000_000_000;
    const now = () => clock;
    const token = issue(now, 'http://mcp.test:8250/mcp');
    clock += 601_000;
    const result = await oauth(now).authenticate(request(`Bearer ${token}`));
    expect(result).toMatchObject({ ok: false, status: 401 });
    const header = (result as { headers: Record<string, string> }).headers['www-authenticate'];
    expect(header).toBe(
      'Bearer error="invalid_token", error_description="the access token expired", resource_metadata="http://mcp.test:8250/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('no token: 401 with resource_metadata only; wrong audience: invalid_token', async () => {
    const now = () => 1_000_000_000_000;
    const none = await oauth(now).authenticate(request());
    expect((none as { headers: Record<string, string> }).headers['www-authenticate']).toBe(
      'Bearer resource_metadata="http://mcp.test:8250/.well-known/oauth-protected-resource/mcp"',
    );
    const other = await oauth(now).authenticate(request(`Bearer ${issue(now, 'https://other.test/mcp')}`));
    expect((other as { message: string }).message).toMatch(/another resource/);
  });

  it("CloudStack's 401 or 531 for the person's keys is 401 invalid_token; an unreachable CloudStack lets the request through", async () => {
    const now = () => 1_000_000_000_000;
    const token = issue(now, 'http://mcp.test:8250/mcp');
    for (const status of [401, 531]) {
      const refusing = oauth(now, async () => {
        throw new CloudStackApiError({
          command: 'listCapabilities',
          httpStatus: status,
          errorCode: status,
          csErrorCode: undefined,
          errorText: 'unable to verify user credentials',
          uuidList: [],
        });
      });
      const result = await refusing.authenticate(request(`Bearer ${token}`));
      expect(result).toMatchObject({ ok: false, status: 401 });
    }
    const down = oauth(now, async () => {
      throw new Error('connect ECONNREFUSED');
    });
    expect(await down.authenticate(request(`Bearer ${token}`))).toMatchObject({ ok: true });
  });
});

describe('tokens and cursors bound to a person', () => {
  it("one person's cursor or confirmation-signed payload is refused for another and for the unbound signer", () => {
    const signer = new TokenSigner('confirm-secret');
    const alice = signer.forSubject('user:a');
    expect(signer.forSubject('user:a')).toBe(alice);
    const cursor = encodeCursor(alice, { api: 'listVirtualMachines', params: {}, start: 50 });
    expect(decodeCursor(alice, cursor).start).toBe(50);
    expect(() => decodeCursor(signer.forSubject('user:b'), cursor)).toThrow(/invalid cursor/);
    expect(() => decodeCursor(signer, cursor)).toThrow(/invalid cursor/);
    // A token of the unbound signer (the token mode) keeps working there, and is refused when bound.
    const plain = signer.sign('confirm', { a: 'destroyVirtualMachine' });
    expect(signer.verify('confirm', plain).ok).toBe(true);
    expect(alice.verify('confirm', plain).ok).toBe(false);
  });
});

describe('the sign-in page', () => {
  it('escapes everything it shows', () => {
    const html = signInPage({
      request: 'blob"><script>',
      clientName: '<img src=x onerror=alert(1)>',
      redirectHost: 'a"b',
      username: '"><b>',
      error: '<i>bad</i>',
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<i>bad');
    expect(html).toContain(escapeHtml('<img src=x onerror=alert(1)>'));
  });
});

describe('serve settings for --auth cloudstack', () => {
  const env = { MCP_TOKEN_KEY: KEY };

  it('needs HTTP, a token key of 32+ characters (not echoed), and no MCP_AUTH_TOKEN', () => {
    expect(() => oauthSettings('cloudstack', 'stdio', env, undefined)).toThrow(/needs --transport http/);
    expect(() => oauthSettings('cloudstack', 'http', {}, undefined)).toThrow(/MCP_TOKEN_KEY .*unset/);
    const short = 'short-secret-value';
    expect(() => oauthSettings('cloudstack', 'http', { MCP_TOKEN_KEY: short }, undefined)).toThrow(
      /at least 32 characters \(got 18\)/,
    );
    try {
      oauthSettings('cloudstack', 'http', { MCP_TOKEN_KEY: short }, undefined);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => oauthSettings('cloudstack', 'http', { ...env, MCP_AUTH_TOKEN: 'x' }, undefined)).toThrow(
      /exclude each other/,
    );
    expect(oauthSettings('token', 'stdio', {}, undefined)).toBeUndefined();
  });

  it('reads the public URL from the flag or MCP_PUBLIC_URL, strictly', () => {
    expect(oauthSettings('cloudstack', 'http', env, 'https://mcp.example.com/')).toEqual({
      tokenKey: KEY,
      publicUrl: 'https://mcp.example.com',
    });
    expect(
      oauthSettings(
        'cloudstack',
        'http',
        { ...env, MCP_PUBLIC_URL: 'https://mcp.example.com:8443' },
        undefined,
      )?.publicUrl,
    ).toBe('https://mcp.example.com:8443');
    expect(() => oauthSettings('cloudstack', 'http', env, 'https://mcp.example.com/team')).toThrow(/no path/);
    expect(() => oauthSettings('cloudstack', 'http', env, 'ftp://x')).toThrow(
      /--public-url must be an http\(s\) origin/,
    );
    expect(() =>
      oauthSettings('cloudstack', 'http', { ...env, MCP_PUBLIC_URL: 'mcp.example.com' }, undefined),
    ).toThrow(/MCP_PUBLIC_URL/);
  });
});
