// The MCP server in the benchmark's own process, wired as `serve` wires it, connected to the SDK Client by
// InMemoryTransport: the server's work without a transport's serialisation and parsing.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { createClient } from '../../src/cloudstack/client.js';
import { createServer } from '../../src/mcp/server.js';
import type { Connected } from './mcp.js';
import type { SimulatorProcess } from './simulator.js';

export async function connectInProcess(simulator: SimulatorProcess): Promise<Connected> {
  const keys = { apiKey: simulator.admin.apiKey, secretKey: simulator.admin.secretKey };
  const caller = createClient({ apiUrl: simulator.url, ...keys });
  const { catalog } = await loadCatalog({ caller, live: true });
  const created = createServer({ caller, catalog, secrets: [keys.apiKey, keys.secretKey] });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'cloudstack-mcp-bench', version: '1.0.0' });
  await created.server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    pid: undefined,
    close: async () => {
      await client.close();
      await created.close();
      await caller.close();
    },
  };
}
