import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, inner, isoIn, ok, queryString, Session } from './helpers.js';

const UNAUTHORIZED = {
  uuidList: [],
  errorcode: 401,
  errortext: 'unable to verify user credentials and/or request signature',
};

describe('simulator authentication', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ sessionTimeoutMs: 60_000 });
  });
  afterAll(() => sim.close());

  it('accepts a plain signed request and a signatureversion 3 one', async () => {
    expect((await call(sim, 'listZones')).status).toBe(200);
    expect((await call(sim, 'listZones', {}, { expires: isoIn(300_000) })).status).toBe(200);
    expect((await call(sim, 'listZones', {}, { expires: isoIn(300_000), method: 'POST' })).status).toBe(200);
  });

  it('accepts CloudMonkey-style requests: RFC 3339 expires, raw map keys, extra filter parameters', async () => {
    const expires = new Date(Date.now() + 900_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const answer = await call(
      sim,
      'listVirtualMachines',
      { 'tags[0].key': 'none', filter: 'id,name', listall: 'true' },
      { expires, rawKeys: true },
    );
    expect(answer.status).toBe(200);
    expect(inner(answer, 'listVirtualMachines')).toEqual({});
  });

  it('answers 401 in CloudStack error shape for a bad signature', async () => {
    const answer = await call(sim, 'listZones', {}, { signatureOverride: 'bm90IGEgc2lnbmF0dXJl' });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ listzonesresponse: UNAUTHORIZED });
  });

  it('answers 401 for an expired or unparsable v3 expires, and for an unknown key', async () => {
    for (const expires of [isoIn(-60_000), 'not-a-date']) {
      const answer = await call(sim, 'listZones', {}, { expires });
      expect(answer.status).toBe(401);
      expect(inner(answer, 'listZones')).toEqual(UNAUTHORIZED);
    }
    const answer = await call(sim, 'listZones', {}, { apiKey: 'unknown-key' });
    expect(answer.status).toBe(401);
  });

  it('answers 401 without any credentials', async () => {
    const response = await fetch(`${sim.url}?${queryString({ command: 'listZones', response: 'json' })}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ listzonesresponse: UNAUTHORIZED });
  });

  it('runs a session: login sets cookies and a sessionkey, calls need both, logout ends it', async () => {
    const session = new Session(sim);
    const login = await session.login();
    expect(login.status).toBe(200);
    const body = inner(login, 'login');
    expect(body).toMatchObject({ username: 'admin', userid: sim.admin.userId, account: 'admin', type: '1' });
    expect(body.sessionkey).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(session.cookieHeader()).toMatch(/JSESSIONID=/);
    expect(session.cookieHeader()).toMatch(/sessionkey=/);

    expect((await session.call('listZones')).status).toBe(200);
    // The sessionkey cookie alone also proves the session (CloudStack's cookie-or-parameter check).
    expect((await session.call('listZones', {}, false)).status).toBe(200);

    const logout = await session.call('logout');
    expect(logout.body).toEqual({ logoutresponse: { description: 'success' } });
    const after = await session.call('listZones');
    expect(after.status).toBe(401);
  });

  it('rejects a wrong session key and ends that session', async () => {
    const session = new Session(sim);
    await session.login();
    session.sessionKey = 'wrong';
    const answer = await session.call('listZones');
    expect(answer.status).toBe(401);
    expect(inner(answer, 'listZones').errortext).toBe('unable to verify user credentials');
  });

  it('refuses bad credentials with 531', async () => {
    const session = new Session(sim);
    const answer = await session.login('admin', 'wrong');
    expect(answer.status).toBe(531);
    expect(inner(answer, 'login').errortext).toBe(
      'Failed to authenticate user admin in domain 1; please provide valid credentials',
    );
    expect((await session.login('admin', 'password', '/no-such-domain')).status).toBe(531);
  });

  it('asks for the login parameters it needs', async () => {
    const response = await fetch(sim.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: queryString({ command: 'login', username: 'admin', response: 'json' }),
    });
    expect(response.status).toBe(431);
    expect(
      ((await response.json()) as { loginresponse: { errortext: string } }).loginresponse.errortext,
    ).toBe('Unable to execute API command login due to missing parameter password');
  });

  it('expires sessions on demand', async () => {
    const session = new Session(sim);
    await session.login();
    expect((await session.call('listZones')).status).toBe(200);
    sim.expireSessions();
    expect((await session.call('listZones')).status).toBe(401);
    expect((await session.login()).status).toBe(200);
    expect((await session.call('listZones')).status).toBe(200);
  });

  it('lets users created through the API log in and use their own keys', async () => {
    const created = await ok(sim, 'createAccount', {
      username: 'alice',
      password: 'wonderland',
      firstname: 'Alice',
      lastname: 'Liddell',
      email: 'alice@example.com',
      accounttype: '0',
    });
    const account = created.account as { user: Array<{ id: string }>; roletype: string };
    expect(account.roletype).toBe('User');
    const userId = account.user[0]?.id ?? '';
    const keys = (await ok(sim, 'registerUserKeys', { id: userId })).userkeys as {
      apikey: string;
      secretkey: string;
    };
    expect((await ok(sim, 'getUserKeys', { id: userId })).userkeys).toEqual(keys);

    const asAlice = { apiKey: keys.apikey, secretKey: keys.secretkey };
    expect((await call(sim, 'listZones', {}, asAlice)).status).toBe(200);
    // getUser finds a user by API key, as the signature check does.
    const found = (await ok(sim, 'getUser', { userapikey: keys.apikey })).user as { id: string };
    expect(found.id).toBe(userId);
    const unknown = await call(sim, 'getUser', { userapikey: 'no-such-key' });
    expect(unknown.status).toBe(431);
    expect(inner(unknown, 'getUser').errortext).toBe('User with specified API key does not exist');
    const own = inner(await call(sim, 'listAccounts', {}, asAlice), 'listAccounts') as {
      account: Array<{ name: string }>;
    };
    expect(own.account.map((a) => a.name)).toEqual(['alice']);
    // Admin-only APIs are not available to a user account.
    const hosts = await call(sim, 'listHosts', {}, asAlice);
    expect(hosts.status).toBe(432);

    const session = new Session(sim);
    expect((await session.login('alice', 'wonderland')).status).toBe(200);
    expect(inner(await session.call('listUsers'), 'listUsers')).toMatchObject({ count: 1 });
  });
});
