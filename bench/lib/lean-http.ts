// A lean MCP client over Streamable HTTP for benchmarks: node:http with one keep-alive agent, `initialize`
// once (plus notifications/initialized), then each tools/call is one POST whose answer is read whole (JSON,
// or the one `data:` event of an SSE answer) and JSON.parse'd. No SDK client, no fetch, no schema checks: what
// a call costs through it is the server's cost plus one plain HTTP exchange, which the SDK client over fetch
// hides under about a millisecond of its own on this machine.
import http from 'node:http';

export interface LeanSession {
  /** One tools/call; resolves to the JSON-RPC answer's `result` (throws on a JSON-RPC error). */
  callTool(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  sessionId: string | undefined;
  body: string;
  contentType: string;
}

function post(
  url: URL,
  agent: http.Agent,
  message: object,
  sessionId: string | undefined,
  protocolVersion: string | undefined,
): Promise<Answer> {
  const body = JSON.stringify(message);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'content-length': String(Buffer.byteLength(body)),
  };
  if (sessionId) headers['mcp-session-id'] = sessionId;
  if (protocolVersion) headers['mcp-protocol-version'] = protocolVersion;
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const id = res.headers['mcp-session-id'];
        resolve({
          status: res.statusCode ?? 0,
          sessionId: typeof id === 'string' ? id : undefined,
          body: Buffer.concat(chunks).toString('utf8'),
          contentType: String(res.headers['content-type'] ?? ''),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON-RPC message of an answer: the body itself, or the last `data:` line of an SSE stream. */
function messageOf(answer: Answer): { result?: Record<string, unknown>; error?: { message?: string } } {
  if (answer.status >= 400) throw new Error(`HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
  if (answer.contentType.startsWith('text/event-stream')) {
    const data = answer.body
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .pop();
    if (!data) throw new Error('an SSE answer without data');
    return JSON.parse(data.slice(5));
  }
  return JSON.parse(answer.body);
}

/** Opens a session: initialize, then notifications/initialized. */
export async function connectLean(url: string): Promise<LeanSession> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const init = await post(
    target,
    agent,
    {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'cloudstack-mcp-bench-lean', version: '1.0.0' },
      },
    },
    undefined,
    undefined,
  );
  const initialized = messageOf(init);
  if (!initialized.result) throw new Error(`initialize failed: ${initialized.error?.message ?? init.body}`);
  const sessionId = init.sessionId;
  const version = String(initialized.result.protocolVersion ?? '2025-06-18');
  await post(target, agent, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId, version);
  let nextId = 1;
  return {
    async callTool(name, args) {
      const answer = await post(
        target,
        agent,
        { jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name, arguments: args } },
        sessionId,
        version,
      );
      const message = messageOf(answer);
      if (!message.result) throw new Error(`tools/call failed: ${message.error?.message ?? answer.body}`);
      return message.result;
    },
    async close() {
      if (sessionId) {
        await new Promise<void>((resolve) => {
          const req = http.request(target, {
            method: 'DELETE',
            agent,
            headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': version },
          });
          req.on('response', (res) => {
            res.resume();
            res.on('end', () => resolve());
          });
          req.on('error', () => resolve());
          req.end();
        });
      }
      agent.destroy();
    },
  };
}
