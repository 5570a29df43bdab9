// The MCP server in this process, wired as `serve` wires it (client, catalog from bindings + live listApis,
// createServer), connected to the SDK's Client through the SDK's InMemoryTransport: fast enough for
// thousands of calls.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { type CloudStackClient, createClient } from '../../src/cloudstack/client.js';
import { createLogger } from '../../src/mcp/logger.js';
import { type CreatedServer, type CreateServerOptions, createServer } from '../../src/mcp/server.js';
import type { Transcript } from './transcript.js';

export interface InProcess {
  client: Client;
  created: CreatedServer;
  cloudstack: CloudStackClient;
  close(): Promise<void>;
}

export interface Credentials {
  url: string;
  apiKey: string;
  secretKey: string;
}

export async function inProcessServer(
  credentials: Credentials,
  options: { transcript?: Transcript; server?: Partial<CreateServerOptions>; clientTimeoutMs?: number } = {},
): Promise<InProcess> {
  const { transcript } = options;
  const cloudstack = createClient({
    apiUrl: credentials.url,
    apiKey: credentials.apiKey,
    secretKey: credentials.secretKey,
    timeoutMs: options.clientTimeoutMs ?? 10_000,
  });
  const { catalog } = await loadCatalog({ caller: cloudstack, live: true });
  const secrets = [credentials.apiKey, credentials.secretKey];
  const logger = createLogger({
    level: 'debug',
    secrets,
    write: (line) => transcript?.record('in-process log', line),
  });
  const created = createServer({ caller: cloudstack, catalog, logger, secrets, ...options.server });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'reliability', version: '1.0.0' });
  await created.server.connect(serverTransport);
  await client.connect(clientTransport);
  if (transcript) {
    const deliver = clientTransport.onmessage;
    clientTransport.onmessage = (message, extra) => {
      transcript.record('in-process messages', JSON.stringify(message));
      deliver?.(message, extra);
    };
  }
  return {
    client,
    created,
    cloudstack,
    close: async () => {
      await client.close();
      await created.close();
      await cloudstack.close();
    },
  };
}
