// Floods against the built server: a session flood over HTTP (a small --max-sessions so it is quick: the
// cap holds and real clients are still served) and a stdin flood over stdio (thousands of pipelined
// requests, every one answered once). Memory under the full-size floods is measured in bench/ (sessions,
// stdio-flood), not asserted here.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyEnv,
  callBounded,
  cliPath,
  connectHttp,
  repoRoot,
  type Simulator,
  type SpawnedHttp,
  secretsOf,
  spawnHttp,
  startSim,
} from './helpers.js';
import { Transcript } from './transcript.js';

const CAP = 20;
const FLOOD = 400;
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'flood', version: '1' } },
};

/** One bare initialize (no call after it, as a flood sends them): its status and body. */
async function bareInitialize(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify(initialize),
  });
  return { status: response.status, body: await response.text() };
}

describe('floods against the built server', () => {
  const transcript = new Transcript();
  let simulator: Simulator;

  beforeAll(async () => {
    simulator = await startSim({ seed: 53, seedVms: 5 });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  describe(`session flood: ${FLOOD} initializes against --max-sessions ${CAP}`, () => {
    let server: SpawnedHttp;
    beforeAll(async () => {
      server = await spawnHttp(apiKeyEnv(simulator), { transcript, args: ['--max-sessions', String(CAP)] });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('holds the cap, keeps the session that did work, and lets a new client in', async () => {
      const early = await connectHttp(server.url, transcript);
      expect((await callBounded(early.client, 'listZones', {})).kind).toBe('ok');

      const statuses: number[] = [];
      for (let sent = 0; sent < FLOOD; sent += 10) {
        const batch = await Promise.all(Array.from({ length: 10 }, () => bareInitialize(server.url)));
        for (const { status, body } of batch) {
          statuses.push(status);
          // Beyond the cap the answer says so (never a reset or a 500).
          if (status === 503) expect(body).toMatch(/session cap/);
        }
      }
      expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
      // Unused sessions make room for new ones: the flood is mostly served.
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(FLOOD / 2);
      const held = [...server.output().matchAll(/session opened \{"sessions":(\d+)\}/g)].map((m) =>
        Number(m[1]),
      );
      expect(held.length).toBeGreaterThan(CAP);
      expect(Math.max(...held)).toBeLessThanOrEqual(CAP);

      expect((await callBounded(early.client, 'listZones', {})).kind).toBe('ok');
      const late = await connectHttp(server.url, transcript);
      expect((await callBounded(late.client, 'listVirtualMachines', { limit: 2 })).kind).toBe('ok');
      await late.close();
      await early.close();
      expect(server.alive()).toBe(true);
    }, 60_000);
  });

  it('stdin flood: 3,000 pipelined requests are each answered once, then serve exits 0', async () => {
    const child = spawn(process.execPath, [cliPath, 'serve'], {
      env: { PATH: process.env.PATH ?? '', ...apiKeyEnv(simulator), MCP_LOG_LEVEL: 'warn' },
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      transcript.record('stdio flood stderr', chunk.toString());
    });
    const lines = [
      JSON.stringify(initialize),
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    ];
    for (let id = 2; id <= 3001; id++) {
      lines.push(
        JSON.stringify(
          id % 10 === 0
            ? {
                jsonrpc: '2.0',
                id,
                method: 'tools/call',
                params: { name: 'listZones', arguments: { fields: ['name'] } },
              }
            : { jsonrpc: '2.0', id, method: 'ping' },
        ),
      );
    }
    child.stdin.end(`${lines.join('\n')}\n`);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(code, stderr).toBe(0);
    const answers = stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { id: number; result?: { isError?: boolean }; error?: unknown });
    const ids = answers.map((answer) => answer.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 3001 }, (_, i) => i + 1));
    expect(answers.filter((answer) => answer.error || answer.result?.isError)).toEqual([]);
  }, 90_000);

  it('wrote none of its credentials anywhere', () => {
    expect(transcript.size).toBeGreaterThan(0);
    expect(transcript.leaks(secretsOf(simulator))).toEqual([]);
  });
});
