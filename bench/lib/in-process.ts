// The MCP server in this process, wired as `serve` wires it (client, catalog from bindings + live listApis,
// createServer), connected to the SDK's Client by InMemoryTransport: the server's work without a transport's
// serialisation and parsing. The benchmark's baseline, and the reliability suite's server for thousands of calls.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { type ClientOptions, type CloudStackClient, createClient } from '../../src/cloudstack/client.js';
import { type CreatedServer, type CreateServerOptions, createServer } from '../../src/mcp/server.js';
import type { Connected } from './mcp.js';
import type { SimulatorProcess } from './simulator.js';

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

export interface InProcessOptions {
  /** More createServer options (a logger, policy, ...); caller, catalog and secrets are set here. */
  server?: Partial<CreateServerOptions>;
  /** The CloudStack client's timeout (default: the client's own). */
  clientTimeoutMs?: number;
  /** More CloudStack client options (retries, poll retries, ...). */
  clientOptions?: Partial<ClientOptions>;
  clientName?: string;
  /** Sees every message the client receives. */
  onMessage?: (message: JSONRPCMessage) => void;
}

export async function startInProcess(
  credentials: Credentials,
  options: InProcessOptions = {},
): Promise<InProcess> {
  const cloudstack = createClient({
    ...options.clientOptions,
    apiUrl: credentials.url,
    apiKey: credentials.apiKey,
    secretKey: credentials.secretKey,
    ...(options.clientTimeoutMs !== undefined ? { timeoutMs: options.clientTimeoutMs } : {}),
  });
  const { catalog } = await loadCatalog({ caller: cloudstack, live: true });
  const secrets = [credentials.apiKey, credentials.secretKey];
  const created = createServer({ caller: cloudstack, catalog, secrets, ...options.server });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: options.clientName ?? 'cloudstack-mcp-bench', version: '1.0.0' });
  await created.server.connect(serverTransport);
  await client.connect(clientTransport);
  const { onMessage } = options;
  if (onMessage) {
    const deliver = clientTransport.onmessage;
    clientTransport.onmessage = (message, extra) => {
      onMessage(message);
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

export async function connectInProcess(simulator: SimulatorProcess): Promise<Connected> {
  const { apiKey, secretKey } = simulator.admin;
  const started = await startInProcess({ url: simulator.url, apiKey, secretKey });
  return { client: started.client, pid: undefined, close: started.close };
}
