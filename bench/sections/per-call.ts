// Per-call overhead: `callApi listZones` through MCP over stdio, against the floor (the smallest SDK server
// whose tool fetches the same signed URL), and over Streamable HTTP, against the same call made with the
// client directly. Calls interleave (direct, floor, stdio, HTTP) so load drift hits all alike.
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { directClient } from '../lib/direct.js';
import { connectLean, type LeanSession } from '../lib/lean-http.js';
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
import { cpuMs } from '../lib/proc.js';
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
      'tool that signs the same listZones URL callApi signs (page=1&pagesize=50, a version-3 signature with ' +
      'expires) and fetches it with node:http keep-alive, answering its text), ' +
      'spawned and called the same way; the same server with `--port` serves Streamable HTTP (one McpServer ' +
      "and transport per session, like the SDK's example, no Host/Origin/token checks): the HTTP floor. " +
      'Baseline over HTTP, and for the floors themselves: `client.request("listZones")` from the same ' +
      'process against the same simulator.',
    'To tell the server from the client over HTTP: the same calls from a lean client (bench/lib/lean-http.ts: ' +
      'node:http keep-alive, initialize once, each tools/call one POST whose JSON answer is read and parsed; no ' +
      'SDK client, no fetch) to both HTTP servers, and the CPU time each HTTP server process spent per call ' +
      '(/proc/<pid>/stat, summed around each call) beside the CPU the benchmark process spent per direct call.',
    'What no MCP server over HTTP can go below: the relay (bench/relay-server.ts), a node:http server with no MCP ' +
      'library that answers each tools/call POST by fetching the same signed URL, called from the lean client. ' +
      'Between the benchmark and CloudStack it adds only the hop, so its ratio to the direct client is the least ' +
      'any server here can show.',
    `${WARMUP} warm-up calls each, then ${CALLS} sequential rounds of (direct, floor, stdio, HTTP, HTTP floor, lean HTTP, lean HTTP floor, lean relay); median and p95 latency.`,
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
    const lean = await connectLean(httpServer.url);
    const leanFloor = await connectLean(floorHttpServer.url);
    const relayServer = await startHttpServer(env, [], path.join(benchDist, 'relay-server.js'));
    const leanRelay = await connectLean(relayServer.url);
    try {
      const viaMcp = (client: Client) => () => callToolOk(client, 'callApi', { api: 'listZones' });
      const viaDirect = () => direct.request('listZones');
      const viaLean = (session: LeanSession) => async () => {
        const result = await session.callTool('callApi', { api: 'listZones' });
        if (result.isError)
          throw new Error(`callApi answered isError: ${JSON.stringify(result).slice(0, 300)}`);
      };
      for (let i = 0; i < WARMUP; i++) {
        await viaDirect();
        await viaMcp(floor.client)();
        await viaMcp(stdio.client)();
        await viaMcp(http.client)();
        await viaMcp(floorHttp.client)();
        await viaLean(lean)();
        await viaLean(leanFloor)();
        await viaLean(leanRelay)();
      }
      const samples = {
        direct: [] as number[],
        floor: [] as number[],
        stdio: [] as number[],
        http: [] as number[],
        floorHttp: [] as number[],
        lean: [] as number[],
        leanFloor: [] as number[],
        leanRelay: [] as number[],
      };
      // CPU ms per kind of call: each HTTP server's process, and this process for the direct calls.
      const cpu = { http: 0, floorHttp: 0, lean: 0, leanFloor: 0, leanRelay: 0, direct: 0 };
      const withCpu = async (kind: keyof typeof cpu, pid: number, fn: () => Promise<unknown>) => {
        const before = cpuMs(pid);
        const ms = await timeCall(fn);
        cpu[kind] += cpuMs(pid) - before;
        return ms;
      };
      for (let i = 0; i < CALLS; i++) {
        const own = process.cpuUsage();
        samples.direct.push(await timeCall(viaDirect));
        const used = process.cpuUsage(own);
        cpu.direct += (used.user + used.system) / 1000;
        samples.floor.push(await timeCall(viaMcp(floor.client)));
        samples.stdio.push(await timeCall(viaMcp(stdio.client)));
        samples.http.push(await withCpu('http', httpServer.pid, viaMcp(http.client)));
        samples.floorHttp.push(await withCpu('floorHttp', floorHttpServer.pid, viaMcp(floorHttp.client)));
        samples.lean.push(await withCpu('lean', httpServer.pid, viaLean(lean)));
        samples.leanFloor.push(await withCpu('leanFloor', floorHttpServer.pid, viaLean(leanFloor)));
        samples.leanRelay.push(await withCpu('leanRelay', relayServer.pid, viaLean(leanRelay)));
      }
      const perCall = (ms: number) => ms / CALLS;
      log(
        `median direct ${median(samples.direct).toFixed(2)} ms, floor ${median(samples.floor).toFixed(2)} ms, stdio ${median(samples.stdio).toFixed(2)} ms, ` +
          `http ${median(samples.http).toFixed(2)} ms, floor over http ${median(samples.floorHttp).toFixed(2)} ms, ` +
          `lean client: http ${median(samples.lean).toFixed(2)} ms, floor over http ${median(samples.leanFloor).toFixed(2)} ms, relay ${median(samples.leanRelay).toFixed(2)} ms; ` +
          `CPU per call: serve http ${perCall(cpu.http).toFixed(2)} ms (lean client ${perCall(cpu.lean).toFixed(2)}), ` +
          `floor http ${perCall(cpu.floorHttp).toFixed(2)} ms (lean ${perCall(cpu.leanFloor).toFixed(2)}), relay ${perCall(cpu.leanRelay).toFixed(2)} ms, direct client ${perCall(cpu.direct).toFixed(2)} ms`,
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
        {
          metric: 'callApi listZones over HTTP from a lean node:http client, median',
          value: median(samples.lean),
          unit: 'ms',
          baseline: direct50,
        },
        {
          metric: 'callApi listZones over HTTP from a lean node:http client, p95',
          value: p95(samples.lean),
          unit: 'ms',
          baseline: direct95,
        },
        {
          metric: 'the HTTP floor from the lean client, median',
          value: median(samples.leanFloor),
          unit: 'ms',
          baseline: direct50,
        },
        {
          metric: 'callApi listZones over HTTP, lean client, against the HTTP floor, median',
          value: median(samples.lean),
          unit: 'ms',
          baseline: { label: 'the HTTP floor from the lean client', value: median(samples.leanFloor) },
        },
        {
          metric: 'the relay over HTTP (no MCP library) from the lean client, median',
          value: median(samples.leanRelay),
          unit: 'ms',
          baseline: direct50,
        },
        {
          metric: 'callApi listZones over HTTP, lean client, against the relay, median',
          value: median(samples.lean),
          unit: 'ms',
          baseline: { label: 'the relay from the lean client', value: median(samples.leanRelay) },
        },
        {
          metric: "serve --transport http's CPU per call (lean client)",
          value: perCall(cpu.lean),
          unit: 'ms',
          baseline: { label: 'the CPU of the client directly, per call', value: perCall(cpu.direct) },
        },
        {
          metric: "serve --transport http's CPU per call against the HTTP floor's (lean client)",
          value: perCall(cpu.lean),
          unit: 'ms',
          baseline: { label: "the HTTP floor's CPU per call", value: perCall(cpu.leanFloor) },
        },
        {
          metric: "the relay's CPU per call (lean client)",
          value: perCall(cpu.leanRelay),
          unit: 'ms',
          baseline: { label: 'the CPU of the client directly, per call', value: perCall(cpu.direct) },
        },
        {
          metric: "serve --transport http's CPU per call (SDK client)",
          value: perCall(cpu.http),
          unit: 'ms',
          baseline: { label: "the HTTP floor's CPU per call (SDK client)", value: perCall(cpu.floorHttp) },
        },
      ];
    } finally {
      await leanRelay.close().catch(() => undefined);
      await relayServer.close();
      await lean.close().catch(() => undefined);
      await leanFloor.close().catch(() => undefined);
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
