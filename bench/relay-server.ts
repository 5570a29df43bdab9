// The relay: what any MCP server over HTTP costs at the least, with no MCP library at all. A node:http
// server at /mcp (`--port N`) that reads each POST's JSON-RPC message and, for tools/call, fetches the same
// signed URL the floors fetch (bench/lib/signed-fetch.ts) and answers its text as the call's result in one
// JSON body; initialize gets a session id and the client's protocol version back, a notification 202. No
// sessions kept, no checks, no schema: one HTTP exchange in, one out. Between the benchmark's client and
// CloudStack it adds only the hop itself, so its ratio to the client calling CloudStack directly is the
// lowest an MCP server over HTTP can reach on this machine.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { readJson } from './lib/http-body.js';
import { fetchSigned } from './lib/signed-fetch.js';

interface Message {
  id?: string | number;
  method?: string;
  params?: { protocolVersion?: string; arguments?: { api?: string } };
}

function answer(res: http.ServerResponse, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function relay(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method === 'DELETE') {
    res.writeHead(200).end();
    return;
  }
  const message = (await readJson(req)) as Message;
  if (message.id === undefined) {
    res.writeHead(202).end();
    return;
  }
  if (message.method === 'initialize') {
    const result = {
      protocolVersion: message.params?.protocolVersion ?? '2025-06-18',
      capabilities: { tools: {} },
      serverInfo: { name: 'bench-relay', version: '1.0.0' },
    };
    answer(res, { jsonrpc: '2.0', id: message.id, result }, { 'mcp-session-id': randomUUID() });
    return;
  }
  const text = await fetchSigned(message.params?.arguments?.api ?? 'listZones');
  answer(res, { jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text }] } });
}

const portAt = process.argv.indexOf('--port');
http
  .createServer((req, res) => {
    relay(req, res).catch((error: Error) => res.writeHead(500).end(error.message));
  })
  .listen(Number(process.argv[portAt + 1]), '127.0.0.1');
