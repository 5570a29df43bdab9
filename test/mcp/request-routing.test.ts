// Requests reach the SDK's request handling without the response-schema detour; every other message takes
// the SDK's routing; nothing changes where the SDK has no such handling or the transport had a handler.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, vi } from 'vitest';
import { DirectRoutingServer, routeRequestsDirectly } from '../../src/mcp/request-routing.js';

function fakeTransport(): Transport & { routed: JSONRPCMessage[] } {
  const routed: JSONRPCMessage[] = [];
  return {
    routed,
    start: async () => {},
    send: async () => {},
    close: async () => {},
    onmessage: (message: JSONRPCMessage) => {
      routed.push(message);
    },
  };
}

const request = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } } as const;
const others: JSONRPCMessage[] = [
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 2, result: {} },
  { jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'no' } },
  // Not a request by the SDK's order either (a response schema matches first).
  { jsonrpc: '2.0', id: 4, method: 'ping', result: {} } as unknown as JSONRPCMessage,
];

describe('routeRequestsDirectly', () => {
  it('hands requests to the server with their extra, and routes everything else as before', () => {
    const server = {
      _onrequest: vi.fn(function (this: unknown) {
        expect(this).toBe(server);
      }),
    };
    const transport = fakeTransport();
    routeRequestsDirectly(server, transport);
    const extra = { requestInfo: { headers: {} } };
    transport.onmessage?.(request, extra);
    for (const message of others) transport.onmessage?.(message);
    expect(server._onrequest).toHaveBeenCalledTimes(1);
    expect(server._onrequest).toHaveBeenCalledWith(request, extra);
    expect(transport.routed).toEqual(others);
  });

  it('changes nothing for a server without that handling', () => {
    const transport = fakeTransport();
    const before = transport.onmessage;
    routeRequestsDirectly({}, transport);
    expect(transport.onmessage).toBe(before);
  });

  it('is active with this SDK: its Server has the request handling it calls', () => {
    expect(
      typeof (new Server({ name: 't', version: '1' }) as unknown as { _onrequest: unknown })._onrequest,
    ).toBe('function');
  });
});

describe('DirectRoutingServer', () => {
  it('answers requests and takes notifications over a real connection', async () => {
    const server = new DirectRoutingServer({ name: 't', version: '1' }, { capabilities: { logging: {} } });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(clientSide);
    expect(server.getClientVersion()).toEqual({ name: 'c', version: '1' });
    await expect(client.ping()).resolves.toEqual({});
    await expect(client.setLoggingLevel('debug')).resolves.toEqual({});
    await client.close();
  });

  it('keeps the SDK routing for a transport that already had a handler', async () => {
    const server = new DirectRoutingServer({ name: 't', version: '1' }, { capabilities: {} });
    const transport = fakeTransport();
    await server.connect(transport);
    const onrequest = vi.spyOn(server as unknown as { _onrequest: () => void }, '_onrequest');
    transport.onmessage?.({ jsonrpc: '2.0', id: 9, method: 'ping' });
    // The earlier handler still sees every message, as the SDK promises.
    expect(transport.routed).toEqual([{ jsonrpc: '2.0', id: 9, method: 'ping' }]);
    expect(onrequest).toHaveBeenCalledTimes(1);
  });
});
