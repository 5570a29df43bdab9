import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ClientEvent, CloudStackClient, obtainUserKeys } from '../../src/cloudstack/client.js';
import { CloudStackApiError } from '../../src/cloudstack/errors.js';
import { parseSetCookie } from '../../src/cloudstack/session.js';
import { type FakeServer, sendError, sendOk, startServer, UNAUTHORIZED } from './fake-server.js';

const PASSWORD = 'pa55-w0rd & more';
const users = new Map<
  string,
  { id: string; account: string; keys?: { apikey: string; secretkey: string } }
>();
/** JSESSIONID → session key. */
const sessions = new Map<string, string>();
const issuedKeys: string[] = [];
let rejectEverySession = false;
/** Behave like CloudStack before 4.10: no getUserKeys, listUsers shows the keys. */
let oldServer = false;

function cookieOf(header: string | undefined, name: string): string | undefined {
  return parseSetCookie((header ?? '').split(/;\s*/)).get(name);
}

let server: FakeServer;
const events: ClientEvent[] = [];
const caught: unknown[] = [];

beforeAll(async () => {
  server = await startServer((req, res) => {
    const command = req.params.command ?? '';
    if (command === 'login') {
      if (req.method !== 'POST')
        return sendError(res, command, 405, 9999, 'Please use HTTP POST to authenticate');
      const user = users.get(req.params.username ?? '');
      if (!user || req.params.password !== PASSWORD || req.params.domain !== '/') {
        return sendError(
          res,
          command,
          531,
          4330,
          `Failed to authenticate user ${req.params.username} in domain 1; please provide valid credentials`,
        );
      }
      const jsession = randomUUID();
      const sessionKey = `sk-${randomUUID()}`;
      sessions.set(jsession, sessionKey);
      issuedKeys.push(sessionKey);
      return sendOk(
        res,
        'login',
        {
          username: req.params.username,
          userid: user.id,
          domainid: 'dom-1',
          timeout: 1800,
          account: user.account,
          type: '1',
          registered: 'false',
          sessionkey: sessionKey,
        },
        {
          'set-cookie': [
            `JSESSIONID=${jsession}; Path=/client; HttpOnly`,
            `sessionkey=${sessionKey}; Path=/client`,
          ],
        },
      );
    }
    const jsession = cookieOf(req.headers.cookie, 'JSESSIONID');
    const expected = jsession === undefined ? undefined : sessions.get(jsession);
    const valid =
      !rejectEverySession &&
      expected !== undefined &&
      req.params.sessionkey === expected &&
      cookieOf(req.headers.cookie, 'sessionkey') === expected &&
      req.params.signature === undefined;
    if (!valid) return sendError(res, command, 401, 0, UNAUTHORIZED);
    switch (command) {
      case 'logout':
        sessions.delete(jsession!);
        return sendOk(res, command, { description: 'success' });
      case 'listUsers': {
        const user = [...users.values()].find((u) => u.id === req.params.id);
        return sendOk(
          res,
          command,
          user ? { count: 1, user: [{ id: user.id, account: user.account, ...user.keys }] } : {},
        );
      }
      case 'getUserKeys': {
        if (oldServer)
          return sendError(
            res,
            command,
            432,
            9999,
            'The given command does not exist or it is not available for user',
          );
        const user = [...users.values()].find((u) => u.id === req.params.id);
        return sendOk(res, command, user?.keys ? { userkeys: user.keys } : {});
      }
      case 'registerUserKeys': {
        const user = [...users.values()].find((u) => u.id === req.params.id)!;
        user.keys = { apikey: `api-${randomUUID()}`, secretkey: `secret-${randomUUID()}` };
        return sendOk(res, command, { userkeys: user.keys });
      }
      default:
        return sendOk(res, command, { count: 1, zone: [{ id: 'zone-1' }] });
    }
  });
});
afterAll(async () => {
  await server.close();
  const everything =
    JSON.stringify(events) + caught.map((e) => `${(e as Error).message} ${JSON.stringify(e)}`).join('\n');
  expect(everything).not.toContain(PASSWORD);
  expect(everything).not.toContain(encodeURIComponent(PASSWORD));
  for (const key of issuedKeys) expect(everything).not.toContain(key);
});
beforeEach(() => {
  users.clear();
  users.set('alice', { id: 'user-alice', account: 'admin' });
  users.set('bob', { id: 'user-bob', account: 'ops', keys: { apikey: 'bob-api', secretkey: 'bob-secret' } });
  server.requests.length = 0;
  sessions.clear();
  rejectEverySession = false;
  oldServer = false;
});

function sessionClient(username = 'alice', password = PASSWORD) {
  return new CloudStackClient({
    apiUrl: server.url,
    username,
    password,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    logger: (event) => events.push(event),
  });
}

describe('username/password sessions', () => {
  it('logs in by POST form, then sends sessionkey and cookies, unsigned', async () => {
    const client = sessionClient();
    await expect(client.request('listZones')).resolves.toMatchObject({ count: 1 });
    const [login, call] = server.requests;
    expect(login).toMatchObject({ method: 'POST', rawQuery: '' });
    expect(login!.params).toMatchObject({
      command: 'login',
      username: 'alice',
      password: PASSWORD,
      domain: '/',
      response: 'json',
    });
    expect(call!.params.sessionkey).toMatch(/^sk-/);
    expect(call!.params.apiKey).toBeUndefined();
    expect(call!.headers.cookie).toMatch(/JSESSIONID=.*; sessionkey=sk-/);
    await client.close();
  });

  it('login() tells who the user is, without the session key', async () => {
    const client = sessionClient();
    const info = await client.login();
    expect(info).toMatchObject({
      userId: 'user-alice',
      username: 'alice',
      account: 'admin',
      domainId: 'dom-1',
      timeoutSeconds: 1800,
    });
    expect(JSON.stringify(info)).not.toContain('sk-');
    await client.close();
  });

  it('an expired session (401) logs in again once and repeats the call, even a write', async () => {
    const client = sessionClient();
    await client.request('listZones');
    sessions.clear(); // the server forgot every session
    await expect(client.request('deployVirtualMachine', { zoneid: 'z' })).resolves.toMatchObject({
      count: 1,
    });
    expect(server.requests.map((r) => r.params.command)).toEqual([
      'login',
      'listZones',
      'deployVirtualMachine',
      'login',
      'deployVirtualMachine',
    ]);
    expect(events.some((e) => e.type === 'relogin')).toBe(true);
    await client.close();
  });

  it('relogs in only once: a second 401 is the caller’s error', async () => {
    const client = sessionClient();
    await client.login();
    rejectEverySession = true;
    const error = await client.request('listZones').catch((e: unknown) => e);
    caught.push(error);
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({ httpStatus: 401 });
    expect(server.requests.filter((r) => r.params.command === 'login')).toHaveLength(2);
    await client.close();
  });

  it('concurrent calls meeting an expired session share one login', async () => {
    const client = sessionClient();
    await client.login();
    sessions.clear();
    await Promise.all(Array.from({ length: 5 }, () => client.request('listZones')));
    expect(server.requests.filter((r) => r.params.command === 'login')).toHaveLength(2);
    await client.close();
  });

  it('close() logs out with the session key and closes the client', async () => {
    const client = sessionClient();
    await client.request('listZones');
    await client.close();
    const logout = server.requests.at(-1)!;
    expect(logout.params.command).toBe('logout');
    expect(logout.params.sessionkey).toMatch(/^sk-/);
    expect(sessions.size).toBe(0);
    await expect(client.request('listZones')).rejects.toThrow(/closed/);
    await client.close(); // idempotent
  });

  it('a wrong password is CloudStack’s 531 with errortext, tried once', async () => {
    const client = sessionClient('alice', 'wrong-password-123');
    const error = await client.request('listZones').catch((e: unknown) => e);
    caught.push(error);
    expect(error).toMatchObject({
      httpStatus: 531,
      command: 'login',
      errorText: expect.stringContaining('Failed to authenticate user alice'),
    });
    expect(server.requests).toHaveLength(1);
    await client.close();
  });
});

describe('obtainUserKeys', () => {
  it('registers keys for a user who has none, then logs out', async () => {
    const keys = await obtainUserKeys({ apiUrl: server.url, username: 'alice', password: PASSWORD });
    expect(keys).toMatchObject({
      userId: 'user-alice',
      username: 'alice',
      account: 'admin',
      domainId: 'dom-1',
      created: true,
    });
    expect(keys.apiKey).toBe(users.get('alice')!.keys!.apikey);
    expect(keys.secretKey).toBe(users.get('alice')!.keys!.secretkey);
    expect(server.requests.map((r) => r.params.command)).toEqual([
      'login',
      'getUserKeys',
      'registerUserKeys',
      'logout',
    ]);
  });

  it('returns existing keys without regenerating them', async () => {
    const keys = await obtainUserKeys({ apiUrl: server.url, username: 'bob', password: PASSWORD });
    expect(keys).toMatchObject({
      apiKey: 'bob-api',
      secretKey: 'bob-secret',
      created: false,
      account: 'ops',
    });
    expect(server.requests.map((r) => r.params.command)).toEqual(['login', 'getUserKeys', 'logout']);
  });

  it('falls back to listUsers on CloudStack without getUserKeys', async () => {
    oldServer = true;
    const keys = await obtainUserKeys({ apiUrl: server.url, username: 'bob', password: PASSWORD });
    expect(keys).toMatchObject({ apiKey: 'bob-api', secretKey: 'bob-secret', created: false });
    expect(server.requests.map((r) => r.params.command)).toEqual([
      'login',
      'getUserKeys',
      'listUsers',
      'logout',
    ]);
  });

  it('needs username and password', async () => {
    await expect(obtainUserKeys({ apiUrl: server.url, username: 'bob' })).rejects.toMatchObject({
      parameter: 'password',
    });
  });
});
