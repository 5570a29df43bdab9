// Async CloudStack commands: start the job, then wait for it with MCP progress notifications (when the
// request carries a progressToken) and the request's AbortSignal, so a cancelled tool call stops waiting
// (the job itself keeps running in CloudStack, and the error says which job).
import type { ApiParams, JobProgress } from '../cloudstack/types.js';
import { ToolError } from './errors.js';
import type { CallExtra, ToolContext } from './tools/types.js';

export interface StartedJob {
  jobId: string;
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
  const started: StartedJob = { jobId: answer.jobid };
  if (typeof answer.id === 'string') started.id = answer.id;
  return started;
}

function progressReporter(extra: CallExtra, label: string): ((progress: JobProgress) => void) | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  return (progress) => {
    const seconds = (progress.elapsedMs / 1000).toFixed(1);
    extra
      .sendNotification({
        method: 'notifications/progress',
        params: {
          progressToken: token,
          progress: progress.polls,
          message: `${label}: job ${progress.jobId} still running after ${seconds} s`,
        },
      })
      .catch(() => {}); // a client that went away must not fail the call
  };
}

/** Sends one progress notification, e.g. "job started", when the request asked for progress. */
export async function notifyProgress(extra: CallExtra, progress: number, message: string): Promise<void> {
  const token = extra._meta?.progressToken;
  if (token === undefined) return;
  await extra
    .sendNotification({
      method: 'notifications/progress',
      params: { progressToken: token, progress, message },
    })
    .catch(() => {});
}

/** Waits for a started job; returns its `jobresult`. A failed job throws AsyncJobFailedError. */
export async function waitForJob(
  context: ToolContext,
  job: StartedJob,
  label: string,
  extra: CallExtra,
): Promise<unknown> {
  await notifyProgress(extra, 0, `${label}: job ${job.jobId} started`);
  const onProgress = progressReporter(extra, label);
  const result = await context.caller.waitForJob(job.jobId, {
    signal: extra.signal,
    ...(onProgress ? { onProgress } : {}),
    ...(context.jobTimeoutMs ? { timeoutMs: context.jobTimeoutMs } : {}),
  });
  return result.jobresult;
}
