import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloudStackClient } from '../../src/cloudstack/client.js';
import {
  AsyncJobFailedError,
  AsyncJobStatusUnknownError,
  AsyncJobTimeoutError,
  CloudStackAbortError,
  CloudStackApiError,
} from '../../src/cloudstack/errors.js';
import {
  DEFAULT_POLL_RETRY,
  DEFAULT_POLL_SCHEDULE,
  pollDelayMs,
  pollJob,
  pollsForJob,
} from '../../src/cloudstack/poll.js';
import type { AsyncJobResult, JobProgress } from '../../src/cloudstack/types.js';
import { type FakeServer, sendError, sendOk, startServer } from './fake-server.js';

/** CloudMonkey: first poll after 2 s, then every 2 s. */
function cloudMonkeyPolls(jobMs: number): number {
  return Math.max(1, Math.ceil(jobMs / 2000));
}

describe('poll schedule (pure)', () => {
  it('polls every 1.75 s, from the start', () => {
    expect(Array.from({ length: 9 }, (_, i) => pollDelayMs(i))).toEqual([
      1750, 1750, 1750, 1750, 1750, 1750, 1750, 1750, 1750,
    ]);
  });

  it('queryAsyncJobResult calls for 1 s, 10 s and 120 s jobs, against CloudMonkey’s fixed 2 s', () => {
    const table = [1_000, 10_000, 120_000].map((jobMs) => ({
      jobMs,
      ...pollsForJob(jobMs),
      cloudMonkey: cloudMonkeyPolls(jobMs),
      cloudMonkeySeenAtMs: cloudMonkeyPolls(jobMs) * 2000,
    }));
    expect(table).toEqual([
      { jobMs: 1_000, polls: 1, seenAtMs: 1_750, cloudMonkey: 1, cloudMonkeySeenAtMs: 2_000 },
      { jobMs: 10_000, polls: 6, seenAtMs: 10_500, cloudMonkey: 5, cloudMonkeySeenAtMs: 10_000 },
      { jobMs: 120_000, polls: 69, seenAtMs: 120_750, cloudMonkey: 60, cloudMonkeySeenAtMs: 120_000 },
    ]);
  });
});

describe('pollJob with fake timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function jobEndingAt(
    endMs: number,
    final: Partial<AsyncJobResult> = { jobstatus: 1, jobresult: { ok: true } },
  ) {
    const start = Date.now();
    const query = vi.fn(async (): Promise<AsyncJobResult> => {
      return Date.now() - start >= endMs
        ? { jobid: 'job-1', jobstatus: 1, ...final }
        : { jobid: 'job-1', jobstatus: 0, jobprocstatus: 0 };
    });
    return query;
  }

  it('makes exactly the polls the schedule predicts, with progress for each', async () => {
    vi.useFakeTimers();
    for (const jobMs of [3_000, 10_000, 120_000]) {
      const query = jobEndingAt(jobMs);
      const progress: JobProgress[] = [];
      const done = pollJob(query, {
        jobId: 'job-1',
        schedule: DEFAULT_POLL_SCHEDULE,
        timeoutMs: 600_000,
        onProgress: (p) => progress.push(p),
      });
      await vi.runAllTimersAsync();
      await expect(done).resolves.toMatchObject({ jobstatus: 1, jobresult: { ok: true } });
      expect(query).toHaveBeenCalledTimes(pollsForJob(jobMs).polls);
      expect(progress.at(-1)).toMatchObject({ polls: pollsForJob(jobMs).polls, status: 1 });
      expect(progress.at(-1)!.elapsedMs).toBe(pollsForJob(jobMs).seenAtMs);
      expect(progress[0]).toMatchObject({
        jobId: 'job-1',
        polls: 1,
        status: 0,
        procStatus: 0,
        elapsedMs: 1_750,
      });
    }
  });

  it('a failed job throws AsyncJobFailedError with its errortext', async () => {
    vi.useFakeTimers();
    const query = jobEndingAt(2_000, {
      jobstatus: 2,
      jobresultcode: 530,
      cmd: 'org.apache.cloudstack.api.command.admin.vm.DeployVMCmdByAdmin',
      jobresult: { errorcode: 533, cserrorcode: 4250, errortext: 'Unable to create a deployment for VM' },
    });
    const done = pollJob(query, { jobId: 'job-1', schedule: DEFAULT_POLL_SCHEDULE, timeoutMs: 60_000 });
    const caught = done.catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = (await caught) as AsyncJobFailedError;
    expect(error).toBeInstanceOf(AsyncJobFailedError);
    expect(error).toMatchObject({
      jobId: 'job-1',
      command: 'DeployVMCmdByAdmin',
      errorCode: 533,
      csErrorCode: 4250,
      errorText: 'Unable to create a deployment for VM',
      jobResultCode: 530,
    });
    expect(error.message).toBe(
      'async job job-1 (DeployVMCmdByAdmin) failed with error 533: Unable to create a deployment for VM',
    );
  });

  it('the total timeout ends the wait after a last poll at the deadline', async () => {
    vi.useFakeTimers();
    const query = jobEndingAt(Number.POSITIVE_INFINITY);
    const done = pollJob(query, { jobId: 'job-1', schedule: DEFAULT_POLL_SCHEDULE, timeoutMs: 20_000 });
    const caught = done.catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = (await caught) as AsyncJobTimeoutError;
    expect(error).toBeInstanceOf(AsyncJobTimeoutError);
    // polls every 1.75 s to 19.25 s, then the deadline 20 s
    expect(error).toMatchObject({ jobId: 'job-1', waitedMs: 20_000, polls: 12, lastStatus: 0 });
    expect(query).toHaveBeenCalledTimes(12);
    expect(error.message).toContain('keeps running in CloudStack');
  });

  it('the signal aborts the wait at once, naming the job', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const query = jobEndingAt(Number.POSITIVE_INFINITY);
    const done = pollJob(query, {
      jobId: 'job-9',
      schedule: DEFAULT_POLL_SCHEDULE,
      timeoutMs: 600_000,
      signal: controller.signal,
    });
    const caught = done.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    controller.abort();
    const error = (await caught) as CloudStackAbortError;
    expect(error).toBeInstanceOf(CloudStackAbortError);
    expect(error.name).toBe('AbortError');
    expect(error.jobId).toBe('job-9');
    expect(error.message).toContain('job-9');
    expect(query).toHaveBeenCalledTimes(2);
  });
});

describe('pollJob when a status poll fails', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const unavailable = () =>
    new CloudStackApiError({
      command: 'queryAsyncJobResult',
      httpStatus: 530,
      errorCode: 530,
      csErrorCode: 4250,
      errorText: 'internal error',
      uuidList: [],
    });

  /** A query that fails `failures` times (from the first poll), then answers the job done. */
  function flaky(failures: number) {
    let calls = 0;
    return vi.fn(async (): Promise<AsyncJobResult> => {
      calls++;
      if (calls <= failures) throw unavailable();
      return { jobid: 'job-1', jobstatus: 1, jobresult: { ok: true } };
    });
  }

  it('retries a failed poll and returns the job once the status can be read', async () => {
    vi.useFakeTimers();
    const query = flaky(3);
    const retries: number[] = [];
    const done = pollJob(query, {
      jobId: 'job-1',
      schedule: DEFAULT_POLL_SCHEDULE,
      timeoutMs: 600_000,
      onPollRetry: ({ delayMs }) => retries.push(delayMs),
      random: () => 1,
    });
    await vi.runAllTimersAsync();
    await expect(done).resolves.toMatchObject({ jobstatus: 1, jobresult: { ok: true } });
    expect(query).toHaveBeenCalledTimes(4);
    // Capped exponential backoff (full jitter; random() = 1 shows the ceilings).
    expect(retries).toEqual([1_000, 2_000, 4_000]);
  });

  it('ends in AsyncJobStatusUnknownError, never a failed job, when every retry of a poll fails', async () => {
    vi.useFakeTimers();
    const query = flaky(Number.POSITIVE_INFINITY);
    const done = pollJob(query, {
      jobId: 'job-1',
      command: 'deployVirtualMachine',
      schedule: DEFAULT_POLL_SCHEDULE,
      timeoutMs: 600_000,
    });
    const caught = done.catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = (await caught) as AsyncJobStatusUnknownError;
    expect(error).toBeInstanceOf(AsyncJobStatusUnknownError);
    expect(error).not.toBeInstanceOf(AsyncJobFailedError);
    expect(error).toMatchObject({ jobId: 'job-1', command: 'deployVirtualMachine', failedPolls: 4 });
    expect(error.cause).toBeInstanceOf(CloudStackApiError);
    expect(error.message).toContain('state is unknown');
    expect(query).toHaveBeenCalledTimes(DEFAULT_POLL_RETRY.maxAttempts);
  });

  it('a 4xx on the status poll is not retried, and still leaves the state unknown', async () => {
    vi.useFakeTimers();
    const query = vi.fn(async (): Promise<AsyncJobResult> => {
      throw new CloudStackApiError({
        command: 'queryAsyncJobResult',
        httpStatus: 401,
        errorCode: 401,
        csErrorCode: undefined,
        errorText: 'unable to verify user credentials',
        uuidList: [],
      });
    });
    const caught = pollJob(query, {
      jobId: 'job-2',
      schedule: DEFAULT_POLL_SCHEDULE,
      timeoutMs: 60_000,
    }).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await caught).toBeInstanceOf(AsyncJobStatusUnknownError);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('the signal stops the retries at once, naming the job', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const query = flaky(Number.POSITIVE_INFINITY);
    const caught = pollJob(query, {
      jobId: 'job-3',
      schedule: DEFAULT_POLL_SCHEDULE,
      timeoutMs: 600_000,
      signal: controller.signal,
      random: () => 1,
    }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_800); // the first poll failed; waiting 1 s before its retry
    expect(query).toHaveBeenCalledTimes(1);
    controller.abort();
    const error = (await caught) as CloudStackAbortError;
    expect(error).toBeInstanceOf(CloudStackAbortError);
    expect(error.jobId).toBe('job-3');
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('does not retry a failed poll past the wait deadline', async () => {
    vi.useFakeTimers();
    const query = flaky(Number.POSITIVE_INFINITY);
    const caught = pollJob(query, { jobId: 'job-4', schedule: DEFAULT_POLL_SCHEDULE, timeoutMs: 400 }).catch(
      (e: unknown) => e,
    );
    await vi.runAllTimersAsync();
    expect(await caught).toBeInstanceOf(AsyncJobStatusUnknownError);
    expect(query).toHaveBeenCalledTimes(1);
  });
});

describe('requestAsync and waitForJob through the client', () => {
  let server: FakeServer;
  let client: CloudStackClient;
  const jobs = new Map<
    string,
    { polls: number; after: number; result: Record<string, unknown>; fail?: boolean }
  >();

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const command = req.params.command ?? '';
      if (command === 'deployVirtualMachine' || command === 'destroyVirtualMachine') {
        const jobid = `job-${jobs.size + 1}`;
        jobs.set(jobid, {
          polls: 0,
          after: 2,
          result: { virtualmachine: { id: 'vm-1', state: 'Running' } },
          fail: command === 'destroyVirtualMachine',
        });
        return sendOk(res, command, { id: 'vm-1', jobid });
      }
      if (command === 'queryAsyncJobResult') {
        const job = jobs.get(req.params.jobid ?? '');
        if (!job) return sendError(res, command, 530, 9999, `could not find job ${req.params.jobid}`);
        job.polls++;
        if (job.polls < job.after) return sendOk(res, command, { jobid: req.params.jobid, jobstatus: 0 });
        return sendOk(
          res,
          command,
          job.fail
            ? {
                jobid: req.params.jobid,
                jobstatus: 2,
                jobresultcode: 530,
                jobresult: { errorcode: 530, errortext: 'VM is in use' },
              }
            : {
                jobid: req.params.jobid,
                jobstatus: 1,
                jobresultcode: 0,
                jobresulttype: 'object',
                jobresult: job.result,
              },
        );
      }
      return sendOk(res, command, { ok: true });
    });
    client = new CloudStackClient({
      apiUrl: server.url,
      apiKey: 'k-123456',
      secretKey: 's-123456',
      pollSchedule: { initialDelayMs: 5, factor: 1.5, maxDelayMs: 20 },
      retry: { maxAttempts: 1 },
      pollRetry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('returns the job result', async () => {
    const progress: JobProgress[] = [];
    const result = await client.requestAsync(
      'deployVirtualMachine',
      { zoneid: 'z' },
      { onProgress: (p) => progress.push(p) },
    );
    expect(result).toEqual({ virtualmachine: { id: 'vm-1', state: 'Running' } });
    expect(progress.map((p) => p.status)).toEqual([0, 1]);
  });

  it('a failed job becomes AsyncJobFailedError naming the command', async () => {
    const error = await client.requestAsync('destroyVirtualMachine', { id: 'vm-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AsyncJobFailedError);
    expect((error as Error).message).toMatch(
      /^async job job-\d+ \(destroyVirtualMachine\) failed with error 530: VM is in use$/,
    );
  });

  it('waitForJob on a job whose status cannot be read: state unknown, with CloudStack’s error and the job id', async () => {
    const error = (await client.waitForJob('nope').catch((e: unknown) => e)) as AsyncJobStatusUnknownError;
    expect(error).toBeInstanceOf(AsyncJobStatusUnknownError);
    expect(error).toMatchObject({ jobId: 'nope', failedPolls: 2 });
    expect(error.cause).toBeInstanceOf(CloudStackApiError);
    expect(error.cause).toMatchObject({ errorText: 'could not find job nope' });
    await expect(client.waitForJob('')).rejects.toMatchObject({ parameter: 'jobid' });
  });

  it('a command that answers without a job id is returned as is', async () => {
    await expect(client.requestAsync('updateVirtualMachine', { id: 'x' })).resolves.toEqual({ ok: true });
  });
});
