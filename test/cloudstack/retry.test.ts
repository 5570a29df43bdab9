import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ClientEvent, CloudStackClient } from '../../src/cloudstack/client.js';
import {
  CloudStackAbortError,
  CloudStackApiError,
  CloudStackConnectionError,
  CloudStackResponseFormatError,
  CloudStackTimeoutError,
} from '../../src/cloudstack/errors.js';
import {
  backoffDelay,
  DEFAULT_RETRY,
  isReadCommand,
  isRetryable,
  withRetry,
} from '../../src/cloudstack/retry.js';
import { type FakeServer, sendError, sendOk, startServer } from './fake-server.js';

const connection = (requestSent: boolean) =>
  new CloudStackConnectionError({
    command: 'x',
    code: 'E',
    endpoint: 'http://h/client/api',
    requestSent,
    detail: 'd',
  });
const api = (status: number) =>
  new CloudStackApiError({
    command: 'x',
    httpStatus: status,
    errorCode: status,
    csErrorCode: 0,
    errorText: 't',
    uuidList: [],
  });
const format = (status: number) =>
  new CloudStackResponseFormatError({
    command: 'x',
    httpStatus: status,
    contentType: undefined,
    snippet: '',
    problem: 'p',
  });

describe('retry rules (pure)', () => {
  it('reads by name', () => {
    for (const c of ['listZones', 'getVMPassword', 'queryAsyncJobResult', 'getUserKeys'])
      expect(isReadCommand(c), c).toBe(true);
    const writes = ['deployVirtualMachine', 'listener', 'registerUserKeys', 'login', 'queryx'];
    for (const c of [...writes, 'getUploadParamsForTemplate', 'getUploadParamsForVolume']) {
      expect(isReadCommand(c), c).toBe(false);
    }
  });

  it('what is retried', () => {
    const cases: [unknown, boolean, boolean][] = [
      // error, idempotent, retried
      [connection(false), false, true],
      [connection(false), true, true],
      [connection(true), false, false],
      [connection(true), true, true],
      [new CloudStackTimeoutError({ command: 'x', timeoutMs: 1, endpoint: 'e' }), true, true],
      [new CloudStackTimeoutError({ command: 'x', timeoutMs: 1, endpoint: 'e' }), false, false],
      [api(530), true, true],
      [api(533), true, true],
      [api(530), false, false],
      [api(431), true, false],
      [api(401), true, false],
      [api(429), true, false],
      [format(503), true, true],
      [format(502), false, false],
      [format(200), true, false],
      [new CloudStackAbortError(), true, false],
      [new Error('bug'), true, false],
    ];
    for (const [error, idempotent, expected] of cases) {
      expect(isRetryable(error, idempotent), `${(error as Error).message} idempotent=${idempotent}`).toBe(
        expected,
      );
    }
  });

  it('capped exponential backoff with full jitter', () => {
    const top = (n: number) => backoffDelay(n, DEFAULT_RETRY, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0)).toBe(0);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0.5)).toBe(500);
  });

  it('withRetry stops on success, on a final error, and when attempts run out', async () => {
    const policy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 };
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          if (calls < 3) throw api(503);
          return 'ok';
        },
        { policy, idempotent: true },
      ),
    ).resolves.toBe('ok');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw api(503);
        },
        { policy, idempotent: true },
      ),
    ).rejects.toBeInstanceOf(CloudStackApiError);
    expect(calls).toBe(4);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw api(431);
        },
        { policy, idempotent: true },
      ),
    ).rejects.toBeInstanceOf(CloudStackApiError);
    expect(calls).toBe(1);
  });

  it('an abort during the backoff ends at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = withRetry(
      async () => {
        throw api(503);
      },
      {
        policy: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
        idempotent: true,
        signal: controller.signal,
        random: () => 1,
      },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(CloudStackAbortError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('retries through the client', () => {
  let server: FakeServer;
  let client: CloudStackClient;
  const events: ClientEvent[] = [];
  const failuresLeft = new Map<string, number>();

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const command = req.params.command ?? '';
      const left = failuresLeft.get(command) ?? 0;
      if (left > 0) {
        failuresLeft.set(command, left - 1);
        if (command.endsWith('Reset')) return res.socket?.destroy();
        if (command.endsWith('Cs'))
          return sendError(res, command, 530, 4250, 'Internal error executing command');
        if (command.endsWith('Param'))
          return sendError(res, command, 431, 4350, 'Unable to execute API command due to invalid value');
        res.writeHead(503, { 'content-type': 'text/html' });
        return res.end('<html><head><title>503 Service Unavailable</title></head></html>');
      }
      return sendOk(res, command, { ok: true });
    });
    client = new CloudStackClient({
      apiUrl: server.url,
      apiKey: 'k-123456',
      secretKey: 's-123456',
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      logger: (event) => events.push(event),
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    events.length = 0;
    failuresLeft.clear();
  });

  const received = (command: string) => server.requests.filter((r) => r.params.command === command).length;

  it('a read is retried on a proxy 503 and on CloudStack 530', async () => {
    failuresLeft.set('listProxy', 2);
    await expect(client.request('listProxy')).resolves.toEqual({ ok: true });
    expect(received('listProxy')).toBe(3);
    failuresLeft.set('listCs', 1);
    await expect(client.request('listCs')).resolves.toEqual({ ok: true });
    expect(received('listCs')).toBe(2);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(3);
  });

  it('a read is retried when the connection drops mid-request', async () => {
    failuresLeft.set('listReset', 1);
    await expect(client.request('listReset')).resolves.toEqual({ ok: true });
    expect(received('listReset')).toBe(2);
  });

  it('gives up after maxAttempts with the last error', async () => {
    failuresLeft.set('listProxy', 10);
    await expect(client.request('listProxy')).rejects.toMatchObject({ httpStatus: 503 });
    expect(received('listProxy')).toBe(3);
  });

  it('a write is never repeated once it may have reached the server', async () => {
    failuresLeft.set('deployReset', 1);
    await expect(client.request('deployReset')).rejects.toMatchObject({ requestSent: true });
    expect(received('deployReset')).toBe(1);
    failuresLeft.set('deployProxy', 1);
    await expect(client.request('deployProxy')).rejects.toBeInstanceOf(CloudStackResponseFormatError);
    expect(received('deployProxy')).toBe(1);
    failuresLeft.set('deployCs', 1);
    await expect(client.request('deployCs')).rejects.toBeInstanceOf(CloudStackApiError);
    expect(received('deployCs')).toBe(1);
  });

  it('a write marked idempotent is retried like a read', async () => {
    failuresLeft.set('createTagsProxy', 1);
    await expect(client.request('createTagsProxy', {}, { idempotent: true })).resolves.toEqual({ ok: true });
    expect(received('createTagsProxy')).toBe(2);
  });

  it('4xx answers are never retried, not even for reads', async () => {
    failuresLeft.set('listParam', 1);
    await expect(client.request('listParam')).rejects.toMatchObject({ httpStatus: 431 });
    expect(received('listParam')).toBe(1);
  });

  it('a write whose connection was refused is retried (it was never sent)', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const log: ClientEvent[] = [];
    const dead = new CloudStackClient({
      apiUrl: `http://127.0.0.1:${port}/client/api`,
      apiKey: 'k-123456',
      secretKey: 's-123456',
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      logger: (event) => log.push(event),
    });
    await expect(dead.request('deployVirtualMachine', { zoneid: 'z' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
      requestSent: false,
    });
    expect(log.filter((e) => e.type === 'request')).toHaveLength(3);
    await dead.close();
  });
});
