// Confirmation tokens are good for one action on one object, against the embedded simulator through the
// SDK's real Client: the SSH key pair replay (delete with a token, create a pair of the same name, the same
// token again) on one server and across two stateless replicas sharing the secret; and the server's own
// user, found with the client's real identity look-up, is off limits to credential APIs.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiCatalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { type CloudStackClient, createClient } from '../../src/cloudstack/client.js';
import { createServer } from '../../src/mcp/server.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, errorOf } from '../mcp/harness.js';

const SECRET = 'replay-test-confirm-secret';

let simulator: RunningSimulator;
let cloudstack: CloudStackClient;
let catalog: ApiCatalog;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  simulator = await startSimulator();
  cloudstack = createClient({
    apiUrl: simulator.url,
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
  });
  ({ catalog } = await loadCatalog({ caller: cloudstack, live: true }));
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await cloudstack?.close();
  await simulator?.close();
});

/** One server (a replica: its own process state) with the shared secret, and a client connected to it. */
async function replica(): Promise<Client> {
  const created = createServer({ caller: cloudstack, catalog, secret: SECRET });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'replay', version: '1.0.0' });
  await created.server.connect(serverTransport);
  await client.connect(clientTransport);
  closers.push(async () => {
    await client.close();
    await created.close();
  });
  return client;
}

async function createKeyPair(client: Client, name: string): Promise<void> {
  const created = await call(client, 'callApi', { api: 'createSSHKeyPair', params: { name } });
  expect(created.structured.status).toBe('done');
}

async function keyPairNames(): Promise<string[]> {
  const listed = await cloudstack.request<{ sshkeypair?: { name: string }[] }>('listSSHKeyPairs', {});
  return (listed.sshkeypair ?? []).map((pair) => pair.name);
}

async function askToDelete(client: Client, name: string) {
  const first = await call(client, 'callApi', { api: 'deleteSSHKeyPair', params: { name } });
  expect(first.structured.status).toBe('confirmation_required');
  return first.structured.confirmation as {
    confirmToken: string;
    target?: Record<string, unknown>;
    tokenBinding: string;
  };
}

describe('a confirmation token is good for one action on one object', () => {
  it('deletes an SSH key pair once; the same token does not delete a new pair of the same name', async () => {
    const client = await replica();
    await createKeyPair(client, 'replay-1');
    const confirmation = await askToDelete(client, 'replay-1');
    // Looked up by name, as deleteSSHKeyPair names it, and bound to that pair.
    expect(confirmation.target).toMatchObject({ name: 'replay-1' });
    expect(confirmation.tokenBinding).toContain('this object');
    const args = {
      api: 'deleteSSHKeyPair',
      params: { name: 'replay-1' },
      confirm: confirmation.confirmToken,
    };
    expect((await call(client, 'callApi', args)).structured.status).toBe('done');
    expect(await keyPairNames()).not.toContain('replay-1');

    await createKeyPair(client, 'replay-1');
    const replayed = await call(client, 'callApi', args);
    expect(errorOf(replayed).kind).toBe('confirmation_invalid');
    expect(await keyPairNames()).toContain('replay-1');
  });

  it('refuses the replay on another stateless replica sharing MCP_CONFIRM_SECRET', async () => {
    const first = await replica();
    const second = await replica();
    await createKeyPair(first, 'replay-2');
    const confirmation = await askToDelete(first, 'replay-2');
    const args = {
      api: 'deleteSSHKeyPair',
      params: { name: 'replay-2' },
      confirm: confirmation.confirmToken,
    };
    expect((await call(first, 'callApi', args)).structured.status).toBe('done');

    // The second replica never saw the token used: the pair it was bound to is gone.
    const gone = await call(second, 'callApi', args);
    expect(errorOf(gone)).toMatchObject({ kind: 'confirmation_invalid' });
    expect(errorOf(gone).message).toContain('cannot be found');
    // ... and a new pair of the same name is another object.
    await createKeyPair(first, 'replay-2');
    const remade = await call(second, 'callApi', args);
    expect(errorOf(remade).message).toContain('made again');
    expect(await keyPairNames()).toContain('replay-2');

    // A token issued on one replica still works once on the other (nothing is kept per replica).
    const fresh = await askToDelete(first, 'replay-2');
    const confirmed = await call(second, 'callApi', {
      api: 'deleteSSHKeyPair',
      params: { name: 'replay-2' },
      confirm: fresh.confirmToken,
    });
    expect(confirmed.structured.status).toBe('done');
  });
});

describe("the server's own user", () => {
  it('is found with the API key and refused for registerUserKeys, confirmed or not', async () => {
    const client = await replica();
    const answer = await call(client, 'callApi', {
      api: 'registerUserKeys',
      params: { id: simulator.admin.userId },
    });
    expect(errorOf(answer)).toMatchObject({ kind: 'not_allowed', reason: 'own_identity' });
    // The server still works with its keys.
    expect((await call(client, 'listZones')).isError).toBe(false);
  });
});
