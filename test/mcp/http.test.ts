import { request as httpRequest } from 'node:http';
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
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end(JSON.stringify(initialize));
  });
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
