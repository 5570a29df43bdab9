// Load: 50 MCP sessions over Streamable HTTP opening, calling and closing at the same time, against the
// built server and in process (where the session count is visible); afterwards no session is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { type CloudStackClient, createClient } from '../../src/cloudstack/client.js';
import { createLogger } from '../../src/mcp/logger.js';
import { createServer } from '../../src/mcp/server.js';
import { type RunningHttpServer, startHttpTransport } from '../../src/mcp/transports/http.js';
import {
  apiKeyEnv,
  callBounded,
  connectHttp,
  type Simulator,
  type SpawnedHttp,
  secretsOf,
  spawnHttp,
  startSim,
} from './helpers.js';
import { Transcript } from './transcript.js';

const SESSIONS = 50;

interface SessionRun {
  sessionId: string | undefined;
  kinds: string[];
}

/** One client's life: open, two calls, close with DELETE. */
async function oneSession(url: string, transcript: Transcript): Promise<SessionRun> {
  const session = await connectHttp(url, transcript);
  const kinds = [
    (await callBounded(session.client, 'callApi', { api: 'listZones' })).kind,
    (await callBounded(session.client, 'listVirtualMachines', { limit: 5 })).kind,
  ];
  await session.close();
  return { sessionId: session.sessionId, kinds };
}

/** What the server says to a request in a closed session. */
async function statusOfClosed(url: string, sessionId: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  await response.body?.cancel();
  return response.status;
}

describe('50 concurrent HTTP sessions', () => {
  const transcript = new Transcript();
  let simulator: Simulator;

  beforeAll(async () => {
    simulator = await startSim({ seed: 31, seedVms: 30 });
  });

  afterAll(async () => {
    await simulator?.close();
  });

  describe('against the built server (serve --transport http)', () => {
    let server: SpawnedHttp;
    beforeAll(async () => {
      server = await spawnHttp(apiKeyEnv(simulator), { transcript });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('serves every session, then answers 404 for each closed one', async () => {
      const runs = await Promise.all(
        Array.from({ length: SESSIONS }, () => oneSession(server.url, transcript)),
      );
      expect(runs.flatMap((run) => run.kinds)).toEqual(Array(SESSIONS * 2).fill('ok'));
      const ids = runs.map((run) => run.sessionId);
      expect(new Set(ids).size).toBe(SESSIONS);
      const statuses = await Promise.all(ids.map((id) => statusOfClosed(server.url, String(id))));
      expect(statuses).toEqual(Array(SESSIONS).fill(404));
      expect(server.alive()).toBe(true);
    });
  });

  describe('in process, where the session count is visible', () => {
    let http: RunningHttpServer;
    let cloudstack: CloudStackClient;
    beforeAll(async () => {
      cloudstack = createClient({
        apiUrl: simulator.url,
        apiKey: simulator.admin.apiKey,
        secretKey: simulator.admin.secretKey,
      });
      const { catalog } = await loadCatalog({ caller: cloudstack, live: true });
      const logger = createLogger({
        level: 'debug',
        write: (line) => transcript.record('in-process http log', line),
      });
      http = await startHttpTransport({
        host: '127.0.0.1',
        port: 0,
        logger,
        createMcpServer: () =>
          createServer({ caller: cloudstack, catalog, logger, secrets: Object.values(secretsOf(simulator)) }),
      });
    });
    afterAll(async () => {
      await http?.close();
      await cloudstack?.close();
    });

    it('holds the open sessions while they work and none once they closed', async () => {
      const open = await Promise.all(
        Array.from({ length: SESSIONS }, () => connectHttp(http.url, transcript)),
      );
      expect(http.sessions()).toBe(SESSIONS);
      const kinds = await Promise.all(
        open.map(async (s) => (await callBounded(s.client, 'listZones', {})).kind),
      );
      expect(kinds).toEqual(Array(SESSIONS).fill('ok'));
      await Promise.all(open.map((s) => s.close()));
      expect(http.sessions()).toBe(0);
    });
  });

  it('wrote none of its credentials anywhere', () => {
    expect(transcript.size).toBeGreaterThan(0);
    expect(transcript.leaks(secretsOf(simulator))).toEqual([]);
  });
});
