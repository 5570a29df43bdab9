// `serve --transport http --auth cloudstack` (the built CLI) against a simulator this test runs: the whole
// OAuth flow with raw fetch for two people of different roles (the admin, and a plain user created here
// through the simulator's own createAccount), MCP calls with their bearer tokens through the SDK's client
// transport, and the bad inputs the specs name.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudStackClient, createClient } from '../../src/cloudstack/client.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { itemsOf } from '../mcp/harness.js';
import { call, errorOf, type SpawnedServer, spawnHttpServer } from './cli.js';
import {
  authorizeUrl,
  pkce,
  postSignIn,
  type Registered,
  register,
  requestBlob,
  signInAs,
  type Tokens,
  tokenRequest,
} from './oauth-flow.js';

const TOKEN_KEY = 'e2e-oauth-token-key-0123456789abcdefghij';
const USER = { username: 'alice', password: 'alice-password-1', domain: '/' };

let simulator: RunningSimulator;
let admin: CloudStackClient;
let server: SpawnedServer;
let base: string;
const clients: Client[] = [];

async function mcpAs(token: string): Promise<Client> {
  const client = new Client({ name: 'e2e-oauth', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

function mcpPost(token: string | undefined, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extra,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
}

async function vmNames(client: Client): Promise<string[]> {
  const answer = await call(client, 'listVirtualMachines', {});
  return itemsOf(answer.structured).map((vm) => String(vm.name));
}

beforeAll(async () => {
  simulator = await startSimulator({ jobDurationMs: 50 });
  admin = createClient({
    apiUrl: simulator.url,
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
  });
  // The second person: a plain user (account type 0) with a password and no API keys yet.
  await admin.request('createAccount', {
    accounttype: 0,
    username: USER.username,
    password: USER.password,
    firstname: 'Alice',
    lastname: 'User',
    email: 'alice@example.com',
  });
  const z = simulator.seeded;
  await admin.request('deployVirtualMachine', {
    zoneid: z.advancedZoneId,
    templateid: z.templateId,
    serviceofferingid: z.serviceOfferingId,
    name: 'admin-vm',
  });
  await admin.request('deployVirtualMachine', {
    zoneid: z.advancedZoneId,
    templateid: z.templateId,
    serviceofferingid: z.serviceOfferingId,
    name: 'alice-vm',
    account: USER.username,
    domainid: z.rootDomainId,
  });
  server = await spawnHttpServer(['--auth', 'cloudstack'], {
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_API_KEY: '',
    CLOUDSTACK_SECRET_KEY: '',
    CLOUDSTACK_TIMEOUT: '5',
    MCP_TOKEN_KEY: TOKEN_KEY,
    MCP_AUTH_TOKEN: '',
    MCP_LOG_LEVEL: 'debug',
  });
  base = server.url.replace(/\/mcp$/, '');
}, 60_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => {});
  await server?.stop();
  await admin?.close();
  await simulator?.close().catch(() => {});
});

describe('serve --auth cloudstack: discovery', () => {
  it('answers 401 with resource_metadata, and both metadata documents', async () => {
    const refused = await mcpPost(undefined);
    expect(refused.status).toBe(401);
    const challenge = refused.headers.get('www-authenticate') ?? '';
    expect(challenge).toBe(`Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);

    const resource = await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(resource).toMatchObject({ resource: `${base}/mcp`, authorization_servers: [base] });
    const rootForm = await (await fetch(`${base}/.well-known/oauth-protected-resource`)).json();
    expect(rootForm).toEqual(resource);

    const metadata = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
    expect(metadata).toMatchObject({
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      registration_endpoint: `${base}/oauth/register`,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
    });
  });
});

describe('serve --auth cloudstack: two people', () => {
  let adminTokens: Tokens;
  let userTokens: Tokens;
  let userClientId: string;

  beforeAll(async () => {
    adminTokens = (await signInAs(base, { username: 'admin', password: 'password', domain: '/' })).tokens;
    const flow = await signInAs(base, USER);
    userTokens = flow.tokens;
    userClientId = flow.clientId;
  }, 30_000);

  it('issues bearer tokens, short-lived, with a refresh token', () => {
    expect(adminTokens.token_type).toBe('Bearer');
    expect(adminTokens.expires_in).toBeLessThanOrEqual(3600);
    expect(adminTokens.refresh_token).toBeTruthy();
  });

  it("the admin's agent sees both people's VMs; the plain user's only their own", async () => {
    const asAdmin = await mcpAs(adminTokens.access_token);
    expect(await vmNames(asAdmin)).toEqual(expect.arrayContaining(['admin-vm', 'alice-vm']));
    const asUser = await mcpAs(userTokens.access_token);
    expect(await vmNames(asUser)).toEqual(['alice-vm']);
  });

  it("the plain user's agent is refused an admin-only API; the admin's is not", async () => {
    const asUser = await mcpAs(userTokens.access_token);
    const refused = await call(asUser, 'callApi', { api: 'listHosts', params: {} });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(errorOf(refused))).toMatch(/listHosts/);
    const asAdmin = await mcpAs(adminTokens.access_token);
    const hosts = await call(asAdmin, 'callApi', { api: 'listHosts', params: {} });
    expect(hosts.isError).toBe(false);
  });

  // CloudStack's listApis lists only what the caller's role allows; the server builds each person's catalog
  // from their own listApis (people.ts check), so searchApis and describeApi show a person only their APIs.
  it("the catalog is each person's listApis: the plain user's agent does not even know admin-only APIs", async () => {
    const asUser = await mcpAs(userTokens.access_token);
    const unknown = await call(asUser, 'describeApi', { api: 'listHosts' });
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(errorOf(unknown))).toMatch(/listHosts/);
    const found = await call(asUser, 'searchApis', { query: 'hosts' });
    expect(JSON.stringify(found.structured)).not.toContain('"listHosts"');
    expect((await call(asUser, 'describeApi', { api: 'listVirtualMachines' })).isError).toBe(false);
    const asAdmin = await mcpAs(adminTokens.access_token);
    const known = await call(asAdmin, 'describeApi', { api: 'listHosts' });
    expect(known.isError).toBe(false);
  });

  it("a paging cursor is bound to the person: the admin's cursor is refused for the plain user", async () => {
    const asAdmin = await mcpAs(adminTokens.access_token);
    const page = await call(asAdmin, 'listVirtualMachines', { limit: 1 });
    const cursor = page.structured.nextCursor as string;
    expect(cursor).toBeTruthy();
    expect((await call(asAdmin, 'listVirtualMachines', { cursor })).isError).toBe(false);
    const asUser = await mcpAs(userTokens.access_token);
    const refused = await call(asUser, 'listVirtualMachines', { cursor });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(errorOf(refused))).toMatch(/cursor/);
  });

  it('logs name the CloudStack user of each call and never a password, key or token', () => {
    const log = server.stderr();
    expect(log).toMatch(/"user":"alice \(account alice\)"/);
    expect(log).toMatch(/"user":"admin/);
    for (const secret of [
      USER.password,
      'password=',
      simulator.admin.secretKey,
      simulator.admin.apiKey,
      TOKEN_KEY,
      userTokens.access_token,
      userTokens.refresh_token,
    ]) {
      expect(log).not.toContain(secret);
    }
  });

  it('refresh rotates: the new pair works, the old refresh token is refused', async () => {
    const first = await tokenRequest(base, {
      grant_type: 'refresh_token',
      refresh_token: userTokens.refresh_token,
      client_id: userClientId,
    });
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as Tokens;
    expect(rotated.refresh_token).not.toBe(userTokens.refresh_token);
    expect(await vmNames(await mcpAs(rotated.access_token))).toEqual(['alice-vm']);
    const again = await tokenRequest(base, {
      grant_type: 'refresh_token',
      refresh_token: userTokens.refresh_token,
      client_id: userClientId,
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it("a session is bound to the person who opened it: another person's token on it is 404", async () => {
    const opened = await mcpPost(adminTokens.access_token);
    expect(opened.status).toBe(200);
    const sessionId = opened.headers.get('mcp-session-id') ?? '';
    await opened.text();
    const hijack = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${userTokens.access_token}`,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(hijack.status).toBe(404);
  });

  it('an altered token, or garbage, is 401 invalid_token with the metadata', async () => {
    const token = adminTokens.access_token;
    const altered = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    for (const bad of [altered, 'not-a-token', adminTokens.refresh_token]) {
      const answer = await mcpPost(bad);
      expect(answer.status).toBe(401);
      const challenge = answer.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer error="invalid_token"/);
      expect(challenge).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
    }
  });

  it('a token for another resource (the server reached under another name) is 401 invalid_token', async () => {
    const otherName = server.url.replace('127.0.0.1', 'localhost');
    const answer = await fetch(otherName, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${adminTokens.access_token}`,
      },
      body: '{}',
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('another resource');
  });

  it('another replica with the same MCP_TOKEN_KEY serves the same tokens; keys CloudStack no longer takes are 401 invalid_token, never a 500', async () => {
    const flow = await signInAs(base, USER);
    // A second process, stateless: no shared store, only the key and the public URL (so the audience is the same).
    const replica = await spawnHttpServer(['--auth', 'cloudstack', '--stateless', '--public-url', base], {
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: '',
      CLOUDSTACK_SECRET_KEY: '',
      MCP_TOKEN_KEY: TOKEN_KEY,
      MCP_AUTH_TOKEN: '',
    });
    try {
      const post = (token: string) =>
        fetch(replica.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'initialize',
            params: {
              protocolVersion: '2025-06-18',
              capabilities: {},
              clientInfo: { name: 'raw', version: '1' },
            },
          }),
        });
      const accepted = await post(adminTokens.access_token);
      expect(accepted.status).toBe(200);
      expect(await accepted.text()).toContain('"serverInfo"');
      // The admin registers new keys for alice: the keys inside her token are dead in CloudStack (401).
      const users = await admin.request<{ user?: { id: string }[] }>('listUsers', {
        username: USER.username,
      });
      await admin.request('registerUserKeys', { id: users.user?.[0]?.id as string });
      const refused = await post(flow.tokens.access_token);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(
        /^Bearer error="invalid_token".*no longer accepts/,
      );
      const refresh = await tokenRequest(base.replace(/:\d+$/, `:${new URL(replica.url).port}`), {
        grant_type: 'refresh_token',
        refresh_token: flow.tokens.refresh_token,
        client_id: flow.clientId,
      });
      expect(refresh.status).toBe(400);
      expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await replica.stop();
    }
  });

  it('a disabled CloudStack user: their next request is refused with 401 invalid_token, and their refresh token too', async () => {
    // A third person of their own, so disabling them leaves the others' tests alone.
    const carol = { username: 'carol', password: 'carol-password-1', domain: '/' };
    await admin.request('createAccount', {
      accounttype: 0,
      username: carol.username,
      password: carol.password,
      firstname: 'Carol',
      lastname: 'User',
      email: 'carol@example.com',
    });
    const flow = await signInAs(base, carol);
    const asCarol = await mcpAs(flow.tokens.access_token);
    expect((await call(asCarol, 'listVirtualMachines', {})).isError).toBe(false);
    const users = await admin.request<{ user?: { id: string }[] }>('listUsers', { username: carol.username });
    await admin.requestAsync('disableUser', { id: users.user?.[0]?.id as string });
    // Her open session: CloudStack refuses the call (401), and the server stops taking her token at once.
    const refusedCall = await call(asCarol, 'listVirtualMachines', {});
    expect(refusedCall.isError).toBe(true);
    const refused = await mcpPost(flow.tokens.access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token".*no longer accepts/,
    );
    const refresh = await tokenRequest(base, {
      grant_type: 'refresh_token',
      refresh_token: flow.tokens.refresh_token,
      client_id: flow.clientId,
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    expect(server.stderr()).not.toContain(carol.password);
  });
});

describe('serve --auth cloudstack: bad input', () => {
  let client: Registered;
  const redirectUri = 'http://127.0.0.1:40001/cb';

  beforeAll(async () => {
    client = (await (await register(base, [redirectUri])).json()) as Registered;
  });

  async function codeFor(challenge: string, person = USER): Promise<string> {
    const page = await fetch(
      authorizeUrl(base, { clientId: client.client_id, redirectUri, challenge, state: 's1' }),
    );
    const posted = await postSignIn(base, requestBlob(await page.text()), person);
    expect(posted.status).toBe(303);
    return new URL(posted.headers.get('location') ?? '').searchParams.get('code') ?? '';
  }

  it('registration: only public clients with acceptable redirect URIs', async () => {
    expect((await register(base, ['http://evil.example.com/cb'])).status).toBe(400);
    expect((await register(base, ['javascript:alert(1)'])).status).toBe(400);
    expect((await register(base, [])).status).toBe(400);
    const secretClient = await fetch(`${base}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
      }),
    });
    expect(secretClient.status).toBe(400);
  });

  it('wrong password: the page again with a clear message and no code', async () => {
    const { challenge } = pkce();
    const page = await fetch(
      authorizeUrl(base, { clientId: client.client_id, redirectUri, challenge, state: 's' }),
    );
    const posted = await postSignIn(base, requestBlob(await page.text()), {
      ...USER,
      password: 'wrong-password-xyz',
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('location')).toBeNull();
    const html = await posted.text();
    expect(html).toContain('CloudStack did not accept this user name, password and domain.');
    expect(html).not.toContain('wrong-password-xyz');
    expect(server.stderr()).not.toContain('wrong-password-xyz');
    // A password typed into the user name field is not logged either.
    const again = await fetch(
      authorizeUrl(base, { clientId: client.client_id, redirectUri, challenge, state: 's' }),
    );
    const typo = await postSignIn(base, requestBlob(await again.text()), {
      username: 'Summer2024!typo',
      password: 'x',
    });
    expect(typo.status).toBe(200);
    expect(server.stderr()).toMatch(/OAuth sign-in refused/);
    expect(server.stderr()).not.toContain('Summer2024!typo');
  });

  it('unknown client and unregistered redirect URI: an error page, no redirect', async () => {
    const { challenge } = pkce();
    const unknown = await fetch(
      authorizeUrl(base, { clientId: 'made-up', redirectUri, challenge, state: 's' }),
      { redirect: 'manual' },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Unknown client');
    const elsewhere = await fetch(
      authorizeUrl(base, {
        clientId: client.client_id,
        redirectUri: 'https://evil.example.com/cb',
        challenge,
        state: 's',
      }),
      { redirect: 'manual' },
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();
    const otherPath = await fetch(
      authorizeUrl(base, {
        clientId: client.client_id,
        redirectUri: 'http://127.0.0.1:40001/other',
        challenge,
        state: 's',
      }),
      { redirect: 'manual' },
    );
    expect(otherPath.status).toBe(400);
  });

  it('plain PKCE and a resource of another server are sent back as errors', async () => {
    const { challenge } = pkce();
    const url = authorizeUrl(base, { clientId: client.client_id, redirectUri, challenge, state: 'st' });
    url.searchParams.set('code_challenge_method', 'plain');
    const plain = await fetch(url, { redirect: 'manual' });
    expect(plain.status).toBe(303);
    expect(new URL(plain.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
    const other = await fetch(
      authorizeUrl(base, {
        clientId: client.client_id,
        redirectUri,
        challenge,
        state: 'st',
        resource: 'https://other.example.com/mcp',
      }),
      { redirect: 'manual' },
    );
    const location = new URL(other.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_target');
    expect(location.searchParams.get('state')).toBe('st');
  });

  it('missing or wrong verifier refused; the right one once; the code reused refused', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const exchange = (extra: Record<string, string>) =>
      tokenRequest(base, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: client.client_id,
        ...extra,
      });
    const missing = await exchange({});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    const wrong = await exchange({ code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange({ code_verifier: verifier })).status).toBe(200);
    const reused = await exchange({ code_verifier: verifier });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the code was already used',
    });
  });

  it('a code for another client, or an unknown client at the token endpoint, is refused', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const other = (await (await register(base, [redirectUri])).json()) as Registered;
    const stolen = await tokenRequest(base, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: other.client_id,
      code_verifier: verifier,
    });
    expect(stolen.status).toBe(400);
    const unknown = await tokenRequest(base, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: 'nobody',
      code_verifier: verifier,
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_client' });
  });
});
