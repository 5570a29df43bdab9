// The MCP App's page from the built CLI (the esbuild bundle finds ext-apps' App bundle at run time) over
// stdio, with the SDK's real Client: the tools name it, resources/read serves it whole.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, requireBuild } from './cli.js';

let client: Client;
beforeAll(async () => {
  requireBuild();
  client = new Client({ name: 'e2e-app-stdio', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'serve', '--simulator'],
      stderr: 'pipe',
    }),
  );
});
afterAll(async () => {
  await client?.close();
});

describe('serve --simulator: the VM view', () => {
  it('is named by listVirtualMachines and served by resources/read as text/html;profile=mcp-app', async () => {
    const { tools } = await client.listTools();
    const named = tools.filter((tool) => tool._meta?.ui).map((tool) => tool.name);
    expect(named).toEqual(['listVirtualMachines', 'getVMStatus']);
    const { contents } = await client.readResource({ uri: 'ui://cloudstack/vms' });
    const page = contents[0] as { mimeType: string; text: string };
    expect(page.mimeType).toBe('text/html;profile=mcp-app');
    expect(page.text).toContain('var McpApps={');
    expect(page.text).toContain('CloudStack virtual machines');
    expect(page.text.trimEnd().endsWith('</html>')).toBe(true);
  });
});
