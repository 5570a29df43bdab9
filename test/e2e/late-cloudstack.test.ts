// CloudStack that comes up after the server (Claude Desktop starts `serve` at launch; a Docker CloudStack
// takes minutes): the built CLI over stdio first says an API outside the bindings may exist (the live
// list could not be read), then, once a CloudStack with that API listens, finds and calls it.
import { spawn } from 'node:child_process';
import type { Stream } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, stopChild } from '../../bench/lib/proc.js';
import { startSimulator } from '../../src/simulator/index.js';
import { dump418 } from '../simulator/helpers.js';
import { CLI, call, errorOf, requireBuild } from './cli.js';

/** Resolves when `text()` matches, checking on every chunk of `stream` (a process that dies fails the test by its timeout). */
function waitFor(stream: Stream, text: () => string, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!pattern.test(text())) return;
      stream.off('data', check);
      resolve();
    };
    stream.on('data', check);
    check();
  });
}

describe('serve started before its CloudStack', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it('learns the live API list when CloudStack comes up, and says until then that an API may exist', async () => {
    requireBuild();
    // The simulator's admin keys come from its seed: the same for the one started later on the port.
    const keysFrom = await startSimulator({ port: 0 });
    const { apiKey, secretKey } = keysFrom.admin;
    await keysFrom.close();

    const port = await freePort();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'serve'],
      stderr: 'pipe',
      env: {
        PATH: process.env.PATH ?? '',
        CLOUDSTACK_API_URL: `http://127.0.0.1:${port}/client/api`,
        CLOUDSTACK_API_KEY: apiKey,
        CLOUDSTACK_SECRET_KEY: secretKey,
        CLOUDSTACK_TIMEOUT: '5',
        MCP_LOG_LEVEL: 'info',
      },
    });
    let serveLog = '';
    const serveStderr = transport.stderr;
    serveStderr?.on('data', (chunk: Buffer) => {
      serveLog += chunk.toString();
    });
    const client = new Client({ name: 'late-cloudstack', version: '1.0.0' });
    await client.connect(transport);
    cleanup.push(() => client.close());

    // listVpnUsers: an API of 4.18 the bindings lack (listKubernetesClusters was, until issue 14 modelled it).
    const before = await call(client, 'callApi', { api: 'listVpnUsers' });
    expect(before.isError).toBe(true);
    expect(errorOf(before)).toMatchObject({ kind: 'unknown_api', catalogComplete: false });
    expect(String(errorOf(before).message)).toMatch(/could not be read yet, so the API may exist/);

    const simulator = spawn(
      process.execPath,
      [CLI, 'simulator', '--port', String(port), '--apis', dump418, '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    cleanup.push(() => stopChild(simulator));
    let simulatorOut = '';
    simulator.stdout?.on('data', (chunk: Buffer) => {
      simulatorOut += chunk.toString();
    });
    await waitFor(simulator.stdout as Stream, () => simulatorOut, /"url"/);

    // The background attempts (capped backoff) read listApis once the simulator listens.
    await waitFor(serveStderr as Stream, () => serveLog, /listApis read at last: \d+ more APIs/);

    const after = await call(client, 'callApi', { api: 'listVpnUsers' });
    expect(after.isError, after.text).toBe(false);
    expect(after.structured).toMatchObject({ api: 'listVpnUsers', status: 'done' });
  }, 90_000);
});
