// Async jobs: simulated jobs of 1 s, 10 s and 60 s, single jobs of 1.3-23.1 s spread across CloudMonkey's
// 2 s grid, and 10 jobs at once, awaited by callApi through MCP, against CloudMonkey's fixed 2 s schedule
// (its loop re-created with the client). A proxy in front of each simulator sees when each job started and
// every status call, so both sides are measured the same way, from outside.
import { CallToolResultSchema, CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
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
 * 10 s and 60 s are whole multiples of CloudMonkey's tick, its best case. Twenty single jobs of 1.3-23.1 s,
 * one job each (both callers in step, the simulator's job length changed before each pair), show the
 * general case; four lanes share them. The lengths are a golden-ratio sequence over that range, not equal
 * steps: equal steps beat in time with a poll interval (a 2.42 s step against a 2.5 s interval, a 1.15 s
 * step against 1.75 s), and the sum then says more about that beat than about the schedule.
 */
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const SPREAD_MS = Array.from({ length: 20 }, (_, i) => Math.round(1_300 + 21_800 * ((i * GOLDEN) % 1))).sort(
  (a, b) => a - b,
);
const SPREAD_LANES = 4;
/** Jobs started at once (one agent deploying several VMs), and their length. */
const AT_ONCE = { jobs: 10, durationMs: 10_700 };

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

/** What the proxy saw of job status calls. */
function statusCalls(proxy: CountingProxy): number {
  return proxy.countOf('queryAsyncJobResult') + proxy.countOf('listAsyncJobs');
}

/**
 * MCP tasks (src/mcp/tasks.ts): how soon a task-augmented callApi deployVirtualMachine answers, and the
 * CloudStack requests of one tasks/get, beside one getAsyncJobStatus call on the same job.
 */
async function viaTask(lane: Lane): Promise<{ answerMs: number; perGet: number; perStatusTool: number }> {
  const { client } = lane.server;
  const started = now();
  const created = await client.request(
    {
      method: 'tools/call',
      params: {
        name: 'callApi',
        arguments: { api: 'deployVirtualMachine', params: lane.params },
        task: {},
      },
    },
    CreateTaskResultSchema,
  );
  const answerMs = now() - started;
  const { taskId } = created.task;
  const jobId = taskId.slice(0, taskId.indexOf('.'));
  let before = statusCalls(lane.proxy);
  await client.experimental.tasks.getTask(taskId);
  const perGet = statusCalls(lane.proxy) - before;
  before = statusCalls(lane.proxy);
  await callToolOk(client, 'getAsyncJobStatus', { jobId });
  const perStatusTool = statusCalls(lane.proxy) - before;
  const result = await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema, {
    timeout: lane.durationMs + 60_000,
  });
  if (result.isError) throw new Error(`the task's job failed: ${JSON.stringify(result.content)}`);
  return { answerMs, perGet, perStatusTool };
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

/** The schedule against CloudMonkey's over evenly spread job lengths, with instant answers. */
function spreadModel(): { calls: number; delay: number } {
  let calls = 0;
  let delay = 0;
  let cmCalls = 0;
  let cmDelay = 0;
  const first = 1_300;
  const last = 23_100;
  for (let i = 0; i < 2_000; i++) {
    const jobMs = first + ((last - first) * i) / 1_999;
    const ours = pollsForJob(jobMs);
    calls += ours.polls;
    delay += ours.seenAtMs - jobMs;
    const ticks = Math.max(1, Math.ceil(jobMs / CLOUDMONKEY_INTERVAL_MS));
    cmCalls += ticks;
    cmDelay += ticks * CLOUDMONKEY_INTERVAL_MS - jobMs;
  }
  return { calls: calls / cmCalls, delay: delay / cmDelay };
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
      `case. ${SPREAD_LANES} more lanes run one job each of ${SPREAD_MS.length} lengths (${SPREAD_MS.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s: ` +
      'a golden-ratio sequence over 1.3-23.1 s, whose ends fall all over any poll grid), both callers in step, to ' +
      'show the general case: status calls and delays are summed over them. With instant answers, over 2,000 ' +
      `evenly spread lengths from 1.3 to 23.1 s, the schedule makes ${spreadModel().calls.toFixed(2)}x CloudMonkey's calls ` +
      `for ${spreadModel().delay.toFixed(2)}x its delay (pollsForJob).`,
    'Before issue 13 (this bench on the previous code, 2026-12-07: first poll after 0.5 s, ×1.5 to a 2.5 s cap, ' +
      'every job polled alone): the 20 single jobs took 148 status calls against 126 (1.17x) and 22.5 s of ' +
      'delay in total against 20.6 s (1.09x); 10 jobs at once took 70 status calls against 60 (1.17x).',
    `A last lane starts ${AT_ONCE.jobs} jobs of ${AT_ONCE.durationMs / 1000} s at once through one \`serve\` (concurrent ` +
      '`callApi` calls), then the same with 10 CloudMonkey loops; status calls = every `queryAsyncJobResult` and ' +
      '`listAsyncJobs` the proxy saw for that side (jobs waited for together share one `listAsyncJobs` per round: ' +
      'src/cloudstack/job-watcher.ts).',
    `Our side is the client's DEFAULT_POLL_SCHEDULE (src/cloudstack/poll.ts): first poll after ` +
      `${DEFAULT_POLL_SCHEDULE.initialDelayMs} ms, each wait ×${DEFAULT_POLL_SCHEDULE.factor}, capped at ` +
      `${DEFAULT_POLL_SCHEDULE.maxDelayMs / 1000} s. With instant answers it would poll ` +
      PLAN.map((p) => p.durationMs)
        .map((ms) => `${pollsForJob(ms).polls}× for ${ms / 1000} s`)
        .join(', ') +
      ' (pollsForJob); the proxy counts what really happened.',
    'MCP tasks: on the last lane, one task-augmented `callApi deployVirtualMachine` (answers with the task at ' +
      'once), then one `tasks/get` and one `getAsyncJobStatus` of its job, counting the status calls the proxy ' +
      'saw for each; `tasks/result` then waits for the job as a waiting call does.',
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const lanes: Lane[] = [];
    try {
      for (const [i, plan] of PLAN.entries()) lanes.push(await openLane(plan.durationMs, 40 + i));
      const spreadLanes = [
        await openLane(SPREAD_MS[0] as number, 49),
        await openLane(SPREAD_MS[1] as number, 50),
      ];
      lanes.push(...spreadLanes);
      const atOnceLane = await openLane(AT_ONCE.durationMs, 51);
      lanes.push(atOnceLane);
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
      const spread = Promise.all(
        spreadLanes.map(async (lane, laneIndex) => {
          const ours: (Sample & { durationMs: number })[] = [];
          const cloudMonkey: (Sample & { durationMs: number })[] = [];
          for (const durationMs of SPREAD_MS.filter((_, i) => i % spreadLanes.length === laneIndex)) {
            await lane.simulator.setFaults({ jobDurationMs: durationMs });
            lane.durationMs = durationMs;
            const [a, b] = await Promise.all([viaMcp(lane), viaCloudMonkeyLoop(lane)]);
            ours.push({ ...a, durationMs });
            cloudMonkey.push({ ...b, durationMs });
          }
          return { ours, cloudMonkey };
        }),
      ).then((perLane) => {
        log('off-grid jobs done');
        const byLength = (samples: (Sample & { durationMs: number })[]) =>
          samples.sort((x, y) => x.durationMs - y.durationMs);
        return {
          ours: byLength(perLane.flatMap((l) => l.ours)),
          cloudMonkey: byLength(perLane.flatMap((l) => l.cloudMonkey)),
        };
      });
      const atOnce = (async () => {
        // Ours first, then CloudMonkey's loops, so each side's status calls are counted alone.
        atOnceLane.proxy.resetCounts();
        const ours = await Promise.all(Array.from({ length: AT_ONCE.jobs }, () => viaMcp(atOnceLane)));
        const ourCalls =
          atOnceLane.proxy.countOf('queryAsyncJobResult') + atOnceLane.proxy.countOf('listAsyncJobs');
        const ourListings = atOnceLane.proxy.countOf('listAsyncJobs');
        atOnceLane.proxy.resetCounts();
        const cloudMonkey = await Promise.all(
          Array.from({ length: AT_ONCE.jobs }, () => viaCloudMonkeyLoop(atOnceLane)),
        );
        const cloudMonkeyCalls = atOnceLane.proxy.countOf('queryAsyncJobResult');
        log('jobs at once done');
        return {
          ours,
          cloudMonkey,
          ourCalls,
          ourListings,
          cloudMonkeyCalls,
          task: await viaTask(atOnceLane),
        };
      })();
      const [outcomes, offGrid, together] = await Promise.all([fixed, spread, atOnce]);
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
      const spreadLabel = `${SPREAD_MS.length} single jobs of 1.3-23.1 s`;
      const sum = (samples: Sample[], key: keyof Sample) => samples.reduce((total, s) => total + s[key], 0);
      figures.push(
        {
          metric: `${spreadLabel}: status calls, total`,
          value: sum(offGrid.ours, 'polls'),
          unit: 'count',
          baseline: { label: 'CloudMonkey 2 s loop', value: sum(offGrid.cloudMonkey, 'polls') },
          note: `per length, ours: ${offGrid.ours.map((s) => s.polls).join(', ')}; CloudMonkey: ${offGrid.cloudMonkey.map((s) => s.polls).join(', ')}`,
        },
        {
          metric: `${spreadLabel}: delay from job end to answer, total`,
          value: sum(offGrid.ours, 'delayMs'),
          unit: 'ms',
          baseline: { label: 'CloudMonkey 2 s loop', value: sum(offGrid.cloudMonkey, 'delayMs') },
          note: `per length, ours: ${offGrid.ours.map((s) => Math.round(s.delayMs)).join(', ')} ms; CloudMonkey: ${offGrid.cloudMonkey.map((s) => Math.round(s.delayMs)).join(', ')} ms`,
        },
        {
          metric: `${AT_ONCE.jobs} jobs at once (${AT_ONCE.durationMs / 1000} s each): status calls, total`,
          value: together.ourCalls,
          unit: 'count',
          baseline: { label: 'CloudMonkey 2 s loop', value: together.cloudMonkeyCalls },
          note: `ours: ${together.ourListings} listAsyncJobs + ${together.ourCalls - together.ourListings} queryAsyncJobResult`,
        },
        {
          metric: `${AT_ONCE.jobs} jobs at once (${AT_ONCE.durationMs / 1000} s each): delay from job end to answer, median`,
          value: median(together.ours.map((s) => s.delayMs)),
          unit: 'ms',
          baseline: {
            label: 'CloudMonkey 2 s loop',
            value: median(together.cloudMonkey.map((s) => s.delayMs)),
          },
        },
        {
          metric: `MCP task: a task-augmented callApi deployVirtualMachine (${AT_ONCE.durationMs / 1000} s job) answers after`,
          value: together.task.answerMs,
          unit: 'ms',
          baseline: {
            label: "the job's length (a waiting call answers after it)",
            value: AT_ONCE.durationMs,
          },
        },
        {
          metric: 'MCP task: CloudStack requests per tasks/get',
          value: together.task.perGet,
          unit: 'count',
          baseline: { label: 'one getAsyncJobStatus call', value: together.task.perStatusTool },
        },
      );
      return figures;
    } finally {
      for (const lane of lanes) await closeLane(lane);
    }
  },
};
