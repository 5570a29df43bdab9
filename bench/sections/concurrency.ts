// Concurrency: 100 callApi calls in flight over HTTP from 10 MCP sessions, against the client making 100
// concurrent calls directly. Rounds alternate between the two.
import path from 'node:path';
import { directClient } from '../lib/direct.js';
import { connectLean, type LeanSession } from '../lib/lean-http.js';
import { type Connected, callTool, connectHttp, serverEnv, startHttpServer } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { benchDist } from '../lib/paths.js';
import { cpuMs } from '../lib/proc.js';
import { startSimulatorProcess } from '../lib/simulator.js';
import type { Figure } from '../report.js';
import type { Section } from '../section.js';
import { now, p95 } from '../stats.js';

const SESSIONS = 10;
const IN_FLIGHT = 100;
const ROUNDS = 10;

interface Round {
  ms: number;
  errors: number;
  latencies: number[];
}

async function round(calls: (() => Promise<boolean>)[]): Promise<Round> {
  const latencies: number[] = [];
  const started = now();
  const outcomes = await Promise.all(
    calls.map(async (call) => {
      const t = now();
      const ok = await call().catch(() => false);
      latencies.push(now() - t);
      return ok;
    }),
  );
  return { ms: now() - started, errors: outcomes.filter((ok) => !ok).length, latencies };
}

/** A throughput figure beside its baseline's. */
function callsPerSecond(metric: string, value: number, label: string, baseline: number): Figure {
  return { metric, value, unit: 'calls/s', baseline: { label, value: baseline } };
}

function total(rounds: Round[]) {
  const ms = rounds.reduce((sum, r) => sum + r.ms, 0);
  const calls = rounds.length * IN_FLIGHT;
  return {
    throughput: (calls / ms) * 1000,
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    p95: p95(rounds.flatMap((r) => r.latencies)),
  };
}

export const concurrencySection: Section = {
  name: 'concurrency',
  title: 'Concurrency',
  method: [
    `One \`serve --transport http\` process and one simulator process. ${SESSIONS} MCP sessions (SDK Client over ` +
      `Streamable HTTP), ${IN_FLIGHT} \`callApi listZones\` calls in flight at once (${IN_FLIGHT / SESSIONS} per session), ` +
      `${ROUNDS} rounds. Baseline: the client directly, ${IN_FLIGHT} concurrent \`request("listZones")\`, same rounds, ` +
      'alternating with the MCP rounds. Throughput = calls / time of the rounds; an error is a rejected call or an isError answer.',
    "Also the HTTP floor (bench/floor-server.ts --port: the smallest SDK server over Streamable HTTP whose tool fetches the signed URL, a server per session) in the same rounds, to tell the SDK's transport from what this project adds.",
    'And, to tell the server from the client, the same rounds from a lean client (bench/lib/lean-http.ts: node:http ' +
      `keep-alive, ${SESSIONS} sessions initialized once, each tools/call one POST read as JSON; no SDK client, no fetch) ` +
      "against both servers, with each server process's CPU time per call over its rounds (/proc/<pid>/stat) beside " +
      "this process's CPU per direct call.",
    'And the relay (bench/relay-server.ts: node:http, no MCP library, each tools/call answered by fetching the signed ' +
      'URL) under the same load from the lean client: the most any MCP server over HTTP could carry here, since it adds ' +
      'only the hop.',
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 2 });
    const direct = directClient(simulator);
    const httpServer = await startHttpServer(serverEnv(simulator));
    const floorServer = await startHttpServer(
      serverEnv(simulator),
      [],
      path.join(benchDist, 'floor-server.js'),
    );
    const relayServer = await startHttpServer(
      serverEnv(simulator),
      [],
      path.join(benchDist, 'relay-server.js'),
    );
    const sessions: Connected[] = [];
    const floorSessions: Connected[] = [];
    const leanSessions: LeanSession[] = [];
    const leanFloorSessions: LeanSession[] = [];
    const relaySessions: LeanSession[] = [];
    try {
      for (let i = 0; i < SESSIONS; i++) sessions.push(await connectHttp(httpServer.url));
      for (let i = 0; i < SESSIONS; i++) floorSessions.push(await connectHttp(floorServer.url));
      for (let i = 0; i < SESSIONS; i++) leanSessions.push(await connectLean(httpServer.url));
      for (let i = 0; i < SESSIONS; i++) leanFloorSessions.push(await connectLean(floorServer.url));
      for (let i = 0; i < SESSIONS; i++) relaySessions.push(await connectLean(relayServer.url));
      const leanCalls = (over: LeanSession[]) =>
        Array.from({ length: IN_FLIGHT }, (_, i) => async () => {
          const result = await (over[i % SESSIONS] as LeanSession).callTool('callApi', { api: 'listZones' });
          return result.isError !== true;
        });
      // CPU ms spent over the measured rounds: each server process, and this process for the direct rounds.
      const cpu = { lean: 0, leanFloor: 0, relay: 0, direct: 0 };
      const cpuOf = async (kind: 'lean' | 'leanFloor' | 'relay', pid: number, run: Promise<Round>) => {
        const before = cpuMs(pid);
        const result = await run;
        cpu[kind] += cpuMs(pid) - before;
        return result;
      };
      const toolCalls = (over: Connected[]) =>
        Array.from({ length: IN_FLIGHT }, (_, i) => async () => {
          const session = over[i % SESSIONS] as Connected;
          const answer = await callTool(session.client, 'callApi', { api: 'listZones' });
          return !answer.isError;
        });
      const directCalls = () =>
        Array.from({ length: IN_FLIGHT }, () => async () => {
          await direct.request('listZones');
          return true;
        });
      await round(toolCalls(sessions));
      await round(directCalls());
      await round(toolCalls(floorSessions));
      await round(leanCalls(leanSessions));
      await round(leanCalls(leanFloorSessions));
      await round(leanCalls(relaySessions));
      const mcp: Round[] = [];
      const baseline: Round[] = [];
      const floorRounds: Round[] = [];
      const leanRounds: Round[] = [];
      const leanFloorRounds: Round[] = [];
      const relayRounds: Round[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        mcp.push(await round(toolCalls(sessions)));
        const own = process.cpuUsage();
        baseline.push(await round(directCalls()));
        const used = process.cpuUsage(own);
        cpu.direct += (used.user + used.system) / 1000;
        floorRounds.push(await round(toolCalls(floorSessions)));
        leanRounds.push(await cpuOf('lean', httpServer.pid, round(leanCalls(leanSessions))));
        leanFloorRounds.push(await cpuOf('leanFloor', floorServer.pid, round(leanCalls(leanFloorSessions))));
        relayRounds.push(await cpuOf('relay', relayServer.pid, round(leanCalls(relaySessions))));
      }
      const perCall = (ms: number) => ms / (ROUNDS * IN_FLIGHT);
      const leanOurs = total(leanRounds);
      const leanFloor = total(leanFloorRounds);
      const relay = total(relayRounds);
      const ours = total(mcp);
      const theirs = total(baseline);
      const floor = total(floorRounds);
      log(
        `MCP ${ours.throughput.toFixed(0)} calls/s (${ours.errors} errors), direct ${theirs.throughput.toFixed(0)} calls/s, ` +
          `HTTP floor ${floor.throughput.toFixed(0)} calls/s (${floor.errors} errors); lean client: MCP ` +
          `${leanOurs.throughput.toFixed(0)} calls/s (${leanOurs.errors} errors), HTTP floor ${leanFloor.throughput.toFixed(0)} calls/s, relay ${relay.throughput.toFixed(0)} calls/s (${relay.errors} errors); ` +
          `CPU per call: serve ${perCall(cpu.lean).toFixed(2)} ms, floor ${perCall(cpu.leanFloor).toFixed(2)} ms, relay ${perCall(cpu.relay).toFixed(2)} ms, direct client ${perCall(cpu.direct).toFixed(2)} ms`,
      );
      return [
        callsPerSecond(
          `throughput, ${IN_FLIGHT} in flight from ${SESSIONS} HTTP sessions`,
          ours.throughput,
          `client directly, ${IN_FLIGHT} in flight`,
          theirs.throughput,
        ),
        callsPerSecond(
          `throughput against the HTTP floor, ${IN_FLIGHT} in flight from ${SESSIONS} sessions`,
          ours.throughput,
          'the floor over Streamable HTTP, same load',
          floor.throughput,
        ),
        callsPerSecond(
          `the HTTP floor's throughput, ${IN_FLIGHT} in flight from ${SESSIONS} sessions`,
          floor.throughput,
          `client directly, ${IN_FLIGHT} in flight`,
          theirs.throughput,
        ),
        callsPerSecond(
          `throughput from a lean node:http client, ${IN_FLIGHT} in flight from ${SESSIONS} HTTP sessions`,
          leanOurs.throughput,
          `client directly, ${IN_FLIGHT} in flight`,
          theirs.throughput,
        ),
        callsPerSecond(
          'throughput from the lean client against the HTTP floor, same load',
          leanOurs.throughput,
          'the HTTP floor from the lean client',
          leanFloor.throughput,
        ),
        callsPerSecond(
          'the relay (no MCP library) from the lean client, same load',
          relay.throughput,
          `client directly, ${IN_FLIGHT} in flight`,
          theirs.throughput,
        ),
        callsPerSecond(
          'throughput from the lean client against the relay, same load',
          leanOurs.throughput,
          'the relay from the lean client',
          relay.throughput,
        ),
        {
          metric: "serve --transport http's CPU per call under that load (lean client)",
          value: perCall(cpu.lean),
          unit: 'ms',
          baseline: { label: 'the CPU of the client directly, per call', value: perCall(cpu.direct) },
        },
        {
          metric: "serve --transport http's CPU per call under that load, against the HTTP floor's",
          value: perCall(cpu.lean),
          unit: 'ms',
          baseline: { label: "the HTTP floor's CPU per call (lean client)", value: perCall(cpu.leanFloor) },
        },
        {
          metric: `errors in ${ROUNDS * IN_FLIGHT} calls`,
          value: ours.errors,
          unit: 'count',
          baseline: { label: 'client directly', value: theirs.errors },
        },
        {
          metric: 'latency under that load, p95',
          value: ours.p95,
          unit: 'ms',
          baseline: { label: 'client directly', value: theirs.p95 },
        },
      ];
    } finally {
      for (const session of [...sessions, ...floorSessions]) await session.close().catch(() => undefined);
      for (const session of [...leanSessions, ...leanFloorSessions, ...relaySessions])
        await session.close().catch(() => undefined);
      await relayServer.close();
      await floorServer.close();
      await httpServer.close();
      await direct.close();
      await simulator.close();
    }
  },
};
