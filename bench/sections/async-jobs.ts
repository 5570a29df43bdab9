// Async jobs: simulated jobs of 1 s, 10 s and 60 s, awaited by callApi through MCP, against CloudMonkey's
// fixed 2 s schedule (its loop re-created with the client). A proxy in front of each simulator sees when
// each job started and every poll, so both sides are measured the same way, from outside.
import type { CloudStackClient } from '../../src/cloudstack/client.js';
import { createClient } from '../../src/cloudstack/client.js';
import { DEFAULT_POLL_SCHEDULE, pollsForJob } from '../../src/cloudstack/poll.js';
import { type CountingProxy, startCountingProxy } from '../lib/counting-proxy.js';
import { type DeployParams, deployParams } from '../lib/deploy-params.js';
import { type Connected, callToolOk, connectServeStdio } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { sleep } from '../lib/proc.js';
import { type SimulatorProcess, startSimulatorProcess } from '../lib/simulator.js';
import type { Figure } from '../report.js';
import type { Section } from '../section.js';
import { median, now } from '../stats.js';

const CLOUDMONKEY_INTERVAL_MS = 2000;
/** Job lengths and how many jobs of each run one after another; the lanes run concurrently. */
const PLAN = [
  { durationMs: 1_000, jobs: 12 },
  { durationMs: 10_000, jobs: 4 },
  { durationMs: 60_000, jobs: 1 },
];
/**
 * 10 s and 60 s are whole multiples of CloudMonkey's tick, its best case. Lengths off that grid, one job
 * each (both callers in step, the simulator's job length changed before each pair), show the rest.
 */
const SPREAD_MS = [3_000, 5_000, 7_000, 11_000, 13_000, 17_000];

interface Sample {
  /** From the job's end (start + duration) to the caller holding the answer. */
  delayMs: number;
  polls: number;
}

interface Lane {
  /** The simulator's current job length. */
  durationMs: number;
  simulator: SimulatorProcess;
  proxy: CountingProxy;
  direct: CloudStackClient;
  server: Connected;
  params: DeployParams;
}

function sampleFor(proxy: CountingProxy, jobId: string, answeredAt: number, durationMs: number): Sample {
  const trace = proxy.jobs.get(jobId);
  if (!trace) throw new Error(`the proxy did not see job ${jobId} start`);
  return { delayMs: answeredAt - (trace.startedAt + durationMs), polls: trace.polls };
}

/** callApi through MCP, waiting for the job (the default). */
async function viaMcp(lane: Lane): Promise<Sample> {
  const answer = await callToolOk(lane.server.client, 'callApi', {
    api: 'deployVirtualMachine',
    params: lane.params,
  });
  const answeredAt = now();
  const structured = answer.structured ?? (JSON.parse(answer.text) as Record<string, unknown>);
  if (structured.status !== 'done') throw new Error(`callApi answered status ${String(structured.status)}`);
  return sampleFor(lane.proxy, String(structured.jobId), answeredAt, lane.durationMs);
}

/** CloudMonkey's loop: a 2 s ticker started when the job id comes back; poll on every tick until done. */
async function viaCloudMonkeyLoop(lane: Lane): Promise<Sample> {
  const started = await lane.direct.request<{ jobid?: string }>('deployVirtualMachine', lane.params);
  const jobId = started.jobid;
  if (!jobId) throw new Error('deployVirtualMachine answered without a jobid');
  const tickerStart = now();
  for (let tick = 1; ; tick++) {
    await sleep(Math.max(0, tickerStart + tick * CLOUDMONKEY_INTERVAL_MS - now()));
    const job = await lane.direct.request<{ jobstatus?: number }>('queryAsyncJobResult', { jobid: jobId });
    if (Number(job.jobstatus) !== 0) {
      if (Number(job.jobstatus) === 2) throw new Error(`job ${jobId} failed`);
      return sampleFor(lane.proxy, jobId, now(), lane.durationMs);
    }
  }
}

async function repeat(times: number, fn: () => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < times; i++) samples.push(await fn());
  return samples;
}

async function openLane(durationMs: number, seed: number): Promise<Lane> {
  const simulator = await startSimulatorProcess({ seed, jobDurationMs: durationMs });
  const proxy = await startCountingProxy(simulator.url);
  const keys = { apiKey: simulator.admin.apiKey, secretKey: simulator.admin.secretKey };
  const direct = createClient({ apiUrl: proxy.url, ...keys });
  const server = await connectServeStdio({
    PATH: process.env.PATH ?? '',
    CLOUDSTACK_API_URL: proxy.url,
    CLOUDSTACK_API_KEY: keys.apiKey,
    CLOUDSTACK_SECRET_KEY: keys.secretKey,
  });
  return { durationMs, simulator, proxy, direct, server, params: await deployParams(direct) };
}

async function closeLane(lane: Lane): Promise<void> {
  await lane.server.close().catch(() => undefined);
  await lane.direct.close();
  await lane.proxy.close();
  await lane.simulator.close();
}

export const asyncJobsSection: Section = {
  name: 'async-jobs',
  title: 'Async jobs',
  method: [
    'One simulator per job length (jobDurationMs 1 s, 10 s, 60 s), each behind a small counting proxy; the ' +
      'three lengths run at the same time to bound the run at about a minute. Per length: `callApi ' +
      'deployVirtualMachine` through `serve` over stdio (waits for the job by default), and, concurrently, ' +
      "CloudMonkey's loop re-created with the client (a 2 s ticker started when the jobid comes back, one " +
      '`queryAsyncJobResult` per tick).',
    'Delay = when the caller holds the answer − (when the proxy passed the answer carrying the jobid + the job ' +
      'length): how late after the job really ended the caller learns of it. Polls = `queryAsyncJobResult` ' +
      `calls the proxy saw for that job. Jobs per length, one after another: ${PLAN.map((p) => `${p.durationMs / 1000} s × ${p.jobs}`).join(', ')}; medians.`,
    '10 s and 60 s are whole multiples of the 2 s tick, so a job ends just before a CloudMonkey poll: its best ' +
      `case. A fourth lane runs one job each of ${SPREAD_MS.map((ms) => ms / 1000).join(', ')} s (off that grid), ` +
      'both callers in step, to show the general case.',
    `Our side is the client's DEFAULT_POLL_SCHEDULE (src/cloudstack/poll.ts): first poll after ` +
      `${DEFAULT_POLL_SCHEDULE.initialDelayMs} ms, each wait ×${DEFAULT_POLL_SCHEDULE.factor}, capped at ` +
      `${DEFAULT_POLL_SCHEDULE.maxDelayMs / 1000} s. With instant answers it would poll ` +
      [...PLAN.map((p) => p.durationMs), ...SPREAD_MS]
        .map((ms) => `${pollsForJob(ms).polls}× for ${ms / 1000} s`)
        .join(', ') +
      ' (pollsForJob); the proxy counts what really happened.',
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const lanes: Lane[] = [];
    try {
      for (const [i, plan] of PLAN.entries()) lanes.push(await openLane(plan.durationMs, 40 + i));
      const spreadLane = await openLane(SPREAD_MS[0] as number, 49);
      lanes.push(spreadLane);
      const fixed = Promise.all(
        PLAN.map(async (plan, i) => {
          const lane = lanes[i] as Lane;
          const [ours, cloudMonkey] = await Promise.all([
            repeat(plan.jobs, () => viaMcp(lane)),
            repeat(plan.jobs, () => viaCloudMonkeyLoop(lane)),
          ]);
          log(`${plan.durationMs / 1000} s jobs done`);
          return { plan, ours, cloudMonkey };
        }),
      );
      const spread = (async () => {
        const ours: Sample[] = [];
        const cloudMonkey: Sample[] = [];
        for (const durationMs of SPREAD_MS) {
          await spreadLane.simulator.setFaults({ jobDurationMs: durationMs });
          spreadLane.durationMs = durationMs;
          const [a, b] = await Promise.all([viaMcp(spreadLane), viaCloudMonkeyLoop(spreadLane)]);
          ours.push(a);
          cloudMonkey.push(b);
        }
        log('off-grid jobs done');
        return { ours, cloudMonkey };
      })();
      const [outcomes, offGrid] = await Promise.all([fixed, spread]);
      const figures: Figure[] = [];
      for (const { plan, ours, cloudMonkey } of outcomes) {
        const length = `${plan.durationMs / 1000} s job`;
        const label = 'CloudMonkey 2 s loop';
        figures.push(
          {
            metric: `${length}: delay from job end to answer, median of ${plan.jobs}`,
            value: median(ours.map((s) => s.delayMs)),
            unit: 'ms',
            baseline: { label, value: median(cloudMonkey.map((s) => s.delayMs)) },
          },
          {
            metric: `${length}: polls, median`,
            value: median(ours.map((s) => s.polls)),
            unit: 'count',
            baseline: { label, value: median(cloudMonkey.map((s) => s.polls)) },
          },
        );
      }
      const spreadLabel = `${SPREAD_MS.map((ms) => ms / 1000).join('/')} s jobs`;
      figures.push(
        {
          metric: `${spreadLabel}: delay from job end to answer, median`,
          value: median(offGrid.ours.map((s) => s.delayMs)),
          unit: 'ms',
          baseline: {
            label: 'CloudMonkey 2 s loop',
            value: median(offGrid.cloudMonkey.map((s) => s.delayMs)),
          },
          note: `per length, ours: ${offGrid.ours.map((s) => Math.round(s.delayMs)).join(', ')} ms; CloudMonkey: ${offGrid.cloudMonkey.map((s) => Math.round(s.delayMs)).join(', ')} ms`,
        },
        {
          metric: `${spreadLabel}: polls, total`,
          value: offGrid.ours.reduce((sum, s) => sum + s.polls, 0),
          unit: 'count',
          baseline: {
            label: 'CloudMonkey 2 s loop',
            value: offGrid.cloudMonkey.reduce((sum, s) => sum + s.polls, 0),
          },
        },
      );
      return figures;
    } finally {
      for (const lane of lanes) await closeLane(lane);
    }
  },
};
