// Waiting for async jobs. CloudMonkey polls queryAsyncJobResult every 2 s. Blind polling cannot beat that on
// both counts for one job (the delay after the job's end averages half the interval, and the calls are the
// length over the interval), so this client polls every 1.75 s, from the start: over jobs of 1.3-23.1 s
// spread evenly across CloudMonkey's grid that is ~1.13x its calls for ~0.9x its delay (pollsForJob; bench),
// and a 1 s job is answered 0.75 s after its end, not 1 s. The earlier 0.5 s start growing ×1.5 to a 2.5 s
// cap made 1.17x the calls for 1.27x the delay: the fast start costs calls on every job and the long cap
// costs delay on every job over 4 s. Several jobs waiting at once share their status calls instead
// (job-watcher.ts). The schedule is a pure function so it can be shown and tested without a clock.
//
// A poll that fails (5xx, timeout, dropped connection) says nothing about the job, which CloudStack already
// accepted: the poll is retried with capped backoff and jitter (on top of the client's own retries of each
// read), and when the state still cannot be read the wait ends with AsyncJobStatusUnknownError, never as a
// failed job, since a caller that repeats a "failed" deploy makes a second VM.
import {
  AsyncJobFailedError,
  AsyncJobStatusUnknownError,
  AsyncJobTimeoutError,
  CloudStackAbortError,
  CloudStackError,
  isAbortError,
} from './errors.js';
import { type RetryPolicy, sleep, withRetry } from './retry.js';
import type { AsyncJobResult, JobProgress } from './types.js';

export interface PollSchedule {
  /** Wait before the first poll. */
  initialDelayMs: number;
  /** Each wait is the previous one times this factor... */
  factor: number;
  /** ...up to this cap. */
  maxDelayMs: number;
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { initialDelayMs: 1_750, factor: 1, maxDelayMs: 1_750 };

/**
 * For a CloudStack whose jobs are known to take about `jobDurationMs` (the embedded simulator's do): the
 * first poll when the job should be done, then growing to the default interval. Blind polling at 1.75 s
 * would make every 100 ms simulated job answer after 1.75 s.
 */
export function pollScheduleFor(jobDurationMs: number): PollSchedule {
  return {
    initialDelayMs: Math.max(10, Math.round(jobDurationMs * 1.2)),
    factor: 1.5,
    maxDelayMs: DEFAULT_POLL_SCHEDULE.maxDelayMs,
  };
}

/**
 * Retries of one failed status poll: 4 attempts with full jitter under 1, 2 and 4 s, so a CloudStack that
 * is down for a few seconds (a proxy's 502 while the management server restarts) does not end the wait.
 * Each attempt is a client request that has its own retries of reads (DEFAULT_RETRY).
 */
export const DEFAULT_POLL_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 4_000 };

/** The wait before poll number `pollIndex` (0 = the first poll). */
export function pollDelayMs(pollIndex: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
  const grown = schedule.initialDelayMs * schedule.factor ** Math.max(0, pollIndex);
  return Math.round(Math.min(schedule.maxDelayMs, grown));
}

/**
 * How many polls the schedule makes for a job that ends `jobDurationMs` after it was started (assuming
 * instant answers), and when the end is seen.
 */
export function pollsForJob(
  jobDurationMs: number,
  schedule: PollSchedule = DEFAULT_POLL_SCHEDULE,
): { polls: number; seenAtMs: number } {
  let elapsed = 0;
  for (let polls = 1; ; polls++) {
    elapsed += pollDelayMs(polls - 1, schedule);
    if (elapsed >= jobDurationMs) return { polls, seenAtMs: elapsed };
  }
}

export interface WaitLoopOptions {
  jobId: string;
  /** The command that started the job, for error messages. */
  command?: string;
  schedule: PollSchedule;
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  now?: () => number;
  /** Retries of a failed status poll (default DEFAULT_POLL_RETRY). */
  retry?: RetryPolicy;
  /** Called before each wait between retries of a failed poll, e.g. to log it. */
  onPollRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  random?: () => number;
}

function numberOrUndefined(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** `org.apache...DeployVMCmdByAdmin` → `DeployVMCmdByAdmin`. */
function shortCmd(cmd: unknown): string | undefined {
  return typeof cmd === 'string' && cmd !== '' ? cmd.slice(cmd.lastIndexOf('.') + 1) : undefined;
}

/** A failed job's result as a typed error carrying its errortext. */
export function jobFailure(job: AsyncJobResult, jobId: string, command?: string): AsyncJobFailedError {
  const result = job.jobresult;
  const fields = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
  const errorText =
    typeof fields.errortext === 'string' && fields.errortext !== ''
      ? fields.errortext
      : typeof result === 'string' && result !== ''
        ? result
        : 'the job failed without an errortext';
  return new AsyncJobFailedError({
    jobId,
    command: command ?? shortCmd(job.cmd),
    errorCode: numberOrUndefined(fields.errorcode),
    csErrorCode: numberOrUndefined(fields.cserrorcode),
    errorText,
    jobResultCode: numberOrUndefined(job.jobresultcode),
    jobResult: result,
  });
}

/**
 * Polls with `query` on the schedule until the job ends. Status 1 returns the job; status 2 throws
 * AsyncJobFailedError; the total timeout throws AsyncJobTimeoutError (after one last poll at the deadline);
 * the signal throws CloudStackAbortError. A poll that fails is retried (`retry`, while the deadline has
 * not passed); when it still fails, AsyncJobStatusUnknownError carries the last error as `cause`.
 */
export async function pollJob<T>(
  query: () => Promise<AsyncJobResult<T>>,
  options: WaitLoopOptions,
): Promise<AsyncJobResult<T>> {
  try {
    return await pollLoop(query, options);
  } catch (error) {
    // Every error while waiting names the job, so the caller can look it up later.
    if (isAbortError(error)) {
      throw new CloudStackAbortError({
        jobId: options.jobId,
        command: options.command,
        reason: options.signal?.reason,
      });
    }
    if (error instanceof CloudStackError && error.jobId === undefined) error.jobId = options.jobId;
    throw error;
  }
}

async function pollLoop<T>(
  query: () => Promise<AsyncJobResult<T>>,
  options: WaitLoopOptions,
): Promise<AsyncJobResult<T>> {
  const now = options.now ?? Date.now;
  const start = now();
  let lastStatus: number | undefined;
  for (let polls = 0; ; ) {
    const remaining = options.timeoutMs - (now() - start);
    if (remaining <= 0 && polls > 0) {
      throw new AsyncJobTimeoutError({ jobId: options.jobId, waitedMs: now() - start, polls, lastStatus });
    }
    await sleep(Math.max(0, Math.min(pollDelayMs(polls, options.schedule), remaining)), options.signal);
    const job = await queryStatus(query, options, () => now() - start < options.timeoutMs);
    polls++;
    const status = numberOrUndefined(job.jobstatus) ?? 0;
    lastStatus = status;
    const procStatus = numberOrUndefined(job.jobprocstatus);
    options.onProgress?.({
      jobId: options.jobId,
      polls,
      elapsedMs: now() - start,
      status,
      ...(procStatus === undefined ? {} : { procStatus }),
    });
    if (status === 1) return job;
    if (status === 2) throw jobFailure(job, options.jobId, options.command);
  }
}

/** One status poll, retried while it fails in a way worth retrying; a poll that cannot be read is "unknown". */
async function queryStatus<T>(
  query: () => Promise<AsyncJobResult<T>>,
  options: WaitLoopOptions,
  beforeDeadline: () => boolean,
): Promise<AsyncJobResult<T>> {
  let failedPolls = 0;
  try {
    return await withRetry(
      async () => {
        try {
          return await query();
        } catch (error) {
          failedPolls++;
          throw error;
        }
      },
      {
        policy: options.retry ?? DEFAULT_POLL_RETRY,
        idempotent: true,
        signal: options.signal,
        command: 'queryAsyncJobResult',
        retryableHere: () => beforeDeadline(),
        ...(options.onPollRetry ? { onRetry: options.onPollRetry } : {}),
        ...(options.random ? { random: options.random } : {}),
      },
    );
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new AsyncJobStatusUnknownError({
      jobId: options.jobId,
      command: options.command,
      failedPolls,
      cause: error,
    });
  }
}
