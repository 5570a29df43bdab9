// The Streamable HTTP rules (MCP 2025-03-26, 2025-06-18, 2025-11-25) that src/mcp/transports/streamable-http.ts
// enforces, each through a raw fetch client (what any non-SDK client sees on the wire) and, where the SDK's
// StreamableHTTPClientTransport exercises it, through that too.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
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
  running = await startHttpTransport({
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    createMcpServer: () =>
      createServer({ caller: cloud, catalog: dumpCatalog(), signer: new TokenSigner('shared-secret') }),
    ...options,
  });
  return { url: running.url, cloud };
}

const BOTH = 'application/json, text/event-stream';

function initializeAt(version: string, id: number | string = 1) {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  };
}

function send(url: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') {
  return fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: BOTH, ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** A raw session: initialize at `version`, then notifications/initialized; its headers for what follows. */
async function rawSession(url: string, version = '2025-06-18') {
  const answer = await send(url, initializeAt(version));
  expect(answer.status).toBe(200);
  const sessionId = answer.headers.get('mcp-session-id') as string;
  expect(sessionId).toBeTruthy();
  const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': version };
  const initialized = await send(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  expect(initialized.status).toBe(202);
  return { sessionId, headers, initializeAnswer: answer };
}

/** The JSON-RPC messages of an SSE body (each `data:` line of an event). */
function sseMessages(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n\n')
    .flatMap((event) => event.split('\n').filter((line) => line.startsWith('data: ')))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

async function connectClient(url: string, capabilities = {}) {
  const client = new Client({ name: 'sdk', version: '1.0.0' }, { capabilities });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  clients.push(client);
  return client;
}

describe('Streamable HTTP: POST', () => {
  it('answers a request that streams nothing as one application/json object, with the session id', async () => {
    const { url } = await serve();
    const { sessionId, headers, initializeAnswer } = await rawSession(url);
    expect(initializeAnswer.headers.get('content-type')).toBe('application/json');
    expect(await initializeAnswer.json()).toMatchObject({
      jsonrpc: '2.0',
      id: 1,
      result: { protocolVersion: '2025-06-18', serverInfo: expect.any(Object) },
    });
    const listed = await send(url, { jsonrpc: '2.0', id: 'list', method: 'tools/list' }, headers);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('content-type')).toBe('application/json');
    expect(listed.headers.get('mcp-session-id')).toBe(sessionId);
    const body = (await listed.json()) as { id: unknown; result: { tools: unknown[] } };
    expect(body.id).toBe('list');
    expect(body.result.tools).toHaveLength(15);
  });

  it('streams progress notifications, then the result, on an SSE answer when the request has a progressToken', async () => {
    const { url, cloud } = await serve();
    cloud.addVms(1);
    const { headers } = await rawSession(url);
    const call = {
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'rebootVM', arguments: { vm: 'vm-1' }, _meta: { progressToken: 'p1' } },
    };
    const answer = await send(url, call, headers);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    const messages = sseMessages(await answer.text());
    const progress = messages.filter((message) => message.method === 'notifications/progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatchObject({ params: { progressToken: 'p1' } });
    // The result comes last, and the stream ends with it.
    expect(messages.at(-1)).toMatchObject({ id: 7, result: { structuredContent: { status: 'done' } } });

    // The same call without a progressToken streams nothing: one JSON answer.
    const quiet = await send(
      url,
      { ...call, id: 8, params: { name: 'rebootVM', arguments: { vm: 'vm-1' } } },
      headers,
    );
    expect(quiet.headers.get('content-type')).toBe('application/json');
    expect(await quiet.json()).toMatchObject({ id: 8, result: { structuredContent: { status: 'done' } } });
  });

  it('answers notifications and responses alone with 202 and no body', async () => {
    const { url } = await serve();
    const { headers } = await rawSession(url);
    const answer = await send(url, { jsonrpc: '2.0', method: 'notifications/roots/list_changed' }, headers);
    expect(answer.status).toBe(202);
    expect(await answer.text()).toBe('');
    const response = await send(url, { jsonrpc: '2.0', id: 'not-asked', result: {} }, headers);
    expect(response.status).toBe(202);
  });

  it('needs Accept to list both application/json and text/event-stream (406), and Content-Type JSON (415)', async () => {
    const { url } = await serve();
    for (const accept of ['application/json', 'text/event-stream', '*/*']) {
      const answer = await send(url, initializeAt('2025-06-18'), { accept });
      expect(answer.status, accept).toBe(406);
      expect(await answer.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
    }
    const plain = await send(url, initializeAt('2025-06-18'), { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    const charset = await send(url, initializeAt('2025-06-18'), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(charset.status).toBe(200);
    expect(running?.sessions()).toBe(1); // the refused initializes opened nothing
  });

  it('refuses what is not JSON-RPC 2.0 (-32600) and text that is not JSON (-32700), with 400', async () => {
    const { url } = await serve();
    const { headers } = await rawSession(url);
    for (const bad of [
      { jsonrpc: '1.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', id: 1.5, method: 'ping' },
      { jsonrpc: '2.0', id: 1, method: 'ping', extra: true },
      { jsonrpc: '2.0', id: 1, method: 'ping', params: [1] },
      { jsonrpc: '2.0', id: 1 },
      [],
      42,
    ]) {
      const answer = await send(url, bad, headers);
      expect(answer.status, JSON.stringify(bad)).toBe(400);
      expect(await answer.json()).toMatchObject({ error: { code: -32600 }, id: null });
    }
    const notJson = await send(url, '{"jsonrpc":', headers);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: -32700 } });
    // A request with _meta goes through the SDK's own schema, and passes it.
    const withMeta = await send(
      url,
      { jsonrpc: '2.0', id: 3, method: 'ping', params: { _meta: {} } },
      headers,
    );
    expect(await withMeta.json()).toEqual({ jsonrpc: '2.0', id: 3, result: {} });
  });

  it('issues a session on initialize, requires it after (400 missing, 404 unknown) and refuses a second initialize', async () => {
    const { url } = await serve();
    const { headers } = await rawSession(url);
    const ping = { jsonrpc: '2.0', id: 2, method: 'ping' };
    expect((await send(url, ping, { 'mcp-protocol-version': '2025-06-18' })).status).toBe(400);
    expect((await send(url, ping, { ...headers, 'mcp-session-id': 'unknown' })).status).toBe(404);
    expect((await send(url, ping, headers)).status).toBe(200);
    const again = await send(url, initializeAt('2025-06-18', 5), headers);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({
      error: { code: -32600, message: expect.stringMatching(/already initialized/) },
    });
  });

  it('checks MCP-Protocol-Version: 400 for an unsupported one, and absent means 2025-03-26', async () => {
    const { url } = await serve();
    const { headers } = await rawSession(url, '2025-11-25');
    const ping = { jsonrpc: '2.0', id: 2, method: 'ping' };
    const wrong = await send(url, ping, { ...headers, 'mcp-protocol-version': '1999-01-01' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: { message: expect.stringMatching(/Unsupported protocol version/) },
    });
    expect((await send(url, ping, { 'mcp-session-id': headers['mcp-session-id'] })).status).toBe(200);
    // Stateless: no header is 2025-03-26, whose batches are allowed (next test); a bad one is still 400.
    await running?.close();
    const stateless = await serve({ stateless: true });
    expect((await send(stateless.url, ping, { 'mcp-protocol-version': 'nope' })).status).toBe(400);
    expect((await send(stateless.url, ping)).status).toBe(200);
  });

  it('takes JSON-RPC batches only where the protocol version has them (2025-03-26), answering an array', async () => {
    const { url } = await serve();
    const batch = [
      { jsonrpc: '2.0', id: 'a', method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/roots/list_changed' },
      { jsonrpc: '2.0', id: 'b', method: 'tools/list' },
    ];
    const old = await rawSession(url, '2025-03-26');
    const answer = await send(url, batch, old.headers);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const answers = (await answer.json()) as Array<{ id: string }>;
    expect(answers.map((one) => one.id).sort()).toEqual(['a', 'b']);
    // Without the header the session's negotiated 2025-03-26 holds.
    const bare = await send(url, batch, { 'mcp-session-id': old.sessionId });
    expect(bare.status).toBe(200);

    for (const version of ['2025-06-18', '2025-11-25']) {
      const { headers } = await rawSession(url, version);
      const refused = await send(url, batch, headers);
      expect(refused.status, version).toBe(400);
      expect(await refused.json()).toMatchObject({
        error: { code: -32600, message: expect.stringMatching(/no JSON-RPC batches/) },
      });
      // Even when the client leaves the header out: the session negotiated a version without batches.
      expect((await send(url, batch, { 'mcp-session-id': headers['mcp-session-id'] })).status).toBe(400);
    }
    await running?.close();
    const stateless = await serve({ stateless: true });
    expect((await send(stateless.url, batch)).status).toBe(200);
    expect((await send(stateless.url, batch, { 'mcp-protocol-version': '2025-06-18' })).status).toBe(400);
  });
});

describe('Streamable HTTP: a server request during a call', () => {
  it("sends elicitation on the call's own SSE answer (no GET stream needed), and the client answers by POST (202)", async () => {
    const { url, cloud } = await serve();
    cloud.addVms(1);
    const init = initializeAt('2025-06-18');
    const opened = await send(url, {
      ...init,
      params: { ...init.params, capabilities: { elicitation: {} } },
    });
    const headers = {
      'mcp-session-id': opened.headers.get('mcp-session-id') as string,
      'mcp-protocol-version': '2025-06-18',
    };
    await send(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
    const call = {
      jsonrpc: '2.0',
      id: 9,
      method: 'tools/call',
      params: { name: 'destroyVM', arguments: { vm: 'vm-1' } },
    };
    const answer = await send(url, call, headers);
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    const reader = (answer.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    let text = '';
    const next = async (): Promise<Record<string, unknown>> => {
      for (;;) {
        const messages = sseMessages(text);
        if (messages.length > 0 && text.endsWith('\n\n')) {
          text = '';
          return messages[0] as Record<string, unknown>;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        text += value;
      }
    };
    const asked = await next();
    expect(asked).toMatchObject({
      method: 'elicitation/create',
      params: { message: expect.stringContaining('vm-1') },
    });
    const reply = { jsonrpc: '2.0', id: asked.id, result: { action: 'accept', content: { confirm: true } } };
    expect((await send(url, reply, headers)).status).toBe(202);
    expect(await next()).toMatchObject({ id: 9, result: { structuredContent: { status: 'done' } } });
    expect((await reader.read()).done).toBe(true);
  });
});

describe('Streamable HTTP: GET and DELETE', () => {
  it('opens one standalone SSE stream per session (409 for a second, 406 without text/event-stream)', async () => {
    const { url } = await serve();
    const { headers } = await rawSession(url);
    expect((await send(url, undefined, { ...headers, accept: 'application/json' }, 'GET')).status).toBe(406);
    const controller = new AbortController();
    const stream = await fetch(url, {
      headers: { ...headers, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const second = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' } });
    expect(second.status).toBe(409);
    controller.abort();
    // Once the first is gone another may open.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' } });
    expect(third.status).toBe(200);
    await third.body?.cancel();
  });

  it('refuses GET and DELETE without sessions (405), and PUT with 405', async () => {
    const { url } = await serve({ stateless: true });
    for (const method of ['GET', 'DELETE']) {
      const answer = await fetch(url, { method, headers: { accept: 'text/event-stream' } });
      expect(answer.status, method).toBe(405);
    }
    await running?.close();
    const sessions = await serve();
    const { headers } = await rawSession(sessions.url);
    const put = await send(sessions.url, {}, headers, 'PUT');
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE');
  });

  it('ends a session on DELETE: 200, then 404 for it, and the server holds no session', async () => {
    const { url } = await serve();
    const { headers } = await rawSession(url);
    expect(running?.sessions()).toBe(1);
    expect((await send(url, undefined, headers, 'DELETE')).status).toBe(200);
    expect(running?.sessions()).toBe(0);
    expect((await send(url, { jsonrpc: '2.0', id: 2, method: 'ping' }, headers)).status).toBe(404);
  });

  it("with the SDK client: elicitation on the call's own stream, log messages on the standalone stream", async () => {
    const { url, cloud } = await serve();
    cloud.addVms(1);
    const client = await connectClient(url, { elicitation: {} });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: { confirm: true } };
    });
    const logged: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      logged.push(notification.params.data);
    });
    await client.setLoggingLevel('info');
    const destroyed = await client.callTool({ name: 'destroyVM', arguments: { vm: 'vm-1' } });
    expect(destroyed.structuredContent).toMatchObject({ status: 'done' });
    expect(asked[0]).toContain('destroy VM "vm-1"');
    const failed = await client.callTool({ name: 'getVMStatus', arguments: { vm: 'no-such-vm' } });
    expect(failed.isError).toBe(true);
    await expect.poll(() => logged.length).toBeGreaterThan(0);
    expect(logged[0]).toMatchObject({ tool: 'getVMStatus' });
    // The SDK client ends its session with DELETE.
    await (client.transport as StreamableHTTPClientTransport).terminateSession();
    expect(running?.sessions()).toBe(0);
  });
});
