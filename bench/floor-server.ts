// The per-call floor: the smallest MCP server on the SDK (stdio) whose one tool fetches the signed
// `listZones` URL from CloudStack (node:http, keep-alive) and answers its text. What `callApi` costs above
// it is what this project adds per call. Reads CLOUDSTACK_API_URL / _API_KEY / _SECRET_KEY like `serve`.
import http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { signedQueryString } from '../src/cloudstack/sign.js';

const apiUrl = process.env.CLOUDSTACK_API_URL ?? '';
const apiKey = process.env.CLOUDSTACK_API_KEY ?? '';
const secretKey = process.env.CLOUDSTACK_SECRET_KEY ?? '';
const agent = new http.Agent({ keepAlive: true });

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { Accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const server = new McpServer({ name: 'bench-floor', version: '1.0.0' });
server.registerTool(
  'callApi',
  { description: 'Calls a CloudStack API.', inputSchema: { api: z.string() } },
  async ({ api }) => {
    const query = signedQueryString({ command: api, response: 'json', apiKey }, secretKey);
    return { content: [{ type: 'text', text: await fetchText(`${apiUrl}?${query}`) }] };
  },
);
await server.connect(new StdioServerTransport());
