// The SDK client's own OAuth support (OAuthClientProvider + StreamableHTTPClientTransport) against
// `serve --simulator --transport http --auth cloudstack`, the built CLI: the SDK discovers, registers,
// sends the person to the sign-in page (here filled in by redirectToAuthorization, as a browser would),
// exchanges the code with finishAuth, and then its MCP calls carry the bearer token; when the access
// token is refused later, it refreshes on its own. No special cases on either side.

import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf } from '../mcp/harness.js';
import { call, type SpawnedServer, spawnHttpServer } from './cli.js';
import { requestBlob } from './oauth-flow.js';

let server: SpawnedServer;

beforeAll(async () => {
  // --seed-team: domain /child's people can sign in too (password "password", as the README says).
  server = await spawnHttpServer(['--simulator', '--seed-team', '--auth', 'cloudstack'], {
    MCP_TOKEN_KEY: 'e2e-oauth-sdk-token-key-0123456789abcdef',
    MCP_AUTH_TOKEN: '',
    CLOUDSTACK_API_URL: '',
    CLOUDSTACK_API_KEY: '',
    CLOUDSTACK_SECRET_KEY: '',
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

interface Person {
  username: string;
  password: string;
  domain: string;
}
const ADMIN: Person = { username: 'admin', password: 'password', domain: '/' };

/** An in-memory provider whose "browser" signs in as the person (the simulator's admin by default). */
class SignInProvider implements OAuthClientProvider {
  constructor(private readonly person: Person = ADMIN) {}

  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  code: string | undefined;
  redirects = 0;

  get redirectUrl(): string {
    return 'http://127.0.0.1:33418/callback';
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'SDK e2e client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this.info;
  }

  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }

  tokens() {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }

  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }

  codeVerifier() {
    return this.verifier;
  }

  async redirectToAuthorization(url: URL) {
    this.redirects++;
    const page = await fetch(url);
    const posted = await fetch(new URL('/oauth/authorize', url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        request: requestBlob(await page.text()),
        ...this.person,
      }),
      redirect: 'manual',
    });
    const location = new URL(posted.headers.get('location') ?? '');
    this.code = location.searchParams.get('code') ?? undefined;
  }
}

describe('the SDK client with its OAuth provider', () => {
  it('signs in, calls tools as the person, and refreshes a refused access token by itself', async () => {
    const provider = new SignInProvider();
    const first = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider });
    const client = new Client({ name: 'sdk-oauth', version: '1.0.0' });
    await expect(client.connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.redirects).toBe(1);
    expect(provider.code).toBeTruthy();
    await first.finishAuth(provider.code as string);
    expect(provider.saved?.access_token).toBeTruthy();

    const connected = new Client({ name: 'sdk-oauth', version: '1.0.0' });
    await connected.connect(
      new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider }),
    );
    const zones = await call(connected, 'listZones', {});
    expect(itemsOf(zones.structured).length).toBeGreaterThan(0);
    await connected.close();

    // An access token the server no longer takes (here: altered) makes the SDK use its refresh token.
    const refresh = provider.saved?.refresh_token;
    provider.saved = { ...(provider.saved as OAuthTokens), access_token: 'expired-or-altered' };
    const again = new Client({ name: 'sdk-oauth', version: '1.0.0' });
    await again.connect(new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider }));
    expect(provider.saved?.access_token).not.toBe('expired-or-altered');
    expect(provider.saved?.refresh_token).not.toBe(refresh);
    expect(provider.redirects).toBe(1);
    await again.close();
    expect(server.stderr()).toMatch(/OAuth sign-in \{"user":"admin/);
  });
});

describe('serve --simulator --seed-team', () => {
  it("lets the seeded team's User sign in: their agent sees their account's VMs only and is refused admin APIs", async () => {
    expect(server.stderr()).toMatch(
      /domain \/child seeded with childadmin \(Domain Admin\) and childuser \(User\)/,
    );
    const provider = new SignInProvider({ username: 'childuser', password: 'password', domain: '/child' });
    const first = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider });
    await expect(new Client({ name: 'sdk-oauth', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await first.finishAuth(provider.code as string);
    const client = new Client({ name: 'sdk-oauth', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider }));
    try {
      const vms = await call(client, 'listVirtualMachines', {});
      expect(itemsOf(vms.structured).map((vm) => vm.name)).toEqual(
        expect.arrayContaining(['child-vm-1', 'child-vm-2']),
      );
      expect(itemsOf(vms.structured)).toHaveLength(2);
      expect((await call(client, 'callApi', { api: 'listHosts', params: {} })).isError).toBe(true);
    } finally {
      await client.close();
    }
    expect(server.stderr()).toMatch(/OAuth sign-in \{"user":"childuser/);
    expect(server.stderr()).not.toContain('password');
  });
});
