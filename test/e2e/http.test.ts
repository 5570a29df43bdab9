// The built CLI over Streamable HTTP against a simulator this test runs (so it can inject faults and stop
// it), with the SDK's real Client declaring elicitation: the everyday flow, CloudStack errors, a dead
// CloudStack, a failed job, policy refusals, and the HTTP guards (bearer token, Origin).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { itemsOf } from '../mcp/harness.js';
import { call, errorOf, type SpawnedServer, spawnHttpServer } from './cli.js';

const TOKEN = 'e2e-bearer-token-0123456789';

let simulator: RunningSimulator;
let server: SpawnedServer;
let client: Client;
const elicitations: string[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ jobDurationMs: 200 });
  server = await spawnHttpServer(['--deny', 'expunge*'], {
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_API_KEY: simulator.admin.apiKey,
    CLOUDSTACK_SECRET_KEY: simulator.admin.secretKey,
    CLOUDSTACK_TIMEOUT: '5',
    MCP_AUTH_TOKEN: TOKEN,
    MCP_CONFIRM_SECRET: 'e2e-confirm-secret',
  });
  client = new Client({ name: 'e2e-http', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicitations.push(request.params.message);
    return { action: 'accept', content: { confirm: true } };
  });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
    }),
  );
});

afterAll(async () => {
  await client?.close().catch(() => {});
  await server?.stop();
  await simulator?.close().catch(() => {});
});

function post(headers: Record<string, string>) {
  return fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
}

describe('serve --transport http', () => {
  it('deploys by names with progress, reports, stops, and destroys after the user confirms', async () => {
    const templates = await call(client, 'listTemplates', {});
    expect(itemsOf(templates.structured).map((t) => t.name)).toContain('Ubuntu 22.04 LTS (Simulator)');

    const progress: number[] = [];
    const deployed = await client.callTool(
      {
        name: 'deployVM',
        arguments: {
          zone: 'Sim-Advanced',
          template: 'Ubuntu 22.04 LTS (Simulator)',
          serviceOffering: 'Small Instance',
          name: 'e2e-http-vm',
        },
      },
      undefined,
      { onprogress: (notification) => progress.push(notification.progress) },
    );
    expect(deployed.isError, JSON.stringify(deployed.content)).toBeFalsy();
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(deployed.structuredContent).toMatchObject({ status: 'done', vm: { state: 'Running' } });

    expect((await call(client, 'getVMStatus', { vm: 'e2e-http-vm' })).structured).toMatchObject({
      vm: { state: 'Running' },
    });
    const listed = await call(client, 'callApi', {
      api: 'listVirtualMachines',
      params: { name: 'e2e-http-vm' },
      fields: ['name', 'nic.ipaddress'],
    });
    expect(itemsOf(listed.structured)).toEqual([
      { name: 'e2e-http-vm', nic: [{ ipaddress: expect.any(String) }] },
    ]);
    expect((await call(client, 'stopVM', { vm: 'e2e-http-vm' })).structured).toMatchObject({
      vm: { state: 'Stopped' },
    });

    const destroyed = await call(client, 'destroyVM', { vm: 'e2e-http-vm' });
    expect(destroyed.structured).toMatchObject({ status: 'done', vm: { state: 'Destroyed' } });
    expect(elicitations.at(-1)).toContain('e2e-http-vm');
  });

  it("carries CloudStack's 431 and 530 with errortext (as the message) and codes", async () => {
    const missingZone = await call(client, 'callApi', {
      api: 'listTemplates',
      params: { templatefilter: 'executable', zoneid: '00000000-0000-0000-0000-000000000000' },
    });
    expect(missingZone.isError).toBe(true);
    expect(errorOf(missingZone)).toMatchObject({ kind: 'api_error', errorcode: 431 });
    expect(String(errorOf(missingZone).message).length).toBeGreaterThan(5);

    simulator.setFaults({ failureRate: 1 });
    try {
      const internal = await call(client, 'listZones');
      expect(errorOf(internal)).toMatchObject({ kind: 'api_error', errorcode: 530 });
      expect(String(errorOf(internal).message)).toContain('Simulated internal error');
    } finally {
      simulator.setFaults({ failureRate: 0 });
    }
  });

  it('tells a failed job apart, with its id and errortext', async () => {
    await call(client, 'deployVM', {
      zone: 'Sim-Advanced',
      template: 'Ubuntu 22.04 LTS (Simulator)',
      serviceOffering: 'Small Instance',
      name: 'e2e-fail-vm',
    });
    simulator.setFaults({ jobFailureRate: 1 });
    try {
      const failed = await call(client, 'rebootVM', { vm: 'e2e-fail-vm' });
      expect(errorOf(failed)).toMatchObject({ kind: 'job_failed' });
      expect(typeof errorOf(failed).jobId).toBe('string');
      expect(String(errorOf(failed).message).length).toBeGreaterThan(5);
    } finally {
      simulator.setFaults({ jobFailureRate: 0 });
    }
  });

  it('refuses a denied API by pattern', async () => {
    const denied = await call(client, 'callApi', {
      api: 'expungeVirtualMachine',
      params: { id: '00000000-0000-0000-0000-000000000000' },
    });
    expect(errorOf(denied)).toMatchObject({ kind: 'not_allowed' });
    expect(String(errorOf(denied).message)).toContain('--deny pattern "expunge*"');
  });

  it('answers 401 without the right bearer token and 403 for a foreign Origin, and lives on', async () => {
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect(server.stderr()).not.toContain(TOKEN);
    expect(server.stderr()).not.toContain(simulator.admin.secretKey);
    expect(server.stderr()).not.toContain(simulator.admin.apiKey);
    expect((await call(client, 'listZones')).isError).toBe(false);
  });

  it('reports a dead CloudStack as a connection failure and keeps serving', async () => {
    await simulator.close();
    const down = await call(client, 'listZones');
    expect(errorOf(down)).toMatchObject({ kind: 'connection_failed' });
    const local = await call(client, 'searchApis', { query: 'virtual machine' });
    expect(local.isError).toBe(false);
  });
});
