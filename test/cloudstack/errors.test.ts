import net from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientEvent, type ClientOptions, CloudStackClient } from '../../src/cloudstack/client.js';
import {
  CloudStackAbortError,
  CloudStackApiError,
  CloudStackConnectionError,
  type CloudStackError,
  CloudStackInputError,
  CloudStackResponseFormatError,
  CloudStackTimeoutError,
} from '../../src/cloudstack/errors.js';
import { bodySnippet } from '../../src/cloudstack/response.js';
import { type FakeServer, sendError, sendJson, sendOk, startServer } from './fake-server.js';

const API_KEY = 'AKxxxxAPIKEYxxxx1234';
const SECRET = 'SKxxxxSECRETxxxx5678';
const USER_PASSWORD = 'hunter2-very-secret';

const events: ClientEvent[] = [];
const errors: unknown[] = [];

/** Everything an error could expose: message, stack, fields, and the whole cause chain. */
function exposed(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(
        current.message,
        current.stack ?? '',
        JSON.stringify(current),
        JSON.stringify({ ...current }),
      );
      parts.push(String(Object.getOwnPropertyNames(current).map((k) => String((current as never)[k]))));
      current = current.cause;
    } else {
      parts.push(JSON.stringify(current));
      current = undefined;
    }
  }
  return parts.join('\n');
}

async function catchError(promise: Promise<unknown>): Promise<CloudStackError> {
  try {
    await promise;
  } catch (error) {
    errors.push(error);
    return error as CloudStackError;
  }
  throw new Error('expected a rejection');
}

let server: FakeServer;
let client: CloudStackClient;

function makeClient(options: Partial<ClientOptions> = {}) {
  return new CloudStackClient({
    apiUrl: server.url,
    apiKey: API_KEY,
    secretKey: SECRET,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2 },
    logger: (event) => events.push(event),
    ...options,
  });
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const command = req.params.command ?? '';
    switch (command) {
      case 'deployVirtualMachine':
        return sendError(
          res,
          command,
          431,
          4350,
          'Unable to execute API command deployvirtualmachine due to missing parameter zoneid',
        );
      case 'createUser':
        // CloudStack sometimes echoes values in errortext; a password must not survive that.
        return sendError(res, command, 530, 4250, `Internal error: password ${req.params.password} rejected`);
      case 'listZones':
        return sendOk(res, command, {});
      case 'listHosts':
        return sendError(res, command, 401, 0, 'unable to verify user credentials and/or request signature');
      case 'listHtml':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(
          `<!DOCTYPE html><html><head><title>Sign in — Corp SSO</title></head><body>You asked for /client/api?${req.rawQuery}</body></html>`,
        );
      case 'listProxy':
        res.writeHead(502, { 'content-type': 'text/plain' });
        return res.end(`502 Bad Gateway: upstream for ?${req.rawQuery} is down`);
      case 'listRedirect':
        res.writeHead(302, { location: `https://sso.example.com/login?next=/client/api?${req.rawQuery}` });
        return res.end();
      case 'listOther':
        return sendJson(res, 200, { message: 'hello', apiKey: req.params.apiKey });
      case 'loginLike':
        return sendJson(res, 200, { otherresponse: { ok: true } });
      case 'listSlow':
        return; // never answers
      case 'listStalled':
        // Headers and the start of the body, then nothing: the answer never ends.
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.write('{"liststalledresponse": {"count": 1, ');
      case 'listStalledGzip': {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        const gzip = zlib.createGzip();
        gzip.pipe(res);
        gzip.write('{"liststalledgzipresponse": {"count": 1, ');
        return gzip.flush();
      }
      case 'listReset':
      case 'stopVirtualMachine':
        return res.socket?.destroy(); // the server dies mid-request
      default:
        return sendOk(res, command, { ok: true });
    }
  });
  client = makeClient();
});

afterAll(async () => {
  await client.close();
  await server.close();
  // The guarantee that matters: nothing any error or log event exposes contains a secret.
  const everything = [...errors.map(exposed), JSON.stringify(events)].join('\n');
  for (const secret of [API_KEY, SECRET, USER_PASSWORD]) expect(everything).not.toContain(secret);
  expect(everything).not.toMatch(/signature=(?!\[REDACTED\])/i);
});

describe('error mapping', () => {
  it('431 with errortext becomes CloudStackApiError with every field', async () => {
    const error = await catchError(client.request('deployVirtualMachine', { serviceofferingid: 'x' }));
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({
      name: 'CloudStackApiError',
      command: 'deployVirtualMachine',
      httpStatus: 431,
      errorCode: 431,
      csErrorCode: 4350,
      errorText: 'Unable to execute API command deployvirtualmachine due to missing parameter zoneid',
      uuidList: [],
    });
    expect(error.message).toBe(
      'CloudStack error 431 (cserrorcode 4350) in deployVirtualMachine: Unable to execute API command deployvirtualmachine due to missing parameter zoneid',
    );
    expect(error.toJSON()).toMatchObject({ httpStatus: 431, errorText: expect.stringContaining('zoneid') });
  });

  it('530 keeps errortext and masks a password echoed in it', async () => {
    const error = await catchError(
      client.request('createUser', { username: 'bob', password: USER_PASSWORD }),
    );
    expect(error).toMatchObject({ httpStatus: 530, csErrorCode: 4250 });
    expect(error.message).toContain('Internal error: password [REDACTED] rejected');
    expect(server.requests.at(-1)!.method).toBe('POST'); // a password never goes in a URL
  });

  it('401 is an API error', async () => {
    const error = await catchError(client.request('listHosts'));
    expect(error).toBeInstanceOf(CloudStackApiError);
    expect(error).toMatchObject({ httpStatus: 401, errorText: expect.stringContaining('unable to verify') });
  });

  it('an empty list is {}', async () => {
    await expect(client.request('listZones')).resolves.toEqual({});
  });

  it('an HTML page is a format error with the page title and no secrets', async () => {
    const error = await catchError(client.request('listHtml'));
    expect(error).toBeInstanceOf(CloudStackResponseFormatError);
    expect(error).toMatchObject({ httpStatus: 200, contentType: 'text/html', snippet: 'Sign in — Corp SSO' });
    expect(error.message).toMatch(/HTML page/);
  });

  it('a proxy 502 text is a format error carrying status and a redacted snippet', async () => {
    const error = await catchError(client.request('listProxy'));
    expect(error).toBeInstanceOf(CloudStackResponseFormatError);
    expect((error as CloudStackResponseFormatError).httpStatus).toBe(502);
    expect(error.message).toContain('502 Bad Gateway');
    expect(error.message).not.toContain('\n');
    expect((error as CloudStackResponseFormatError).snippet).toContain('apiKey=[REDACTED]');
  });

  it('a redirect is reported, not followed, without the query', async () => {
    const error = await catchError(client.request('listRedirect'));
    expect(error).toBeInstanceOf(CloudStackResponseFormatError);
    expect(error.message).toContain('redirected to https://sso.example.com/login');
    expect(error.message).not.toContain('next=');
  });

  it('JSON that is not a CloudStack answer is a format error; any single *response key is taken', async () => {
    expect(await catchError(client.request('listOther'))).toBeInstanceOf(CloudStackResponseFormatError);
    await expect(client.request('loginLike')).resolves.toEqual({ ok: true });
  });

  it('connection refused: a connection error saying the request was not sent', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const dead = makeClient({ apiUrl: `http://127.0.0.1:${port}/client/api` });
    const error = await catchError(dead.request('listZones'));
    expect(error).toBeInstanceOf(CloudStackConnectionError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', requestSent: false });
    expect(error.message).toContain(`http://127.0.0.1:${port}/client/api`);
    expect(error.cause).toBeInstanceOf(Error);
    expect(Object.keys(error.cause as object)).toEqual(['code']); // a bare Error, not axios' (no config)
    await dead.close();
  });

  it('unknown host: a connection error, not sent', async () => {
    const dead = makeClient({ apiUrl: 'http://no-such-host.invalid/client/api' });
    const error = await catchError(dead.request('listZones'));
    expect(error).toBeInstanceOf(CloudStackConnectionError);
    expect((error as CloudStackConnectionError).requestSent).toBe(false);
    await dead.close();
  });

  it('a connection dropped mid-request may have reached the server', async () => {
    const error = await catchError(client.request('stopVirtualMachine', { id: 'vm-1' }));
    expect(error).toBeInstanceOf(CloudStackConnectionError);
    expect((error as CloudStackConnectionError).requestSent).toBe(true);
  });

  it('no answer within timeoutMs is a timeout error', async () => {
    const quick = makeClient({ timeoutMs: 150 });
    const error = await catchError(quick.request('listSlow'));
    expect(error).toBeInstanceOf(CloudStackTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150, command: 'listSlow' });
    expect(error.message).toContain('within 150 ms');
    await quick.close();
  });

  it('an answer that starts and never ends is a timeout error, plain or gzipped', async () => {
    const quick = makeClient({ timeoutMs: 150 });
    for (const command of ['listStalled', 'listStalledGzip']) {
      const error = await catchError(quick.request(command));
      expect(error, command).toBeInstanceOf(CloudStackTimeoutError);
      expect(error).toMatchObject({ timeoutMs: 150, command });
    }
    await quick.close();
  });

  it('aborting while the answer is being read is an AbortError', async () => {
    for (const command of ['listStalled', 'listStalledGzip']) {
      const controller = new AbortController();
      const pending = client.request(command, {}, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect(await catchError(pending), command).toBeInstanceOf(CloudStackAbortError);
    }
  });

  it('aborting is an AbortError', async () => {
    const controller = new AbortController();
    const pending = client.request('listSlow', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await catchError(pending);
    expect(error).toBeInstanceOf(CloudStackAbortError);
    expect(error.name).toBe('AbortError');
    await expect(client.request('listZones', {}, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      CloudStackAbortError,
    );
  });

  it('bad options and commands are input errors naming the parameter', () => {
    expect(() => new CloudStackClient({ apiUrl: server.url, apiKey: API_KEY })).toThrow(/"secretKey"/);
    expect(() => new CloudStackClient({ apiUrl: server.url })).toThrow(CloudStackInputError);
    expect(() => new CloudStackClient({ apiUrl: 'ftp://x', apiKey: 'a', secretKey: 'b' })).toThrow(
      /"apiUrl"/,
    );
    expect(
      () => new CloudStackClient({ apiUrl: server.url, apiKey: 'a', secretKey: 'b', timeoutMs: 0 }),
    ).toThrow(/"timeoutMs"/);
    return expect(client.request('list zones')).rejects.toMatchObject({ parameter: 'command' });
  });

  it('printing the client shows no secrets', async () => {
    const { inspect } = await import('node:util');
    for (const shown of [JSON.stringify(client), inspect(client, { showHidden: true, depth: 5 })]) {
      expect(shown).toContain('apikey');
      for (const secret of [API_KEY, SECRET]) expect(shown).not.toContain(secret);
    }
  });

  it('log events carry parameter names, never values', () => {
    const request = events.find((e) => e.type === 'request' && e.command === 'createUser');
    expect(request).toMatchObject({ params: ['username', 'password'], method: 'POST', auth: 'apikey' });
  });
});

describe('bodySnippet', () => {
  it('masks a secret before cutting, so a secret across the cut does not show its start', () => {
    const secret = 'S3cr3tK3yValue-0123456789abcdefghij';
    const body = `${'x'.repeat(190)} ${secret} tail`;
    const snippet = bodySnippet(body, [secret]);
    expect(snippet).not.toContain(secret.slice(0, 8));
    expect(snippet.length).toBeLessThanOrEqual(201);
  });
});
