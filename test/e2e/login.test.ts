// Username/password instead of keys: serve logs in, takes that user's API keys (getUserKeys or
// registerUserKeys) and signs every request with them; the password never shows in its log.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { itemsOf } from '../mcp/harness.js';
import { call, type SpawnedServer, spawnHttpServer } from './cli.js';

let simulator: RunningSimulator | undefined;
let server: SpawnedServer | undefined;
afterAll(async () => {
  await server?.stop();
  await simulator?.close();
});

it('serves with a username and password, never logging the password', async () => {
  simulator = await startSimulator({ jobDurationMs: 50 });
  server = await spawnHttpServer([], {
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_API_KEY: '',
    CLOUDSTACK_SECRET_KEY: '',
    CLOUDSTACK_USERNAME: simulator.admin.username,
    CLOUDSTACK_PASSWORD: simulator.admin.password,
    MCP_LOG_LEVEL: 'debug',
  });
  const client = new Client({ name: 'e2e-login', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  try {
    const zones = await call(client, 'listZones');
    expect(zones.isError).toBe(false);
    expect(itemsOf(zones.structured).map((zone) => zone.name)).toContain('Sim-Advanced');
  } finally {
    await client.close();
  }
  expect(server.stderr()).toContain('logged in as admin');
  // The simulator's admin password is the word "password": look for it as a value, not as a word.
  expect(server.stderr()).not.toMatch(/password["'=:\s]+password/i);
  expect(server.stderr()).not.toContain(simulator.admin.secretKey);
});
