import { request as httpRequest } from 'node:http';
import { connect as connectSocket } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/mcp/logger.js';
import { createServer } from '../../src/mcp/server.js';
import { TokenSigner } from '../../src/mcp/signed-token.js';
import {
  type HttpTransportOptions,
  type RunningHttpServer,
  startHttpTransport,
} from '../../src/mcp/transports/http.js';
import { FakeCloudStack } from './fake-cloudstack.js';
import { dumpCatalog } from './harness.js';

let running: RunningHttpServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close().catch(() => {});
  await running?.close();
  running = undefined;
});

async function serve(options: Partial<HttpTransportOptions> = {}, cloud = new FakeCloudStack()) {
  const signer = new TokenSigner('shared-secret');
  running = await startHttpTransport({
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    createMcpServer: () => createServer({ caller: cloud, catalog: dumpCatalog(), signer }),
    ...options,
  });
  return { url: running.url, cloud };
}

async function connectClient(url: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

function post(url: string, headers: Record<string, string> = {}, body: unknown = initialize) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** fetch will not send a Host header of our choosing; node:http will. */
function rawStatus(url: string, headers: Record<string, string>): Promise<number> {
  return rawPost(url, headers).then((answer) => answer.status);
}

function rawPost(
  url: string,
  headers: Record<string, string>,
  body: unknown = initialize,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
    });
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
      );
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/**
 * A POST of `bytes` over a bare socket that reads nothing until it has sent the whole body (as many
 * clients do): what a server that resets the connection early makes it see.
 */
function postOverSocket(port: number, bytes: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectSocket(port, '127.0.0.1');
    let received = '';
    socket.pause();
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`${error.code}: ${received}`));
    socket.on('close', () => resolve(received));
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        `Accept: application/json, text/event-stream\r\nContent-Length: ${bytes}\r\n\r\n`,
    );
    const piece = Buffer.alloc(256 * 1024, 0x20);
    const send = (left: number) => {
      if (left <= 0) {
        socket.resume();
        return;
      }
      const chunk = piece.subarray(0, Math.min(left, piece.length));
      if (socket.write(chunk)) setImmediate(() => send(left - chunk.length));
      else socket.once('drain', () => send(left - chunk.length));
    };
    send(bytes);
  });
}

/** What a raw initialize answered: its status and the session id it opened, if any. */
async function rawInitialize(url: string): Promise<{ status: number; sessionId?: string; text: string }> {
  const answer = await rawPost(url, {});
  const id = answer.headers['mcp-session-id'];
  return { status: answer.status, text: answer.text, ...(typeof id === 'string' ? { sessionId: id } : {}) };
}

describe('Streamable HTTP transport', () => {
  it('serves tools over sessions, with progress notifications', async () => {
    const { url, cloud } = await serve();
    cloud.addVms(1);
    const client = await connectClient(url);
    expect((await client.listTools()).tools.length).toBe(15);
    const progress: number[] = [];
    const result = await client.callTool({ name: 'rebootVM', arguments: { vm: 'vm-1' } }, undefined, {
      onprogress: (notification) => progress.push(notification.progress),
    });
    expect(result.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(running?.sessions()).toBe(1);
    await client.close();
  });

  it('works without sessions, and a confirmation from one request holds in the next', async () => {
    const { url, cloud } = await serve({ stateless: true });
    cloud.addVms(1);
    const client = await connectClient(url);
    const first = await client.callTool({ name: 'destroyVM', arguments: { vm: 'vm-1' } });
    const confirmation = (first.structuredContent as { confirmation: { confirmToken: string } }).confirmation;
    const done = await client.callTool({
      name: 'destroyVM',
      arguments: { vm: 'vm-1', confirm: confirmation.confirmToken },
    });
    expect(done.structuredContent).toMatchObject({ status: 'done' });
    expect(running?.sessions()).toBe(0);
  });

  it('requires the bearer token when one is set', async () => {
    const { url } = await serve({ authToken: 'right-token' });
    const none = await post(url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await post(url, { authorization: 'Bearer wrong-token' })).status).toBe(401);
    const client = await connectClient(url, { authorization: 'Bearer right-token' });
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  });

  it('refuses foreign Origins and Hosts (DNS rebinding) with 403', async () => {
    const { url } = await serve({ allowedOrigins: ['https://app.example'] });
    const evil = await post(url, { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(await evil.text()).toContain('Origin http://evil.example is not allowed');
    expect(await rawStatus(url, { host: 'evil.example:8250' })).toBe(403);
    expect(await rawStatus(url, { host: 'localhost:8250' })).toBe(200);
    expect((await post(url, { origin: 'http://localhost:6274' })).status).toBe(200);
    expect((await post(url, { origin: 'https://app.example' })).status).toBe(200);
  });

  it('answers unknown sessions with 404, missing ones with 400, bad JSON with 400, other paths with 404', async () => {
    const { url } = await serve();
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    expect((await post(url, { 'mcp-session-id': 'no-such-session' }, list)).status).toBe(404);
    expect((await post(url, {}, list)).status).toBe(400);
    expect((await post(url, {}, '{not json')).status).toBe(400);
    expect((await fetch(url.replace('/mcp', '/other'))).status).toBe(404);
    expect((await fetch(url.replace('/mcp', '/healthz'))).status).toBe(200);
    // The endpoint is its path, however the target spells it: with a query, or in absolute form.
    expect((await post(`${url}?from=test`)).status).toBe(200);
    const { hostname, port } = new URL(url);
    const absolute = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({
        host: hostname,
        port,
        path: url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end(JSON.stringify(initialize));
    });
    expect(absolute).toBe(200);
  });

  it('answers a body that is not JSON with 400 and one too large with 413, both -32700 with id null', async () => {
    const { url } = await serve({ maxBodyBytes: 1024 });
    const cases = [
      { body: '{not json', status: 400, message: 'Parse error: invalid JSON' },
      {
        body: JSON.stringify({ ...initialize, pad: 'x'.repeat(2048) }),
        status: 413,
        message: 'Request body too large',
      },
    ];
    for (const { body, status, message } of cases) {
      const response = await post(url, {}, body);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ jsonrpc: '2.0', error: { code: -32700, message }, id: null });
    }
  });

  it('refuses initialize inside a JSON-RPC batch as an Invalid Request, in both modes', async () => {
    for (const stateless of [false, true]) {
      const { url } = await serve({ stateless });
      for (const batch of [[initialize], [initialize, { jsonrpc: '2.0', id: 2, method: 'ping' }]]) {
        const response = await post(url, {}, batch);
        expect(response.status).toBe(400);
        const body = (await response.json()) as { id: unknown; error: { code: number; message: string } };
        expect(body.id).toBeNull();
        expect(body.error.code).toBe(-32600);
        expect(body.error.message).toMatch(/initialize must be sent alone, not in a JSON-RPC batch/);
      }
      await running?.close();
      running = undefined;
    }
  });
});

describe('DNS-rebinding guard: Origin and Host parsed as a browser parses them', () => {
  it('refuses names that only start like a loopback address, and accepts real loopback origins', async () => {
    const { url } = await serve();
    for (const origin of [
      'http://127.evil.example',
      'http://127.0.0.1.nip.io',
      'http://localhost.evil.example',
    ]) {
      const refused = await post(url, { origin });
      expect(refused.status, origin).toBe(403);
      expect(await refused.json()).toMatchObject({
        error: { message: `Forbidden: Origin ${origin} is not allowed` },
      });
    }
    for (const origin of [
      'http://127.0.0.1:6274',
      'http://localhost:6274',
      'http://[::1]:6274',
      'http://127.0.0.2',
    ]) {
      expect((await post(url, { origin })).status, origin).toBe(200);
    }
    // The Host header goes through the same parser.
    for (const host of ['127.evil.example:8250', '127.0.0.1.nip.io', 'evil@127.0.0.1', '127.0.0.1/x']) {
      expect(await rawStatus(url, { host }), host).toBe(403);
    }
    for (const host of ['127.0.0.1:8250', '127.1:8250', '[::1]:8250', 'LOCALHOST']) {
      expect(await rawStatus(url, { host }), host).toBe(200);
    }
  });

  it('refuses to serve beyond loopback with neither a token nor allowed hosts, unless told it is unsafe', async () => {
    await expect(serve({ host: '0.0.0.0' })).rejects.toThrow(
      /refusing to serve on 0\.0\.0\.0 .*MCP_AUTH_TOKEN.*--allowed-hosts.*--unsafe-no-auth/,
    );
    expect(running).toBeUndefined();
  });

  it('beyond loopback with --unsafe-no-auth still refuses foreign Host names', async () => {
    const { url } = await serve({ host: '0.0.0.0', unsafeNoAuth: true });
    const local = url.replace('0.0.0.0', '127.0.0.1');
    expect(await rawStatus(local, { host: 'attacker.example:8250' })).toBe(403);
    expect(await rawStatus(local, { host: 'localhost:8250' })).toBe(200);
    // An IP literal cannot be rebound by DNS: a client that typed an address meant this machine.
    expect(await rawStatus(local, { host: '10.1.2.3:8250' })).toBe(200);
  });

  it('beyond loopback with allowed hosts accepts those names only', async () => {
    const { url } = await serve({ host: '0.0.0.0', allowedHosts: ['mcp', 'MCP.example.com:8251'] });
    const local = url.replace('0.0.0.0', '127.0.0.1');
    expect(await rawStatus(local, { host: 'attacker.example:8250' })).toBe(403);
    expect(await rawStatus(local, { host: 'mcp:8250' })).toBe(200);
    expect(await rawStatus(local, { host: 'mcp.example.com' })).toBe(200);
    expect(await rawStatus(local, { host: '127.0.0.1:8250' })).toBe(200);
  });

  it('beyond loopback with a token and no list lets the token guard any Host name', async () => {
    const { url } = await serve({ host: '0.0.0.0', authToken: 'the-token' });
    const local = url.replace('0.0.0.0', '127.0.0.1');
    expect(await rawStatus(local, { host: 'proxy.example', authorization: 'Bearer the-token' })).toBe(200);
    expect(await rawStatus(local, { host: 'proxy.example' })).toBe(401);
  });
});

describe('session cap and expiry', () => {
  const MINUTE = 60_000;
  let clock = 1_000_000;
  const now = () => clock;

  it('closes unused sessions after a minute, used ones after 30 idle minutes', async () => {
    const { url } = await serve({ maxSessions: 10, now });
    const bare = await rawInitialize(url);
    const client = await connectClient(url);
    await client.listTools();
    expect(running?.sessions()).toBe(2);
    clock += MINUTE + 1;
    expect((await rawInitialize(url)).status).toBe(200); // an initialize sweeps what expired
    expect(running?.sessions()).toBe(2);
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    expect((await post(url, { 'mcp-session-id': String(bare.sessionId) }, list)).status).toBe(404);
    expect((await client.listTools()).tools.length).toBe(15);
    clock += 30 * MINUTE + 1;
    await expect(client.listTools()).rejects.toThrow(/404|Session not found/);
  });

  it('at the cap closes the least recently seen unused session, and answers 503 once all are in use', async () => {
    const { url } = await serve({ maxSessions: 3, now });
    const first = await rawInitialize(url);
    clock += 1;
    const second = await rawInitialize(url);
    clock += 1;
    const user = await connectClient(url);
    await user.listTools();
    expect(running?.sessions()).toBe(3);

    const third = await rawInitialize(url);
    expect(third.status).toBe(200);
    expect(running?.sessions()).toBe(3);
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    expect((await post(url, { 'mcp-session-id': String(first.sessionId) }, list)).status).toBe(404);

    // Make the two unused ones used: now nothing may be evicted.
    for (const id of [second.sessionId, third.sessionId]) {
      const answer = await post(
        url,
        { 'mcp-session-id': String(id), 'mcp-protocol-version': '2025-06-18' },
        list,
      );
      expect(answer.status).toBe(200);
      await answer.body?.cancel();
    }
    const refused = await rawInitialize(url);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, message: expect.stringMatching(/session cap \(3 sessions, all in use\)/) },
    });
    expect((await rawPost(url, {})).headers['retry-after']).toBe('60');
    expect(running?.sessions()).toBe(3);
    expect((await user.listTools()).tools.length).toBe(15);
  });
});

describe('request body over the limit', () => {
  it('answers a 5 MiB body with 413 and a JSON-RPC error, every time, to a client that reads after sending', async () => {
    await serve();
    const port = running?.port ?? 0;
    for (let i = 0; i < 5; i++) {
      const answer = await postOverSocket(port, 5 * 1024 * 1024);
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer.toLowerCase()).toContain('connection: close');
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      expect(JSON.parse(body)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: 'Request body too large' },
      });
    }
    // Without Content-Length (chunked), the limit is found while reading.
    for (let i = 0; i < 3; i++) {
      const answer = await new Promise<string>((resolve) => {
        const req = httpRequest(running?.url ?? '', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        });
        req.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on('end', () => resolve(`${response.statusCode} ${text}`));
        });
        req.on('error', (error) => resolve(`error ${error.message}`));
        const piece = Buffer.alloc(256 * 1024, 0x20);
        let sent = 0;
        const send = () => {
          while (sent < 20) {
            sent++;
            if (!req.write(piece)) {
              req.once('drain', send);
              return;
            }
          }
          req.end();
        };
        send();
      });
      expect(answer).toBe(
        '413 {"jsonrpc":"2.0","error":{"code":-32700,"message":"Request body too large"},"id":null}',
      );
    }
    const viaFetch = await post(running?.url ?? '', {}, ' '.repeat(5 * 1024 * 1024));
    expect(viaFetch.status).toBe(413);
    expect(((await viaFetch.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });
});
