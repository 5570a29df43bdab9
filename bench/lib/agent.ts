// An agent that follows the server's answers when a deploy does not come back "done": it repeats the deploy
// only when the answer says nothing was done (CloudStack refused the request, the request never left, or
// the job failed), and when the answer says the job's state is unknown (job_status_unknown, job_timeout) it
// asks getAsyncJobStatus until it knows. Shared by the reliability suite and the benchmark, which count the
// VMs that exist afterwards: an agent like this must never make one twice.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export interface FollowedDeploy {
  /** `done`: the VM exists (the answer or a status check said so); `gave-up`: the agent stopped trying. */
  outcome: 'done' | 'gave-up';
  /** The kind of every deployVM answer in order (`done` for a success). */
  answers: string[];
  /** getAsyncJobStatus calls made to learn an unknown state. */
  statusChecks: number;
}

export interface AgentOptions {
  /** deployVM attempts at most (default 4). */
  maxDeploys?: number;
  /** getAsyncJobStatus calls at most per unknown job (default 30), `pauseMs` apart (default 500). */
  maxStatusChecks?: number;
  pauseMs?: number;
  /** Per tool call (default 120 s). */
  timeoutMs?: number;
  /** Called once before the status checks of an unknown job (a test ends its outage there). */
  onUnknown?: (jobId: string) => Promise<void> | void;
}

interface Report {
  kind?: string;
  jobId?: string;
  requestSent?: boolean;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function callTool(client: Client, name: string, args: Record<string, unknown>, timeoutMs: number) {
  const result = (await client.callTool({ name, arguments: args }, undefined, {
    timeout: timeoutMs,
  })) as CallToolResult;
  const text = (result.content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');
  const parsed = JSON.parse(text) as Record<string, unknown>;
  return result.isError
    ? { ok: false as const, error: (parsed.error ?? {}) as Report }
    : { ok: true as const, value: parsed };
}

/** What a deploy answer says about whether repeating it is safe. */
function verdict(error: Report): 'nothing-done' | 'ask-job' | 'unknown' {
  switch (error.kind) {
    case 'job_failed':
      return 'nothing-done';
    case 'api_error':
      // CloudStack refused the request: nothing was done. (Before job_status_unknown existed, a failed status
      // poll answered api_error too, and an agent that trusted the kind made a second VM.)
      return 'nothing-done';
    case 'connection_failed':
      return error.requestSent === false ? 'nothing-done' : 'unknown';
    case 'job_status_unknown':
    case 'job_timeout':
    case 'cancelled':
      return error.jobId ? 'ask-job' : 'unknown';
    default:
      return 'unknown';
  }
}

/** getAsyncJobStatus until it answers succeeded or failed; undefined when it never does. */
async function askJob(
  client: Client,
  jobId: string,
  options: Required<Omit<AgentOptions, 'onUnknown'>>,
  counted: () => void,
): Promise<'succeeded' | 'failed' | undefined> {
  for (let i = 0; i < options.maxStatusChecks; i++) {
    counted();
    const answer = await callTool(client, 'getAsyncJobStatus', { jobId }, options.timeoutMs);
    if (answer.ok && (answer.value.status === 'succeeded' || answer.value.status === 'failed'))
      return answer.value.status;
    await pause(options.pauseMs);
  }
  return undefined;
}

/** deployVM with these arguments until the VM exists or repeating it could make a second one. */
export async function deployFollowingAnswers(
  client: Client,
  args: Record<string, unknown>,
  agentOptions: AgentOptions = {},
): Promise<FollowedDeploy> {
  const options: Required<Omit<AgentOptions, 'onUnknown'>> = {
    maxDeploys: agentOptions.maxDeploys ?? 4,
    maxStatusChecks: agentOptions.maxStatusChecks ?? 30,
    pauseMs: agentOptions.pauseMs ?? 500,
    timeoutMs: agentOptions.timeoutMs ?? 120_000,
  };
  const answers: string[] = [];
  let statusChecks = 0;
  for (let attempt = 0; attempt < options.maxDeploys; attempt++) {
    const answer = await callTool(client, 'deployVM', args, options.timeoutMs);
    if (answer.ok) {
      answers.push('done');
      return { outcome: 'done', answers, statusChecks };
    }
    answers.push(answer.error.kind ?? 'unknown');
    const next = verdict(answer.error);
    if (next === 'unknown') break;
    if (next === 'ask-job') {
      await agentOptions.onUnknown?.(String(answer.error.jobId));
      const state = await askJob(client, String(answer.error.jobId), options, () => statusChecks++);
      if (state === 'succeeded') return { outcome: 'done', answers, statusChecks };
      if (state !== 'failed') break;
    }
  }
  return { outcome: 'gave-up', answers, statusChecks };
}

/** How many times each kind of answer came, e.g. `{done: 18, job_status_unknown: 2}`. */
export function answersByKind(deploys: readonly FollowedDeploy[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const deploy of deploys) for (const kind of deploy.answers) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
