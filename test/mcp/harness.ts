// An MCP server over the fake CloudStack, connected in process to the SDK's real Client.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { ApiCatalog } from '../../src/catalog/catalog.js';
import { type CreateServerOptions, createServer } from '../../src/mcp/server.js';
import { dumpDefinitions } from '../catalog/dump.js';
import { FakeCloudStack } from './fake-cloudstack.js';

let sharedCatalog: ApiCatalog | undefined;

export function dumpCatalog(): ApiCatalog {
  sharedCatalog ??= new ApiCatalog(dumpDefinitions('4.18.0'));
  return sharedCatalog;
}

export interface Harness {
  client: Client;
  cloud: FakeCloudStack;
  close(): Promise<void>;
}

export async function connect(
  options: Partial<CreateServerOptions> = {},
  capabilities: ClientCapabilities = {},
): Promise<Harness> {
  const cloud = (options.caller as FakeCloudStack | undefined) ?? new FakeCloudStack();
  const created = createServer({ catalog: dumpCatalog(), ...options, caller: cloud });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' }, { capabilities });
  await created.server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    cloud,
    close: async () => {
      await client.close();
      await created.close();
    },
  };
}

export interface ToolAnswer {
  isError: boolean;
  structured: Record<string, unknown>;
  text: string;
  /** The parsed text (the JSON object every answer carries). */
  json: Record<string, unknown>;
}

export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text: string }[];
  const text = content[0]?.text ?? '';
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return {
    isError: result.isError === true,
    structured: (result.structuredContent ?? {}) as Record<string, unknown>,
    text,
    json,
  };
}

/** The `error` object of an isError answer. */
export function errorOf(answer: ToolAnswer): Record<string, unknown> {
  return (answer.json.error ?? {}) as Record<string, unknown>;
}

/** A list answer's items as objects, in either format: `items` (detailed) or `columns` + `rows` (concise). */
export function itemsOf(structured: Record<string, unknown>): Record<string, unknown>[] {
  if (Array.isArray(structured.items)) return structured.items as Record<string, unknown>[];
  const columns = (structured.columns ?? []) as string[];
  const rows = (structured.rows ?? []) as unknown[][];
  return rows.map((row) =>
    Object.fromEntries(columns.map((column, i) => [column, row[i]]).filter(([, value]) => value !== null)),
  );
}
