// The per-call floor: the smallest MCP server on the SDK whose one tool fetches the same signed URL
// `callApi` fetches (node:http, keep-alive) and answers its text. What `callApi` costs above it is what this
// project adds per call. The same URL: for a list API, the first window's page=1&pagesize=50 (what callApi
// asks for by default), and a version-3 signature with an `expires` five minutes ahead, as the client signs
// (an earlier floor signed only command, response and apiKey: a cheaper request for CloudStack and for
// itself than the one callApi makes). Reads CLOUDSTACK_API_URL / _API_KEY / _SECRET_KEY like `serve`. Over
// stdio, or with `--port N` over Streamable HTTP at /mcp: one McpServer and transport per session, as the
// SDK's own example server does, with no Host, Origin or token checks.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { readJson } from './lib/http-body.js';
import { fetchSigned } from './lib/signed-fetch.js';

function floorServer(): McpServer {
  const server = new McpServer({ name: 'bench-floor', version: '1.0.0' });
  server.registerTool(
    'callApi',
    { description: 'Calls a CloudStack API.', inputSchema: { api: z.string() } },
    async ({ api }) => ({ content: [{ type: 'text', text: await fetchSigned(api) }] }),
  );
  return server;
}

const portAt = process.argv.indexOf('--port');
if (portAt < 0) {
  await floorServer().connect(new StdioServerTransport());
} else {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const httpServer = http.createServer(async (req, res) => {
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const id = req.headers['mcp-session-id'];
    let transport = typeof id === 'string' ? transports.get(id) : undefined;
    if (!transport && isInitializeRequest(body)) {
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          transports.set(sessionId, created);
        },
      });
      created.onclose = () => {
        if (created.sessionId) transports.delete(created.sessionId);
      };
      await floorServer().connect(created);
      transport = created;
    }
    if (!transport) {
      res.writeHead(400).end();
      return;
    }
    await transport.handleRequest(req, res, body);
  });
  httpServer.listen(Number(process.argv[portAt + 1]), '127.0.0.1');
}
