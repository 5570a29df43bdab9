// Per-call overhead: `callApi listZones` through MCP over stdio, against the floor (the smallest SDK server
// whose tool fetches the same signed URL), and over Streamable HTTP, against the same call made with the
// client directly. Calls interleave (direct, floor, stdio, HTTP) so load drift hits all alike.
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { directClient } from '../lib/direct.js';
import {
  callToolOk,
  connectHttp,
  connectServeStdio,
  connectStdio,
  serverEnv,
  startHttpServer,
} from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { benchDist } from '../lib/paths.js';
import { startSimulatorProcess } from '../lib/simulator.js';
import type { Section } from '../section.js';
import { median, now, p95 } from '../stats.js';

const WARMUP = 30;
const CALLS = 300;

async function timeCall(fn: () => Promise<unknown>): Promise<number> {
  const started = now();
  await fn();
  return now() - started;
}

export const perCallSection: Section = {
  name: 'per-call',
  title: 'Per-call overhead',
  method: [
    'One simulator in its own process. `callApi {api: "listZones"}` through `cloudstack-mcp serve` over stdio ' +
      'and over Streamable HTTP (one session), each a separate process, with the SDK Client in the benchmark ' +
      'process. Baseline over stdio: the floor, bench/floor-server.ts (McpServer + StdioServerTransport, one ' +
      'tool that signs the listZones URL and fetches it with node:http keep-alive, answering its text), ' +
      'spawned and called the same way; the same server with `--port` serves Streamable HTTP (one McpServer ' +
      "and transport per session, like the SDK's example, no Host/Origin/token checks): the HTTP floor. " +
      'Baseline over HTTP, and for the floors themselves: `client.request("listZones")` from the same ' +
      'process against the same simulator.',
    `${WARMUP} warm-up calls each, then ${CALLS} sequential rounds of (direct, floor, stdio, HTTP, HTTP floor); median and p95 latency.`,
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 1 });
    const direct = directClient(simulator);
    const env = serverEnv(simulator);
    const floorScript = path.join(benchDist, 'floor-server.js');
    const floor = await connectStdio({ script: floorScript, env });
    const stdio = await connectServeStdio(env);
    const httpServer = await startHttpServer(env);
    const http = await connectHttp(httpServer.url);
    const floorHttpServer = await startHttpServer(env, [], floorScript);
    const floorHttp = await connectHttp(floorHttpServer.url);
    try {
      const viaMcp = (client: Client) => () => callToolOk(client, 'callApi', { api: 'listZones' });
      const viaDirect = () => direct.request('listZones');
      for (let i = 0; i < WARMUP; i++) {
        await viaDirect();
        await viaMcp(floor.client)();
        await viaMcp(stdio.client)();
        await viaMcp(http.client)();
        await viaMcp(floorHttp.client)();
      }
      const samples = {
        direct: [] as number[],
        floor: [] as number[],
        stdio: [] as number[],
        http: [] as number[],
        floorHttp: [] as number[],
      };
      for (let i = 0; i < CALLS; i++) {
        samples.direct.push(await timeCall(viaDirect));
        samples.floor.push(await timeCall(viaMcp(floor.client)));
        samples.stdio.push(await timeCall(viaMcp(stdio.client)));
        samples.http.push(await timeCall(viaMcp(http.client)));
        samples.floorHttp.push(await timeCall(viaMcp(floorHttp.client)));
      }
      log(
        `median direct ${median(samples.direct).toFixed(2)} ms, floor ${median(samples.floor).toFixed(2)} ms, stdio ${median(samples.stdio).toFixed(2)} ms, ` +
          `http ${median(samples.http).toFixed(2)} ms, floor over http ${median(samples.floorHttp).toFixed(2)} ms`,
      );
      const direct50 = { label: 'client directly', value: median(samples.direct) };
      const direct95 = { label: 'client directly', value: p95(samples.direct) };
      const floorLabel = 'floor: minimal SDK server fetching the signed URL';
      return [
        {
          metric: 'callApi listZones over stdio, median',
          value: median(samples.stdio),
          unit: 'ms',
          baseline: { label: floorLabel, value: median(samples.floor) },
        },
        {
          metric: 'callApi listZones over stdio, p95',
          value: p95(samples.stdio),
          unit: 'ms',
          baseline: { label: floorLabel, value: p95(samples.floor) },
        },
        {
          metric: 'the floor over stdio, median',
          value: median(samples.floor),
          unit: 'ms',
          baseline: direct50,
        },
        {
          metric: 'callApi listZones over HTTP, median',
          value: median(samples.http),
          unit: 'ms',
          baseline: direct50,
        },
        {
          metric: 'callApi listZones over HTTP, p95',
          value: p95(samples.http),
          unit: 'ms',
          baseline: direct95,
        },
        {
          metric: 'callApi listZones over HTTP against the HTTP floor, median',
          value: median(samples.http),
          unit: 'ms',
          baseline: { label: 'the floor over Streamable HTTP', value: median(samples.floorHttp) },
        },
        {
          metric: 'the floor over HTTP, median',
          value: median(samples.floorHttp),
          unit: 'ms',
          baseline: direct50,
        },
      ];
    } finally {
      await floorHttp.close().catch(() => undefined);
      await floorHttpServer.close();
      await http.close().catch(() => undefined);
      await httpServer.close();
      await stdio.close().catch(() => undefined);
      await floor.close().catch(() => undefined);
      await direct.close();
      await simulator.close();
    }
  },
};
