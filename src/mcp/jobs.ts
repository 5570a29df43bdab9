// Async CloudStack commands: start the job, then wait for it with MCP progress notifications (when the
// request carries a progressToken) and the request's AbortSignal, so a cancelled tool call stops waiting
// (the job itself keeps running in CloudStack, and the error says which job).
import type { ApiParams, JobProgress } from '../cloudstack/types.js';
import { ToolError } from './errors.js';
import type { CallExtra, TaskView, ToolContext } from './tools/types.js';

export interface StartedJob {
  jobId: string;
  /** The command that started it, named in errors while waiting. */
  command?: string;
  /** The id of the object the job acts on, when CloudStack says (deployVirtualMachine does). */
  id?: string;
}

export async function startJob(
  context: ToolContext,
  command: string,
  params: ApiParams,
  extra: CallExtra,
): Promise<StartedJob> {
  const answer = await context.caller.request<{ jobid?: unknown; id?: unknown }>(command, params, {
    signal: extra.signal,
  });
  if (typeof answer.jobid !== 'string') {
    throw new ToolError(
      'invalid_params',
      `${command} is not an async command here: CloudStack sent no jobid`,
    );
  }
  const started: StartedJob = { jobId: answer.jobid, command };
  if (typeof answer.id === 'string') started.id = answer.id;
  return started;
}

/** Sends one progress notification when the request asked for progress; a client that went away must not fail the call. */
async function notifyProgress(extra: CallExtra, progress: number, message: string): Promise<void> {
  const token = extra._meta?.progressToken;
  if (token === undefined) return;
  await extra
    .sendNotification({
      method: 'notifications/progress',
      params: { progressToken: token, progress, message },
    })
    .catch(() => {});
}

interface ProgressReporter {
  report(progress: JobProgress): void;
  /** Resolves once every notification sent so far has gone out (or failed). */
  flushed(): Promise<void>;
}

/**
 * Progress notifications while a job runs, one per poll that found it still pending (the poll that finds
 * it done is followed by the answer itself; a "still running" notice then would be false, and the SDK's
 * client, which handles notifications a microtask later than responses, would see it after the answer as
 * a token it no longer knows). The client's poll loop calls `report` without waiting, so the sends are
 * tracked and the answer waits for them: no progress after completion, as the spec requires.
 */
function progressReporter(extra: CallExtra, label: string): ProgressReporter | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  const pending = new Set<Promise<void>>();
  return {
    report: (progress) => {
      if (progress.status !== 0) return;
      const seconds = (progress.elapsedMs / 1000).toFixed(1);
      const sent: Promise<void> = notifyProgress(
        extra,
        progress.polls,
        `${label}: job ${progress.jobId} still running after ${seconds} s`,
      ).finally(() => pending.delete(sent));
      pending.add(sent);
    },
    flushed: async () => {
      await Promise.all(pending);
    },
  };
}

/** Waits for a started job; returns its `jobresult`. A failed job throws AsyncJobFailedError. */
export async function waitForJob(
  context: ToolContext,
  job: StartedJob,
  label: string,
  extra: CallExtra,
): Promise<unknown> {
  await notifyProgress(extra, 0, `${label}: job ${job.jobId} started`);
  const reporter = progressReporter(extra, label);
  try {
    const result = await context.caller.waitForJob(job.jobId, {
      signal: extra.signal,
      ...(job.command ? { command: job.command } : {}),
      ...(reporter ? { onProgress: reporter.report } : {}),
      ...(context.jobTimeoutMs ? { timeoutMs: context.jobTimeoutMs } : {}),
    });
    return result.jobresult;
  } finally {
    await reporter?.flushed();
  }
}

/**
 * Thrown instead of waiting when the call is a task (MCP tasks): the job keeps running in CloudStack, and
 * the task (tasks.ts) is answered from CloudStack, shaped by `view` through the tool's `finishJob`.
 */
export class TaskHandoff {
  constructor(
    readonly job: StartedJob,
    readonly view: TaskView,
  ) {}
}

/** Waits for the job, or, in a task-augmented call, hands it off at once (see TaskHandoff). */
export async function awaitJob(
  context: ToolContext,
  job: StartedJob,
  label: string,
  extra: CallExtra,
  view: TaskView,
): Promise<unknown> {
  if (extra.asTask) throw new TaskHandoff(job, view);
  return waitForJob(context, job, label, extra);
}
