// Secrets: a server that logs at debug level, over stdio (logging in with username/password) and over HTTP
// (API keys, bearer token, confirmation secret), is led through calls that tempt it to show credentials
// (listUsers, getUserKeys, registerUserKeys for a new user, login through callApi, signature failures,
// wrong bearer tokens). Everything it wrote (stderr, stdout, every protocol message) is grepped for every
// credential involved, and none is found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudStackClient, createClient } from '../../src/cloudstack/client.js';
import { REDACTED } from '../../src/cloudstack/redact.js';
import {
  apiKeyEnv,
  callBounded,
  connectHttp,
  createLoginUser,
  passwordEnv,
  type Simulator,
  secretsOf,
  spawnHttp,
  spawnStdio,
  startSim,
} from './helpers.js';
import { Transcript } from './transcript.js';

const AUTH_TOKEN = 'bearer-token-for-the-secrets-test-3f9a1c';
const CONFIRM_SECRET = 'confirm-secret-for-the-secrets-test-77d2e0';
const USER_PASSWORD = 'new-user-password-Zq81!x';

describe('secrets never appear in what the server writes', () => {
  const transcript = new Transcript();
  const secrets: Record<string, string> = {};
  let simulator: Simulator;
  let admin: CloudStackClient;

  beforeAll(async () => {
    simulator = await startSim({ seed: 51, seedVms: 5 });
    Object.assign(secrets, secretsOf(simulator), { authToken: AUTH_TOKEN, confirmSecret: CONFIRM_SECRET });
    admin = createClient({
      apiUrl: simulator.url,
      apiKey: simulator.admin.apiKey,
      secretKey: simulator.admin.secretKey,
    });
  });

  afterAll(async () => {
    await admin?.close();
    await simulator?.close();
  });

  it('over stdio, logged in with username and password', async () => {
    const login = await createLoginUser(simulator);
    secrets.loginPassword = login.password;
    const server = await spawnStdio(passwordEnv(simulator, login), {
      transcript,
      name: 'stdio login server',
    });
    try {
      const userId = simulator.admin.userId;
      const calls: [string, Record<string, unknown>][] = [
        ['callApi', { api: 'listUsers', params: { listall: true } }],
        ['callApi', { api: 'getUserKeys', params: { id: userId } }],
        ['callApi', { api: 'listAccounts', params: { listall: true } }],
        [
          'callApi',
          {
            api: 'login',
            params: { username: login.username, password: login.password },
          },
        ],
        ['callApi', { api: 'createUser', params: { password: login.password } }],
        ['describeApi', { api: 'registerUserKeys' }],
      ];
      for (const [name, args] of calls) await callBounded(server.client, name, args);

      // A new user whose keys the server makes and shows: they must come back redacted too. In an account
      // of its own: the server refuses to add logins to its own account (the admin account here).
      const accountName = `secret-acct-${Date.now().toString(36)}`;
      await admin.request('createAccount', {
        account: accountName,
        accounttype: 0,
        domainid: simulator.seeded.rootDomainId,
        username: `${accountName}-owner`,
        password: USER_PASSWORD,
        email: 'owner@example.com',
        firstname: 'Account',
        lastname: 'Owner',
      });
      const account = { name: accountName, domainid: simulator.seeded.rootDomainId };
      const created = await callConfirmed(server.client, {
        api: 'createUser',
        params: {
          account: account?.name,
          domainid: account?.domainid,
          username: `secret-test-${Date.now().toString(36)}`,
          password: USER_PASSWORD,
          email: 'someone@example.com',
          firstname: 'Some',
          lastname: 'One',
        },
      });
      expect(created.kind).toBe('ok');
      secrets.userPassword = USER_PASSWORD;
      const newUserId = (created.kind === 'ok' ? JSON.stringify(created.result.structuredContent) : '').match(
        /"id":"([^"]+)"/,
      )?.[1];
      expect(newUserId).toBeTruthy();
      await callConfirmed(server.client, { api: 'registerUserKeys', params: { id: newUserId } });
      await callBounded(server.client, 'callApi', { api: 'getUserKeys', params: { id: newUserId } });
      const keys = await admin.request<{ userkeys?: { apikey?: string; secretkey?: string } }>(
        'getUserKeys',
        {
          id: newUserId,
        },
      );
      secrets.newUserApiKey = keys.userkeys?.apikey ?? '';
      secrets.newUserSecretKey = keys.userkeys?.secretkey ?? '';
      expect(secrets.newUserSecretKey).not.toBe('');
    } finally {
      await server.close();
    }
  });

  it('over HTTP with API keys, a bearer token and a confirmation secret', async () => {
    const env = { ...apiKeyEnv(simulator), MCP_AUTH_TOKEN: AUTH_TOKEN, MCP_CONFIRM_SECRET: CONFIRM_SECRET };
    const server = await spawnHttp(env, { transcript, name: 'http server' });
    try {
      // Wrong and missing tokens are refused, and the refusals are logged without the right one.
      for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${AUTH_TOKEN.slice(0, -1)}`]) {
        const response = await fetch(server.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...(authorization ? { authorization } : {}),
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        transcript.record('http refusals', await response.text());
        expect(response.status).toBe(401);
      }
      const session = await connectHttp(server.url, transcript, { authorization: `Bearer ${AUTH_TOKEN}` });
      const client = session.client;
      const vm = (
        await admin.request<{ virtualmachine?: { id: string }[] }>('listVirtualMachines', { listall: true })
      ).virtualmachine?.[0]?.id;
      for (const [name, args] of [
        ['callApi', { api: 'listUsers', params: { listall: true } }],
        ['callApi', { api: 'getUserKeys', params: { id: simulator.admin.userId } }],
        ['destroyVM', { vm }],
        ['callApi', { api: 'destroyVirtualMachine', params: { id: vm } }],
        ['callApi', { api: 'listZones', params: { apikey: simulator.admin.apiKey } }],
      ] as [string, Record<string, unknown>][]) {
        await callBounded(client, name, args);
      }
      await session.close();
    } finally {
      await server.close();
    }
  });

  it('when CloudStack rejects its signature (wrong secret key)', async () => {
    const wrongSecret = `${simulator.admin.secretKey.slice(0, -4)}AAAA`;
    secrets.wrongSecret = wrongSecret;
    const server = await spawnStdio(
      { ...apiKeyEnv(simulator), CLOUDSTACK_SECRET_KEY: wrongSecret },
      { transcript, name: 'stdio wrong-key server' },
    ).catch((error: Error) => {
      // Refusing to start is fine too, as long as the message keeps the keys to itself.
      transcript.record('start failure', error.message);
      return undefined;
    });
    if (server) {
      const outcome = await callBounded(server.client, 'listZones', {});
      expect(outcome.kind).toBe('tool-error');
      await server.close();
    }
  });

  it('through an HTTP session that connects without a token too', async () => {
    const server = await spawnHttp(apiKeyEnv(simulator), { transcript, name: 'http server (no token)' });
    try {
      const session = await connectHttp(server.url, transcript);
      await callBounded(session.client, 'callApi', { api: 'listUsers', params: { listall: true } });
      await session.close();
    } finally {
      await server.close();
    }
  });

  it('has a grep that finds a credential, plain, URL-encoded or JSON-escaped', () => {
    const planted = new Transcript();
    planted.record('a', `x=${encodeURIComponent('s3cr/t+k=y')}`);
    planted.record('b', JSON.stringify({ v: 'quote"d-secret' }));
    expect(
      planted
        .leaks({ one: 's3cr/t+k=y', two: 'quote"d-secret', absent: 'not-there-123' })
        .map((l) => l.secret),
    ).toEqual(['one', 'two']);
  });

  it('found no credential in anything written', () => {
    expect(transcript.sources().length).toBeGreaterThanOrEqual(5);
    // The tempting answers did pass through (keys shown masked), so the grep had something to look at.
    expect(transcript.leaks({ marker: REDACTED }).length).toBeGreaterThan(0);
    expect(transcript.leaks(secrets)).toEqual([]);
  });
});

/** A callApi call that may need confirmation (createUser and registerUserKeys change access): confirmed. */
async function callConfirmed(client: Parameters<typeof callBounded>[0], args: Record<string, unknown>) {
  const first = await callBounded(client, 'callApi', args);
  const structured = (first.kind === 'ok' ? first.result.structuredContent : undefined) as
    | { status?: string; confirmation?: { confirmToken?: string } }
    | undefined;
  if (structured?.status !== 'confirmation_required') return first;
  return callBounded(client, 'callApi', { ...args, confirm: structured.confirmation?.confirmToken });
}
