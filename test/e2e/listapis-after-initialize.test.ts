// `serve` answers initialize without waiting for CloudStack's listApis (read while the client connects), and
// what depends on that list waits for the read instead: a search made meanwhile finds an API only the live
// server has. The built CLI over stdio, against a simulator behind a proxy that holds listApis until told.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { dump418 } from '../simulator/helpers.js';
import { CLI, call, requireBuild } from './cli.js';

describe('serve while listApis is still being read', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it('answers initialize first, and a search waits for the read', async () => {
    requireBuild();
    const simulator = await startSimulator({ port: 0, apisFile: dump418 });
    cleanup.push(() => simulator.close());
    const target = new URL(simulator.url);

    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let listApisAsked!: () => void;
    const asked = new Promise<void>((resolve) => {
      listApisAsked = resolve;
    });
    const proxy = http.createServer((req, res) => {
      const forward = () => {
        const upstream = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        req.pipe(upstream);
      };
      if (/[?&]command=listApis(&|$)/.test(req.url ?? '')) {
        listApisAsked();
        void released.then(forward);
      } else forward();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => proxy.close(resolve)));
    proxy.unref();

    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'serve'],
      stderr: 'pipe',
      env: {
        PATH: process.env.PATH ?? '',
        CLOUDSTACK_API_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${target.pathname}`,
        CLOUDSTACK_API_KEY: simulator.admin.apiKey,
        CLOUDSTACK_SECRET_KEY: simulator.admin.secretKey,
        MCP_LOG_LEVEL: 'silent',
      },
    });
    const client = new Client({ name: 'listapis-after-initialize', version: '1.0.0' });
    // Resolves only once initialize is answered: with listApis held, it would not if serve waited for it.
    await client.connect(transport);
    cleanup.push(() => client.close());
    await asked;

    const search = call(client, 'searchApis', { query: 'list kubernetes clusters' });
    release();
    const found = await search;
    expect(found.isError, found.text).toBe(false);
    const names = (found.structured.apis as { name: string }[]).map((api) => api.name);
    expect(names).toContain('listKubernetesClusters');
    expect(found.structured.partial).toBeUndefined();
  }, 60_000);
});
