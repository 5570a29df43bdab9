// Concurrency: 100 callApi calls in flight over HTTP from 10 MCP sessions, against the client making 100
// concurrent calls directly. Rounds alternate between the two.
import path from 'node:path';
import { directClient } from '../lib/direct.js';
import { type Connected, callTool, connectHttp, serverEnv, startHttpServer } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { benchDist } from '../lib/paths.js';
import { startSimulatorProcess } from '../lib/simulator.js';
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
    const sessions: Connected[] = [];
    const floorSessions: Connected[] = [];
    try {
      for (let i = 0; i < SESSIONS; i++) sessions.push(await connectHttp(httpServer.url));
      for (let i = 0; i < SESSIONS; i++) floorSessions.push(await connectHttp(floorServer.url));
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
      const mcp: Round[] = [];
      const baseline: Round[] = [];
      const floorRounds: Round[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        mcp.push(await round(toolCalls(sessions)));
        baseline.push(await round(directCalls()));
        floorRounds.push(await round(toolCalls(floorSessions)));
      }
      const ours = total(mcp);
      const theirs = total(baseline);
      const floor = total(floorRounds);
      log(
        `MCP ${ours.throughput.toFixed(0)} calls/s (${ours.errors} errors), direct ${theirs.throughput.toFixed(0)} calls/s, ` +
          `HTTP floor ${floor.throughput.toFixed(0)} calls/s (${floor.errors} errors)`,
      );
      return [
        {
          metric: `throughput, ${IN_FLIGHT} in flight from ${SESSIONS} HTTP sessions`,
          value: ours.throughput,
          unit: 'calls/s',
          baseline: { label: `client directly, ${IN_FLIGHT} in flight`, value: theirs.throughput },
        },
        {
          metric: `throughput against the HTTP floor, ${IN_FLIGHT} in flight from ${SESSIONS} sessions`,
          value: ours.throughput,
          unit: 'calls/s',
          baseline: { label: 'the floor over Streamable HTTP, same load', value: floor.throughput },
        },
        {
          metric: `the HTTP floor's throughput, ${IN_FLIGHT} in flight from ${SESSIONS} sessions`,
          value: floor.throughput,
          unit: 'calls/s',
          baseline: { label: `client directly, ${IN_FLIGHT} in flight`, value: theirs.throughput },
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
      await floorServer.close();
      await httpServer.close();
      await direct.close();
      await simulator.close();
    }
  },
};
